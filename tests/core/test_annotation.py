"""Edits made the way the window makes them: validated first, applied, reverted exactly."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.core import annotation as ops
from annotator.core.annotation import AnnotatedDocument, load
from annotator.core.edits import Edit
from annotator.core.mentions import plan_in_corpus, plan_in_document
from annotator.core.model import DocStatus, NewDocument, Span, SpanStatus, new_id
from annotator.core.spans import EditRefused
from annotator.core.store import Store

TEXT = (
    "Earlier on Tuesday, Gantz’s aide said Israel would not provide arms to Ukraine. "
    "Gantz told European ambassadors that Israel would help."
)


def _state(store: Store) -> Any:
    """Everything an edit may change, for comparing before and after."""
    return (
        store.db.execute(
            "SELECT id, start, end, label, attrs, origin, status, annotator FROM spans ORDER BY id"
        ).fetchall(),
        store.db.execute("SELECT id, head, child, label FROM relations ORDER BY id").fetchall(),
        store.db.execute("SELECT id, status FROM documents ORDER BY id").fetchall(),
    )


@pytest.fixture
def doc_id(store: Store) -> int:
    found = store.add_document(NewDocument(TEXT, published="2022-10-20"))
    assert found is not None
    return found


def _suggest(store: Store, doc_id: int, needle: str, label: str = "ACTOR", nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(needle, start + 1)
    span = Span(new_id(), doc_id, start, start + len(needle), label, {"type": "PERSON"},
                "model:m@1", SpanStatus.SUGGESTED)  # fmt: skip
    store.insert_spans([span])
    return span


def _same(a: AnnotatedDocument, b: AnnotatedDocument) -> bool:
    return (a.status, a.spans, set(a.relations)) == (b.status, b.spans, set(b.relations))


def _apply(store: Store, edit: Edit) -> AnnotatedDocument:
    before = _state(store)
    shown = load(store, edit.document_id)
    edit.apply(store, "ana")
    after = _state(store)
    # the window patches its snapshot instead of reading back: it must match the store
    assert _same(shown.after(edit), load(store, edit.document_id))
    edit.revert(store, "ana")
    assert _state(store) == before, f"revert of {edit.description!r} did not restore the store"
    assert _same(shown.after(edit).after(edit, forward=False), load(store, edit.document_id))
    edit.apply(store, "ana")  # redo re-inserts the same rows
    assert _state(store) == after
    return load(store, edit.document_id)


def _shown(doc: AnnotatedDocument) -> list[tuple[str, str, str]]:
    return [(s.label, doc.text_of(s), s.status.value) for s in doc.spans]


def test_a_selection_snaps_to_tokens_and_drops_the_possessive(store: Store, doc_id: int) -> None:
    doc = load(store, doc_id)
    start = TEXT.index("antz’s")  # half a word and its possessive
    edit = ops.tag(doc, start, start + 6, "ACTOR", "ana")
    assert edit.description == "Tag 'Gantz' as ACTOR"
    doc = _apply(store, edit)
    assert _shown(doc) == [("ACTOR", "Gantz", "accepted")]
    assert doc.spans[0].annotator == "ana"
    assert doc.spans[0].origin == "human"
    assert doc.status == DocStatus.IN_PROGRESS  # the first edit starts the document


def test_exact_characters_when_snapping_is_off(store: Store, doc_id: int) -> None:
    start = TEXT.index("Gantz’s")
    doc = _apply(store, ops.tag(load(store, doc_id), start, start + 7, "ACTOR", "ana", False))
    assert _shown(doc) == [("ACTOR", "Gantz’s", "accepted")]


def test_partial_overlap_with_a_decided_span_is_refused(store: Store, doc_id: int) -> None:
    start = TEXT.index("European ambassadors")
    ops.tag(load(store, doc_id), start, start + 8, "ACTOR", "ana").apply(store)
    before = _state(store)
    with pytest.raises(EditRefused, match="would overlap ACTOR 'European'"):
        ops.tag(load(store, doc_id), start, start + 20, "DATE", "ana")
    with pytest.raises(EditRefused, match="already tagged as ACTOR"):
        ops.tag(load(store, doc_id), start, start + 8, "ACTOR", "ana")
    assert _state(store) == before


def test_tagging_over_a_suggestion_replaces_it(store: Store, doc_id: int) -> None:
    suggestion = _suggest(store, doc_id, "Gantz told")  # a wrong extent from the model
    start = TEXT.index("Gantz told")
    doc = _apply(store, ops.tag(load(store, doc_id), start, start + 5, "ACTOR", "ana"))
    assert ("ACTOR", "Gantz told", "rejected") in _shown(doc)
    assert ("ACTOR", "Gantz", "accepted") in _shown(doc)
    kept = next(s for s in doc.spans if s.status == SpanStatus.ACCEPTED)
    assert kept.attrs == suggestion.attrs  # the model's type survives the correction


def test_tagging_exactly_a_suggestion_accepts_it(store: Store, doc_id: int) -> None:
    suggestion = _suggest(store, doc_id, "Israel")
    doc = load(store, doc_id)
    edit = ops.tag(doc, suggestion.start, suggestion.end, "ACTOR", "ana")
    doc = _apply(store, edit)
    assert [(s.id, s.status) for s in doc.spans] == [(suggestion.id, SpanStatus.ACCEPTED)]


def test_claims_nest_and_contain_entities_but_may_not_cross(store: Store, doc_id: int) -> None:
    actor = TEXT.index("Israel")
    ops.tag(load(store, doc_id), actor, actor + 6, "ACTOR", "ana").apply(store)
    outer = TEXT.index("Israel would not")
    outer_end = TEXT.index("Ukraine") + len("Ukraine")
    ops.tag(load(store, doc_id), outer, outer_end, "CLAIM", "ana").apply(store)
    inner = TEXT.index("provide arms")
    doc = _apply(store, ops.tag(load(store, doc_id), inner, inner + 12, "CLAIM", "ana"))
    assert sorted(_shown(doc)) == [
        ("ACTOR", "Israel", "accepted"),
        ("CLAIM", "Israel would not provide arms to Ukraine", "accepted"),
        ("CLAIM", "provide arms", "accepted"),
    ]
    crossing = TEXT.index("arms to Ukraine. Gantz")
    with pytest.raises(EditRefused, match="would overlap CLAIM"):
        ops.tag(load(store, doc_id), crossing, crossing + 22, "CLAIM", "ana")
    with pytest.raises(EditRefused, match="would overlap ACTOR 'Israel'"):
        ops.tag(load(store, doc_id), actor + 2, actor + 12, "CLAIM", "ana", snap_to_tokens=False)


def test_accept_reject_and_delete(store: Store, doc_id: int) -> None:
    israel = _suggest(store, doc_id, "Israel")
    ukraine = _suggest(store, doc_id, "Ukraine")
    doc = _apply(store, ops.accept(load(store, doc_id), israel, "ana"))
    assert ("ACTOR", "Israel", "accepted") in _shown(doc)
    doc = _apply(store, ops.reject(doc, doc.span(ukraine.id), "ana"))
    assert ("ACTOR", "Ukraine", "rejected") in _shown(doc)  # kept, so never offered again
    edit = ops.reject(doc, doc.span(israel.id), "ana")  # a decided span is deleted
    assert edit.description == "Delete ACTOR 'Israel'"
    doc = _apply(store, edit)
    assert [label for label, *_ in _shown(doc)] == ["ACTOR"]


def test_relabel_and_resize_by_token(store: Store, doc_id: int) -> None:
    tuesday = _suggest(store, doc_id, "Tuesday", "ACTOR")
    doc = _apply(store, ops.relabel(load(store, doc_id), tuesday, "DATE", "ana"))
    assert _shown(doc) == [("DATE", "Tuesday", "accepted")]
    span = doc.spans[0]
    doc = _apply(store, ops.step_edge(doc, span, "start", -1, "ana"))
    assert _shown(doc) == [("DATE", "on Tuesday", "accepted")]
    doc = _apply(store, ops.step_edge(doc, doc.spans[0], "end", +1, "ana"))
    assert _shown(doc) == [("DATE", "on Tuesday,", "accepted")]
    doc = _apply(store, ops.step_edge(doc, doc.spans[0], "end", -1, "ana"))
    doc = _apply(store, ops.step_edge(doc, doc.spans[0], "start", +1, "ana"))
    assert _shown(doc) == [("DATE", "Tuesday", "accepted")]
    with pytest.raises(EditRefused, match="cannot shrink"):
        ops.step_edge(doc, doc.spans[0], "end", -1, "ana")


def test_attributes_are_validated(store: Store, doc_id: int) -> None:
    start = TEXT.index("Tuesday")
    ops.tag(load(store, doc_id), start, start + 7, "DATE", "ana").apply(store)
    doc = load(store, doc_id)
    with pytest.raises(EditRefused, match="not a TIMEX3 value"):
        ops.set_attrs(doc, doc.spans[0], {"type": "DATE", "value": "last Tuesday"}, "ana")
    edit = ops.set_attrs(doc, doc.spans[0], {"type": "DATE", "value": "2022-10-18"}, "ana")
    assert edit.description == "Set type, value of DATE 'Tuesday'"
    doc = _apply(store, edit)
    assert doc.spans[0].attrs == {"type": "DATE", "value": "2022-10-18"}


def test_links_a_claim_to_its_speaker_and_date(store: Store, doc_id: int) -> None:
    doc = load(store, doc_id)
    g = TEXT.index("Gantz told")
    for start, end, label in [
        (g, g + 5, "ACTOR"),
        (TEXT.index("Israel would help"), len(TEXT) - 1, "CLAIM"),
        (TEXT.index("Tuesday"), TEXT.index("Tuesday") + 7, "DATE"),
        (TEXT.index("Gantz"), TEXT.index("Gantz") + 5, "ACTOR"),
    ]:
        ops.tag(load(store, doc_id), start, end, label, "ana").apply(store)
    doc = load(store, doc_id)
    claim = next(s for s in doc.spans if s.label == "CLAIM")
    gantz, first_gantz = sorted(
        (s for s in doc.spans if s.label == "ACTOR"), key=lambda s: -s.start
    )
    date = next(s for s in doc.spans if s.label == "DATE")
    doc = _apply(store, ops.link(doc, claim, first_gantz, "SPEAKER"))
    assert doc.linked(claim.id, "SPEAKER") == first_gantz
    doc = _apply(store, ops.link(doc, claim, gantz, "SPEAKER"))  # replaces the speaker
    assert doc.linked(claim.id, "SPEAKER") == gantz
    assert len(doc.relations) == 1
    doc = _apply(store, ops.link(doc, claim, date, "STATED_ON"))
    with pytest.raises(EditRefused, match="SPEAKER links a CLAIM to an ACTOR"):
        ops.link(doc, claim, date, "SPEAKER")
    # deleting the speaker removes its link; undo brings both back
    delete = ops.reject(doc, gantz, "ana")
    assert delete.description == "Delete ACTOR 'Gantz' and 1 link(s)"
    doc = _apply(store, delete)
    assert doc.linked(claim.id, "SPEAKER") is None
    doc = _apply(store, ops.unlink(doc, doc.relations[0]))
    assert doc.relations == ()


def test_accept_all_is_one_step(store: Store, doc_id: int) -> None:
    for needle in ("Israel", "Ukraine", "Gantz"):
        _suggest(store, doc_id, needle)
    edit = ops.accept_all(load(store, doc_id), "ana")
    assert edit.description == "Accept all 3 suggestions"
    doc = _apply(store, edit)
    assert {status for *_, status in _shown(doc)} == {"accepted"}
    with pytest.raises(EditRefused, match="No suggestions left"):
        ops.accept_all(doc, "ana")


def test_status_changes_are_edits(store: Store, doc_id: int) -> None:
    doc = _apply(store, ops.set_status(load(store, doc_id), DocStatus.DONE))
    assert doc.status == DocStatus.DONE


def test_every_edit_is_journaled(store: Store, doc_id: int) -> None:
    start = TEXT.index("Israel")
    edit = ops.tag(load(store, doc_id), start, start + 6, "ACTOR", "ana")
    edit.apply(store, "ana")
    edit.revert(store, "ana")
    rows = store.db.execute("SELECT annotator, document_id, kind, data FROM edits").fetchall()
    assert [(a, d, k) for a, d, k, _ in rows] == [
        ("ana", doc_id, "batch"),
        ("ana", doc_id, "undo:batch"),
    ]
    assert "Tag 'Israel' as ACTOR" in rows[0][3]


def test_identical_mentions_in_the_document_and_the_corpus(store: Store, doc_id: int) -> None:
    other = store.add_document(NewDocument("Israel and Gantz. Israeli officials met Israel."))
    assert other is not None
    _suggest(store, doc_id, "Israel", nth=1)  # a suggestion at the second mention
    start = TEXT.index("Israel")
    ops.tag(load(store, doc_id), start, start + 6, "ACTOR", "ana").apply(store)
    doc = load(store, doc_id)
    first = next(s for s in doc.spans if s.start == start)
    plan = plan_in_document(doc, first, "ana")
    assert (plan.added, plan.documents) == (1, 1)
    assert plan.edit is not None
    doc = _apply(store, plan.edit)
    assert [t for label, t, status in _shown(doc) if status == "accepted"] == ["Israel", "Israel"]

    corpus = plan_in_corpus(store, doc, first, "ana")
    assert (corpus.added, corpus.documents) == (2, 1)  # "Israeli" is not a mention of "Israel"
    assert corpus.edit is not None
    assert corpus.edit.documents() == {other}
    _apply(store, corpus.edit)
    assert [doc_text for _, doc_text, _ in _shown(load(store, other))] == ["Israel", "Israel"]
