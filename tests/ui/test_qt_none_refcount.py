"""Regression guard for DESIGN.md's trap: PySide6 6.12.0 on CPython 3.11 drops a reference to None
on every void Qt call until the interpreter aborts. pyproject pins PySide6 < 6.12 on 3.11; this
test fails if the environment ever combines the two again."""

import sys

from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot


def test_100k_void_qt_calls_keep_the_refcount_of_none(qtbot: QtBot) -> None:
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    before = sys.getrefcount(None)
    for _ in range(100_000):
        editor.setReadOnly(True)
    after = sys.getrefcount(None)
    assert after >= before - 100, f"refcount of None fell from {before} to {after}"
