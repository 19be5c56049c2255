"""The suggestion part of the window: the runner (child process), its progress bar and Cancel
button, and the pipeline label with the no-model warning, all in the status bar."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QLabel, QProgressBar, QPushButton, QStatusBar, QWidget

from annotator.config import Settings
from annotator.core.nlp.pipeline import (
    FALLBACK_NAME,
    FALLBACK_WARNING,
    default_model,
    describe,
    installed_pipelines,
)
from annotator.core.nlp.suggest import DEFAULT_RULE_SET, RULE_SETS, rule_set
from annotator.core.store import Store
from annotator.ui.suggestions import SuggestionRunner


class SuggestionControls(QObject):
    documentSuggested = Signal(int)  # this document's suggestions were just stored
    message = Signal(str)
    failed = Signal(str)
    runningChanged = Signal(bool)

    def __init__(self, store: Store, settings: Settings, bar: QStatusBar, parent: QWidget) -> None:
        super().__init__(parent)
        self.store = store
        self.window = parent
        self.runner = SuggestionRunner(settings.db_path, settings.model, settings.batch_size)
        self.model_label = QLabel()
        self.model_label.setObjectName("modelLabel")
        self.model_warning = QLabel()
        self.model_warning.setObjectName("modelWarning")
        self.model_warning.setStyleSheet("color: #b00020; font-weight: 600;")
        self.model_warning.hide()
        self.progress = QProgressBar()
        self.progress.setObjectName("suggestProgress")
        self.progress.setMaximumWidth(200)
        self.progress.setFormat("suggesting %v/%m")
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelSuggestions")
        self.cancel_button.setToolTip("Stop the suggestions (finished documents keep theirs)")
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.cancel_button.hide()
        bar.addWidget(self.model_warning)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        no_model = settings.model is None and default_model() is None
        self.show_model(
            f"{describe(settings.model)} + rules:{DEFAULT_RULE_SET}",
            FALLBACK_WARNING if no_model else None,
        )
        self.runner.loaded.connect(lambda origin, warning: self.show_model(origin, warning))
        self.runner.progress.connect(self._on_progress)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self.failed)
        self.runner.runningChanged.connect(self._on_running_changed)

    def show_model(self, text: str, warning: str | None = None) -> None:
        self.model_label.setText(f"Suggestions: {text}")
        if warning:
            self.model_warning.setText(f"⚠ {warning}")
            self.model_warning.setToolTip(warning)
            self.model_warning.show()
        else:
            self.model_warning.hide()

    def start(self, document_ids: list[int]) -> None:
        if self.runner.is_running():
            self.message.emit("Suggestions are already running")
        elif document_ids:
            self.runner.start(document_ids)

    def start_unsuggested(self) -> None:
        ids = self.store.unsuggested_ids()
        if ids:
            self.runner.start(ids)

    def cancel(self) -> None:
        self.runner.cancel()

    def choose_model(self) -> None:
        choices = [*installed_pipelines(), FALLBACK_NAME]
        current = self.runner.model or (choices[0] if choices else FALLBACK_NAME)
        name, ok = QInputDialog.getItem(
            self.window, "Suggestion pipeline",
            "spaCy pipeline (installed package name, or a pipeline folder):",
            choices, choices.index(current) if current in choices else 0, True,
        )  # fmt: skip
        if ok and name.strip():
            self.set_model(name.strip())

    def choose_rules(self) -> None:
        names = sorted(RULE_SETS)
        current = self.runner.rules or DEFAULT_RULE_SET
        items = [f"{name}: {RULE_SETS[name].description}" for name in names]
        item, ok = QInputDialog.getItem(
            self.window, "Suggestion rules", "Rules applied to the pipeline's parse:",
            items, names.index(current), False,
        )  # fmt: skip
        if ok:
            self.set_rules(names[items.index(item)])

    def set_rules(self, name: str) -> None:
        rule_set(name)  # ValueError for an unknown name, before anything changes
        self.runner.rules = name
        self.show_model(f"{describe(self.runner.model)} + rules:{name}")
        self.message.emit(f"Suggestions will use the {name!r} rules; run Suggest to apply them")

    def set_model(self, name: str) -> None:
        self.runner.model = name
        self.show_model(f"{describe(name)} + rules:{self.runner.rules or DEFAULT_RULE_SET}")
        self.message.emit(f"Suggestions will use {name}; run Suggest to apply it")

    def _on_progress(self, done: int, total: int, document_id: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        self.documentSuggested.emit(document_id)

    def _on_finished(self, documents: int, suggestions: int, cancelled: bool) -> None:
        verb = "cancelled after" if cancelled else "done:"
        self.message.emit(f"Suggestions {verb} {documents} documents, {suggestions} spans")

    def _on_running_changed(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        if running:
            self.progress.setValue(0)
        self.runningChanged.emit(running)

    def shutdown(self) -> None:
        self.runner.shutdown()
