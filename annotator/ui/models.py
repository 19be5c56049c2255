"""Qt item models over store contents: the document list."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from annotator.core.model import DocStatus, DocumentSummary

STATUS_TEXT = {
    DocStatus.NEW: "new",
    DocStatus.IN_PROGRESS: "in progress",
    DocStatus.DONE: "done",
    DocStatus.SKIPPED: "skipped",
}

Index = QModelIndex | QPersistentModelIndex


class DocumentListModel(QAbstractTableModel):
    """One row per document: title, publication date, status, number of spans."""

    COLUMNS = ("Title", "Date", "Status", "Spans")
    ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[DocumentSummary] = []
        self._row_of: dict[int, int] = {}

    def set_rows(self, rows: list[DocumentSummary]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._row_of = {summary.id: number for number, summary in enumerate(rows)}
        self.endResetModel()

    def update_row(self, summary: DocumentSummary) -> None:
        """Replace one document's row (after suggestions or a status change)."""
        number = self._row_of.get(summary.id)
        if number is None:
            return
        self._rows[number] = summary
        self.dataChanged.emit(self.index(number, 0), self.index(number, len(self.COLUMNS) - 1))

    def row_of(self, document_id: int) -> int | None:
        return self._row_of.get(document_id)

    def summary_of(self, document_id: int) -> DocumentSummary | None:
        row = self._row_of.get(document_id)
        return None if row is None else self._rows[row]

    def document_id(self, row: int) -> int:
        return self._rows[row].id

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        summary = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return summary.display_title
            if column == 1:
                return summary.published or ""
            if column == 2:
                return STATUS_TEXT[summary.status]
            return summary.span_count
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return f"{summary.display_title}\n{summary.length:,} characters"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.ID_ROLE:
            return summary.id
        return None
