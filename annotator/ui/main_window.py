"""The main window: composes the document list, the article view and the status bar.

It turns menu actions and clicks into calls on the core and the suggestion runner; it holds no
annotation rules.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator import __version__
from annotator.config import Settings
from annotator.core.export import export_jsonl
from annotator.core.importing import ImportSummary
from annotator.core.nlp.pipeline import (
    FALLBACK_NAME,
    FALLBACK_WARNING,
    default_model,
    describe,
    installed_pipelines,
)
from annotator.core.store import Store
from annotator.errors import AnnotatorError
from annotator.ui.actions import ACTIONS, cheat_sheet
from annotator.ui.article_view import ArticleView
from annotator.ui.importer import import_with_progress
from annotator.ui.models import DocumentListModel
from annotator.ui.palette import Palette
from annotator.ui.suggestions import SuggestionRunner

READABLE_FILTER = "Articles (*.txt *.jsonl *.csv);;All files (*)"


class MainWindow(QMainWindow):
    def __init__(self, store: Store, settings: Settings) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.store = store
        self.settings = settings
        self.palette_ = Palette(settings.labels)
        self.current_id: int | None = None
        self.message_box: QMessageBox | None = None
        self.runner = SuggestionRunner(settings.db_path, settings.model, settings.batch_size)
        self._build_widgets()
        self.actions_by_id = self._build_actions()
        self._connect_runner()
        self.setWindowTitle(f"annotator — {settings.db_path}")
        self.resize(1280, 800)
        self.reload_documents()

    # --- construction ----------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.documents = DocumentListModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.documents)
        self.document_list = QTableView()
        self.document_list.setObjectName("documentList")
        self.document_list.setModel(self.proxy)
        self.document_list.setSortingEnabled(True)
        self.document_list.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.document_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.document_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.document_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.document_list.verticalHeader().hide()
        self.document_list.setWordWrap(False)
        header = self.document_list.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.document_list.selectionModel().selectionChanged.connect(self._on_selection)

        self.title_label = QLabel()
        self.title_label.setObjectName("documentTitle")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setWordWrap(True)
        self.title_label.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.date_label = QLabel()
        self.date_label.setObjectName("documentDate")
        self.date_label.setTextFormat(Qt.TextFormat.PlainText)
        self.article = ArticleView(self.palette_)

        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(8, 8, 8, 0)
        column.addWidget(self.title_label)
        column.addWidget(self.date_label)
        column.addWidget(self.palette_.legend(right))
        column.addWidget(self.article, 1)

        splitter = QSplitter()
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(self.document_list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 860])
        self.setCentralWidget(splitter)

        bar = self.statusBar()
        self.model_label = QLabel()
        self.model_label.setObjectName("modelLabel")
        self.model_warning = QLabel()
        self.model_warning.setObjectName("modelWarning")
        self.model_warning.setStyleSheet("color: #b00020; font-weight: 600;")
        self.model_warning.setWordWrap(False)
        self.model_warning.hide()
        self.suggest_progress = QProgressBar()
        self.suggest_progress.setObjectName("suggestProgress")
        self.suggest_progress.setMaximumWidth(220)
        self.suggest_progress.setFormat("suggesting %v/%m")
        self.suggest_progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelSuggestions")
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.cancel_button.hide()
        bar.addWidget(self.model_warning)
        bar.addPermanentWidget(self.suggest_progress)
        bar.addPermanentWidget(self.cancel_button)
        bar.addPermanentWidget(self.model_label)
        no_model = self.settings.model is None and default_model() is None
        self._show_model(describe(self.settings.model), FALLBACK_WARNING if no_model else None)

    def _build_actions(self) -> dict[str, QAction]:
        menus: dict[str, object] = {}
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        built: dict[str, QAction] = {}
        for spec in ACTIONS:
            action = QAction(spec.text, self)
            action.setObjectName(f"action_{spec.id}")
            action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
            action.setStatusTip(spec.tip)
            action.setToolTip(
                f"{spec.tip} ({', '.join(spec.shortcuts)})" if spec.shortcuts else spec.tip
            )
            action.triggered.connect(getattr(self, f"on_{spec.id}"))
            if spec.menu not in menus:
                menus[spec.menu] = self.menuBar().addMenu(spec.menu)
            menus[spec.menu].addAction(action)  # type: ignore[attr-defined]
            if spec.toolbar:
                toolbar.addAction(action)
            built[spec.id] = action
        built["cancel_suggestions"].setEnabled(False)
        return built

    def _connect_runner(self) -> None:
        self.runner.loaded.connect(self._on_model_loaded)
        self.runner.progress.connect(self._on_suggest_progress)
        self.runner.finished.connect(self._on_suggest_finished)
        self.runner.failed.connect(self._on_suggest_failed)
        self.runner.runningChanged.connect(self._on_running_changed)

    # --- documents -------------------------------------------------------------------------

    def reload_documents(self) -> None:
        self.documents.set_rows(self.store.summaries())
        if self.current_id is None and self.documents.rowCount() > 0:
            self.select_row(0)
        elif self.current_id is not None:
            self._select_document(self.current_id)

    def select_row(self, proxy_row: int) -> None:
        if 0 <= proxy_row < self.proxy.rowCount():
            self.document_list.selectRow(proxy_row)
            self.document_list.scrollTo(self.proxy.index(proxy_row, 0))

    def _select_document(self, document_id: int) -> None:
        row = self.documents.row_of(document_id)
        if row is not None:
            self.select_row(self.proxy.mapFromSource(self.documents.index(row, 0)).row())

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        source = self.proxy.mapToSource(indexes[0])
        self.show_document(self.documents.document_id(source.row()))

    def show_document(self, document_id: int) -> None:
        doc = self.store.document(document_id)
        self.current_id = document_id
        summary = self.documents.summary_of(document_id)
        self.title_label.setText(summary.display_title if summary else (doc.title or ""))
        self.date_label.setText(
            f"Published {doc.published}" if doc.published else "No publication date"
        )
        self.article.show_document(doc.text, self.store.spans(document_id))

    def refresh_document(self, document_id: int) -> None:
        """Suggestions or edits changed this document: update its row and, if shown, the view."""
        self.documents.update_row(self.store.summary(document_id))
        if document_id == self.current_id:
            self.article.update_spans(self.store.spans(document_id))

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
        self.reload_documents()
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

    def on_export_jsonl(self) -> None:
        default = Path("exports") / f"annotations-{date.today().isoformat()}.jsonl"
        name, _ = QFileDialog.getSaveFileName(self, "Export JSONL", str(default), "JSONL (*.jsonl)")
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> None:
        try:
            summary = export_jsonl(self.store, path)
        except (AnnotatorError, OSError) as exc:
            self.show_error(f"{path}: export failed: {exc}")
            return
        self.statusBar().showMessage(
            f"Exported {summary.documents} documents, {summary.spans} spans to {path}", 8000
        )

    def on_quit(self) -> None:
        self.close()

    # --- navigation and view ---------------------------------------------------------------

    def _current_proxy_row(self) -> int:
        rows = self.document_list.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def on_next_document(self) -> None:
        self.select_row(min(self._current_proxy_row() + 1, self.proxy.rowCount() - 1))

    def on_previous_document(self) -> None:
        self.select_row(max(self._current_proxy_row() - 1, 0))

    def on_focus_documents(self) -> None:
        self.document_list.setFocus()

    def on_zoom_in(self) -> None:
        self.article.zoom(+1)

    def on_zoom_out(self) -> None:
        self.article.zoom(-1)

    def on_shortcuts(self) -> None:
        lines = [f"{keys:<28} {what}" for keys, what in cheat_sheet()]
        self.show_message(QMessageBox.Icon.Information, "Keyboard shortcuts", "\n".join(lines))

    def on_about(self) -> None:
        self.show_message(
            QMessageBox.Icon.Information,
            "About annotator",
            f"annotator {__version__}\nDatabase: {self.settings.db_path.resolve()}\n"
            f"Suggestions: {describe(self.runner.model)}",
        )

    # --- suggestions -----------------------------------------------------------------------

    def suggest_unsuggested(self) -> None:
        ids = self.store.unsuggested_ids()
        if ids:
            self.runner.start(ids)

    def on_suggest_document(self) -> None:
        if self.current_id is not None and not self.runner.start([self.current_id]):
            self.statusBar().showMessage("Suggestions are already running", 5000)

    def on_suggest_all(self) -> None:
        if not self.runner.start(self.store.document_ids()):
            self.statusBar().showMessage("Suggestions are already running", 5000)

    def on_cancel_suggestions(self) -> None:
        self.runner.cancel()

    def on_choose_model(self) -> None:
        choices = [*installed_pipelines(), FALLBACK_NAME]
        current = self.runner.model or (choices[0] if choices else FALLBACK_NAME)
        name, ok = QInputDialog.getItem(
            self,
            "Suggestion pipeline",
            "spaCy pipeline (installed package name, or a pipeline folder):",
            choices,
            choices.index(current) if current in choices else 0,
            True,
        )
        if ok and name.strip():
            self.set_model(name.strip())

    def set_model(self, name: str) -> None:
        self.runner.model = name
        self._show_model(describe(name))
        self.statusBar().showMessage(f"Suggestions will use {name}; run Suggest to apply it", 8000)

    def _show_model(self, text: str, warning: str | None = None) -> None:
        self.model_label.setText(f"Suggestions: {text}")
        if warning:
            self.model_warning.setText(f"⚠ {warning}")
            self.model_warning.setToolTip(warning)
            self.model_warning.show()
        else:
            self.model_warning.hide()

    def _on_model_loaded(self, origin: str, warning: str | None) -> None:
        self._show_model(origin, warning)

    def _on_suggest_progress(self, done: int, total: int, document_id: int) -> None:
        self.suggest_progress.setMaximum(total)
        self.suggest_progress.setValue(done)
        self.refresh_document(document_id)

    def _on_suggest_finished(self, documents: int, suggestions: int, cancelled: bool) -> None:
        verb = "cancelled after" if cancelled else "done:"
        self.statusBar().showMessage(
            f"Suggestions {verb} {documents} documents, {suggestions} spans", 8000
        )

    def _on_suggest_failed(self, message: str) -> None:
        self.show_error(message)

    def _on_running_changed(self, running: bool) -> None:
        self.suggest_progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.actions_by_id["cancel_suggestions"].setEnabled(running)
        if running:
            self.suggest_progress.setValue(0)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.runner.shutdown()
        super().closeEvent(event)
