"""File and help actions of the main window (a mixin, to keep main_window.py small): messages,
import, export, the cheat sheet, About and the annotator's name. They call the core and show
results; no annotation rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from annotator import __version__
from annotator.core.importing import ImportSummary
from annotator.core.nlp.pipeline import describe
from annotator.errors import AnnotatorError
from annotator.ui.actions import cheat_sheet
from annotator.ui.export_dialog import export_from_window
from annotator.ui.importer import import_with_progress

READABLE_FILTER = "Articles (*.txt *.jsonl *.csv *.json *.ann);;All files (*)"


class FileActions:
    """Mixed into MainWindow; ``self`` is the window (its store, settings, session, documents,
    runner and status bar)."""

    store: Any
    settings: Any
    session: Any
    documents: Any
    runner: Any
    specs: Any
    qsettings: Any
    message_box: QMessageBox | None

    # --- messages --------------------------------------------------------------------------

    def show_message(self, icon: QMessageBox.Icon, title: str, text: str) -> None:
        """A window-modal message that does not block the event loop (tests can read it)."""
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("messageBox")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.message_box = box
        box.open()

    def show_error(self, text: str) -> None:
        self.show_message(QMessageBox.Icon.Warning, "annotator", text)

    # --- import and export -----------------------------------------------------------------

    def import_paths(self, paths: list[Path]) -> ImportSummary | None:
        try:
            summary = import_with_progress(self, self.store, paths)
        except AnnotatorError as exc:
            self.show_error(str(exc))
            return None
        self.documents.reload()
        if self.current_id is None and self.documents.model.rowCount():
            self.documents.select_document(self.documents.model.document_id(0))
        self.update_progress()
        if summary.problems:
            shown = "\n".join(str(p) for p in summary.problems[:20])
            more = len(summary.problems) - 20
            if more > 0:
                shown += f"\n… and {more} more"
            self.show_message(QMessageBox.Icon.Warning, "Import", f"{summary.line()}\n\n{shown}")
        self.statusBar().showMessage(summary.line(), 8000)
        self.suggest_unsuggested()
        return summary

    def on_import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Import articles", "", READABLE_FILTER)
        if files:
            self.import_paths([Path(f) for f in files])

    def on_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder of articles")
        if folder:
            self.import_paths([Path(folder)])

    def on_export(self) -> None:
        """File → Export…: the options of ``annotator export`` in a dialog, then the export."""
        try:
            summary = export_from_window(
                self, self.store, self.settings.labels.names(), self.settings.db_path,
                self.settings.model,
            )  # fmt: skip
        except (AnnotatorError, OSError) as exc:
            self.show_error(f"Export failed: {exc}")
            return
        if summary is not None:
            self.statusBar().showMessage(summary.line(), 10000)

    def on_shortcuts(self) -> None:
        lines = [f"{keys:<34} {what}" for keys, what in cheat_sheet(self.specs)]
        self.show_message(QMessageBox.Icon.Information, "Keyboard shortcuts", "\n".join(lines))

    def on_about(self) -> None:
        self.show_message(
            QMessageBox.Icon.Information,
            "About annotator",
            f"annotator {__version__}\nDatabase: {self.settings.db_path.resolve()}\n"
            f"Suggestions: {describe(self.runner.model)}\n"
            f"Annotator: {self.session.annotator or '(not set)'}",
        )

    def ask_annotator(self) -> None:
        """Asked once: the name is kept in QSettings and recorded on every span you touch."""
        if self.session.annotator:
            return
        self.on_set_annotator()

    def on_set_annotator(self) -> None:
        name, ok = QInputDialog.getText(
            self, "Your name", "Name recorded on every span you tag or correct:",
            text=self.session.annotator or "",
        )  # fmt: skip
        if ok and name.strip():
            self.session.annotator = name.strip()
            self.qsettings.setValue("annotator", self.session.annotator)
