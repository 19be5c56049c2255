"""The open annotation session: the store, the undo stack, the person, and the shown document.

Gestures become core operations here; refused edits become a status message and store nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from annotator.core.annotation import AnnotatedDocument, load
from annotator.core.edits import Edit
from annotator.core.spans import EditRefused
from annotator.core.store import Store
from annotator.ui.undo import EditCommand


class Session(QObject):
    documentOpened = Signal(int)  # a different document is shown
    documentEdited = Signal(int)  # spans, relations or status of this document changed
    message = Signal(str)  # a short status-bar message (refusals, what happened)

    def __init__(self, store: Store, annotator: str | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.annotator = annotator
        self.undo_stack = QUndoStack(self)
        self.doc: AnnotatedDocument | None = None

    def open(self, document_id: int) -> AnnotatedDocument:
        self.doc = load(self.store, document_id)
        self.documentOpened.emit(document_id)
        return self.doc

    def reload(self, tokens_changed: bool = False) -> None:
        """Read the shown document's spans and relations again (after an edit or suggestions;
        ``tokens_changed`` when a suggestion run may have stored spaCy's tokens)."""
        if self.doc is not None:
            self.doc = load(self.store, self.doc.id, None if tokens_changed else self.doc.tokens)

    def attempt(self, make: Callable[[AnnotatedDocument], Edit]) -> bool:
        """Build an edit from the shown document and push it; a refusal becomes a message."""
        if self.doc is None:
            self.message.emit("No document is open")
            return False
        try:
            edit = make(self.doc)
        except EditRefused as refused:
            self.message.emit(str(refused))
            return False
        self.push(edit)
        return True

    def push(self, edit: Edit) -> None:
        """Apply (through the undo stack) an edit that was already validated."""
        self.undo_stack.push(EditCommand(self.store, edit, self.annotator, self._after))

    def _after(self, edit: Edit, forward: bool) -> None:
        """After apply, undo or redo: show the edit's document (undo may cross documents) and
        tell the views what changed. The shown document is patched in memory, not read back."""
        touched = edit.documents()
        if self.doc is None or (self.doc.id not in touched and edit.document_id != self.doc.id):
            self.open(edit.document_id)
        else:
            self.doc = self.doc.after(edit, forward)
        for document_id in sorted(touched | {edit.document_id}):
            self.documentEdited.emit(document_id)
