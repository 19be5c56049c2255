"""Edits are data: each has ``apply(store)`` and ``revert(store)``, runs in one transaction and is
journaled in the ``edits`` table in that same transaction (the audit trail and the source of
correction statistics). Ids are chosen when the edit is created, so redo re-inserts the same rows.

Edits are built and validated by :mod:`annotator.core.annotation`; the GUI only wraps them in
undo commands.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

import orjson

from annotator.core.model import DocStatus, Relation, Span
from annotator.core.store import Store, now


class Edit(ABC):
    kind: ClassVar[str]
    description: str
    document_id: int

    def apply(self, store: Store, annotator: str | None = None) -> None:
        with store.db.atomic():
            self._forward(store)
            _journal(store, self, "apply", annotator)

    def revert(self, store: Store, annotator: str | None = None) -> None:
        with store.db.atomic():
            self._backward(store)
            _journal(store, self, "revert", annotator)

    @abstractmethod
    def _forward(self, store: Store) -> None: ...

    @abstractmethod
    def _backward(self, store: Store) -> None: ...

    @abstractmethod
    def patch(self, state: Snapshot, forward: bool) -> None:
        """Make the same change to an in-memory snapshot of a document (what the window shows),
        so the view need not read 1,000 spans back after every keypress."""

    def data(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k not in ("description",)}  # type: ignore[call-overload]

    def documents(self) -> set[int]:
        """Every document this edit touches (more than one for a corpus-wide batch)."""
        return {self.document_id}


@dataclass
class Snapshot:
    """A document's spans and relations by id, and its status: what ``Edit.patch`` changes."""

    document_id: int
    status: DocStatus
    spans: dict[str, Span]
    relations: dict[str, Relation]


def _journal(store: Store, edit: Edit, direction: str, annotator: str | None) -> None:
    store.db.execute(
        "INSERT INTO edits (time, annotator, document_id, kind, data) VALUES (?, ?, ?, ?, ?)",
        (
            now(),
            annotator,
            edit.document_id,
            edit.kind if direction == "apply" else f"undo:{edit.kind}",
            orjson.dumps({"description": edit.description, **edit.data()}, default=str).decode(),
        ),
    )


@dataclass(frozen=True)
class AddSpans(Edit):
    """New spans (tagging, or copies for every identical mention)."""

    kind: ClassVar[str] = "add_spans"
    document_id: int
    spans: tuple[Span, ...]
    description: str = "Add spans"

    def _forward(self, store: Store) -> None:
        store.insert_spans(self.spans)

    def _backward(self, store: Store) -> None:
        store.delete_spans([s.id for s in self.spans])

    def patch(self, state: Snapshot, forward: bool) -> None:
        _put_spans(state, self.spans, forward)


def _put_spans(state: Snapshot, spans: tuple[Span, ...], present: bool) -> None:
    for span in spans:
        if span.document_id != state.document_id:
            continue
        if present:
            state.spans[span.id] = span
        else:
            state.spans.pop(span.id, None)


def _put_relations(state: Snapshot, relations: tuple[Relation, ...], present: bool) -> None:
    for relation in relations:
        if relation.document_id != state.document_id:
            continue
        if present:
            state.relations[relation.id] = relation
        else:
            state.relations.pop(relation.id, None)


@dataclass(frozen=True)
class RemoveSpans(Edit):
    """Deletes spans and every relation that touches them; revert restores both."""

    kind: ClassVar[str] = "remove_spans"
    document_id: int
    spans: tuple[Span, ...]
    relations: tuple[Relation, ...] = ()
    description: str = "Remove spans"

    def _forward(self, store: Store) -> None:
        store.delete_relations([r.id for r in self.relations])
        store.delete_spans([s.id for s in self.spans])

    def _backward(self, store: Store) -> None:
        store.insert_spans(self.spans)
        store.insert_relations(self.relations)

    def patch(self, state: Snapshot, forward: bool) -> None:
        _put_relations(state, self.relations, not forward)
        _put_spans(state, self.spans, not forward)


@dataclass(frozen=True)
class ChangeSpans(Edit):
    """Any change to existing spans: accept, reject, relabel, resize, attributes."""

    kind: ClassVar[str] = "change_spans"
    document_id: int
    before: tuple[Span, ...]
    after: tuple[Span, ...]
    description: str = "Change spans"

    def _forward(self, store: Store) -> None:
        store.update_spans(self.after)

    def _backward(self, store: Store) -> None:
        store.update_spans(self.before)

    def patch(self, state: Snapshot, forward: bool) -> None:
        _put_spans(state, self.after if forward else self.before, True)


@dataclass(frozen=True)
class AddRelations(Edit):
    kind: ClassVar[str] = "add_relations"
    document_id: int
    relations: tuple[Relation, ...]
    description: str = "Link spans"

    def _forward(self, store: Store) -> None:
        store.insert_relations(self.relations)

    def _backward(self, store: Store) -> None:
        store.delete_relations([r.id for r in self.relations])

    def patch(self, state: Snapshot, forward: bool) -> None:
        _put_relations(state, self.relations, forward)


@dataclass(frozen=True)
class RemoveRelations(Edit):
    kind: ClassVar[str] = "remove_relations"
    document_id: int
    relations: tuple[Relation, ...]
    description: str = "Unlink spans"

    def _forward(self, store: Store) -> None:
        store.delete_relations([r.id for r in self.relations])

    def _backward(self, store: Store) -> None:
        store.insert_relations(self.relations)

    def patch(self, state: Snapshot, forward: bool) -> None:
        _put_relations(state, self.relations, not forward)


@dataclass(frozen=True)
class SetStatus(Edit):
    kind: ClassVar[str] = "set_status"
    document_id: int
    before: DocStatus
    after: DocStatus
    description: str = "Set status"

    def _forward(self, store: Store) -> None:
        store.set_status(self.document_id, self.after)

    def _backward(self, store: Store) -> None:
        store.set_status(self.document_id, self.before)

    def patch(self, state: Snapshot, forward: bool) -> None:
        if state.document_id == self.document_id:
            state.status = self.after if forward else self.before


@dataclass(frozen=True)
class Batch(Edit):
    """Several edits as one step (accept all, apply to every mention, tag + replace suggestion).
    Applied in order and reverted in reverse order, in one transaction."""

    kind: ClassVar[str] = "batch"
    document_id: int
    edits: tuple[Edit, ...] = field(default=())
    description: str = "Batch"

    def _forward(self, store: Store) -> None:
        for edit in self.edits:
            edit._forward(store)

    def _backward(self, store: Store) -> None:
        for edit in reversed(self.edits):
            edit._backward(store)

    def patch(self, state: Snapshot, forward: bool) -> None:
        for edit in self.edits if forward else reversed(self.edits):
            edit.patch(state, forward)

    def data(self) -> dict[str, Any]:
        return {"edits": [{"kind": e.kind, **e.data()} for e in self.edits]}

    def documents(self) -> set[int]:
        return {doc for edit in self.edits for doc in edit.documents()}
