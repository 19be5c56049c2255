"""What a person can do to a document, as validated edits: tag, accept, reject, relabel, resize,
set attributes, link, accept all, tag every identical mention, change status.

Each function checks the rules *before* it returns an edit (a refused edit raises
:class:`EditRefused` and nothing is stored), so an undo stack never holds an edit that fails.
Every span an edit touches records the person's name.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from annotator.core.edits import (
    AddRelations,
    AddSpans,
    Batch,
    ChangeSpans,
    Edit,
    RemoveRelations,
    RemoveSpans,
    SetStatus,
    Snapshot,
)
from annotator.core.model import DocStatus, Relation, Span, SpanStatus, Tokens, new_id
from annotator.core.spans import (
    EditRefused,
    conflicts,
    exact,
    quote,
    refusal,
    regex_tokens,
    snap,
)
from annotator.core.store import Store
from annotator.core.timex import is_valid_value

HUMAN = "human"
RELATION_TARGETS = {"SPEAKER": ("CLAIM", "ACTOR"), "STATED_ON": ("CLAIM", "DATE"),
                    "ADDRESSEE": ("CLAIM", "ACTOR"), "EVENT_TIME": ("CLAIM", "DATE")}  # fmt: skip


@dataclass(frozen=True)
class AnnotatedDocument:
    """A snapshot of one document with its tokens, spans and relations, for validating edits."""

    id: int
    text: str
    status: DocStatus
    tokens: Tokens
    spans: tuple[Span, ...]
    relations: tuple[Relation, ...]

    def span(self, span_id: str) -> Span:
        for span in self.spans:
            if span.id == span_id:
                return span
        raise KeyError(span_id)

    def text_of(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def relations_of(self, span_id: str) -> tuple[Relation, ...]:
        return tuple(r for r in self.relations if span_id in (r.head, r.child))

    def after(self, edit: Edit, forward: bool = True) -> AnnotatedDocument:
        """This document as it is once ``edit`` is applied (or reverted): the same result as
        loading it from the store again, without the read."""
        state = Snapshot(
            self.id,
            self.status,
            {s.id: s for s in self.spans},
            {r.id: r for r in self.relations},
        )
        edit.patch(state, forward)
        spans = sorted(state.spans.values(), key=lambda s: (s.start, -s.end, s.label))
        return replace(
            self, status=state.status, spans=tuple(spans), relations=tuple(state.relations.values())
        )

    def linked(self, head_id: str, label: str) -> Span | None:
        """The span a claim is linked to by ``label`` (its speaker, its date), if any."""
        for relation in self.relations:
            if relation.head == head_id and relation.label == label:
                return self.span(relation.child)
        return None


def load(store: Store, document_id: int, tokens: Tokens | None = None) -> AnnotatedDocument:
    """The document as stored now. Pass ``tokens`` from an earlier load of the same document to
    skip reading them again (text and tokens never change)."""
    doc = store.document(document_id)
    if tokens is None:
        tokens = store.tokens(document_id) or regex_tokens(doc.text)
    return AnnotatedDocument(
        id=document_id,
        text=doc.text,
        status=doc.status,
        tokens=tokens,
        spans=tuple(store.spans(document_id)),
        relations=tuple(store.relations(document_id)),
    )


def _started(doc: AnnotatedDocument, edit: Edit) -> Edit:
    """The first edit on a new document also marks it in progress (in the same undo step)."""
    if doc.status != DocStatus.NEW:
        return edit
    start = SetStatus(doc.id, DocStatus.NEW, DocStatus.IN_PROGRESS, "Start document")
    return Batch(doc.id, (edit, start), edit.description)


def _touched(span: Span, annotator: str | None, **changes: Any) -> Span:
    return replace(span, annotator=annotator or span.annotator, **changes)


def _checked(
    doc: AnnotatedDocument, start: int, end: int, label: str, ignore: tuple[str, ...] = ()
) -> list[Span]:
    replace_these, blocker = conflicts(doc.spans, start, end, label, ignore)
    if blocker is not None:
        raise EditRefused(refusal(doc.text, blocker, start, end, label))
    return replace_these


def _rejecting(doc: AnnotatedDocument, spans: list[Span], annotator: str | None) -> list[Edit]:
    if not spans:
        return []
    after = tuple(_touched(s, annotator, status=SpanStatus.REJECTED) for s in spans)
    return [ChangeSpans(doc.id, tuple(spans), after, "Reject overlapping suggestions")]


def tag(
    doc: AnnotatedDocument,
    start: int,
    end: int,
    label: str,
    annotator: str | None,
    snap_to_tokens: bool = True,
) -> Edit:
    """Tag a selection. Suggestions in the way are rejected in the same step."""
    bounds = snap(doc.text, doc.tokens, start, end, label) if snap_to_tokens else None
    if bounds is None:
        bounds = exact(doc.text, start, end)
    if bounds is None:
        raise EditRefused("Nothing to tag: the selection holds no words")
    start, end = bounds
    in_the_way = _checked(doc, start, end, label)
    attrs: dict[str, Any] = {}
    same = [s for s in in_the_way if (s.start, s.end, s.label) == (start, end, label)]
    if same:  # tagging exactly a suggestion means accepting it
        return accept(doc, same[0], annotator)
    for old in in_the_way:
        if old.label == label:
            attrs = dict(old.attrs)  # keep what the model knew (type...) when correcting extents
    span = Span(new_id(), doc.id, start, end, label, attrs, HUMAN, SpanStatus.ACCEPTED, annotator)
    description = f"Tag {quote(doc.text[start:end])} as {label}"
    edits = [*_rejecting(doc, in_the_way, annotator), AddSpans(doc.id, (span,), description)]
    edit = edits[0] if len(edits) == 1 else Batch(doc.id, tuple(edits), description)
    return _started(doc, edit)


def accept(doc: AnnotatedDocument, span: Span, annotator: str | None) -> Edit:
    if span.status == SpanStatus.ACCEPTED:
        raise EditRefused(f"{quote(doc.text_of(span))} is already accepted")
    if span.status == SpanStatus.REJECTED:
        _checked(doc, span.start, span.end, span.label, ignore=(span.id,))
    after = _touched(span, annotator, status=SpanStatus.ACCEPTED)
    description = f"Accept {span.label} {quote(doc.text_of(span))}"
    return _started(doc, ChangeSpans(doc.id, (span,), (after,), description))


def reject(doc: AnnotatedDocument, span: Span, annotator: str | None) -> Edit:
    """A suggestion is kept as ``rejected`` (never offered again); a person's span is deleted
    with its relations (undo restores both)."""
    if span.status == SpanStatus.SUGGESTED:
        after = _touched(span, annotator, status=SpanStatus.REJECTED)
        description = f"Reject {span.label} {quote(doc.text_of(span))}"
        edit: Edit = ChangeSpans(doc.id, (span,), (after,), description)
    else:
        relations = doc.relations_of(span.id)
        extra = f" and {len(relations)} link(s)" if relations else ""
        description = f"Delete {span.label} {quote(doc.text_of(span))}{extra}"
        edit = RemoveSpans(doc.id, (span,), relations, description)
    return _started(doc, edit)


def relabel(doc: AnnotatedDocument, span: Span, label: str, annotator: str | None) -> Edit:
    if label == span.label:
        return accept(doc, span, annotator)
    in_the_way = _checked(doc, span.start, span.end, label, ignore=(span.id,))
    relations = doc.relations_of(span.id)
    after = _touched(span, annotator, label=label, attrs={}, status=SpanStatus.ACCEPTED)
    description = f"Relabel {quote(doc.text_of(span))} {span.label} → {label}"
    edits: list[Edit] = [*_rejecting(doc, in_the_way, annotator)]
    if relations:  # links typed for the old label would no longer make sense
        edits.append(RemoveRelations(doc.id, relations, "Unlink"))
    edits.append(ChangeSpans(doc.id, (span,), (after,), description))
    edit = edits[0] if len(edits) == 1 else Batch(doc.id, tuple(edits), description)
    return _started(doc, edit)


def resize_to(
    doc: AnnotatedDocument, span: Span, start: int, end: int, annotator: str | None
) -> Edit:
    """New extents for a span (keyboard steps or a dragged edge)."""
    if start >= end:
        raise EditRefused(f"{span.label} {quote(doc.text_of(span))} cannot shrink any further")
    if not (start >= 0 and end <= len(doc.text)):
        raise EditRefused("The span cannot grow past the text")
    if (start, end) == (span.start, span.end):
        raise EditRefused("The span did not change")
    in_the_way = _checked(doc, start, end, span.label, ignore=(span.id,))
    status = SpanStatus.ACCEPTED
    after = _touched(span, annotator, start=start, end=end, status=status)
    description = f"Resize {span.label} {quote(doc.text_of(span))} → {quote(doc.text[start:end])}"
    edits = [
        *_rejecting(doc, in_the_way, annotator),
        ChangeSpans(doc.id, (span,), (after,), description),
    ]
    edit = edits[0] if len(edits) == 1 else Batch(doc.id, tuple(edits), description)
    return _started(doc, edit)


def step_edge(
    doc: AnnotatedDocument, span: Span, edge: str, direction: int, annotator: str | None
) -> Edit:
    """Move the start or end edge one token left (-1) or right (+1)."""
    starts, ends = doc.tokens.starts, doc.tokens.ends
    if edge == "start":
        if direction < 0:
            before = [s for s in starts if s < span.start]
            start = before[-1] if before else span.start
        else:
            after = [s for s in starts if s > span.start]
            start = after[0] if after else span.end
        return resize_to(doc, span, start, span.end, annotator)
    if direction > 0:
        later = [e for e in ends if e > span.end]
        end = later[0] if later else span.end
    else:
        earlier = [e for e in ends if e < span.end]
        end = earlier[-1] if earlier else span.start
    return resize_to(doc, span, span.start, end, annotator)


def locate_cue(doc: AnnotatedDocument, claim: Span, words: str) -> dict[str, Any]:
    """A cue typed as words becomes ``{"text", "start", "end"}`` at its occurrence nearest the
    claim; just the text when the words do not occur."""
    best: tuple[int, int] | None = None
    position = doc.text.find(words)
    while words and position >= 0:
        distance = min(abs(position - claim.end), abs(position + len(words) - claim.start))
        if best is None or distance < best[0]:
            best = (distance, position)
        position = doc.text.find(words, position + 1)
    if best is None:
        return {"text": words}
    return {"text": words, "start": best[1], "end": best[1] + len(words)}


def set_attrs(
    doc: AnnotatedDocument, span: Span, attrs: dict[str, Any], annotator: str | None
) -> Edit:
    attrs = dict(attrs)
    cue = attrs.get("cue")
    if isinstance(cue, str):
        old = span.attrs.get("cue")
        same = isinstance(old, dict) and old.get("text") == cue
        attrs["cue"] = old if same else (locate_cue(doc, span, cue) if cue else None)
    value = attrs.get("value")
    if span.label == "DATE" and value is not None and not is_valid_value(str(value)):
        raise EditRefused(
            f"{value!r} is not a TIMEX3 value (e.g. 2022-10-18, 2022-W42, 2022-10, P3D, PXW,"
            " PAST_REF)"
        )
    clean = {k: v for k, v in attrs.items() if v not in (None, "")}
    if clean == span.attrs:
        raise EditRefused("The attributes did not change")
    after = _touched(span, annotator, attrs=clean)
    changed = sorted(k for k in set(clean) | set(span.attrs) if clean.get(k) != span.attrs.get(k))
    description = f"Set {', '.join(changed)} of {span.label} {quote(doc.text_of(span))}"
    return _started(doc, ChangeSpans(doc.id, (span,), (after,), description))


def link(doc: AnnotatedDocument, head: Span, child: Span, label: str) -> Edit:
    """Link a claim to its speaker (SPEAKER) or date (STATED_ON); replaces an earlier link."""
    want_head, want_child = RELATION_TARGETS.get(label, (None, None))
    if want_head is None:
        raise EditRefused(f"Unknown relation {label}")
    if head.label != want_head or child.label != want_child:
        raise EditRefused(
            f"{label} links a {want_head} to a{'n' if want_child == 'ACTOR' else ''} {want_child},"
            f" not {head.label} to {child.label}"
        )
    if SpanStatus.REJECTED in (head.status, child.status):
        raise EditRefused("Rejected spans cannot be linked")
    old = tuple(r for r in doc.relations if r.head == head.id and r.label == label)
    if any(r.child == child.id for r in old):
        raise EditRefused(f"{quote(doc.text_of(child))} is already the {label.lower()}")
    relation = Relation(new_id(), doc.id, head.id, child.id, label, HUMAN, SpanStatus.ACCEPTED)
    description = f"Link {quote(doc.text_of(head), 25)} → {label} {quote(doc.text_of(child))}"
    edits: list[Edit] = []
    if old:
        edits.append(RemoveRelations(doc.id, old, "Unlink"))
    edits.append(AddRelations(doc.id, (relation,), description))
    edit = edits[0] if len(edits) == 1 else Batch(doc.id, tuple(edits), description)
    return _started(doc, edit)


def unlink(doc: AnnotatedDocument, relation: Relation) -> Edit:
    head, child = doc.span(relation.head), doc.span(relation.child)
    description = (
        f"Unlink {relation.label} {quote(doc.text_of(child))} from {quote(doc.text_of(head), 25)}"
    )
    return _started(doc, RemoveRelations(doc.id, (relation,), description))


def accept_all(doc: AnnotatedDocument, annotator: str | None) -> Edit:
    pending = [s for s in doc.spans if s.status == SpanStatus.SUGGESTED]
    if not pending:
        raise EditRefused("No suggestions left to accept in this document")
    after = tuple(_touched(s, annotator, status=SpanStatus.ACCEPTED) for s in pending)
    description = f"Accept all {len(pending)} suggestions"
    return _started(doc, ChangeSpans(doc.id, tuple(pending), after, description))


def set_status(doc: AnnotatedDocument, status: DocStatus) -> Edit:
    if doc.status == status:
        raise EditRefused(f"The document is already {status.value.replace('_', ' ')}")
    description = f"Mark document {status.value.replace('_', ' ')}"
    return SetStatus(doc.id, doc.status, status, description)
