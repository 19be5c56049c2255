from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import Qt, QTextDocument
from pytestqt.qtbot import QtBot

from annotator.config import Settings
from annotator.core.store import open_store
from annotator.ui.app import create_window
from annotator.ui.main_window import MainWindow
from annotator.ui.offsets import OffsetMap

MakeWindow = Callable[..., MainWindow]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ui.db"


@pytest.fixture
def make_window(qtbot: QtBot, db_path: Path, tiny_pipeline: Path) -> Iterator[MakeWindow]:
    """Build the real main window on a database file; suggestions use the tiny pipeline."""
    made: list[MainWindow] = []

    def make(model: str | None = "tiny", path: Path = db_path) -> MainWindow:
        settings = Settings(db_path=path, model=str(tiny_pipeline) if model == "tiny" else model)
        window = create_window(settings)
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
