"""Real files exported by Prodigy, doccano, Label Studio and brat (tests/data/interop, see its
SOURCE.md) import with the expected documents and spans, or are refused with a clear reason."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from annotator.core.formats.labelmap import LabelMap
from annotator.core.importing import ImportSummary, import_paths
from annotator.core.model import DocStatus, SpanStatus
from annotator.core.store import Store
from tests.conftest import DATA

INTEROP = DATA / "interop"
PRODIGY = INTEROP / "prodigy"
DOCCANO = INTEROP / "doccano"
LS = INTEROP / "label-studio" / "frontend-examples"
BRAT = INTEROP / "brat" / "tutorial-news"


def run(store: Store, path: Path, *maps: str, fmt: str = "auto") -> ImportSummary:
    return import_paths(store, [path], fmt=fmt, labels=LabelMap.parse(maps))


def spans_by(store: Store, key: str = "label") -> Counter[str]:
    found: Counter[str] = Counter()
    for doc_id in store.document_ids():
        for span in store.spans(doc_id):
            found[getattr(span, key)] += 1
    return found


def test_prodigy_ner_manual_headlines(store: Store) -> None:
    path = PRODIGY / "prodigy-recipes" / "annotated_news_headlines-ORG-PERSON-LOCATION-ner.jsonl"
    summary = run(store, path)
    # 373 tasks (372 accepted, 1 ignored); ORG 136 + PERSON 38 become ACTOR; LOCATION and
    # PRODUCT are left out by the default map (places and products are not actors).
    assert (summary.imported, summary.rejected, summary.spans) == (373, 0, 174)
    assert summary.dropped == {"LOCATION": 121, "PRODUCT": 8}
    assert spans_by(store) == {"ACTOR": 174}
    assert spans_by(store, "origin") == {"import:prodigy": 174}
    statuses = Counter(store.document(i).status for i in store.document_ids())
    assert statuses == {DocStatus.DONE: 372, DocStatus.SKIPPED: 1}
    first = store.document(store.document_ids()[0])
    assert first.text.startswith("Uber’s Lesson")
    assert first.meta == {"source": "The New York Times"}
    uber = store.spans(first.id)[0]
    assert (uber.text_in(first.text), uber.attrs, uber.status) == (
        "Uber",
        {"type": "ORG"},
        SpanStatus.ACCEPTED,
    )
    # Prodigy's tokens are kept as the document's tokens
    tokens = store.tokens(first.id)
    assert tokens is not None and tokens.starts[:3] == (0, 4, 7)


def test_prodigy_headlines_with_location_mapped(store: Store) -> None:
    path = PRODIGY / "prodigy-recipes" / "annotated_news_headlines-ORG-PERSON-LOCATION-ner.jsonl"
    summary = run(store, path, "LOCATION=ACTOR")
    assert summary.spans == 174 + 121


def test_prodigy_spans_without_tokens(store: Store) -> None:
    summary = run(store, PRODIGY / "prodigy-recipes" / "bio_events.jsonl", "GGP=ACTOR")
    assert (summary.imported, summary.spans) == (129, 422)


def test_an_unmapped_label_refuses_its_documents_and_says_how_to_map_it(store: Store) -> None:
    path = PRODIGY / "prodigy-recipes" / "bio_events.jsonl"
    summary = run(store, path)
    assert (summary.imported, summary.rejected) == (0, 129)
    first = str(summary.problems[0])
    assert first.startswith(f"{path}:1: span 1: unknown span label 'GGP'")
    assert "--map GGP=ACTOR" in first


def test_prodigy_relations_file(store: Store) -> None:
    path = PRODIGY / "projects" / "rel_component_annotations.first40.jsonl"
    refused = run(store, path, "GGP=ACTOR")
    assert refused.imported == 0 and refused.rejected == 40
    assert "unknown relation label 'Pos-Reg'" in str(refused.problems[0])
    summary = run(store, path, "GGP=ACTOR", "*=-")
    assert (summary.imported, summary.spans, summary.relations) == (40, 126, 0)


def test_prodigy_choice_view_spans(store: Store) -> None:
    summary = run(store, PRODIGY / "projects" / "nel_emerson_annotated_text.jsonl")
    assert (summary.imported, summary.spans) == (30, 30)


def test_prodigy_raw_input_is_plain_articles(store: Store) -> None:
    summary = run(store, PRODIGY / "prodigy-recipes" / "news_headlines.jsonl")
    assert (summary.imported, summary.duplicates, summary.spans) == (178, 22, 0)
    assert summary.annotated_ids == []


def test_doccano_sequence_labelling_export(store: Store) -> None:
    summary = run(store, DOCCANO / "export-examples" / "sequence_labeling" / "example.jsonl")
    assert (summary.imported, summary.spans, summary.dropped) == (3, 3, {"MISC": 1})
    texts = {
        store.document(i).text: [s.text_in(store.document(i).text) for s in store.spans(i)]
        for i in store.document_ids()
    }
    assert texts["President Obama"] == ["Obama"]
    assert texts["EU rejects German call to boycott British lamb."] == ["EU"]


def test_doccano_relation_export_pretty_printed_despite_jsonl(store: Store) -> None:
    path = DOCCANO / "export-examples" / "relation_extraction" / "example.jsonl"
    summary = run(store, path, "foundedAt=-", "foundedBy=-")
    assert (summary.imported, summary.spans, summary.relations) == (1, 4, 0)
    assert spans_by(store) == {"ACTOR": 3, "DATE": 1}


def test_doccano_fixtures(store: Store) -> None:
    fixtures = DOCCANO / "import-test-fixtures"
    summary = run(store, fixtures / "sequence_labeling" / "example.jsonl", "LOC=ACTOR")
    assert (summary.imported, summary.rejected, summary.spans) == (2, 1, 1)
    assert str(summary.problems[0]).endswith("example.jsonl:3: no 'text'")
    overlapping = run(
        store, fixtures / "sequence_labeling" / "example_overlapping.jsonl", "*=ACTOR"
    )
    assert overlapping.duplicates == 1  # same text as the first fixture: not imported twice
    relations = run(store, fixtures / "relation_extraction" / "example.jsonl", "*=-")
    assert (relations.imported, relations.spans) == (1, 4)


def test_doccano_duplicate_spans_merge(store: Store) -> None:
    path = DOCCANO / "import-test-fixtures" / "sequence_labeling" / "example_overlapping.jsonl"
    summary = run(store, path, "LOC=ACTOR")
    assert (summary.imported, summary.spans) == (1, 1)


def test_doccano_custom_column_names_are_reported(store: Store) -> None:
    summary = run(store, DOCCANO / "import-examples" / "sequence_labeling" / "example.jsonl")
    assert summary.imported == 0 and summary.rejected == 3
    assert str(summary.problems[0]).endswith(":1: no 'text' key")


def test_label_studio_annotation(store: Store) -> None:
    summary = run(store, LS / "named_entity" / "annotations" / "1.json")
    assert (summary.imported, summary.spans) == (1, 1)
    (doc_id,) = store.document_ids()
    doc = store.document(doc_id)
    (span,) = store.spans(doc_id)
    # "Date" is our DATE (labels match case-insensitively)
    assert (span.text_in(doc.text), span.label, span.attrs) == ("February 22", "DATE", {})
    assert (span.status, span.origin, doc.status) == (
        SpanStatus.ACCEPTED,
        "import:label-studio",
        DocStatus.DONE,
    )
    assert doc.meta == {"id": 1}


def test_label_studio_predictions_come_in_as_suggestions(store: Store) -> None:
    summary = run(store, LS / "named_entity" / "tasks.json")
    (doc_id,) = store.document_ids()
    (span,) = store.spans(doc_id)
    assert summary.spans == 1
    assert span.status == SpanStatus.SUGGESTED
    assert store.document(doc_id).status == DocStatus.NEW


def test_label_studio_html_and_image_tasks_are_refused(store: Store) -> None:
    html = run(store, LS / "html_document" / "annotations" / "1.json")
    assert (html.imported, html.rejected) == (0, 1)
    assert "'hypertextlabels' region is not a character range" in str(html.problems[0])
    image = run(store, LS / "image_tools" / "annotations" / "1.relations-excerpt.json")
    assert (image.imported, image.rejected) == (0, 1)
    assert "not a Label Studio task" in str(image.problems[0])


def test_brat_news_tutorial(store: Store) -> None:
    summary = run(store, BRAT, "*=-")
    # 119 text-bound annotations: 23 are event triggers (Merge-org 14, Report 8, Transfer-money
    # 1), Money 1 is left out: 95 actors. Relations (Located, Family, Origin) are left by '*=-'.
    assert (summary.imported, summary.rejected, summary.spans, summary.relations) == (9, 0, 95, 0)
    assert summary.dropped == {"Money": 1}
    attrs = [s.attrs for i in store.document_ids() for s in store.spans(i)]
    assert {"type": "PERSON", "Mention": "Name", "Individual": True} in attrs


def test_brat_unknown_relations_are_reported_with_the_ann_line(store: Store) -> None:
    summary = run(store, BRAT)
    assert (summary.imported, summary.rejected) == (5, 4)
    first = str(summary.problems[0])
    assert first.startswith(f"{BRAT / '000-introduction.ann'}:9: R2: unknown relation label")


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        (PRODIGY / "prodigy-recipes" / "bio_events.jsonl", "prodigy"),
        (DOCCANO / "export-examples" / "sequence_labeling" / "example.jsonl", "doccano"),
        (LS / "named_entity" / "tasks.json", "label-studio"),
        (BRAT / "040-text_span_annotation.txt", "brat"),
        (PRODIGY / "prodigy-recipes" / "news_headlines.jsonl", "text"),
    ],
)
def test_formats_are_recognised_from_the_file(path: Path, fmt: str) -> None:
    from annotator.core.formats.reading import detect
    from annotator.core.importing import read_text_file

    assert detect(path, read_text_file(path)) == fmt
