"""File → Export…: the dialog offers the command line's options, driven with clicks and keys, and
the export runs through the core behind a progress dialog."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import orjson
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QLineEdit,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from annotator.core.export import ExportOptions
from annotator.core.model import DocStatus, NewDocument, Span, new_id
from annotator.core.store import open_store
from annotator.ui.export_dialog import ExportDialog, export_from_window

LABELS = ["ACTOR", "CLAIM", "DATE"]
DAY = date(2024, 5, 13)
LEFT = Qt.MouseButton.LeftButton


def make(qtbot: QtBot, db: Path) -> ExportDialog:
    dialog = ExportDialog(None, LABELS, db, today=DAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def find(dialog: QWidget, kind: type, name: str):  # type: ignore[no-untyped-def]
    widget = dialog.findChild(kind, name)
    assert widget is not None, name
    return widget


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    """Click a check box on its indicator (a click right of its text does not hit it)."""
    qtbot.mouseClick(box, LEFT, pos=QPoint(6, box.height() // 2))


def export_button(dialog: ExportDialog):  # type: ignore[no-untyped-def]
    return find(dialog, QDialogButtonBox, "exportButtons").button(
        QDialogButtonBox.StandardButton.Ok
    )


def test_defaults_match_the_command_line(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = make(qtbot, tmp_path / "news.db")
    assert dialog.objectName() == "exportDialog"
    assert dialog.options() == ExportOptions(
        "jsonl", ("done",), False, None, 0.0, 0, tmp_path / "exports" / "news-2024-05-13.jsonl"
    )
    combo = find(dialog, QComboBox, "exportFormat")
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # jsonl -> spacy
    options = dialog.options()
    assert (options.format, options.dev_ratio) == ("spacy", 0.2)
    assert options.out == tmp_path / "exports" / "news-2024-05-13.spacy"


def test_every_option_is_reachable_with_clicks_and_keys(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = make(qtbot, tmp_path / "news.db")
    tick(qtbot, find(dialog, QCheckBox, "exportStatus_in_progress"))
    tick(qtbot, find(dialog, QCheckBox, "exportStatus_done"))
    tick(qtbot, find(dialog, QCheckBox, "exportSuggestions"))
    tick(qtbot, find(dialog, QCheckBox, "exportLabel_CLAIM"))
    ratio = find(dialog, QDoubleSpinBox, "exportDevRatio")
    ratio.lineEdit().selectAll()
    qtbot.keyClicks(ratio.lineEdit(), "0.25")
    seed = find(dialog, QSpinBox, "exportSeed")
    seed.lineEdit().selectAll()
    qtbot.keyClicks(seed.lineEdit(), "7")
    path = find(dialog, QLineEdit, "exportPath")
    path.selectAll()
    qtbot.keyClicks(path, str(tmp_path / "mine.jsonl"))
    combo = find(dialog, QComboBox, "exportFormat")
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_End)  # brat: the path typed by hand stays
    assert dialog.options() == ExportOptions(
        format="brat",
        statuses=("in_progress",),
        include_suggestions=True,
        labels=("ACTOR", "DATE"),
        dev_ratio=0.0,
        seed=7,
        out=tmp_path / "mine.jsonl",
    )
    ratio.lineEdit().selectAll()
    qtbot.keyClicks(ratio.lineEdit(), "0.25")
    assert dialog.options().dev_ratio == 0.25
    tick(qtbot, find(dialog, QCheckBox, "exportStatus_in_progress"))
    assert not export_button(dialog).isEnabled()  # no status: nothing to export
    tick(qtbot, find(dialog, QCheckBox, "exportStatus_skipped"))
    assert export_button(dialog).isEnabled()


def test_export_from_the_window_writes_the_export_and_its_card(
    qtbot: QtBot, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    text = "Angela Merkel said on Monday that Germany would not back the plan."
    with open_store(db) as store:
        doc_id = store.add_document(NewDocument(text))
        assert doc_id is not None
        store.insert_spans([Span(new_id(), doc_id, 0, 13, "ACTOR", {"type": "PERSON"})])
        store.set_status(doc_id, DocStatus.DONE)
    parent = QWidget()
    qtbot.addWidget(parent)

    def press_export() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ExportDialog)
        qtbot.mouseClick(export_button(dialog), LEFT)

    with open_store(db) as store:
        QTimer.singleShot(0, press_export)
        summary = export_from_window(parent, store, LABELS, db, model="blank:en")
    assert summary is not None and summary.documents == 1
    out = tmp_path / "exports" / f"news-{date.today().isoformat()}.jsonl"
    assert summary.path == out
    (task,) = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert task["spans"][0]["attrs"] == {"type": "PERSON"}
    assert out.with_suffix(".md").exists()

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ExportDialog)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    with open_store(db) as store:
        QTimer.singleShot(0, cancel)
        assert export_from_window(parent, store, LABELS, db) is None
