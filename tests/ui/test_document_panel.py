"""The document panel as a person uses it: search, filters, header sorting, selection, and a list
of 100,000 documents that reads only the rows it shows."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QTableView
from pytestqt.qtbot import QtBot

from annotator.core.model import (
    DocStatus,
    DocumentSummary,
    NewDocument,
    Span,
    SpanStatus,
    new_id,
)
from annotator.core.store import Store
from annotator.ui.document_panel import SEARCH_PLACEHOLDER, DocumentPanel
from annotator.ui.models import DocumentListModel

LABELS = ["ACTOR", "CLAIM", "DATE"]
MakePanel = Callable[[], DocumentPanel]


@pytest.fixture
def make_panel(qtbot: QtBot, store: Store) -> MakePanel:
    def make() -> DocumentPanel:
        panel = DocumentPanel(store, LABELS)
        qtbot.addWidget(panel)
        panel.resize(520, 640)
        panel.show()
        qtbot.waitExposed(panel)
        return panel

    return make


def add(
    store: Store,
    text: str,
    title: str | None = None,
    published: str | None = None,
    status: DocStatus = DocStatus.NEW,
    spans: tuple[tuple[str, SpanStatus], ...] = (),
) -> int:
    doc_id = store.add_document(NewDocument(text, title=title, published=published))
    assert doc_id is not None
    if status != DocStatus.NEW:
        store.set_status(doc_id, status)
    store.insert_spans(Span(new_id(), doc_id, 0, 1, label, {}, "human", s) for label, s in spans)
    return doc_id


@pytest.fixture
def four(store: Store) -> list[int]:
    return [
        add(store, "Gantz met Reznikov in Kyiv.", "Gantz visit", "2022-10-20T08:30:00",
            spans=(("ACTOR", SpanStatus.ACCEPTED), ("ACTOR", SpanStatus.REJECTED))),
        add(store, "Talks about the grain deal.\nSecond line.", None, None, DocStatus.DONE),
        add(store, "Iran denied the report on Tuesday.", "Iran denies", "2019-01-04",
            DocStatus.IN_PROGRESS, spans=(("DATE", SpanStatus.SUGGESTED),)),
        add(store, "Kyiv talks resumed.", "Kyiv talks", "2021-05-01"),
    ]  # fmt: skip


def table_of(panel: DocumentPanel) -> QTableView:
    table = panel.findChild(QTableView, "documentList")
    assert table is not None
    return table


def column(panel: DocumentPanel, number: int) -> list[object]:
    model = table_of(panel).model()
    return [model.index(row, number).data() for row in range(model.rowCount())]


def count_text(panel: DocumentPanel) -> str:
    return panel.findChild(QLabel, "documentCount").text()


def click_header(qtbot: QtBot, panel: DocumentPanel, section: int) -> None:
    header = table_of(panel).horizontalHeader()
    x = header.sectionViewportPosition(section) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def click_row(qtbot: QtBot, panel: DocumentPanel, row: int) -> None:
    table = table_of(panel)
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_list_shows_title_date_status_and_span_count(
    make_panel: MakePanel, four: list[int]
) -> None:
    panel = make_panel()
    assert panel.objectName() == "documentPanel"
    model = table_of(panel).model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Title", "Date", "Status", "Spans"]
    assert column(panel, 0) == ["Gantz visit", "Talks about the grain deal.", "Iran denies",
                                "Kyiv talks"]  # fmt: skip
    assert column(panel, 1) == ["2022-10-20", "", "2019-01-04", "2021-05-01"]
    assert column(panel, 2) == ["new", "done", "in progress", "new"]
    assert column(panel, 3) == [1, 0, 1, 0]
    assert count_text(panel) == "4 of 4 documents"
    assert panel.findChild(QLineEdit, "searchBox").placeholderText() == SEARCH_PLACEHOLDER


def test_typing_searches_after_a_pause(
    make_panel: MakePanel, four: list[int], qtbot: QtBot
) -> None:
    panel = make_panel()
    box = panel.findChild(QLineEdit, "searchBox")
    qtbot.keyClicks(box, "kyiv")
    assert count_text(panel) == "4 of 4 documents"  # not on every key press
    qtbot.waitUntil(lambda: count_text(panel) == "2 of 4 documents", timeout=2000)
    assert column(panel, 0) == ["Gantz visit", "Kyiv talks"]


def test_enter_searches_at_once(make_panel: MakePanel, four: list[int], qtbot: QtBot) -> None:
    panel = make_panel()
    box = panel.findChild(QLineEdit, "searchBox")
    qtbot.keyClicks(box, '"grain deal"')
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert count_text(panel) == "1 of 4 documents"
    assert column(panel, 0) == ["Talks about the grain deal."]
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_Backspace)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert count_text(panel) == "4 of 4 documents"


def test_a_bad_search_shows_a_red_message_and_keeps_the_list(
    make_panel: MakePanel, four: list[int], qtbot: QtBot
) -> None:
    panel = make_panel()
    box = panel.findChild(QLineEdit, "searchBox")
    error = panel.findChild(QLabel, "searchError")
    assert not error.isVisible()
    qtbot.keyClicks(box, "kyiv")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.keyClicks(box, ' "talks')
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert error.isVisible()
    assert error.text().startswith("bad search query 'kyiv \"talks': unbalanced double quote")
    assert "#b00020" in error.styleSheet()
    assert column(panel, 0) == ["Gantz visit", "Kyiv talks"]
    # a filter change still works (with the last valid search) and the message stays
    qtbot.keyClick(panel.findChild(QComboBox, "statusFilter"), Qt.Key.Key_Down)
    assert column(panel, 0) == ["Gantz visit", "Kyiv talks"]
    assert error.isVisible()
    qtbot.keyClicks(box, '"')
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert not error.isVisible()
    assert column(panel, 0) == ["Kyiv talks"]


def test_the_status_filter_from_the_keyboard(
    make_panel: MakePanel, four: list[int], qtbot: QtBot
) -> None:
    panel = make_panel()
    combo = panel.findChild(QComboBox, "statusFilter")
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "All", "new", "in progress", "done", "skipped"
    ]  # fmt: skip
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert column(panel, 0) == ["Gantz visit", "Kyiv talks"]
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "done"
    assert column(panel, 0) == ["Talks about the grain deal."]
    assert count_text(panel) == "1 of 4 documents"
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    assert count_text(panel) == "4 of 4 documents"


def test_the_label_filter_ignores_rejected_spans(
    make_panel: MakePanel, four: list[int], qtbot: QtBot
) -> None:
    panel = make_panel()
    combo = panel.findChild(QComboBox, "labelFilter")
    assert [combo.itemText(i) for i in range(combo.count())] == ["All labels", *LABELS]
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "ACTOR"
    assert column(panel, 0) == ["Gantz visit"]
    qtbot.keyClick(combo, Qt.Key.Key_End)
    assert column(panel, 0) == ["Iran denies"]


def test_clicking_the_date_header_sorts_by_date_then_reverses(
    make_panel: MakePanel, four: list[int], qtbot: QtBot
) -> None:
    panel = make_panel()
    header = table_of(panel).horizontalHeader()
    click_header(qtbot, panel, 1)
    assert column(panel, 1) == ["2019-01-04", "2021-05-01", "2022-10-20", ""]
    assert header.sortIndicatorSection() == 1
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    click_header(qtbot, panel, 1)
    assert column(panel, 1) == ["2022-10-20", "2021-05-01", "2019-01-04", ""]
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    click_header(qtbot, panel, 0)  # another column starts ascending again
    assert column(panel, 0) == ["Gantz visit", "Iran denies", "Kyiv talks",
                                "Talks about the grain deal."]  # fmt: skip
    click_header(qtbot, panel, 3)
    assert column(panel, 3) == [0, 0, 1, 1]


def test_clicking_a_row_activates_its_document(
    make_panel: MakePanel, four: list[int], qtbot: QtBot
) -> None:
    panel = make_panel()
    with qtbot.waitSignal(panel.documentActivated, timeout=1000) as activated:
        click_row(qtbot, panel, 2)
    assert activated.args == [four[2]]
    assert panel.current_document_id() == four[2]
    with qtbot.assertNotEmitted(panel.documentActivated):
        click_row(qtbot, panel, 2)  # the same row again


def test_arrow_keys_in_the_list_activate_documents(
    make_panel: MakePanel, four: list[int], qtbot: QtBot
) -> None:
    panel = make_panel()
    table = table_of(panel)
    click_row(qtbot, panel, 0)
    with qtbot.waitSignal(panel.documentActivated, timeout=1000) as activated:
        qtbot.keyClick(table, Qt.Key.Key_Down)
    assert activated.args == [four[1]]
    with qtbot.waitSignal(panel.documentActivated, timeout=1000) as activated:
        qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert activated.args == [four[3]]


def test_next_and_previous_move_by_one_row(make_panel: MakePanel, four: list[int]) -> None:
    panel = make_panel()
    assert panel.current_document_id() is None
    assert panel.next_document() == four[0]  # nothing selected: the first
    assert panel.next_document() == four[1]
    assert panel.previous_document() == four[0]
    assert panel.previous_document() == four[0]  # stays at the top
    assert panel.select_document(four[3])
    assert panel.next_document() == four[3]  # and at the bottom
    assert panel.current_document_id() == four[3]


def test_select_document_outside_the_list_is_refused(
    make_panel: MakePanel, four: list[int], qtbot: QtBot
) -> None:
    panel = make_panel()
    qtbot.keyClick(panel.findChild(QComboBox, "statusFilter"), Qt.Key.Key_Down)  # new only
    with qtbot.assertNotEmitted(panel.documentActivated):
        assert not panel.select_document(four[1])
    assert panel.current_document_id() is None


def test_reload_keeps_the_current_document_without_activating_it_again(
    make_panel: MakePanel, four: list[int], store: Store, qtbot: QtBot
) -> None:
    panel = make_panel()
    click_row(qtbot, panel, 2)
    new = add(store, "Another article, imported later.", "A later one", "2000-01-01")
    with qtbot.assertNotEmitted(panel.documentActivated):
        panel.reload()
    assert count_text(panel) == "5 of 5 documents"
    assert panel.current_document_id() == four[2]
    click_header(qtbot, panel, 1)  # re-sorting keeps it too
    assert panel.current_document_id() == four[2]
    assert panel.model.document_id(0) == new


def test_refresh_document_repaints_its_row(
    make_panel: MakePanel, four: list[int], store: Store
) -> None:
    panel = make_panel()
    assert column(panel, 2)[0] == "new"
    store.set_status(four[0], DocStatus.DONE)
    store.insert_spans([Span(new_id(), four[0], 3, 5, "ACTOR", {}, "human")])
    assert column(panel, 2)[0] == "new"  # cached until told
    panel.refresh_document(four[0])
    assert column(panel, 2)[0] == "done"
    assert column(panel, 3)[0] == 2


def test_next_unfinished_follows_the_list_order_and_wraps(
    make_panel: MakePanel, four: list[int], store: Store, qtbot: QtBot
) -> None:
    panel = make_panel()
    # statuses: new, done, in progress, new
    assert panel.next_unfinished(four[0]) == four[2]
    assert panel.next_unfinished(four[2]) == four[3]
    assert panel.next_unfinished(four[3]) == four[0]  # wraps around
    click_header(qtbot, panel, 1)  # by date: four[2], four[3], four[0], four[1]
    assert panel.next_unfinished(four[3]) == four[0]
    assert panel.next_unfinished(four[0]) == four[2]
    for doc_id in (four[0], four[2]):
        store.set_status(doc_id, DocStatus.SKIPPED)
    assert panel.next_unfinished(four[3]) == four[3]  # itself comes last
    store.set_status(four[3], DocStatus.DONE)
    assert panel.next_unfinished(four[3]) is None


# --- the lazy model ------------------------------------------------------------------------------


def summary(doc_id: int, status: DocStatus = DocStatus.NEW) -> DocumentSummary:
    return DocumentSummary(doc_id, f"Doc {doc_id}", None, status, 0, 10)


def test_the_model_reads_pages_when_shown_and_keeps_only_the_latest(qtbot: QtBot) -> None:
    asked: list[list[int]] = []

    def loader(ids: Sequence[int]) -> list[DocumentSummary]:
        asked.append(list(ids))
        return [summary(i) for i in ids if i != 25]  # 25 was deleted meanwhile

    model = DocumentListModel(loader, page_size=10, max_pages=2)
    model.set_ids(list(range(100, 0, -1)))  # 100, 99, ... 1
    assert asked == []
    assert model.index(0, 0).data() == "Doc 100"
    assert model.index(9, 0).data() == "Doc 91"
    assert asked == [list(range(100, 90, -1))]
    model.index(95, 0).data()
    model.index(45, 0).data()  # a third page: the least recently used (the first) goes
    assert model.cached_pages() == 2
    model.index(0, 0).data()
    assert len(asked) == 4
    assert model.index(75, 0).data() is None  # id 25 is gone: an empty row, asked once
    assert model.index(75, 2).data() is None
    assert len(asked) == 5
    assert model.index(2, 0).data(DocumentListModel.ID_ROLE) == 98
    assert model.summary_of(50) == summary(50)
    assert model.summary_of(1000) is None


def test_invalidate_reads_one_row_again_and_tells_the_view(qtbot: QtBot) -> None:
    statuses = {1: DocStatus.NEW, 2: DocStatus.NEW}
    asked: list[list[int]] = []

    def loader(ids: Sequence[int]) -> list[DocumentSummary]:
        asked.append(list(ids))
        return [summary(i, statuses[i]) for i in ids]

    model = DocumentListModel(loader)
    model.set_ids([1, 2])
    assert model.index(1, 2).data() == "new"
    statuses[2] = DocStatus.DONE
    with qtbot.waitSignal(model.dataChanged, timeout=1000) as changed:
        model.invalidate(2)
    assert [index.row() for index in changed.args[:2]] == [1, 1]
    assert model.index(1, 2).data() == "done"
    assert asked == [[1, 2], [2]]


def test_the_eager_mode_shows_given_rows(qtbot: QtBot) -> None:
    model = DocumentListModel()
    model.set_rows([summary(i) for i in range(1, 501)])
    assert model.rowCount() == 500 and model.row_of(300) == 299
    model.update_row(summary(300, DocStatus.SKIPPED))
    assert model.index(299, 2).data() == "skipped"
    assert model.index(499, 0).data() == "Doc 500"


# --- 100,000 documents ---------------------------------------------------------------------------

MANY = 100_000


def fill_many(store: Store, count: int) -> None:
    """Insert ``count`` short documents in one transaction, in about a second.

    The search index is rebuilt once at the end instead of row by row through the insert trigger
    (5x faster here); the trigger is put back as it was.
    """
    rows = []
    for i in range(1, count + 1):
        text = f"Article {i} about topic {i % 50}"
        digest = hashlib.sha256(text.encode()).hexdigest()
        rows.append((text, None, f"2020-01-{i % 28 + 1:02d}", digest, "new", "t", "t"))
    (trigger,) = store.db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'documents_ai'"
    ).fetchone()
    with store.db.atomic():
        store.db.execute("DROP TRIGGER documents_ai")
        store.db.conn.executemany(
            "INSERT INTO documents (text, title, published, content_hash, status, created,"
            " updated) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        store.db.execute("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')")
        store.db.execute(trigger)


def test_100000_documents_are_listed_reading_only_the_rows_shown(
    make_panel: MakePanel, store: Store, qtbot: QtBot
) -> None:
    fill_many(store, MANY)
    panel = make_panel()
    table = table_of(panel)
    model = panel.model
    assert model.rowCount() == MANY
    assert count_text(panel) == "100,000 of 100,000 documents"
    assert column_value(table, 0) == "Article 1 about topic 1"
    assert model.cached_pages() <= 2

    table.scrollToBottom()
    QApplication.processEvents()
    bottom = table.rowAt(table.viewport().height() - 2)
    assert bottom >= MANY - 2
    assert model.index(MANY - 1, 0).data() == "Article 100000 about topic 0"
    assert model.cached_pages() <= 4

    click_row(qtbot, panel, bottom - 5)
    assert panel.current_document_id() == bottom - 4
    with qtbot.waitSignal(panel.documentActivated, timeout=1000) as activated:
        qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert activated.args == [MANY]

    # scrolling through the whole list in steps keeps the cache bounded
    bar = table.verticalScrollBar()
    for value in range(0, bar.maximum() + 1, max(1, bar.maximum() // 300)):
        bar.setValue(value)
        QApplication.processEvents()
    assert model.loads > 250
    assert model.cached_pages() <= 50

    box = panel.findChild(QLineEdit, "searchBox")
    qtbot.keyClicks(box, '"topic 7"')
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert count_text(panel) == "2,000 of 100,000 documents"
    assert table.model().index(0, 0).data() == "Article 7 about topic 7"


def column_value(table: QTableView, row: int) -> object:
    return table.model().index(row, 0).data()
