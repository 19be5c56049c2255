"""File → Import in the window: the core import with a progress dialog that can cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from annotator.core.importing import ImportSummary, discover, import_paths
from annotator.core.store import Store

STEPS = 1000


def import_with_progress(parent: QWidget, store: Store, paths: list[Path]) -> ImportSummary:
    """Import ``paths``; raises InputError when a path is missing or a folder has nothing to read.

    Runs on the UI thread (SQLite writes are quick) and keeps the window painted by processing
    events between documents; the dialog's Cancel stops after the current document.
    """
    discover(paths)  # fail early, before showing a dialog, for a missing path
    dialog = QProgressDialog("Importing articles…", "Cancel", 0, STEPS, parent)
    dialog.setObjectName("importProgress")
    dialog.setWindowTitle("Import")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setValue(0)

    def progress(done: int, total: int) -> None:
        dialog.setValue(int(STEPS * done / total) if total else STEPS)
        QApplication.processEvents()

    try:
        return import_paths(store, paths, progress=progress, should_cancel=dialog.wasCanceled)
    finally:
        dialog.reset()
        dialog.deleteLater()
