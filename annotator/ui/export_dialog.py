"""File → Export…: a dialog with the options of ``annotator export`` (format, document statuses,
suggestions, labels, dev share and seed, output path with a dated default under exports/), and
the export itself behind a progress dialog that can cancel. The rules live in core/export.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from annotator.core.export import (
    DEFAULT_DEV_RATIO,
    DESCRIPTIONS,
    FORMATS,
    ExportCancelled,
    ExportOptions,
    ExportSummary,
    default_output,
    export,
)
from annotator.core.model import DocStatus
from annotator.core.store import Store
from annotator.ui.progress_dialog import progress_dialog

STATUS_NAMES = {"new": "New", "in_progress": "In progress", "done": "Done", "skipped": "Skipped"}


class ExportDialog(QDialog):
    """Collects :class:`ExportOptions`; ``options()`` after the dialog is accepted."""

    def __init__(
        self,
        parent: QWidget | None,
        labels: Sequence[str],
        db_path: Path | None,
        today: date | None = None,
        model: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export")
        self.db_path = db_path
        self.today = today or date.today()
        self.model = model
        self.path_edited = False

        self.format = QComboBox()
        self.format.setObjectName("exportFormat")
        for fmt in FORMATS:
            self.format.addItem(DESCRIPTIONS[fmt], fmt)
        self.statuses: dict[str, QCheckBox] = {}
        status_row = QHBoxLayout()
        for status in DocStatus:
            box = QCheckBox(STATUS_NAMES[status.value])
            box.setObjectName(f"exportStatus_{status.value}")
            box.setChecked(status == DocStatus.DONE)
            box.toggled.connect(self._update_ok)
            self.statuses[status.value] = box
            status_row.addWidget(box)
        self.suggestions = QCheckBox("Include suggestions nobody has reviewed")
        self.suggestions.setObjectName("exportSuggestions")
        self.labels: dict[str, QCheckBox] = {}
        label_row = QHBoxLayout()
        for label in labels:
            box = QCheckBox(label)
            box.setObjectName(f"exportLabel_{label}")
            box.setChecked(True)
            box.toggled.connect(self._update_ok)
            self.labels[label] = box
            label_row.addWidget(box)
        self.dev_ratio = QDoubleSpinBox()
        self.dev_ratio.setObjectName("exportDevRatio")
        self.dev_ratio.setRange(0.0, 0.9)
        self.dev_ratio.setSingleStep(0.05)
        self.dev_ratio.setDecimals(2)
        self.seed = QSpinBox()
        self.seed.setObjectName("exportSeed")
        self.seed.setRange(0, 2**31 - 1)
        self.path = QLineEdit()
        self.path.setObjectName("exportPath")
        self.path.textEdited.connect(self._path_edited)
        self.path.textChanged.connect(self._update_ok)
        browse = QPushButton("Browse…")
        browse.setObjectName("exportBrowse")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.setObjectName("exportButtons")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout(self)
        form.addRow("Format", self.format)
        form.addRow("Documents", status_row)
        form.addRow("", self.suggestions)
        form.addRow("Labels", label_row)
        form.addRow("Dev share", self.dev_ratio)
        form.addRow("Split seed", self.seed)
        form.addRow("Save to", path_row)
        form.addRow(self.buttons)
        self.format.currentIndexChanged.connect(self._format_changed)
        self._format_changed()

    def chosen_format(self) -> str:
        return str(self.format.currentData())

    def _format_changed(self) -> None:
        fmt = self.chosen_format()
        self.dev_ratio.setValue(DEFAULT_DEV_RATIO.get(fmt, 0.0))
        if not self.path_edited:
            self.path.setText(str(default_output(self.db_path, fmt, self.today)))
        self._update_ok()

    def _path_edited(self, _text: str) -> None:
        self.path_edited = True

    def _browse(self) -> None:
        current = self.path.text()
        if self.chosen_format() == "brat":
            chosen = QFileDialog.getExistingDirectory(self, "Export into folder", current)
        else:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export to", current)
        if chosen:
            self.path_edited = True
            self.path.setText(chosen)

    def _update_ok(self) -> None:
        ready = (
            any(box.isChecked() for box in self.statuses.values())
            and (not self.labels or any(box.isChecked() for box in self.labels.values()))
            and bool(self.path.text().strip())
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def options(self) -> ExportOptions:
        labels = tuple(name for name, box in self.labels.items() if box.isChecked())
        return ExportOptions(
            format=self.chosen_format(),
            statuses=tuple(s for s, box in self.statuses.items() if box.isChecked()),
            include_suggestions=self.suggestions.isChecked(),
            labels=None if len(labels) == len(self.labels) else labels,
            dev_ratio=round(self.dev_ratio.value(), 4),
            seed=self.seed.value(),
            out=Path(self.path.text().strip()),
            model=self.model,
        )


def run_export(parent: QWidget, store: Store, options: ExportOptions) -> ExportSummary | None:
    """The export behind a progress dialog; None if cancelled. AnnotatorError/OSError propagate."""
    with progress_dialog(parent, "Exporting…", "Export", "exportProgress") as (step, cancelled):
        try:
            return export(store, options, progress=step, should_cancel=cancelled)
        except ExportCancelled:
            return None


def export_from_window(
    parent: QWidget,
    store: Store,
    labels: Sequence[str],
    db_path: Path | None,
    model: str | None = None,
) -> ExportSummary | None:
    """File → Export…: ask for the options, then export. None when the person cancels.

    Raises AnnotatorError (or OSError) when the export cannot be written; show its message.
    """
    dialog = ExportDialog(parent, labels, db_path, model=model)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        options = dialog.options()
    finally:
        dialog.deleteLater()
    return run_export(parent, store, options)
