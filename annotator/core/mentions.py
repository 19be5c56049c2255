""" "Apply to every identical mention": copy a decision (label and attributes) to every other
occurrence of the same words, in this document or in the whole corpus."""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.core.annotation import HUMAN, AnnotatedDocument, load
from annotator.core.edits import AddSpans, Batch, ChangeSpans, Edit
from annotator.core.model import Span, SpanStatus, new_id
from annotator.core.spans import conflicts, quote
from annotator.core.store import Store


@dataclass(frozen=True)
class MentionPlan:
    """What applying would do: the edit (None when there is nothing to do) and counts."""

    edit: Edit | None
    added: int
    documents: int
    skipped: int


def _occurrences(doc: AnnotatedDocument, needle: str) -> list[tuple[int, int]]:
    """Whole-token occurrences of ``needle`` (not inside a longer word)."""
    starts, ends = set(doc.tokens.starts), set(doc.tokens.ends)
    found = []
    for match in re.finditer(re.escape(needle), doc.text):
        if match.start() in starts and match.end() in ends:
            found.append((match.start(), match.end()))
    return found


def _plan_document(
    doc: AnnotatedDocument, model: Span, needle: str, annotator: str | None
) -> tuple[list[Edit], int, int]:
    edits: list[Edit] = []
    added = skipped = 0
    new_spans: list[Span] = []
    taken: list[Span] = list(doc.spans)
    for start, end in _occurrences(doc, needle):
        if doc.id == model.document_id and (start, end) == (model.start, model.end):
            continue
        in_the_way, blocker = conflicts(taken, start, end, model.label)
        if blocker is not None:
            if blocker.label != model.label or (blocker.start, blocker.end) != (start, end):
                skipped += 1
            continue
        if in_the_way:
            rejected = tuple(
                Span(s.id, s.document_id, s.start, s.end, s.label, s.attrs, s.origin,
                     SpanStatus.REJECTED, annotator or s.annotator)
                for s in in_the_way
            )  # fmt: skip
            edits.append(ChangeSpans(doc.id, tuple(in_the_way), rejected, "Reject suggestions"))
            gone = {s.id for s in in_the_way}
            taken = [s for s in taken if s.id not in gone]
        span = Span(
            new_id(), doc.id, start, end, model.label, dict(model.attrs), HUMAN,
            SpanStatus.ACCEPTED, annotator,
        )  # fmt: skip
        new_spans.append(span)
        taken.append(span)
        added += 1
    if new_spans:
        edits.append(AddSpans(doc.id, tuple(new_spans), "Add mentions"))
    return edits, added, skipped


def plan_in_document(doc: AnnotatedDocument, span: Span, annotator: str | None) -> MentionPlan:
    needle = doc.text_of(span)
    edits, added, skipped = _plan_document(doc, span, needle, annotator)
    return _plan(span, needle, edits, added, 1 if added else 0, skipped, "in this document")


def plan_in_corpus(
    store: Store, doc: AnnotatedDocument, span: Span, annotator: str | None
) -> MentionPlan:
    """Every document whose text contains the words (found with the FTS index, then checked)."""
    needle = doc.text_of(span)
    phrase = '"' + needle.replace('"', '""') + '"'
    try:
        candidates = store.search(phrase, limit=1_000_000)
    except Exception:  # a phrase FTS cannot index (punctuation only): scan every document
        candidates = store.document_ids()
    edits: list[Edit] = []
    added = skipped = documents = 0
    for document_id in sorted(set(candidates) | {doc.id}):
        other = doc if document_id == doc.id else load(store, document_id)
        found, count, missed = _plan_document(other, span, needle, annotator)
        edits.extend(found)
        added += count
        skipped += missed
        documents += 1 if count else 0
    return _plan(span, needle, edits, added, documents, skipped, "in the corpus")


def _plan(
    span: Span, needle: str, edits: list[Edit], added: int, documents: int, skipped: int,
    where: str,
) -> MentionPlan:  # fmt: skip
    if not edits:
        return MentionPlan(None, 0, 0, skipped)
    description = f"Tag {added} more mention(s) of {quote(needle)} as {span.label} {where}"
    return MentionPlan(
        Batch(span.document_id, tuple(edits), description), added, documents, skipped
    )
