"""Working through a corpus: undo and redo of every edit kind (also across documents), marking
documents done, restoring the last document, asking the annotator's name once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QProgressBar, QToolTip
from pytestqt.qtbot import QtBot

from annotator.core.model import Span, SpanStatus, new_id
from annotator.core.store import open_store
from annotator.ui.main_window import MainWindow
from tests.ui.conftest import MakeWindow, highlighted, point_at, stored
from tests.ui.test_annotating import _doc, _select

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def _snapshot(window: MainWindow) -> object:
    db = window.store.db
    return (
        db.execute("SELECT id, start, end, label, attrs, status FROM spans ORDER BY id").fetchall(),
        db.execute("SELECT id, head, child, label FROM relations ORDER BY id").fetchall(),
        db.execute("SELECT id, status FROM documents ORDER BY id").fetchall(),
    )


def test_undo_and_redo_every_kind_of_edit(
    make_window: MakeWindow, db_path: Path, qtbot: QtBot
) -> None:
    _doc(db_path, spans=(("Israel", "ACTOR", SpanStatus.SUGGESTED),
                         ("Ukraine", "ACTOR", SpanStatus.SUGGESTED)))  # fmt: skip
    window = make_window()
    article = window.article
    key = lambda k, m=Qt.KeyboardModifier.NoModifier: qtbot.keyClick(article, k, m)  # noqa: E731
    states = [_snapshot(window)]
    names: list[str] = []

    def step(name_starts: str) -> None:
        states.append(_snapshot(window))
        assert states[-1] != states[-2], f"{name_starts} changed nothing"
        names.append(window.actions_by_id["undo"].text())
        assert names[-1].startswith(f"&Undo {name_starts}"), names[-1]

    article.setFocus()
    _select(window, "Gantz")
    key(Qt.Key.Key_1)
    step("Tag 'Gantz' as ACTOR")
    key(Qt.Key.Key_N)
    key(Qt.Key.Key_Return)
    step("Accept ACTOR 'Israel'")
    key(Qt.Key.Key_X)
    step("Reject ACTOR 'Ukraine'")
    _select(window, "Tuesday")
    key(Qt.Key.Key_1)
    step("Tag 'Tuesday' as ACTOR")
    key(Qt.Key.Key_3)
    step("Relabel 'Tuesday' ACTOR → DATE")
    key(Qt.Key.Key_Left, ALT)
    step("Resize DATE 'Tuesday'")
    window.controller.set_attrs({"type": "DATE", "value": "2022-10-18"})
    step("Set type, value of DATE 'on Tuesday'")
    _select(window, "Israel would help Kyiv")
    key(Qt.Key.Key_2)
    step("Tag 'Israel would help Kyiv' as CLAIM")
    key(Qt.Key.Key_S)
    key(Qt.Key.Key_Return)
    step("Link 'Israel would help Kyiv' → SPEAKER")
    claim = next(s for s in article.spans if s.label == "CLAIM")
    relation = window.store.relations(window.current_id)[0]
    article.set_current(claim.id)
    window.controller.unlink(relation.id)
    step("Unlink SPEAKER")
    gantz = next(s for s in article.spans if article.text[s.start : s.end] == "Gantz")
    article.set_current(gantz.id)
    key(Qt.Key.Key_Delete)
    step("Delete ACTOR 'Gantz'")
    israel = next(s for s in article.spans if article.text[s.start : s.end] == "Israel")
    article.set_current(israel.id)
    key(Qt.Key.Key_M)
    step("Tag 1 more mention(s) of 'Israel'")
    key(Qt.Key.Key_Return, CTRL)
    step("Mark document done")

    for expected in reversed(states[:-1]):
        key(Qt.Key.Key_Z, CTRL)
        assert _snapshot(window) == expected
    assert not window.actions_by_id["undo"].isEnabled()
    for expected in states[1:]:
        key(Qt.Key.Key_Z, CTRL | SHIFT)
        assert _snapshot(window) == expected
    # what is painted follows the store after all that
    visible = sorted(
        (s.start, s.end, s.label)
        for s in window.store.spans(window.current_id)
        if s.status != SpanStatus.REJECTED
    )
    assert (
        sorted((s.start, s.end, s.label) for s in article.spans if s.status != SpanStatus.REJECTED)
        == visible
    )
    painted = highlighted(article.document(), article.text)
    for start, end, _label in visible:
        assert any(a <= start and end <= b for a, b, _t in painted)


def test_undo_on_another_document_shows_that_document(
    make_window: MakeWindow, db_path: Path, qtbot: QtBot
) -> None:
    first = _doc(db_path)
    second = _doc(db_path, "A second article about Kyiv.")
    window = make_window()
    window.documents.select_document(first)
    _select(window, "Gantz")
    qtbot.keyClick(window.article, Qt.Key.Key_1)
    window.documents.select_document(second)
    assert window.current_id == second
    qtbot.keyClick(window.article, Qt.Key.Key_Z, CTRL)
    assert window.current_id == first
    assert stored(window) == []
    qtbot.keyClick(window.article, Qt.Key.Key_Z, CTRL | SHIFT)
    assert stored(window) == [("ACTOR", "Gantz", "accepted")]


def test_mark_done_moves_to_the_next_unfinished_and_counts(
    make_window: MakeWindow, db_path: Path, qtbot: QtBot
) -> None:
    ids = [_doc(db_path, f"Article number {n} about Israel.") for n in range(3)]
    with open_store(db_path) as store:
        store.set_status(ids[1], store.document(ids[1]).status.__class__("done"))
    window = make_window()
    window.documents.select_document(ids[0])
    progress = window.findChild(QProgressBar, "doneProgress")
    assert (progress.value(), progress.maximum()) == (1, 3)
    qtbot.keyClick(window.article, Qt.Key.Key_Return, CTRL)
    assert window.current_id == ids[2]  # the done one is skipped over
    assert (progress.value(), progress.maximum()) == (2, 3)
    qtbot.keyClick(window.article, Qt.Key.Key_Return, CTRL | SHIFT)
    assert window.store.document(ids[2]).status.value == "skipped"
    assert "Every document is done or skipped" in window.statusBar().currentMessage()


def test_the_last_document_and_position_are_restored_on_the_next_start(
    make_window: MakeWindow, db_path: Path, qtbot: QtBot
) -> None:
    ids = [_doc(db_path, f"Article {n}.") for n in range(3)]
    with open_store(db_path) as store:
        store.insert_spans([Span(new_id(), ids[2], 0, 7, "ACTOR")])
    window = make_window()
    window.documents.select_document(ids[2])
    window.article.setFocus()
    qtbot.keyClick(window.article, Qt.Key.Key_Tab)  # the span becomes current
    window.close()
    again = make_window()
    assert again.current_id == ids[2]
    assert again.article.current() is not None
    assert again.article.current().start == 0


def test_the_annotator_name_is_asked_once(
    make_window: MakeWindow, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _doc(db_path)
    asked: list[str] = []

    def answer(*_args: object, **_kwargs: object) -> tuple[str, bool]:
        asked.append("asked")
        return "Ana Lyst", True

    monkeypatch.setattr("annotator.ui.window_actions.QInputDialog.getText", answer)
    window = make_window(annotator=None)
    window.ask_annotator()
    assert window.session.annotator == "Ana Lyst"
    window.close()
    again = make_window(annotator=None)
    again.ask_annotator()
    assert asked == ["asked"]
    assert again.session.annotator == "Ana Lyst"


def test_hovering_a_span_shows_a_tooltip(make_window: MakeWindow, db_path: Path) -> None:
    doc_id = _doc(db_path)
    with open_store(db_path) as store:
        text = store.document(doc_id).text
        start = text.index("Gantz")
        attrs = {"canonical": "Benny Gantz"}
        span = Span(new_id(), doc_id, start, start + 5, "ACTOR", attrs, "model:m@1",
                    SpanStatus.SUGGESTED)  # fmt: skip
        store.insert_spans([span])
    window = make_window()
    viewport = window.article.viewport()
    point = point_at(window.article, start + 2)
    QApplication.sendEvent(
        viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    )
    assert QToolTip.isVisible()
    assert QToolTip.text().splitlines()[:2] == ["ACTOR (suggested)", "canonical: Benny Gantz"]
    empty = QPoint(2, 2)
    QApplication.sendEvent(
        viewport, QHelpEvent(QEvent.Type.ToolTip, empty, viewport.mapToGlobal(empty))
    )
