"""The attribute panel: edits the current span's attributes with widgets built from the table in
core/attributes.py, and shows a claim's speaker and date with buttons to set or remove them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.annotation import AnnotatedDocument
from annotator.core.attributes import Field, fields_for
from annotator.core.model import Span
from annotator.core.spans import quote
from annotator.core.timex import is_valid_value

INVALID_STYLE = "QLineEdit { border: 2px solid #c62828; }"


class AttributePanel(QWidget):
    attrsEdited = Signal(dict)  # the complete new attributes of the current span
    linkRequested = Signal(str)  # relation label: pick its target next
    unlinkRequested = Signal(str)  # relation id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attributePanel")
        self.heading = QLabel("No span selected")
        self.heading.setObjectName("attributeHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.links_host = QWidget()
        self.links = QVBoxLayout(self.links_host)
        self.links.setContentsMargins(0, 0, 0, 0)
        column = QVBoxLayout(self)
        column.addWidget(self.heading)
        column.addWidget(self.form_host)
        column.addWidget(self.links_host)
        column.addStretch(1)
        self.canonical_names = QStringListModel(self)
        self.editors: dict[str, QWidget] = {}
        self.span: Span | None = None

    def show_span(self, doc: AnnotatedDocument | None, span: Span | None, names: list[str]) -> None:
        self.span = span
        self.canonical_names.setStringList(names)
        self._clear()
        if doc is None or span is None:
            self.heading.setText("No span selected")
            return
        self.heading.setText(f"{span.label} {quote(doc.text_of(span), 60)} ({span.status.value})")
        for field in fields_for(span.label):
            editor = self._editor(field, span.attrs.get(field.name))
            editor.setObjectName(f"attr_{field.name}")
            editor.setToolTip(field.tip)
            self.editors[field.name] = editor
            self.form.addRow(field.name.replace("_", " "), editor)
        if span.label == "CLAIM":
            self._show_links(doc, span)

    # --- widgets ---------------------------------------------------------------------------

    def _clear(self) -> None:
        self.editors = {}
        while self.form.rowCount():
            self.form.removeRow(0)
        while self.links.count():
            widget = self.links.takeAt(0).widget()
            if widget is not None:
                # Deleted later (a signal of a child may be running); renamed now so that
                # findChild never returns a row on its way out. Never reparented to None: a
                # pending show would turn it into a window that steals the focus.
                widget.hide()
                for child in [widget, *widget.findChildren(QWidget)]:
                    child.setObjectName("")
                widget.deleteLater()

    def _editor(self, field: Field, value: Any) -> QWidget:
        if field.kind == "choice":
            combo = QComboBox()
            combo.addItems([c or "—" for c in field.choices])
            combo.setCurrentIndex(field.choices.index(value) if value in field.choices else 0)
            combo.activated.connect(self._emit)
            return combo
        if field.kind == "flag":
            box = QCheckBox()
            box.setChecked(bool(value))
            box.clicked.connect(self._emit)
            return box
        line = QLineEdit(value.get("text", "") if isinstance(value, dict) else str(value or ""))
        if field.kind == "canonical":
            completer = QCompleter(self.canonical_names, line)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            line.setCompleter(completer)
        if field.kind == "timex":
            line.setPlaceholderText("e.g. 2022-10-18, 2022-W42, P3D, PAST_REF")
            line.textChanged.connect(
                lambda text, line=line: line.setStyleSheet(
                    "" if is_valid_value(text.strip()) else INVALID_STYLE
                )
            )
        line.editingFinished.connect(self._emit)
        return line

    def _show_links(self, doc: AnnotatedDocument, claim: Span) -> None:
        for label, name, key in (("SPEAKER", "Speaker", "S"), ("STATED_ON", "Date", "T")):
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            target = doc.linked(claim.id, label)
            text = QLabel(f"{name}: {doc.text_of(target) if target else '—'}")
            text.setObjectName(f"link_{label}")
            text.setTextFormat(Qt.TextFormat.PlainText)
            line.addWidget(text, 1)
            choose = QPushButton(f"Set ({key})")
            choose.setObjectName(f"setLink_{label}")
            choose.clicked.connect(lambda _=False, label=label: self.linkRequested.emit(label))
            line.addWidget(choose)
            if target is not None:
                relation = next(r for r in doc.relations if r.head == claim.id and r.label == label)
                remove = QPushButton("Remove")
                remove.setObjectName(f"unlink_{label}")
                remove.clicked.connect(
                    lambda _=False, rid=relation.id: self.unlinkRequested.emit(rid)
                )
                line.addWidget(remove)
            self.links.addWidget(row)

    def _emit(self, *_args: object) -> None:
        if self.span is None:
            return
        attrs: dict[str, Any] = dict(self.span.attrs)
        for field in fields_for(self.span.label):
            editor = self.editors.get(field.name)
            if isinstance(editor, QComboBox):
                attrs[field.name] = field.choices[editor.currentIndex()]
            elif isinstance(editor, QCheckBox):
                attrs[field.name] = editor.isChecked()
            elif isinstance(editor, QLineEdit):
                attrs[field.name] = editor.text().strip()
        if attrs.get("hedged") is False:
            attrs.pop("hedged")
        comparable = {k: v for k, v in attrs.items() if v not in (None, "", False)}
        cue = comparable.get("cue")
        old_cue = self.span.attrs.get("cue")
        if isinstance(old_cue, dict) and cue == old_cue.get("text"):
            comparable["cue"] = old_cue
        if comparable != self.span.attrs:
            self.attrsEdited.emit(comparable)
