"""A cancellable progress dialog for work that runs on the UI thread (import, export)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

STEPS = 1000

Step = Callable[[int, int], None]


@contextmanager
def progress_dialog(
    parent: QWidget, text: str, title: str, name: str
) -> Iterator[tuple[Step, Callable[[], bool]]]:
    """Yields ``(step, was_cancelled)``: ``step(done, total)`` moves the bar and keeps the window
    painted; the dialog appears only if the work takes longer than 0.3 s."""
    dialog = QProgressDialog(text, "Cancel", 0, STEPS, parent)
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setValue(0)

    def step(done: int, total: int) -> None:
        dialog.setValue(int(STEPS * done / total) if total else STEPS)
        QApplication.processEvents()

    try:
        yield step, dialog.wasCanceled
    finally:
        dialog.reset()
        dialog.deleteLater()
