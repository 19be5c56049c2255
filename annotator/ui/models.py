"""Qt item models over store contents: the document list."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from annotator.core.model import DocStatus, DocumentSummary

STATUS_TEXT = {
    DocStatus.NEW: "new",
    DocStatus.IN_PROGRESS: "in progress",
    DocStatus.DONE: "done",
    DocStatus.SKIPPED: "skipped",
}

Index = QModelIndex | QPersistentModelIndex
Loader = Callable[[Sequence[int]], list[DocumentSummary]]
"""Reads the summaries of some document ids (e.g. ``core.doclist.load_summaries`` on a store)."""

PAGE_SIZE = 200
MAX_PAGES = 50
"""Pages of summaries kept: 10,000 rows, a few MB, whatever the size of the corpus."""

_Role = Qt.ItemDataRole
_SERVED = frozenset(
    {_Role.DisplayRole, _Role.ToolTipRole, _Role.TextAlignmentRole, _Role.UserRole + 1}
)


class DocumentListModel(QAbstractTableModel):
    """One row per document: title, publication date, status, number of spans.

    The model holds the list of ids in display order (the query decides the order; there is no
    sorting here) and reads the rows' summaries through ``loader`` a page at a time, when the view
    first asks for a row of that page. At most ``max_pages`` pages stay cached (least recently
    used are dropped), so memory does not grow with the corpus or with scrolling.

    Without a loader the model shows exactly the rows given to :meth:`set_rows` and never evicts
    them (the eager mode the main window used before the document panel).
    """

    COLUMNS = ("Title", "Date", "Status", "Spans")
    ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(
        self,
        loader: Loader | None = None,
        page_size: int = PAGE_SIZE,
        max_pages: int = MAX_PAGES,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._loader = loader
        self._page_size = page_size
        self._max_pages = max_pages
        self._ids: list[int] = []
        self._row_of: dict[int, int] | None = None
        # page number -> one slot per row of the page; None = not loaded (or invalidated)
        self._pages: OrderedDict[int, list[DocumentSummary | None]] = OrderedDict()
        self._gone: set[int] = set()  # ids the loader no longer finds (deleted documents)
        self.loads = 0
        """How many times the loader was called (for tests and benchmarks)."""

    # --- contents --------------------------------------------------------------------------

    def set_ids(self, ids: list[int]) -> None:
        """Show these documents, in this order; every cached row is dropped."""
        self.beginResetModel()
        self._ids = list(ids)
        self._row_of = None
        self._pages.clear()
        self._gone.clear()
        self.endResetModel()

    def set_rows(self, rows: list[DocumentSummary]) -> None:
        """Show exactly these rows (eager mode: all summaries already read)."""
        self.set_ids([summary.id for summary in rows])
        size = self._page_size
        for number in range(0, len(rows), size):
            self._pages[number // size] = list(rows[number : number + size])

    def update_row(self, summary: DocumentSummary) -> None:
        """Replace one document's row with a summary read by the caller."""
        row = self.row_of(summary.id)
        if row is None:
            return
        page = self._pages.get(row // self._page_size)
        if page is not None:
            page[row % self._page_size] = summary
        self._emit_row_changed(row)

    def invalidate(self, document_id: int) -> None:
        """The document's status or spans changed: read its row again when it is next shown."""
        row = self.row_of(document_id)
        if row is None:
            return
        page = self._pages.get(row // self._page_size)
        if page is not None and self._loader is not None:
            page[row % self._page_size] = None
        self._gone.discard(document_id)
        self._emit_row_changed(row)

    def ids(self) -> Sequence[int]:
        """The listed ids in display order (do not modify)."""
        return self._ids

    def row_of(self, document_id: int) -> int | None:
        if self._row_of is None:
            self._row_of = {doc_id: row for row, doc_id in enumerate(self._ids)}
        return self._row_of.get(document_id)

    def document_id(self, row: int) -> int:
        return self._ids[row]

    def summary_of(self, document_id: int) -> DocumentSummary | None:
        """The document's row (read from the store if its page is not cached); None if unlisted."""
        row = self.row_of(document_id)
        return None if row is None else self._summary(row)

    def cached_pages(self) -> int:
        return len(self._pages)

    def _summary(self, row: int) -> DocumentSummary | None:
        number, slot = divmod(row, self._page_size)
        page = self._pages.get(number)
        if page is None:
            page = self._load_page(number)
        else:
            self._pages.move_to_end(number)
        summary = page[slot]
        if summary is None and self._loader is not None and self._ids[row] not in self._gone:
            self.loads += 1
            found = self._loader([self._ids[row]])
            if found:
                summary = page[slot] = found[0]
            else:
                self._gone.add(self._ids[row])
        return summary

    def _load_page(self, number: int) -> list[DocumentSummary | None]:
        start = number * self._page_size
        ids = self._ids[start : start + self._page_size]
        page: list[DocumentSummary | None] = [None] * len(ids)
        if self._loader is not None:
            self.loads += 1
            found = {summary.id: summary for summary in self._loader(ids)}
            page = [found.get(doc_id) for doc_id in ids]
            self._gone.update(doc_id for doc_id in ids if doc_id not in found)
            self._pages[number] = page
            while len(self._pages) > self._max_pages:
                self._pages.popitem(last=False)
        return page

    def _emit_row_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    # --- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            # A newly clicked header sorts ascending (Qt's default is to keep the last order).
            return Qt.SortOrder.AscendingOrder.value
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Views ask for a dozen roles per cell and repaint often: leave early for the rest.
        if role not in _SERVED or not index.isValid():
            return None
        if role == self.ID_ROLE:
            return self._ids[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == 3:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        summary = self._summary(index.row())
        if summary is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return summary.display_title
            if column == 1:
                return (summary.published or "")[:10]
            if column == 2:
                return STATUS_TEXT[summary.status]
            return summary.span_count
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return f"{summary.display_title}\n{summary.length:,} characters"
        return None
