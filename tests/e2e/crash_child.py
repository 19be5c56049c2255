"""Child process for the kill -9 test: opens the real window on a database, tags words one by
one with key presses, and prints each edit once the window shows it. The parent kills it."""

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.config import Settings
from annotator.ui.app import create_window


def main() -> None:
    db, settings_file = Path(sys.argv[1]), sys.argv[2]
    app = QApplication([])
    window = create_window(
        Settings(db_path=db, model="fallback", annotator="crash-test"),
        QSettings(settings_file, QSettings.Format.IniFormat),
    )
    window.show()
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    article = window.article
    article.setFocus()
    words = article.text.split()
    position = 0
    for number in range(10_000):
        word = words[number % len(words)]
        start = article.text.find(word, position)
        if start < 0:
            position = 0
            continue
        position = start + len(word)
        cursor = article.textCursor()
        cursor.setPosition(article.offsets.to_qt(start))
        cursor.setPosition(article.offsets.to_qt(position), QTextCursor.MoveMode.KeepAnchor)
        article.setTextCursor(cursor)
        before = len(article.spans)
        QTest.keyClick(article, Qt.Key.Key_2)  # CLAIM: may nest, so nearly every word tags
        app.processEvents()
        if len(article.spans) > before:
            span = article.current()
            print(f"SHOWN {span.id} {span.start} {span.end}", flush=True)


if __name__ == "__main__":
    main()
