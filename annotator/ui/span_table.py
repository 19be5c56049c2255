"""The span table: every span of the shown document with its status, origin and links."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from annotator.core.annotation import AnnotatedDocument
from annotator.core.model import Span, SpanStatus
from annotator.core.spans import quote
from annotator.ui.palette import Palette

Index = QModelIndex | QPersistentModelIndex


def links_text(doc: AnnotatedDocument, span: Span) -> str:
    """'speaker: Gantz; date: Tuesday' for a claim; for others, the claims they belong to."""
    parts = []
    for relation in doc.relations:
        if relation.head == span.id:
            child = doc.span(relation.child)
            parts.append(f"{relation.label.lower()}: {doc.text_of(child)}")
        elif relation.child == span.id:
            head = doc.span(relation.head)
            parts.append(f"{relation.label.lower()} of {quote(doc.text_of(head), 24)}")
    return "; ".join(parts)


def _first_difference(old: list[str], new: list[str]) -> int:
    """Where two id lists first differ (the shorter length if one is a prefix of the other)."""
    for number, (a, b) in enumerate(zip(old, new, strict=False)):
        if a != b:
            return number
    return min(len(old), len(new))


class SpanTableModel(QAbstractTableModel):
    COLUMNS = ("Label", "Text", "Status", "Links", "Origin", "By")

    def __init__(self, palette: Palette) -> None:
        super().__init__()
        self.palette = palette
        self.doc: AnnotatedDocument | None = None
        self.rows: list[Span] = []

    def set_document(self, doc: AnnotatedDocument | None) -> None:
        """Show a document's spans. After one edit of the same document only the rows that
        changed are told to the view (a reset would repaint the whole table per keypress)."""
        rows = sorted(doc.spans, key=lambda s: (s.start, -s.end)) if doc else []
        same_document = doc is not None and self.doc is not None and doc.id == self.doc.id
        old_links = self.doc.relations if self.doc is not None else ()
        self.doc = doc
        if not same_document or doc is None or doc.relations != old_links:
            self.beginResetModel()
            self.rows = rows
            self.endResetModel()
            return
        old_ids = [s.id for s in self.rows]
        new_ids = [s.id for s in rows]
        if old_ids == new_ids:
            for number, (old, new) in enumerate(zip(self.rows, rows, strict=True)):
                if old is not new and old != new:
                    self.rows[number] = new
                    self.dataChanged.emit(
                        self.index(number, 0), self.index(number, len(self.COLUMNS) - 1)
                    )
            return
        at = _first_difference(old_ids, new_ids)
        if len(new_ids) == len(old_ids) + 1 and new_ids[:at] + new_ids[at + 1 :] == old_ids:
            self.beginInsertRows(QModelIndex(), at, at)
            self.rows.insert(at, rows[at])
            self.endInsertRows()
            self.set_document(doc)  # any other changed row of the same edit
            return
        if len(new_ids) == len(old_ids) - 1 and old_ids[:at] + old_ids[at + 1 :] == new_ids:
            self.beginRemoveRows(QModelIndex(), at, at)
            del self.rows[at]
            self.endRemoveRows()
            self.set_document(doc)
            return
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def row_of(self, span_id: str) -> int | None:
        return next((n for n, s in enumerate(self.rows) if s.id == span_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.doc is None:
            return None
        span = self.rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return span.label
            if column == 1:
                text = " ".join(self.doc.text_of(span).split())
                return (
                    text
                    if role == Qt.ItemDataRole.ToolTipRole or len(text) < 60
                    else text[:59] + "…"
                )
            if column == 2:
                return span.status.value
            if column == 3:
                return links_text(self.doc, span)
            if column == 4:
                return span.origin
            return span.annotator or ""
        if role == Qt.ItemDataRole.BackgroundRole and column == 0:
            return QBrush(self.palette.format(span.label, span.status).background())
        if role == Qt.ItemDataRole.ForegroundRole and span.status == SpanStatus.REJECTED:
            return QBrush(Qt.GlobalColor.gray)
        return None


class SpanTable(QTableView):
    spanActivated = Signal(str)

    def __init__(self, palette: Palette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spanTable")
        self.model_ = SpanTableModel(palette)
        self.setModel(self.model_)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # Fixed widths: sizing columns to their contents reads every row (1,000 spans) per edit.
        metrics = self.fontMetrics()
        for column, widest in (
            (0, "ACTOR__"),
            (2, "suggested__"),
            (3, "speaker: Benny Gantz"),
            (4, "model:en_core_web_sm@3.8.0"),
            (5, "annotator"),
        ):
            header.resizeSection(column, metrics.horizontalAdvance(widest) + 16)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(metrics.height() + 6)
        self.selectionModel().currentRowChanged.connect(self._on_row)
        self._quiet = False

    def set_document(self, doc: AnnotatedDocument | None, current: str | None) -> None:
        self._quiet = True
        self.model_.set_document(doc)
        self._quiet = False
        self.show_current(current)

    def show_current(self, span_id: str | None) -> None:
        row = self.model_.row_of(span_id) if span_id else None
        self._quiet = True
        if row is None:
            self.clearSelection()
        else:
            self.selectRow(row)
            self.scrollTo(self.model_.index(row, 0))
        self._quiet = False

    def _on_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._quiet and current.isValid():
            self.spanActivated.emit(self.model_.rows[current.row()].id)
