from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QSettings
from PySide6.QtGui import QMouseEvent, Qt, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.config import Settings
from annotator.core.store import open_store
from annotator.ui.app import create_window
from annotator.ui.article_view import ArticleView
from annotator.ui.main_window import MainWindow
from annotator.ui.offsets import OffsetMap

MakeWindow = Callable[..., MainWindow]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ui.db"


@pytest.fixture
def make_window(
    qtbot: QtBot, db_path: Path, tiny_pipeline: Path, tmp_path: Path
) -> Iterator[MakeWindow]:
    """Build the real main window on a database file; suggestions use the tiny pipeline; window
    state goes to a QSettings file of the test's own."""
    made: list[MainWindow] = []
    settings_file = tmp_path / "settings.ini"

    def make(
        model: str | None = "tiny", path: Path = db_path, annotator: str | None = "tester"
    ) -> MainWindow:
        settings = Settings(
            db_path=path,
            model=str(tiny_pipeline) if model == "tiny" else model,
            annotator=annotator,
        )
        window = create_window(settings, QSettings(str(settings_file), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        with qtbot.waitActive(window):  # shortcuts only fire in the active window
            window.show()
            window.activateWindow()
        made.append(window)
        return window

    yield make
    for window in made:
        window.runner.shutdown()
        window.store.close()


def fill(db: Path, *paths: Path) -> list[int]:
    """Import files into the database before the window opens."""
    from annotator.core.importing import import_paths

    with open_store(db) as store:
        return import_paths(store, list(paths)).document_ids


def highlighted(document: QTextDocument, text: str) -> list[tuple[int, int, str]]:
    """What the view paints: (start, end, text) in code points for every run of highlighted
    characters, read back from the text layouts that the highlighter filled."""
    offsets = OffsetMap(text)
    runs: list[tuple[int, int]] = []
    block = document.begin()
    while block.isValid():
        for fmt_range in block.layout().formats():
            if fmt_range.format.background().style() == Qt.BrushStyle.NoBrush:
                continue
            start = block.position() + fmt_range.start
            end = start + fmt_range.length
            if runs and runs[-1][1] == start:
                runs[-1] = (runs[-1][0], end)  # nested spans are painted as adjacent segments
            else:
                runs.append((start, end))
        block = block.next()
    found = []
    for start, end in runs:
        a, b = offsets.from_qt(start), offsets.from_qt(end)
        found.append((a, b, text[a:b]))
    return found


def point_at(article: ArticleView, offset: int, after: bool = False) -> QPoint:
    """The viewport point just inside the character at ``offset`` (code points), or just before
    the gap at ``offset`` when ``after`` (to end a drag there)."""
    cursor = QTextCursor(article.document())
    cursor.setPosition(article.offsets.to_qt(offset))
    rect = article.cursorRect(cursor)
    return QPoint(rect.x() + (-1 if after else 2), rect.center().y())


def drag(article: ArticleView, start: int, end: int) -> None:
    """Press at one character, move with the button held, release after another, as a hand does
    (QTest's mouseMove does not carry the pressed button)."""
    viewport = article.viewport()
    a, b = point_at(article, start), point_at(article, end, after=True)
    left = Qt.MouseButton.LeftButton
    none = Qt.KeyboardModifier.NoModifier
    for kind, point, buttons in (
        (QEvent.Type.MouseButtonPress, a, left),
        (QEvent.Type.MouseMove, QPoint((a.x() + b.x()) // 2, b.y()), left),
        (QEvent.Type.MouseMove, b, left),
        (QEvent.Type.MouseButtonRelease, b, Qt.MouseButton.NoButton),
    ):
        event = QMouseEvent(
            kind, QPointF(point), QPointF(viewport.mapToGlobal(point)), left, buttons, none
        )
        QApplication.sendEvent(viewport, event)
        QApplication.processEvents()


def stored(db_or_window: object, document_id: int | None = None) -> list[tuple[str, str, str]]:
    """(label, text, status) of every span of the shown (or given) document, read from SQLite."""
    window = db_or_window
    store = window.store  # type: ignore[attr-defined]
    doc_id = document_id if document_id is not None else window.current_id  # type: ignore[attr-defined]
    text = store.document(doc_id).text
    return [(s.label, s.text_in(text), s.status.value) for s in store.spans(doc_id)]
