"""Importing annotated data: the same annotations from every tool give the same spans and
relations; bad offsets, unknown labels and dangling relations refuse their document (with file,
line and what is wrong) while the rest of the file imports; nothing is ever half imported."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest

from annotator.core.formats.labelmap import LabelMap
from annotator.core.importing import ImportSummary, import_paths
from annotator.core.model import DocStatus, SpanStatus
from annotator.core.store import Store
from annotator.errors import AnnotatorError
from tests.conftest import write

TEXT = "Angela Merkel said on Monday that Germany would not back the plan."
MAPS = ("CLAIMS=SPEAKER", "DATED=STATED_ON")
# What every format below must come in as: spans, and relations claim -> actor / date.
EXPECTED_SPANS = [
    ("Angela Merkel", "ACTOR"),
    ("Monday", "DATE"),
    ("Germany would not back the plan", "CLAIM"),
]
EXPECTED_RELATIONS = [
    ("Germany would not back the plan", "SPEAKER", "Angela Merkel"),
    ("Germany would not back the plan", "STATED_ON", "Monday"),
]


def run(store: Store, path: Path, *maps: str, fmt: str = "auto") -> ImportSummary:
    return import_paths(store, [path], fmt=fmt, labels=LabelMap.parse(maps))


def annotations(store: Store, doc_id: int) -> tuple[list[tuple[str, str]], list[tuple[str, ...]]]:
    text = store.document(doc_id).text
    spans = {s.id: s for s in store.spans(doc_id)}
    shown = [(s.text_in(text), s.label) for s in spans.values()]
    relations = sorted(
        (spans[r.head].text_in(text), r.label, spans[r.child].text_in(text))
        for r in store.relations(doc_id)
    )
    return shown, relations


def prodigy_task() -> dict:  # type: ignore[type-arg]
    """The rel.manual example of FORMATS.md (relations ACTOR -> CLAIM, CLAIM -> DATE)."""
    actor = {"start": 0, "end": 13, "token_start": 0, "token_end": 1, "label": "ACTOR"}
    date = {"start": 22, "end": 28, "token_start": 4, "token_end": 4, "label": "DATE"}
    claim = {"start": 34, "end": 65, "token_start": 6, "token_end": 11, "label": "CLAIM"}
    return {
        "text": TEXT,
        "meta": {"source": "example-wire", "published": "2024-05-13"},
        "_input_hash": -1187345523,
        "_task_hash": 1391630204,
        "spans": [actor, date, claim],
        "relations": [
            {"head": 1, "child": 11, "head_span": actor, "child_span": claim, "label": "CLAIMS"},
            {"head": 11, "child": 4, "head_span": claim, "child_span": date, "label": "DATED"},
        ],
        "answer": "accept",
        "_annotator_id": "news_rel-alice",
    }


def test_prodigy_relations_map_and_turn_round(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "rel.jsonl", orjson.dumps(prodigy_task()).decode() + "\n")
    summary = run(store, path, *MAPS)
    assert (summary.imported, summary.spans, summary.relations) == (1, 3, 2)
    (doc_id,) = store.document_ids()
    assert annotations(store, doc_id) == (EXPECTED_SPANS, EXPECTED_RELATIONS)
    doc = store.document(doc_id)
    assert (doc.published, doc.status, doc.meta) == (
        "2024-05-13",
        DocStatus.DONE,
        {"source": "example-wire"},
    )
    assert {s.annotator for s in store.spans(doc_id)} == {"news_rel-alice"}


def test_prodigy_relation_by_token_index_only(store: Store, tmp_path: Path) -> None:
    task = prodigy_task()
    for relation in task["relations"]:
        del relation["head_span"], relation["child_span"]
    path = write(tmp_path / "rel.jsonl", orjson.dumps(task).decode() + "\n")
    assert run(store, path, *MAPS).relations == 2


def test_doccano_relations(store: Store, tmp_path: Path) -> None:
    line = {
        "id": 17,
        "text": TEXT,
        "entities": [
            {"id": 101, "label": "ACTOR", "start_offset": 0, "end_offset": 13},
            {"id": 102, "label": "DATE", "start_offset": 22, "end_offset": 28},
            {"id": 103, "label": "CLAIM", "start_offset": 34, "end_offset": 65},
        ],
        "relations": [
            {"id": 7, "from_id": 101, "to_id": 103, "type": "CLAIMS"},
            {"id": 8, "from_id": 103, "to_id": 102, "type": "DATED"},
        ],
        "Comments": [],
    }
    path = write(tmp_path / "d.jsonl", json.dumps(line) + "\n")
    assert run(store, path, *MAPS).relations == 2
    (doc_id,) = store.document_ids()
    assert annotations(store, doc_id) == (EXPECTED_SPANS, EXPECTED_RELATIONS)
    assert store.document(doc_id).meta == {"id": 17}


def test_label_studio_relations(store: Store, tmp_path: Path) -> None:
    def region(ident: str, start: int, end: int, label: str) -> dict:  # type: ignore[type-arg]
        return {
            "id": ident,
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {"start": start, "end": end, "text": TEXT[start:end], "labels": [label]},
        }

    task = [
        {
            "id": 17,
            "data": {"text": TEXT},
            "annotations": [
                {
                    "id": 5,
                    "completed_by": 1,
                    "was_cancelled": False,
                    "result": [
                        region("a1", 0, 13, "ACTOR"),
                        region("d1", 22, 28, "DATE"),
                        region("c1", 34, 65, "CLAIM"),
                        {
                            "from_id": "a1",
                            "to_id": "c1",
                            "type": "relation",
                            "direction": "right",
                            "labels": ["CLAIMS"],
                        },
                        {
                            "from_id": "d1",
                            "to_id": "c1",
                            "type": "relation",
                            "direction": "left",
                            "labels": ["DATED"],
                        },
                    ],
                }
            ],
            "predictions": [],
        }
    ]
    path = write(tmp_path / "ls.json", json.dumps(task, indent=2))
    assert run(store, path, *MAPS).relations == 2
    (doc_id,) = store.document_ids()
    assert annotations(store, doc_id) == (EXPECTED_SPANS, EXPECTED_RELATIONS)
    assert {s.annotator for s in store.spans(doc_id)} == {"1"}


def test_brat_relations_attributes_and_notes(store: Store, tmp_path: Path) -> None:
    write(tmp_path / "doc-1.txt", TEXT)
    write(
        tmp_path / "doc-1.ann",
        "T1\tACTOR 0 13\tAngela Merkel\nT2\tDATE 22 28\tMonday\nT3\tACTOR 34 41\tGermany\n"
        "T4\tCLAIM 34 65\tGermany would not back the plan\nR1\tCLAIMS Arg1:T1 Arg2:T4\n"
        "R2\tDATED Arg1:T4 Arg2:T2\nA1\tNegated T4\nA2\tStance T4 Against\n"
        "N1\tReference T1 Wikidata:Q567\tAngela Merkel\n"
        "#1\tAnnotatorNotes T4\tparaphrase, not a direct quote\n"
        '#2\tAnnotatorNotes T2\tattrs {"value": "2024-05-13", "resolved": false}\n',
    )
    summary = run(store, tmp_path / "doc-1.ann", *MAPS)
    assert (summary.imported, summary.spans, summary.relations) == (1, 4, 2)
    (doc_id,) = store.document_ids()
    spans = {s.text_in(TEXT): s for s in store.spans(doc_id)}
    assert spans["Germany would not back the plan"].attrs == {"Negated": True, "Stance": "Against"}
    assert spans["Monday"].attrs == {"value": "2024-05-13", "resolved": False}
    assert store.document(doc_id).source == str(tmp_path / "doc-1.txt")


def test_our_jsonl_keeps_status_source_attrs_and_suggestions(store: Store, tmp_path: Path) -> None:
    line = {
        "text": TEXT,
        "meta": {
            "id": 9,
            "title": "T",
            "published": "2024-05-13",
            "source": "wire.txt:3",
            "status": "in_progress",
            "url": "http://x",
        },
        "spans": [
            {
                "start": 0,
                "end": 13,
                "token_start": 0,
                "token_end": 1,
                "label": "ACTOR",
                "attrs": {"type": "PERSON"},
                "annotator": "ana",
            },
            {
                "start": 22,
                "end": 28,
                "token_start": 4,
                "token_end": 4,
                "label": "DATE",
                "attrs": {},
                "status": "suggested",
            },
        ],
        "relations": [],
        "answer": "accept",
    }
    path = write(tmp_path / "ours.jsonl", json.dumps(line) + "\n")
    run(store, path)
    (doc_id,) = store.document_ids()
    doc = store.document(doc_id)
    assert (doc.title, doc.source, doc.status, doc.meta) == (
        "T",
        "wire.txt:3",
        DocStatus.IN_PROGRESS,
        {"url": "http://x"},
    )
    actor, date = store.spans(doc_id)
    assert (actor.attrs, actor.annotator, actor.origin) == (
        {"type": "PERSON"},
        "ana",
        "import:jsonl",
    )
    assert date.status == SpanStatus.SUGGESTED


def test_bad_spans_refuse_their_document_with_line_and_reason(store: Store, tmp_path: Path) -> None:
    good = {"text": "Gantz met Reznikov.", "spans": [{"start": 0, "end": 5, "label": "PERSON"}]}
    lines = [
        good,
        {"text": "Short text.", "spans": [{"start": 3, "end": 40, "label": "ACTOR"}]},
        {
            "text": "Gantz spoke.",
            "spans": [{"start": 0, "end": 5, "label": "ACTOR", "text": "Ganzt"}],
        },
        {"text": "Gantz spoke again.", "spans": [{"start": 0, "end": 5, "label": "POLITICIAN"}]},
        {
            "text": "A claim here.",
            "spans": [{"start": 2, "end": 7, "label": "CLAIM"}],
            "relations": [
                {
                    "head_span": {"start": 2, "end": 7, "label": "CLAIM"},
                    "child_span": {"start": 8, "end": 12, "label": "ACTOR"},
                    "label": "SPEAKER",
                }
            ],
        },
        {"text": "Reznikov too.", "spans": [{"start": "0", "end": 8, "label": "ACTOR"}]},
    ]
    path = write(tmp_path / "p.jsonl", "".join(json.dumps(x) + "\n" for x in lines))
    summary = run(store, path)
    assert (summary.imported, summary.rejected) == (1, 5)
    assert [str(p) for p in summary.problems] == [
        f"{path}:2: span 1 [3, 40) ACTOR: outside the text (length 11)",
        f"{path}:3: span 1 [0, 5) ACTOR: the text there is 'Gantz', the file says 'Ganzt'",
        f"{path}:4: span 1: unknown span label 'POLITICIAN': map it with --map POLITICIAN=ACTOR"
        " (or --map POLITICIAN=- to leave it out)",
        f"{path}:5: relation 1 SPEAKER: no span (8, 12, 'ACTOR')",
        f"{path}:6: span 1: start is '0', not a character offset",
    ]
    (doc_id,) = store.document_ids()
    assert [s.label for s in store.spans(doc_id)] == ["ACTOR"]
    assert store.count_documents() == 1  # nothing of the refused documents is stored


def test_a_relation_between_the_wrong_labels_is_refused(store: Store, tmp_path: Path) -> None:
    line = {
        "text": TEXT,
        "entities": [
            {"id": 1, "label": "ACTOR", "start_offset": 0, "end_offset": 13},
            {"id": 2, "label": "ACTOR", "start_offset": 34, "end_offset": 41},
        ],
        "relations": [{"from_id": 1, "to_id": 2, "type": "SPEAKER"}],
    }
    path = write(tmp_path / "d.jsonl", json.dumps(line) + "\n")
    summary = run(store, path)
    assert summary.rejected == 1
    assert str(summary.problems[0]).endswith(
        ":1: relation 1 SPEAKER: links CLAIM -> ACTOR, not ACTOR -> ACTOR"
    )


def test_offsets_follow_normalisation(store: Store, tmp_path: Path) -> None:
    raw = "\ufeff  Line one.\r\nCafe\u0301 😀 Gantz said\r\nit.  "
    start = raw.index("Gantz")
    end = start + len("Gantz")
    a, b = raw.index("Cafe"), raw.index("\r\nit")
    c, d = b + 2, len(raw) - 2
    write(tmp_path / "n.txt", raw)
    # a span across a line break is written in brat as fragments
    write(
        tmp_path / "n.ann",
        f"T1\tACTOR {start} {end}\tGantz\nT2\tCLAIM {a} {b};{c} {d}\t{raw[a:b]} {raw[c:d]}\n",
    )
    summary = run(store, tmp_path / "n.txt")
    assert summary.imported == 1, summary.problems
    (doc_id,) = store.document_ids()
    doc = store.document(doc_id)
    assert doc.text == "Line one.\nCafé 😀 Gantz said\nit."
    claim, actor = store.spans(doc_id)
    assert actor.text_in(doc.text) == "Gantz"
    assert claim.text_in(doc.text) == "Café 😀 Gantz said\nit."  # trailing spaces trimmed


def test_an_edge_inside_crlf_refuses_the_document(store: Store, tmp_path: Path) -> None:
    raw = "One line.\r\nTwo."
    write(tmp_path / "c.txt", raw)
    write(tmp_path / "c.ann", f"T1\tACTOR 0 10\t{raw[:10]}\n")
    summary = run(store, tmp_path / "c.txt")
    assert summary.rejected == 1
    assert "inside a character sequence that import normalisation joins" in str(summary.problems[0])


def test_utf16_offsets_from_browser_tools_are_converted(store: Store, tmp_path: Path) -> None:
    text = "😀😀 Gantz said so."
    task = {
        "data": {"text": text},
        "annotations": [
            {
                "result": [
                    {
                        "id": "x",
                        "type": "labels",
                        "value": {"start": 5, "end": 10, "text": "Gantz", "labels": ["ACTOR"]},
                    }
                ]
            }
        ],
    }
    path = write(tmp_path / "ls.json", json.dumps(task))
    run(store, path)
    (doc_id,) = store.document_ids()
    (span,) = store.spans(doc_id)
    assert (span.start, span.end) == (3, 8)


def test_nothing_is_half_imported_when_storing_fails(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "rel.jsonl", orjson.dumps(prodigy_task()).decode() + "\n")

    def broken(relations: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "insert_relations", broken)
    with pytest.raises(RuntimeError):
        run(store, path, *MAPS)
    assert store.count_documents() == 0
    assert store.db.execute("SELECT count(*) FROM spans").fetchone()[0] == 0


def test_duplicates_say_their_annotations_were_not_imported(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "rel.jsonl", orjson.dumps(prodigy_task()).decode() + "\n")
    run(store, path, *MAPS)
    again = run(store, path, *MAPS)
    assert (again.imported, again.duplicates, again.unannotated_duplicates) == (0, 1, 1)
    assert "annotations were not imported" in again.notes()[0]


def test_forced_format_and_label_map_errors(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", json.dumps({"text": "Gantz met Reznikov."}) + "\n")
    assert run(store, path, fmt="prodigy").annotated_ids == [1]
    with pytest.raises(AnnotatorError, match="write it as FROM=TO"):
        LabelMap.parse(["PERSON"])
    with pytest.raises(AnnotatorError, match="'PEOPLE' is not one of our labels"):
        LabelMap.parse(["PERSON=PEOPLE"])
    txt = write(tmp_path / "plain.txt", "No annotations here.")
    summary = run(store, txt, fmt="brat")
    assert "brat: no plain.ann beside it" in str(summary.problems[0])


def test_label_map_defaults_and_precedence() -> None:
    labels = LabelMap.parse(["NORP=ACTOR", "person=CLAIM"])
    assert labels.span("PERSON") == ("CLAIM", {})
    assert labels.span("ORG") == ("ACTOR", {"type": "ORG"})
    assert labels.span("Organization") == ("ACTOR", {"type": "ORG"})
    assert labels.span("NORP") == ("ACTOR", {})
    assert labels.span("CARDINAL") is None
    assert labels.span("actor") == ("ACTOR", {})
    assert LabelMap.parse(["GPE=ACTOR"]).span("GPE") == ("ACTOR", {"type": "GPE"})
    assert LabelMap.parse(["*=-"]).span("WHATEVER") is None
    assert LabelMap().relation("speaker") == "SPEAKER"
