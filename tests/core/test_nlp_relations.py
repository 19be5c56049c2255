"""Suggested relations through the store: replace only what is suggested, never point at a
dropped span, point at a decided span instead of its suggested repeat."""

from pathlib import Path

import pytest

from annotator.core.model import NewDocument, Relation, Span, SpanStatus, SuggestedSpan
from annotator.core.nlp.pipeline import load_pipeline
from annotator.core.nlp.suggest import (
    RULE_SETS,
    Suggester,
    preannotate,
    rule_set,
    run_rules,
    to_rows,
)
from annotator.core.nlp.suggestions import Suggestions
from annotator.core.store import Store

TEXT = "Gantz said on Tuesday that Israel would not send arms."


def _suggestions() -> Suggestions:
    found = Suggestions()
    claim = found.add(SuggestedSpan(27, 53, "CLAIM", {"stance": "asserted"}))
    actor = found.add(SuggestedSpan(0, 5, "ACTOR", {"mention": "NAM"}))
    date = found.add(SuggestedSpan(14, 21, "DATE", {"value": "2022-10-18"}))
    found.link(claim, actor, "SPEAKER")
    found.link(claim, date, "STATED_ON")
    return found


def _doc(store: Store) -> int:
    doc_id = store.add_document(NewDocument(TEXT, published="2022-10-20"))
    assert doc_id is not None
    return doc_id


def _store(store: Store, doc_id: int, found: Suggestions) -> tuple[int, int]:
    spans, relations = to_rows(doc_id, found, "model:m@1+rules:claims@1")
    return store.replace_suggestion_rows(doc_id, spans, relations, "model:m@1+rules:claims@1")


def _links(store: Store, doc_id: int) -> set[tuple[str, str, str, str]]:
    spans = {s.id: s for s in store.spans(doc_id)}
    return {
        (r.label, TEXT[spans[r.head].start : spans[r.head].end][:6],
         TEXT[spans[r.child].start : spans[r.child].end], r.status.value)
        for r in store.relations(doc_id)
    }  # fmt: skip


def test_suggestions_merge_and_reindex_relations() -> None:
    first, second = _suggestions(), Suggestions()
    second.add(SuggestedSpan(33, 39, "ACTOR", {}))
    second.merge(first)
    assert len(second.spans) == 4
    assert {(r.head, r.child, r.label) for r in second.relations} == {
        (1, 2, "SPEAKER"), (1, 3, "STATED_ON")
    }  # fmt: skip
    assert second.add(SuggestedSpan(0, 5, "ACTOR", {"other": 1})) == 2  # the same span


def test_relations_are_stored_and_rerunning_replaces_them(store: Store) -> None:
    doc_id = _doc(store)
    assert _store(store, doc_id, _suggestions()) == (3, 2)
    assert _store(store, doc_id, _suggestions()) == (3, 2)
    assert len(store.spans(doc_id)) == 3
    assert _links(store, doc_id) == {
        ("SPEAKER", "Israel", "Gantz", "suggested"),
        ("STATED_ON", "Israel", "Tuesday", "suggested"),
    }


def test_a_relation_points_at_the_accepted_span_its_child_repeats(store: Store) -> None:
    doc_id = _doc(store)
    accepted = Span("gantz", doc_id, 0, 5, "ACTOR", {"canonical": "Benny Gantz"}, "human",
                    SpanStatus.ACCEPTED)  # fmt: skip
    rejected = Span("tue", doc_id, 14, 21, "DATE", {}, "model:m@0", SpanStatus.REJECTED)
    store.insert_spans([accepted, rejected])
    assert _store(store, doc_id, _suggestions()) == (1, 1)  # only the claim is new
    (relation,) = store.relations(doc_id)
    assert (relation.label, relation.child, relation.status) == (
        "SPEAKER", "gantz", SpanStatus.SUGGESTED
    )  # fmt: skip
    # the rejected date is not offered again, and no relation points at a dropped span
    span_ids = {s.id for s in store.spans(doc_id)}
    assert all(r.head in span_ids and r.child in span_ids for r in store.relations(doc_id))


def test_a_decided_claim_keeps_its_human_speaker(store: Store) -> None:
    doc_id = _doc(store)
    claim = Span("claim", doc_id, 27, 53, "CLAIM", {}, "human", SpanStatus.ACCEPTED)
    other = Span("israel", doc_id, 27, 33, "ACTOR", {}, "human", SpanStatus.ACCEPTED)
    store.insert_spans([claim, other])
    store.insert_relations([Relation("r1", doc_id, "claim", "israel", "SPEAKER")])
    _store(store, doc_id, _suggestions())
    links = _links(store, doc_id)
    assert ("SPEAKER", "Israel", "Israel", "accepted") in links
    assert not any(label == "SPEAKER" and status == "suggested" for label, *_r, status in links)
    assert ("STATED_ON", "Israel", "Tuesday", "suggested") in links


def test_a_relation_to_a_span_not_suggested_is_an_error(store: Store) -> None:
    doc_id = _doc(store)
    spans, _ = to_rows(doc_id, _suggestions(), "m")
    bad = Relation("x", doc_id, spans[0].id, "nowhere", "SPEAKER", "m", SpanStatus.SUGGESTED)
    with pytest.raises(ValueError, match="not suggested here"):
        store.replace_suggestion_rows(doc_id, spans, [bad], "m")


def test_rule_sets_are_named_in_the_origin(tiny_pipeline: Path, store: Store) -> None:
    assert set(RULE_SETS) == {"claims", "entities"}
    with pytest.raises(ValueError, match="unknown rule set 'nope'"):
        rule_set("nope")
    pipeline = load_pipeline(str(tiny_pipeline))
    suggester = Suggester(pipeline, rules=rule_set("entities"))
    assert suggester.origin == "model:en_tiny_test@0.0.1+rules:entities@1"
    doc_id = _doc(store)
    summary = preannotate(store, [doc_id], suggester)
    assert summary.relations == 0
    assert {s.attrs.get("value") for s in store.spans(doc_id) if s.label == "DATE"} == {None}
    doc = pipeline.nlp(TEXT)
    found = run_rules(rule_set("claims").rules, doc, "2022-10-20")
    dates = [s.attrs for s in found.spans if s.label == "DATE"]
    assert dates == [{"type": "DATE", "value": "2022-10-18"}]
    assert found.by_label("CLAIM") == []  # no parser in this pipeline: no claims, no error
