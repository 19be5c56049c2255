"""The one adapter between core edits and Qt's undo stack."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from annotator.core.edits import Edit
from annotator.core.store import Store


class EditCommand(QUndoCommand):
    """Wraps an edit that was validated before it was pushed (a command whose ``redo`` fails would
    still sit on the stack). ``after`` is told which edit ran and in which direction."""

    def __init__(
        self,
        store: Store,
        edit: Edit,
        annotator: str | None,
        after: Callable[[Edit, bool], None],
    ) -> None:
        super().__init__(edit.description)
        self.store = store
        self.edit = edit
        self.annotator = annotator
        self.after = after

    def redo(self) -> None:
        self.edit.apply(self.store, self.annotator)
        self.after(self.edit, True)

    def undo(self) -> None:
        self.edit.revert(self.store, self.annotator)
        self.after(self.edit, False)
