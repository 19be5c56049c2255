"""The main window: composes the document panel, the article view, the span table, the attribute
panel and the status bar, and routes actions. It holds no annotation rules: gestures go to the
annotation controller, which asks the core for validated edits."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator.config import Settings
from annotator.core.annotation import set_status
from annotator.core.doclist import progress_counts
from annotator.core.model import DocStatus, Span
from annotator.core.store import Store
from annotator.ui.actions import ACTIONS, ActionSpec, label_actions
from annotator.ui.annotate import AnnotationController
from annotator.ui.article_view import ArticleView
from annotator.ui.attribute_panel import AttributePanel
from annotator.ui.document_panel import DocumentPanel
from annotator.ui.palette import Palette
from annotator.ui.session import Session
from annotator.ui.span_table import SpanTable, links_text
from annotator.ui.suggestion_controls import SuggestionControls
from annotator.ui.window_actions import FileActions


class MainWindow(FileActions, QMainWindow):
    def __init__(self, store: Store, settings: Settings, qsettings: QSettings) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.store = store
        self.settings = settings
        self.qsettings = qsettings
        self.palette_ = Palette(settings.labels)
        self.message_box: QMessageBox | None = None
        self._names_cache: list[str] | None = None
        annotator = settings.annotator or str(qsettings.value("annotator", "") or "") or None
        self.session = Session(store, annotator, self)
        self._build_widgets()
        self.controller = AnnotationController(self.session, self.article, self)
        self.specs = ACTIONS + label_actions(settings.labels)
        self.actions_by_id = self._build_actions()
        self._connect()
        self.setWindowTitle(f"annotator — {settings.db_path}")
        self.resize(1400, 860)
        self.update_progress()
        self._restore_position()
        self.article.setFocus()  # keyboard-first: label keys work from the start

    @property
    def current_id(self) -> int | None:
        return self.session.doc.id if self.session.doc else None

    # --- construction ----------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.documents = DocumentPanel(self.store, self.settings.labels.names())
        self.document_list = self.documents.table
        self.title_label = QLabel()
        self.title_label.setObjectName("documentTitle")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setWordWrap(True)
        self.title_label.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.date_label = QLabel()
        self.date_label.setObjectName("documentDate")
        self.date_label.setTextFormat(Qt.TextFormat.PlainText)
        self.article = ArticleView(self.palette_)
        self.article.describe = self._describe_span

        center = QWidget()
        column = QVBoxLayout(center)
        column.setContentsMargins(8, 8, 8, 0)
        column.addWidget(self.title_label)
        column.addWidget(self.date_label)
        column.addWidget(self.palette_.legend(center))
        column.addWidget(self.article, 1)

        splitter = QSplitter()
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(self.documents)
        splitter.addWidget(center)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 1020])
        self.setCentralWidget(splitter)

        self.span_table = SpanTable(self.palette_)
        self.attribute_panel = AttributePanel()
        for widget, title, area in (
            (self.attribute_panel, "Attributes", Qt.DockWidgetArea.RightDockWidgetArea),
            (self.span_table, "Spans", Qt.DockWidgetArea.BottomDockWidgetArea),
        ):
            dock = QDockWidget(title, self)
            dock.setObjectName(f"{widget.objectName()}Dock")
            dock.setWidget(widget)
            self.addDockWidget(area, dock)
        self._build_status_bar()

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.link_prompt = QLabel()
        self.link_prompt.setObjectName("linkPrompt")
        self.link_prompt.setStyleSheet("color: #0d47a1; font-weight: 600;")
        self.link_prompt.hide()
        bar.addWidget(self.link_prompt)
        self.suggestions = SuggestionControls(self.store, self.settings, bar, self)
        self.runner = self.suggestions.runner
        self.done_progress = QProgressBar()
        self.done_progress.setObjectName("doneProgress")
        self.done_progress.setMaximumWidth(200)
        self.done_progress.setFormat("done %v / %m")
        bar.addPermanentWidget(self.done_progress)
        bar.addPermanentWidget(self.suggestions.model_label)

    def _build_actions(self) -> dict[str, QAction]:
        menus: dict[str, object] = {}
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        built: dict[str, QAction] = {}
        for spec in self.specs:
            action = QAction(spec.text, self)
            action.setObjectName(f"action_{spec.id}")
            action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
            action.setStatusTip(spec.tip)
            action.setToolTip(
                f"{spec.tip} ({', '.join(spec.shortcuts)})" if spec.shortcuts else spec.tip
            )
            action.setCheckable(spec.checkable)
            action.triggered.connect(self._handler(spec))
            if spec.scope == "article":
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.article.addAction(action)
                self.span_table.addAction(action)
            else:
                self.addAction(action)
            if spec.menu not in menus:
                menus[spec.menu] = self.menuBar().addMenu(spec.menu)
            menus[spec.menu].addAction(action)  # type: ignore[attr-defined]
            if spec.toolbar:
                toolbar.addAction(action)
            built[spec.id] = action
        built["cancel_suggestions"].setEnabled(False)
        built["snap_tokens"].setChecked(True)
        stack = self.session.undo_stack
        built["undo"].setEnabled(False)
        built["redo"].setEnabled(False)
        stack.canUndoChanged.connect(built["undo"].setEnabled)
        stack.canRedoChanged.connect(built["redo"].setEnabled)
        stack.undoTextChanged.connect(
            lambda text: built["undo"].setText(f"&Undo {text}" if text else "&Undo")
        )
        stack.redoTextChanged.connect(
            lambda text: built["redo"].setText(f"&Redo {text}" if text else "&Redo")
        )
        return built

    def _handler(self, spec: ActionSpec):  # type: ignore[no-untyped-def]
        if spec.id.startswith(("tag:", "exact:")):
            kind, label = spec.id.split(":", 1)
            return lambda: self.controller.tag(label, exact=kind == "exact")
        target = self.controller if hasattr(self.controller, f"on_{spec.id}") else self
        method = getattr(target, f"on_{spec.id}")
        return lambda: method()

    def _connect(self) -> None:
        self.documents.documentActivated.connect(self.open_document)
        self.session.documentOpened.connect(self._on_document_opened)
        self.session.documentEdited.connect(self._on_document_edited)
        self.session.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.article.currentSpanChanged.connect(self._on_current_span)
        self.span_table.spanActivated.connect(lambda span_id: self.article.set_current(span_id))
        self.attribute_panel.attrsEdited.connect(self._on_attrs_edited)
        self.attribute_panel.linkRequested.connect(self._link_from_panel)
        self.attribute_panel.unlinkRequested.connect(self.controller.unlink)
        self.controller.linkModeChanged.connect(self._on_link_mode)
        self.suggestions.documentSuggested.connect(self._on_document_suggested)
        self.suggestions.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.suggestions.failed.connect(self.show_error)
        self.suggestions.runningChanged.connect(self.actions_by_id["cancel_suggestions"].setEnabled)

    # --- documents -------------------------------------------------------------------------

    def open_document(self, document_id: int) -> None:
        if self.current_id != document_id:
            self.controller.end_link()
            self.session.open(document_id)

    def _on_document_opened(self, document_id: int) -> None:
        doc = self.session.doc
        assert doc is not None
        stored = self.store.document(document_id)
        summary = self.documents.model.summary_of(document_id)
        self.title_label.setText(summary.display_title if summary else (stored.title or ""))
        self.date_label.setText(
            f"Published {stored.published}" if stored.published else "No publication date"
        )
        self.article.show_document(doc.text, list(doc.spans))
        self.span_table.set_document(doc, None)
        self.attribute_panel.show_span(doc, None, [])
        self.documents.select_document(document_id)
        self._save_position()

    def _on_document_edited(self, document_id: int) -> None:
        self.documents.refresh_document(document_id)
        doc = self.session.doc
        if doc is not None and doc.id == document_id:
            self.article.update_spans(list(doc.spans))
            self.span_table.set_document(doc, self.article.current_id)
            self._on_current_span(self.article.current_id)
        self.update_progress()

    def _on_current_span(self, span_id: str | None) -> None:
        doc = self.session.doc
        span = doc.span(span_id) if doc is not None and span_id else None
        self.span_table.show_current(span_id)
        names = self._canonical_names() if span is not None and span.label == "ACTOR" else []
        self.attribute_panel.show_span(doc, span, names)

    def _canonical_names(self) -> list[str]:
        """Canonical names used in the corpus, read once (a scan of every span) and refreshed
        after attribute edits."""
        if self._names_cache is None:
            self._names_cache = self.store.canonical_names()
        return self._names_cache

    def _on_attrs_edited(self, attrs: dict[str, object]) -> None:
        self._names_cache = None
        self.controller.set_attrs(attrs)

    def _describe_span(self, span: Span) -> str:
        """The hover text: label, attributes, origin, status and links."""
        doc = self.session.doc
        lines = [f"{span.label} ({span.status.value})"]
        lines += [f"{key}: {value.get('text') if isinstance(value, dict) else value}"
                  for key, value in sorted(span.attrs.items())]  # fmt: skip
        if doc is not None:
            links = links_text(doc, span)
            if links:
                lines.append(links)
        lines.append(
            f"origin: {span.origin}" + (f" · by {span.annotator}" if span.annotator else "")
        )
        return "\n".join(lines)

    def _position_key(self) -> str:
        return f"last/{str(self.settings.db_path.resolve()).replace('/', '|')}"

    def _save_position(self) -> None:
        """The shown document, the current span and the cursor, for the next start."""
        doc = self.session.doc
        if doc is not None:
            cursor = self.article.offsets.from_qt(self.article.textCursor().position())
            self.qsettings.setValue(
                self._position_key(), [doc.id, cursor, self.article.current_id or ""]
            )

    def _restore_position(self) -> None:
        saved = self.qsettings.value(self._position_key())
        try:
            document_id, cursor, span_id = int(saved[0]), int(saved[1]), str(saved[2])
        except (TypeError, ValueError, IndexError):
            document_id, cursor, span_id = -1, 0, ""
        if self.documents.select_document(document_id):
            text_cursor = self.article.textCursor()
            text_cursor.setPosition(self.article.offsets.to_qt(min(cursor, len(self.article.text))))
            self.article.setTextCursor(text_cursor)
            self.article.centerCursor()
            if span_id and self.article.span(span_id) is not None:
                self.article.set_current(span_id)
            return
        first = self.documents.model.document_id(0) if self.documents.model.rowCount() else None
        if first is not None:
            self.documents.select_document(first)

    def update_progress(self) -> None:
        done, total = progress_counts(self.store)
        self.done_progress.setMaximum(max(total, 1))
        self.done_progress.setValue(done)

    def _mark(self, status: DocStatus) -> None:
        doc = self.session.doc
        if doc is None:
            return
        if (
            self.session.attempt(lambda d: set_status(d, status))
            and status != DocStatus.IN_PROGRESS
        ):
            following = self.documents.next_unfinished(doc.id)
            if following is None:
                self.statusBar().showMessage("Every document is done or skipped", 8000)
            else:
                self.documents.select_document(following)

    def on_mark_done(self) -> None:
        self._mark(DocStatus.DONE)

    def on_mark_skipped(self) -> None:
        self._mark(DocStatus.SKIPPED)

    def on_mark_in_progress(self) -> None:
        self._mark(DocStatus.IN_PROGRESS)

    def on_next_document(self) -> None:
        self.documents.next_document()

    def on_previous_document(self) -> None:
        self.documents.previous_document()

    def on_focus_documents(self) -> None:
        self.document_list.setFocus()

    def on_focus_search(self) -> None:
        self.documents.search_box.setFocus()
        self.documents.search_box.selectAll()

    def on_focus_article(self) -> None:
        self.article.setFocus()

    def on_undo(self) -> None:
        self.session.undo_stack.undo()

    def on_redo(self) -> None:
        self.session.undo_stack.redo()

    def on_snap_tokens(self) -> None:
        self.controller.snap = self.actions_by_id["snap_tokens"].isChecked()

    def _link_from_panel(self, label: str) -> None:
        self.article.setFocus()
        self.controller.start_link(label)

    def _on_link_mode(self, prompt: str) -> None:
        self.link_prompt.setText(prompt)
        self.link_prompt.setVisible(bool(prompt))

    def on_quit(self) -> None:
        self.close()

    # --- view and help ---------------------------------------------------------------------

    def on_zoom_in(self) -> None:
        self.article.zoom(+1)

    def on_zoom_out(self) -> None:
        self.article.zoom(-1)

    # --- suggestions -----------------------------------------------------------------------

    def suggest_unsuggested(self) -> None:
        self.suggestions.start_unsuggested()

    def on_suggest_document(self) -> None:
        if self.current_id is not None:
            self.suggestions.start([self.current_id])

    def on_suggest_all(self) -> None:
        self.suggestions.start(self.store.document_ids())

    def on_cancel_suggestions(self) -> None:
        self.suggestions.cancel()

    def on_choose_model(self) -> None:
        self.suggestions.choose_model()

    def on_choose_rules(self) -> None:
        self.suggestions.choose_rules()

    def _on_document_suggested(self, document_id: int) -> None:
        self.documents.refresh_document(document_id)
        if document_id == self.current_id:
            current = self.article.current_id
            self.session.reload(tokens_changed=True)
            self._on_document_edited(document_id)
            self.article.set_current(current, reveal=False)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.suggestions.shutdown()
        self._save_position()
        self.qsettings.sync()
        super().closeEvent(event)
