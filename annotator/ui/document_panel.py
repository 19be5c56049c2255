"""The document browser: search, filters and a lazily filled list of up to 100,000 documents.

The panel turns the search box, the two filters and header clicks into a
:class:`~annotator.core.doclist.DocumentQuery`; the query (SQL in ``core/doclist.py``) returns the
ids in display order and the list model reads the visible rows a page at a time.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.doclist import (
    DocumentQuery,
    SortKey,
    first_unfinished,
    load_summaries,
    progress_counts,
    query_ids,
)
from annotator.core.model import DocStatus
from annotator.core.store import Store
from annotator.errors import StoreError
from annotator.ui.models import STATUS_TEXT, DocumentListModel

SEARCH_DELAY_MS = 250
SEARCH_PLACEHOLDER = 'Search text (FTS5: words, "phrases", prefix*, AND/OR/NOT)'
SORT_BY_COLUMN: tuple[SortKey, ...] = ("title", "date", "status", "spans")
"""The query order behind each column of DocumentListModel.COLUMNS."""


class DocumentPanel(QWidget):
    """Search box, status and label filters, the document list and a count.

    ``documentActivated`` is emitted whenever the selected document changes to another document:
    a click, the keyboard, :meth:`select_document`, :meth:`next_document` or
    :meth:`previous_document`. It is not emitted when :meth:`reload` keeps the same document
    selected.
    """

    documentActivated = Signal(int)

    def __init__(self, store: Store, labels: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentPanel")
        self._store = store
        self._query = DocumentQuery()
        self._current_id: int | None = None
        self.model = DocumentListModel(lambda ids: load_summaries(store, ids), parent=self)
        self._build(labels)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self._connect()
        self._run(self._query)

    # --- construction ----------------------------------------------------------------------

    def _build(self, labels: list[str]) -> None:
        self.search_box = QLineEdit()
        self.search_box.setObjectName("searchBox")
        self.search_box.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.search_box.setClearButtonEnabled(True)
        self.search_error = QLabel()
        self.search_error.setObjectName("searchError")
        self.search_error.setTextFormat(Qt.TextFormat.PlainText)
        self.search_error.setWordWrap(True)
        self.search_error.setStyleSheet("color: #b00020;")
        self.search_error.hide()

        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.addItem("All", None)
        for status in DocStatus:
            self.status_filter.addItem(STATUS_TEXT[status], status.value)
        self.label_filter = QComboBox()
        self.label_filter.setObjectName("labelFilter")
        self.label_filter.addItem("All labels", None)
        for label in labels:
            self.label_filter.addItem(label, label)

        self.table = QTableView()
        self.table.setObjectName("documentList")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(False)  # the query sorts; see _on_sort
        # Fixed row heights and no ResizeToContents columns: either would make Qt measure rows
        # (and so read their summaries) beyond the visible ones.
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # import order: no column
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        metrics = header.fontMetrics()
        for column, widest in ((1, "0000-00-00"), (2, "in progress"), (3, "Spans")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(widest) + 32)

        self.count_label = QLabel()
        self.count_label.setObjectName("documentCount")

        filters = QHBoxLayout()
        filters.addWidget(self.status_filter, 1)
        filters.addWidget(self.label_filter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_box)
        layout.addWidget(self.search_error)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

    def _connect(self) -> None:
        self.search_box.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_box.returnPressed.connect(self._apply_search)
        self.status_filter.currentIndexChanged.connect(self._on_filter)
        self.label_filter.currentIndexChanged.connect(self._on_filter)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._on_sort)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)

    # --- queries ---------------------------------------------------------------------------

    def query(self) -> DocumentQuery:
        """The query behind the list as shown (the last one that ran)."""
        return self._query

    def reload(self) -> None:
        """Run the current query again (documents were imported, statuses changed...)."""
        self._run(self._query)

    def _apply_search(self) -> None:
        self._search_timer.stop()
        text = self.search_box.text().strip() or None
        self._run(replace(self._query, search=text))

    def _on_filter(self) -> None:
        self._run(
            replace(
                self._query,
                status=self.status_filter.currentData(),
                label=self.label_filter.currentData(),
            )
        )

    def _on_sort(self, column: int, order: Qt.SortOrder) -> None:
        if 0 <= column < len(SORT_BY_COLUMN):
            descending = order == Qt.SortOrder.DescendingOrder
            self._run(replace(self._query, sort=SORT_BY_COLUMN[column], descending=descending))

    def _run(self, query: DocumentQuery) -> bool:
        """Show the query's documents; on a bad search keep the list and show why."""
        try:
            ids = query_ids(self._store, query)
        except StoreError as exc:
            self.search_error.setText(str(exc))
            self.search_error.show()
            return False
        self._query = query
        # A filter change runs with the last valid search: keep its error while the box differs.
        if (self.search_box.text().strip() or None) == query.search:
            self.search_error.hide()
            self.search_error.clear()
        self.model.set_ids(ids)
        _done, total = progress_counts(self._store)
        self.count_label.setText(f"{len(ids):,} of {total:,} documents")
        if self._current_id is not None:
            row = self.model.row_of(self._current_id)
            if row is not None:
                self._select_row(row)
        return True

    # --- selection -------------------------------------------------------------------------

    def current_document_id(self) -> int | None:
        """The selected document, or None when no row is selected."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.document_id(rows[0].row()) if rows else None

    def select_document(self, document_id: int) -> bool:
        """Select and show the document's row; False when the current list does not hold it."""
        row = self.model.row_of(document_id)
        if row is None:
            return False
        self._select_row(row)
        return True

    def next_document(self) -> int | None:
        """Select the next row (the first when none is selected); the selected id after it."""
        return self._step(+1)

    def previous_document(self) -> int | None:
        """Select the previous row (the first when none is selected); the selected id after it."""
        return self._step(-1)

    def next_unfinished(self, after_id: int) -> int | None:
        """The first document after ``after_id`` in the list's order whose status is new or in
        progress, wrapping around (``after_id`` itself comes last); None when there is none.

        Statuses are read from the store, not from cached rows. Nothing is selected.
        """
        ids = self.model.ids()
        row = self.model.row_of(after_id)
        order = ids if row is None else [*ids[row + 1 :], *ids[: row + 1]]
        return first_unfinished(self._store, order)

    def refresh_document(self, document_id: int) -> None:
        """The document's status or span count changed: repaint its row with fresh data.

        The row stays where it is even if it no longer matches the filters; :meth:`reload`
        applies them again.
        """
        self.model.invalidate(document_id)

    def _step(self, delta: int) -> int | None:
        count = self.model.rowCount()
        if count == 0:
            return None
        rows = self.table.selectionModel().selectedRows()
        row = 0 if not rows else min(max(rows[0].row() + delta, 0), count - 1)
        self._select_row(row)
        return self.model.document_id(row)

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        document_id = self.model.document_id(indexes[0].row())
        if document_id != self._current_id:
            self._current_id = document_id
            self.documentActivated.emit(document_id)
