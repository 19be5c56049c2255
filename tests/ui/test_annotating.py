"""Tagging and correcting in the window, with the keyboard and the mouse, as a person does it.
Each test checks what SQLite holds and what the view paints."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from annotator.core.model import NewDocument, Span, SpanStatus, new_id
from annotator.core.store import open_store
from annotator.ui.main_window import MainWindow
from tests.ui.conftest import MakeWindow, drag, highlighted, point_at, stored

TEXT = (
    "Earlier on Tuesday, Gantz’s aide said Israel would not provide arms to Ukraine.\n"
    "Gantz told European ambassadors that Israel would help Kyiv."
)
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _doc(db: Path, text: str = TEXT, spans: tuple[tuple[str, str, SpanStatus], ...] = ()) -> int:
    with open_store(db) as store:
        doc_id = store.add_document(NewDocument(text, published="2022-10-20"))
        assert doc_id is not None
        store.insert_spans(
            Span(new_id(), doc_id, text.index(words), text.index(words) + len(words), label,
                 {"type": "PERSON"} if label == "ACTOR" else {}, "model:m@1", status)
            for words, label, status in spans
        )  # fmt: skip
        return doc_id


def _select(window: MainWindow, words: str, occurrence: int = 0) -> None:
    start = -1
    for _ in range(occurrence + 1):
        start = window.article.text.index(words, start + 1)
    cursor = window.article.textCursor()
    cursor.setPosition(window.article.offsets.to_qt(start))
    cursor.setPosition(
        window.article.offsets.to_qt(start + len(words)), QTextCursor.MoveMode.KeepAnchor
    )
    window.article.setTextCursor(cursor)
    window.article.setFocus()  # a person selecting in the article has it focused


def _key(
    qtbot: QtBot,
    window: MainWindow,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    qtbot.keyClick(window.article, key, modifier)


def _message(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def test_drag_a_selection_and_press_a_label_key(
    make_window: MakeWindow, db_path: Path, qtbot: QtBot
) -> None:
    _doc(db_path)
    window = make_window()
    start = TEXT.index("Gantz’s")
    drag(window.article, start + 1, start + 7)  # from inside the word to the end of "’s"
    assert window.article.selected_range() is not None
    _key(qtbot, window, Qt.Key.Key_1)
    assert stored(window) == [("ACTOR", "Gantz", "accepted")]
    assert [t for *_r, t in highlighted(window.article.document(), TEXT)] == ["Gantz"]
    span = window.store.spans(window.current_id)[0]
    assert (span.annotator, span.origin) == ("tester", "human")
    assert window.documents.model.summary_of(window.current_id).status.value == "in_progress"


def test_double_click_a_word_then_a_letter_key(
    make_window: MakeWindow, db_path: Path, qtbot: QtBot
) -> None:
    _doc(db_path)
    window = make_window()
    qtbot.mouseDClick(
        window.article.viewport(), Qt.MouseButton.LeftButton,
        pos=point_at(window.article, TEXT.index("Tuesday") + 2),
    )  # fmt: skip
    _key(qtbot, window, Qt.Key.Key_D)
    assert stored(window) == [("DATE", "Tuesday", "accepted")]


def test_keyboard_selection_by_word_and_by_character(
    make_window: MakeWindow, db_path: Path, qtbot: QtBot
) -> None:
    _doc(db_path)
    window = make_window()
    cursor = window.article.textCursor()
    cursor.setPosition(TEXT.index("European"))
    window.article.setTextCursor(cursor)
    window.article.setFocus()
    _key(qtbot, window, Qt.Key.Key_Right, CTRL | SHIFT)
    _key(qtbot, window, Qt.Key.Key_A)
    cursor.setPosition(TEXT.index("Kyiv") + 1)
    window.article.setTextCursor(cursor)
    for _ in range(2):
        _key(qtbot, window, Qt.Key.Key_Right, SHIFT)  # half a word extends to the word
    _key(qtbot, window, Qt.Key.Key_1)
    assert stored(window) == [("ACTOR", "European", "accepted"), ("ACTOR", "Kyiv", "accepted")]


def test_exact_characters_with_alt(make_window: MakeWindow, db_path: Path, qtbot: QtBot) -> None:
    _doc(db_path)
    window = make_window()
    _select(window, "Gantz’s")
    _key(qtbot, window, Qt.Key.Key_1, ALT)
    assert stored(window) == [("ACTOR", "Gantz’s", "accepted")]


def test_partial_overlap_is_refused_with_a_message(
    make_window: MakeWindow, db_path: Path, qtbot: QtBot
) -> None:
    _doc(db_path, spans=(("European", "ACTOR", SpanStatus.ACCEPTED),))
    window = make_window()
    _select(window, "European ambassadors")
    _key(qtbot, window, Qt.Key.Key_3)
    assert "would overlap ACTOR 'European'" in _message(window)
    assert stored(window) == [("ACTOR", "European", "accepted")]


def test_a_nested_claim_keeps_its_actors_visible(
    make_window: MakeWindow, db_path: Path, qtbot: QtBot
) -> None:
    _doc(db_path, spans=(("Israel", "ACTOR", SpanStatus.ACCEPTED),))
    window = make_window()
    _select(window, "Israel would not provide arms to Ukraine.")
    _key(qtbot, window, Qt.Key.Key_C)
    _select(window, "provide arms")
    _key(qtbot, window, Qt.Key.Key_2)
    assert sorted(stored(window)) == [
        ("ACTOR", "Israel", "accepted"),
        ("CLAIM", "Israel would not provide arms to Ukraine", "accepted"),
        ("CLAIM", "provide arms", "accepted"),
    ]
    block = window.article.document().begin()
    ranges = block.layout().formats()
    formats = {(r.start, r.length): r.format for r in ranges}
    israel = TEXT.index("Israel")
    actor = formats[(israel, 6)]
    # the actor keeps the claim's underline and shows its own colour on top
    assert actor.underlineStyle() != actor.UnderlineStyle.NoUnderline
    claim_only = next(f for (s, n), f in formats.items() if s == israel + 6)
    assert actor.background().color() != claim_only.background().color()


def test_review_suggestions_with_tab_enter_x_and_label_keys(
    make_window: MakeWindow, db_path: Path, qtbot: QtBot
) -> None:
    _doc(db_path, spans=(
        ("Tuesday", "ACTOR", SpanStatus.SUGGESTED),
        ("Gantz", "ACTOR", SpanStatus.SUGGESTED),
        ("Israel", "ACTOR", SpanStatus.SUGGESTED),
        ("Ukraine", "ACTOR", SpanStatus.SUGGESTED),
    ))  # fmt: skip
    window = make_window()
    window.article.setFocus()
    _key(qtbot, window, Qt.Key.Key_N)  # first unreviewed suggestion: Tuesday
    assert window.article.current().start == TEXT.index("Tuesday")
    _key(qtbot, window, Qt.Key.Key_3)  # relabel it as DATE
    _key(qtbot, window, Qt.Key.Key_Tab)  # Gantz
    _key(qtbot, window, Qt.Key.Key_Return)  # accept, and move on to the next suggestion
    assert window.article.current().start == TEXT.index("Israel")
    _key(qtbot, window, Qt.Key.Key_X)  # reject Israel
    _key(qtbot, window, Qt.Key.Key_Delete)  # reject Ukraine
    assert stored(window) == [
        ("DATE", "Tuesday", "accepted"),
        ("ACTOR", "Gantz", "accepted"),
        ("ACTOR", "Israel", "rejected"),
        ("ACTOR", "Ukraine", "rejected"),
    ]
    assert [t for *_r, t in highlighted(window.article.document(), TEXT)] == ["Tuesday", "Gantz"]
    _key(qtbot, window, Qt.Key.Key_N)
    assert _message(window) == "No unreviewed suggestions left here"


def test_resize_from_the_keyboard_and_by_dragging_an_edge(
    make_window: MakeWindow, db_path: Path, qtbot: QtBot
) -> None:
    _doc(db_path, spans=(("Tuesday", "DATE", SpanStatus.SUGGESTED),))
    window = make_window()
    window.article.setFocus()
    _key(qtbot, window, Qt.Key.Key_Tab)
    _key(qtbot, window, Qt.Key.Key_Left, ALT)  # start one token left
    assert stored(window) == [("DATE", "on Tuesday", "accepted")]
    _key(qtbot, window, Qt.Key.Key_Right, ALT)
    _key(qtbot, window, Qt.Key.Key_Right, ALT | SHIFT)  # end one token right
    assert stored(window) == [("DATE", "Tuesday,", "accepted")]
    _key(qtbot, window, Qt.Key.Key_Left, ALT | SHIFT)
    # drag the start edge from "Tuesday" to the start of "Earlier"
    span = window.article.current()
    viewport = window.article.viewport()
    edge = point_at(window.article, span.start)
    edge.setX(edge.x() - 2)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=edge)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point_at(window.article, 1))
    assert stored(window) == [("DATE", "Earlier on Tuesday", "accepted")]


def test_accept_all_is_one_undo_step(make_window: MakeWindow, db_path: Path, qtbot: QtBot) -> None:
    _doc(db_path, spans=(
        ("Gantz", "ACTOR", SpanStatus.SUGGESTED),
        ("Israel", "ACTOR", SpanStatus.SUGGESTED),
        ("Tuesday", "DATE", SpanStatus.SUGGESTED),
    ))  # fmt: skip
    window = make_window()
    _key(qtbot, window, Qt.Key.Key_A, CTRL | SHIFT)
    assert {status for *_x, status in stored(window)} == {"accepted"}
    assert window.actions_by_id["undo"].text() == "&Undo Accept all 3 suggestions"
    _key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert {status for *_x, status in stored(window)} == {"suggested"}


def test_identical_mentions_here_and_in_the_corpus(
    make_window: MakeWindow, db_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _doc(db_path)
    other = _doc(db_path, "Israel and Gantz met. Gantz left.")
    window = make_window()
    window.documents.select_document(first)
    _select(window, "Gantz", occurrence=0)
    _key(qtbot, window, Qt.Key.Key_1)
    _key(qtbot, window, Qt.Key.Key_M)
    assert stored(window) == [("ACTOR", "Gantz", "accepted"), ("ACTOR", "Gantz", "accepted")]
    asked: list[str] = []

    def yes(_parent: object, _title: str, text: str) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr("annotator.ui.annotate.QMessageBox.question", yes)
    _key(qtbot, window, Qt.Key.Key_M, SHIFT)
    assert asked and asked[0].startswith("Tag 2 mention(s) of 'Gantz' as ACTOR in 1 document(s)?")
    assert stored(window, other) == [("ACTOR", "Gantz", "accepted"), ("ACTOR", "Gantz", "accepted")]
    _key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert stored(window, other) == []


def test_attributes_with_widgets_completion_and_validation(
    make_window: MakeWindow, db_path: Path, qtbot: QtBot
) -> None:
    _doc(db_path, spans=(("Gantz", "ACTOR", SpanStatus.ACCEPTED),
                         ("Tuesday", "DATE", SpanStatus.ACCEPTED)))  # fmt: skip
    with open_store(db_path) as store:
        other = store.add_document(NewDocument("Benny Gantz spoke."))
        assert other is not None
        store.insert_spans([Span(new_id(), other, 0, 11, "ACTOR", {"canonical": "Benny Gantz"})])
    window = make_window()
    window.article.setFocus()
    _key(qtbot, window, Qt.Key.Key_Tab)  # Tuesday (DATE)
    panel = window.attribute_panel
    value = panel.findChild(QLineEdit, "attr_value")
    qtbot.waitUntil(value.isVisible)  # new editors are shown by the event loop
    qtbot.mouseClick(value, Qt.MouseButton.LeftButton)  # into the field, as a person would
    value.setFocus()  # (QTest's synthetic click does not move the focus offscreen)
    qtbot.keyClicks(value, "last Tuesday")
    assert value.styleSheet()  # marked invalid while typing
    qtbot.keyClick(value, Qt.Key.Key_Return)
    assert "not a TIMEX3 value" in _message(window)
    value = panel.findChild(QLineEdit, "attr_value")
    qtbot.waitUntil(value.isVisible)
    qtbot.mouseClick(value, Qt.MouseButton.LeftButton)
    value.setFocus()
    value.clear()
    qtbot.keyClicks(value, "2022-10-18")
    qtbot.keyClick(value, Qt.Key.Key_Return)
    date = next(s for s in window.store.spans(window.current_id) if s.label == "DATE")
    assert date.attrs == {"value": "2022-10-18"}

    window.article.setFocus()
    _key(qtbot, window, Qt.Key.Key_Tab)  # Gantz (ACTOR)
    kind = panel.findChild(QComboBox, "attr_type")
    assert kind.currentText() == "PERSON"
    canonical = panel.findChild(QLineEdit, "attr_canonical")
    qtbot.waitUntil(canonical.isVisible)
    qtbot.mouseClick(canonical, Qt.MouseButton.LeftButton)
    canonical.setFocus()
    completer = canonical.completer()
    completer.setCompletionPrefix("benny")
    assert completer.currentCompletion() == "Benny Gantz"
    qtbot.keyClicks(canonical, "Benny Gantz")
    qtbot.keyClick(canonical, Qt.Key.Key_Return)
    actor = next(s for s in window.store.spans(window.current_id) if s.label == "ACTOR")
    assert actor.attrs == {"type": "PERSON", "canonical": "Benny Gantz"}
    assert actor.annotator == "tester"


def _claim_doc(db_path: Path) -> int:
    return _doc(db_path, spans=(
        ("Tuesday", "DATE", SpanStatus.ACCEPTED),
        ("Gantz", "ACTOR", SpanStatus.ACCEPTED),
        ("Israel would help Kyiv", "CLAIM", SpanStatus.ACCEPTED),
    ))  # fmt: skip


def test_link_a_speaker_from_the_keyboard(
    make_window: MakeWindow, db_path: Path, qtbot: QtBot
) -> None:
    _claim_doc(db_path)
    window = make_window()
    window.article.setFocus()
    claim = next(s for s in window.article.spans if s.label == "CLAIM")
    window.article.set_current(claim.id)
    _key(qtbot, window, Qt.Key.Key_S)
    assert window.findChild(QLabel, "linkPrompt").isVisible()
    assert window.article.current().label == "ACTOR"  # Tab moves among actors only
    _key(qtbot, window, Qt.Key.Key_Return)
    relations = window.store.relations(window.current_id)
    assert [(r.label, r.head, r.child) for r in relations] == [
        ("SPEAKER", claim.id, window.store.spans(window.current_id)[1].id)
    ]
    assert not window.findChild(QLabel, "linkPrompt").isVisible()
    # the speaker is visible in the span table and on hover
    table = window.span_table.model()
    row = next(r for r in range(table.rowCount()) if table.index(r, 0).data() == "CLAIM")
    assert table.index(row, 3).data() == "speaker: Gantz"
    assert "speaker: Gantz" in window.article.describe(window.article.span(claim.id))
    # T links its date the same way
    _key(qtbot, window, Qt.Key.Key_T)
    _key(qtbot, window, Qt.Key.Key_Return)
    assert window.findChild(QLabel, "link_STATED_ON").text() == "Date: Tuesday"


def test_link_a_speaker_with_the_mouse_and_delete_it_undoably(
    make_window: MakeWindow, db_path: Path, qtbot: QtBot
) -> None:
    _claim_doc(db_path)
    window = make_window()
    claim = next(s for s in window.article.spans if s.label == "CLAIM")
    window.article.set_current(claim.id)
    qtbot.mouseClick(window.findChild(QPushButton, "setLink_SPEAKER"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(
        window.article.viewport(), Qt.MouseButton.LeftButton,
        pos=point_at(window.article, TEXT.index("Gantz") + 2),
    )  # fmt: skip
    assert window.findChild(QLabel, "link_SPEAKER").text() == "Speaker: Gantz"
    gantz = next(s for s in window.article.spans if s.label == "ACTOR")
    window.article.set_current(gantz.id)
    window.article.setFocus()
    _key(qtbot, window, Qt.Key.Key_Delete)
    assert window.store.relations(window.current_id) == []
    assert "Delete ACTOR 'Gantz' and 1 link(s)" in window.actions_by_id["undo"].text()
    _key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert len(window.store.relations(window.current_id)) == 1
    assert ("ACTOR", "Gantz", "accepted") in stored(window)


def test_hover_shows_label_attributes_origin_and_speaker(
    make_window: MakeWindow, db_path: Path, qtbot: QtBot
) -> None:
    _doc(db_path, spans=(("Gantz", "ACTOR", SpanStatus.SUGGESTED),))
    window = make_window()
    gantz = window.article.spans[0]
    text = window.article.describe(gantz)
    assert text.splitlines() == ["ACTOR (suggested)", "type: PERSON", "origin: model:m@1"]


def test_one_edit_repaints_only_its_paragraph(
    make_window: MakeWindow, db_path: Path, qtbot: QtBot
) -> None:
    paragraph = "Gantz told Reznikov on Tuesday that Israel would help Ukraine."
    text = "\n".join(f"{n}. {paragraph}" for n in range(200))
    with open_store(db_path) as store:
        doc_id = store.add_document(NewDocument(text))
        assert doc_id is not None
        spans = []
        line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        for start in line_starts:
            for words in ("Gantz", "Reznikov", "Tuesday", "Israel", "Ukraine"):
                at = text.index(words, start)
                spans.append(Span(new_id(), doc_id, at, at + len(words), "ACTOR",
                                  {}, "model:m@1", SpanStatus.SUGGESTED))  # fmt: skip
        store.insert_spans(spans)
    window = make_window()
    assert len(window.article.spans) == 1000
    window.article.highlighter.painted_blocks.clear()
    target = text.index("would help", text.index("150. "))
    cursor = window.article.textCursor()
    cursor.setPosition(target)
    cursor.setPosition(target + len("would help"), QTextCursor.MoveMode.KeepAnchor)
    window.article.setTextCursor(cursor)
    window.article.setFocus()
    qtbot.keyClick(window.article, Qt.Key.Key_2)
    assert ("CLAIM", "would help", "accepted") in stored(window)
    # one paragraph, not all 200 with their 1,000 highlights
    assert list(window.article.highlighter.painted_blocks) == [150]


def test_tagging_after_emoji_and_cjk_stores_the_right_characters(
    make_window: MakeWindow, db_path: Path, qtbot: QtBot
) -> None:
    text = "😀🇺🇦 会见了 Reznikov 𠀋 and Gantz said so."
    _doc(db_path, text)
    window = make_window()
    start = text.index("Gantz")
    drag(window.article, start, start + 5)  # the mouse works in Qt's UTF-16 positions
    qtbot.keyClick(window.article, Qt.Key.Key_1)
    _select(window, "会见了")
    qtbot.keyClick(window.article, Qt.Key.Key_2)
    assert sorted(stored(window)) == [
        ("ACTOR", "Gantz", "accepted"),
        ("CLAIM", "会见了", "accepted"),
    ]
    shown = [t for *_r, t in highlighted(window.article.document(), text)]
    assert shown == ["会见了", "Gantz"]
