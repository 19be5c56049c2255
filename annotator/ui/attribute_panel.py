"""The attribute panel: edits the current span's attributes with widgets built from the table in
core/attributes.py, and shows a claim's speaker and date with buttons to set or remove them.

One page of editors per label is built once; showing a span only fills in values (building
widgets on every keypress cost more than the edit itself).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.annotation import AnnotatedDocument
from annotator.core.attributes import ATTRIBUTE_FIELDS, Field, fields_for
from annotator.core.model import Span
from annotator.core.spans import quote
from annotator.core.timex import is_valid_value

INVALID_STYLE = "QLineEdit { border: 2px solid #c62828; }"
LINKS = (("SPEAKER", "Speaker", "S"), ("STATED_ON", "Date", "T"))


class _LinkRow(QWidget):
    def __init__(self, label: str, name: str, key: str, panel: AttributePanel) -> None:
        super().__init__()
        self.label = label
        self.name = name
        self.relation_id: str | None = None
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        self.text = QLabel()
        self.text.setObjectName(f"link_{label}")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        line.addWidget(self.text, 1)
        choose = QPushButton(f"Set ({key})")
        choose.setObjectName(f"setLink_{label}")
        choose.clicked.connect(lambda _=False: panel.linkRequested.emit(label))
        line.addWidget(choose)
        self.remove = QPushButton("Remove")
        self.remove.setObjectName(f"unlink_{label}")
        self.remove.clicked.connect(
            lambda _=False: self.relation_id and panel.unlinkRequested.emit(self.relation_id)
        )
        line.addWidget(self.remove)

    def show_link(self, doc: AnnotatedDocument, claim: Span) -> None:
        relation = next(
            (r for r in doc.relations if r.head == claim.id and r.label == self.label), None
        )
        self.relation_id = relation.id if relation else None
        target = doc.span(relation.child) if relation else None
        self.text.setText(f"{self.name}: {doc.text_of(target) if target else '—'}")
        self.remove.setVisible(relation is not None)


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
        self.canonical_names = QStringListModel(self)
        self.pages = QStackedWidget()
        self.pages.addWidget(QWidget())  # no span
        self.page_editors: dict[str, dict[str, QWidget]] = {}
        self.page_index: dict[str, int] = {}
        self.link_rows: list[_LinkRow] = []
        for label in ATTRIBUTE_FIELDS:
            self._build_page(label)
        column = QVBoxLayout(self)
        column.addWidget(self.heading)
        column.addWidget(self.pages)
        column.addStretch(1)
        self.editors: dict[str, QWidget] = {}
        self.span: Span | None = None
        self._shown: object = None

    def _build_page(self, label: str) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        column.addLayout(form)
        editors: dict[str, QWidget] = {}
        for field in fields_for(label):
            editor = self._editor(field)
            editor.setToolTip(field.tip)
            editors[field.name] = editor
            form.addRow(field.name.replace("_", " "), editor)
        if label == "CLAIM":
            for relation, name, key in LINKS:
                row = _LinkRow(relation, name, key, self)
                self.link_rows.append(row)
                column.addWidget(row)
        self.page_editors[label] = editors
        self.page_index[label] = self.pages.addWidget(page)

    def _editor(self, field: Field) -> QWidget:
        if field.kind == "choice":
            combo = QComboBox()
            combo.addItems([c or "—" for c in field.choices])
            combo.activated.connect(self._emit)
            return combo
        if field.kind == "flag":
            box = QCheckBox()
            box.clicked.connect(self._emit)
            return box
        line = QLineEdit()
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

    def show_span(self, doc: AnnotatedDocument | None, span: Span | None, names: list[str]) -> None:
        links = doc.relations_of(span.id) if doc is not None and span is not None else ()
        shown = (doc.id if doc else None, span, links, len(names))
        if shown == self._shown:
            return  # the same span as shown: keep the values (and whatever has the focus)
        self._shown = shown
        self.span = span
        if names != self.canonical_names.stringList():
            self.canonical_names.setStringList(names)
        if doc is None or span is None or span.label not in self.page_index:
            self.heading.setText("No span selected" if span is None else span.label)
            self.pages.setCurrentIndex(0)
            self.editors = {}
            return
        self.heading.setText(f"{span.label} {quote(doc.text_of(span), 60)} ({span.status.value})")
        self._rename(span.label)
        self.editors = self.page_editors[span.label]
        for field in fields_for(span.label):
            self._fill(field, self.editors[field.name], span.attrs.get(field.name))
        if span.label == "CLAIM":
            for row in self.link_rows:
                row.show_link(doc, span)
        self.pages.setCurrentIndex(self.page_index[span.label])

    def _rename(self, label: str) -> None:
        """Only the shown page's editors carry the ``attr_<name>`` object names."""
        for page_label, editors in self.page_editors.items():
            for name, editor in editors.items():
                shown = page_label == label
                editor.setObjectName(f"attr_{name}" if shown else f"{page_label}_attr_{name}")

    @staticmethod
    def _fill(field: Field, editor: QWidget, value: Any) -> None:
        blocker = QSignalBlocker(editor)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(field.choices.index(value) if value in field.choices else 0)
        elif isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QLineEdit):
            editor.setText(value.get("text", "") if isinstance(value, dict) else str(value or ""))
            if field.kind == "timex":
                editor.setStyleSheet("")
        blocker.unblock()

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
