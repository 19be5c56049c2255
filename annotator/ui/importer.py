"""File → Import in the window: the core import with a progress dialog that can cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from annotator.core.importing import ImportSummary, discover, import_paths
from annotator.core.store import Store
from annotator.ui.progress_dialog import progress_dialog


def import_with_progress(parent: QWidget, store: Store, paths: list[Path]) -> ImportSummary:
    """Import ``paths``; raises InputError when a path is missing or a folder has nothing to read.

    Runs on the UI thread (SQLite writes are quick) and keeps the window painted by processing
    events between documents; the dialog's Cancel stops after the current document.
    """
    discover(paths)  # fail early, before showing a dialog, for a missing path
    with progress_dialog(parent, "Importing articles…", "Import", "importProgress") as (
        step,
        cancelled,
    ):
        return import_paths(store, paths, progress=step, should_cancel=cancelled)
