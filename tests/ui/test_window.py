"""The window as a person uses it: the document list, the article with highlights, import, export,
suggestions, shortcuts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QTableView
from pytestqt.qtbot import QtBot

from annotator.core.model import NewDocument, Span, SpanStatus, new_id
from annotator.core.nlp.pipeline import load_pipeline
from annotator.core.nlp.suggest import Suggester, preannotate
from annotator.core.store import open_store
from annotator.ui.article_view import ArticleView
from tests.conftest import REPO, SEED_ARTICLE, SEEDS, write
from tests.ui.conftest import MakeWindow, fill, highlighted

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _add(db: Path, text: str, spans: list[tuple[int, int, str, SpanStatus]], **kw: str) -> int:
    with open_store(db) as store:
        doc_id = store.add_document(NewDocument(text, **kw))
        assert doc_id is not None
        store.insert_spans(
            Span(new_id(), doc_id, a, b, label, {}, "human", status)
            for a, b, label, status in spans
        )
        return doc_id


def test_the_list_shows_every_document_with_date_status_and_span_count(
    make_window: MakeWindow, db_path: Path
) -> None:
    fill(db_path, SEEDS)
    window = make_window()
    table = window.findChild(QTableView, "documentList")
    model = table.model()
    assert model.rowCount() == 16
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Title", "Date", "Status", "Spans"]
    first = [model.index(0, c).data() for c in range(4)]
    assert first[0].startswith("The phone call scheduled between Israel’s Defense Minister")
    assert first[1:] == ["2022-10-20", "new", 0]
    assert window.findChild(QLabel, "documentDate").text() == "Published 2022-10-20"
    article = window.findChild(ArticleView, "articleView")
    assert article.toPlainText().startswith("The phone call scheduled")


def test_highlights_cover_exactly_the_stored_spans(
    make_window: MakeWindow, db_path: Path, tiny_pipeline: Path
) -> None:
    (doc_id,) = fill(db_path, SEED_ARTICLE)
    with open_store(db_path) as store:
        preannotate(store, [doc_id], Suggester(load_pipeline(str(tiny_pipeline))))
        stored = sorted((s.start, s.end, s.text_in(store.document(doc_id).text))
                        for s in store.spans(doc_id))  # fmt: skip
    window = make_window()
    article = window.article
    assert len(stored) > 10
    assert highlighted(article.document(), article.text) == stored


def test_emoji_and_cjk_do_not_shift_highlights(make_window: MakeWindow, db_path: Path) -> None:
    text = "😀 Gantz 会见了 🇺🇦 Reznikov\n第二段 on Tuesday 𠀋 in Kyiv."
    spans = [
        (text.index("Gantz"), text.index("Gantz") + 5, "ACTOR", SpanStatus.ACCEPTED),
        (text.index("会见了"), text.index("会见了") + 3, "CLAIM", SpanStatus.ACCEPTED),
        (text.index("Reznikov"), text.index("Reznikov") + 8, "ACTOR", SpanStatus.SUGGESTED),
        (text.index("Tuesday"), text.index("Tuesday") + 7, "DATE", SpanStatus.SUGGESTED),
        (text.index("Kyiv"), text.index("Kyiv") + 4, "ACTOR", SpanStatus.ACCEPTED),
    ]
    _add(db_path, text, spans)
    window = make_window()
    shown = [t for _a, _b, t in highlighted(window.article.document(), text)]
    assert shown == ["Gantz", "会见了", "Reznikov", "Tuesday", "Kyiv"]


def test_suggestions_look_different_from_accepted_spans(
    make_window: MakeWindow, db_path: Path
) -> None:
    _add(db_path, "Gantz met Reznikov.", [(0, 5, "ACTOR", SpanStatus.ACCEPTED),
                                          (10, 18, "ACTOR", SpanStatus.SUGGESTED)])  # fmt: skip
    window = make_window()
    formats = window.article.document().begin().layout().formats()
    accepted, suggested = formats[0].format, formats[1].format
    assert accepted.background().color() != suggested.background().color()
    assert suggested.underlineStyle() != accepted.underlineStyle()


def test_rejected_spans_are_not_painted(make_window: MakeWindow, db_path: Path) -> None:
    _add(db_path, "Gantz met Reznikov.", [(0, 5, "ACTOR", SpanStatus.REJECTED)])
    window = make_window()
    assert highlighted(window.article.document(), window.article.text) == []


def test_markup_in_an_article_is_shown_literally(make_window: MakeWindow, db_path: Path) -> None:
    text = "<b>bold</b> and <script>alert('x')</script> &amp; <i>more</i>"
    _add(db_path, text, [(3, 7, "ACTOR", SpanStatus.ACCEPTED)], title="<h1>Big</h1>")
    window = make_window()
    assert window.article.toPlainText() == text
    assert window.findChild(QLabel, "documentTitle").text() == "<h1>Big</h1>"
    assert window.findChild(QLabel, "documentTitle").textFormat() == Qt.TextFormat.PlainText
    assert [t for *_r, t in highlighted(window.article.document(), text)] == ["bold"]


def test_clicking_a_row_shows_that_document(
    make_window: MakeWindow, db_path: Path, qtbot: QtBot
) -> None:
    fill(db_path, SEEDS)
    window = make_window()
    table = window.document_list
    rect = table.visualRect(table.model().index(3, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    expected = table.model().index(3, 0).data()
    assert window.findChild(QLabel, "documentTitle").text() == expected
    assert window.findChild(QLabel, "documentDate").text() == "Published 2019-01-24"


def test_keyboard_moves_between_documents(
    make_window: MakeWindow, db_path: Path, qtbot: QtBot
) -> None:
    ids = fill(db_path, SEEDS)
    window = make_window()
    window.article.setFocus()
    qtbot.keyClick(window.article, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert window.current_id == ids[1]
    qtbot.keyClick(window.article, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.article, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert window.current_id == ids[1]


def test_the_list_sorts_by_date_when_the_header_is_clicked(
    make_window: MakeWindow, db_path: Path, qtbot: QtBot
) -> None:
    fill(db_path, SEEDS)
    window = make_window()
    table = window.document_list
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(1) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    dates = [table.model().index(r, 1).data() for r in range(table.model().rowCount())]
    assert dates == sorted(dates)
    assert dates[0] == "2019-01-04"


def test_zoom_changes_the_article_font(make_window: MakeWindow, qtbot: QtBot) -> None:
    window = make_window()
    size = window.article.font().pointSize()
    qtbot.keyClick(window.article, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.article.font().pointSize() == size + 1
    qtbot.keyClick(window.article, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.article, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.article.font().pointSize() == size - 1


def test_f1_shows_every_shortcut(make_window: MakeWindow, qtbot: QtBot) -> None:
    window = make_window()
    qtbot.keyClick(window.article, Qt.Key.Key_F1)
    assert window.message_box is not None
    text = window.message_box.text()
    for expected in ("Ctrl+O", "Import Files", "Ctrl+E", "Ctrl+Shift+R", "Zoom In"):
        assert expected in text


def test_importing_from_the_window_adds_documents_and_reports_bad_lines(
    make_window: MakeWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    window = make_window()
    path = write(tmp_path / "in.jsonl", '{"text": "Israel said so on Thursday."}\n{broken\n')
    summary = window.import_paths([path])
    assert summary is not None and summary.imported == 1
    assert window.document_list.model().rowCount() == 1
    assert window.message_box is not None
    message = window.message_box.text()
    assert "imported 1, duplicates 0, rejected 1" in message
    assert f"{path}:2: not valid JSON" in message
    qtbot.waitUntil(lambda: not window.runner.is_running(), timeout=60_000)


def test_importing_a_missing_path_shows_a_message(make_window: MakeWindow, tmp_path: Path) -> None:
    window = make_window()
    assert window.import_paths([tmp_path / "gone"]) is None
    assert window.message_box is not None
    assert window.message_box.text() == f"{tmp_path / 'gone'}: no such file or folder"


def test_suggestions_arrive_from_the_worker_and_repaint(
    make_window: MakeWindow, db_path: Path, qtbot: QtBot
) -> None:
    fill(db_path, SEED_ARTICLE)
    window = make_window()
    assert highlighted(window.article.document(), window.article.text) == []
    window.suggest_unsuggested()
    assert window.findChild(QLabel, "modelLabel").text().startswith("Suggestions: ")
    qtbot.waitUntil(lambda: not window.runner.is_running(), timeout=60_000)
    shown = [t for *_r, t in highlighted(window.article.document(), window.article.text)]
    assert "Benny Gantz" in shown and "Thursday" in shown
    assert (
        window.findChild(QLabel, "modelLabel")
        .text()
        .startswith("Suggestions: model:en_tiny_test@0.0.1")
    )
    assert window.document_list.model().index(0, 3).data() == len(window.article.spans)


def test_a_bad_pipeline_is_reported_in_a_message(
    make_window: MakeWindow, db_path: Path, qtbot: QtBot
) -> None:
    fill(db_path, SEED_ARTICLE)
    window = make_window(model="xx_missing_pipeline")
    window.suggest_unsuggested()
    qtbot.waitUntil(lambda: window.message_box is not None, timeout=60_000)
    assert "'xx_missing_pipeline' is not installed" in window.message_box.text()


def test_without_a_model_the_window_warns_visibly(
    make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("annotator.core.nlp.pipeline.is_installed", lambda name: False)
    window = make_window(model=None)
    warning = window.findChild(QLabel, "modelWarning")
    assert warning.isVisible()
    assert "No spaCy English model is installed" in warning.text()


def test_export_from_the_file_menu_writes_training_data(
    make_window: MakeWindow, db_path: Path, tmp_path: Path, qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from PySide6.QtWidgets import QCheckBox, QDialog, QLineEdit

    from annotator.ui.export_dialog import ExportDialog

    fill(db_path, SEED_ARTICLE)
    window = make_window()
    out = tmp_path / "out.jsonl"

    def fill_in(dialog: ExportDialog) -> int:
        """What a person does in the dialog: include the new document and its suggestions."""
        with qtbot.waitExposed(dialog):
            dialog.show()
        for name in ("exportStatus_new", "exportSuggestions"):
            box = dialog.findChild(QCheckBox, name)
            qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))
            assert box.isChecked()
        path = dialog.findChild(QLineEdit, "exportPath")
        path.clear()
        qtbot.keyClicks(path, str(out))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", fill_in)
    qtbot.keyClick(window.article, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    record = orjson.loads(out.read_bytes())
    assert record["meta"]["published"] == "2022-10-20"
    assert record["text"].startswith("The phone call")
    assert (tmp_path / "out.md").exists()  # the dataset card beside it
    assert "1 document" in window.statusBar().currentMessage()


def test_two_windows_on_one_database(
    make_window: MakeWindow, db_path: Path, tmp_path: Path
) -> None:
    first = make_window(model="fallback")
    second = make_window(model="fallback")
    first.import_paths([write(tmp_path / "a.txt", "Israel and Ukraine.")])
    second.documents.reload()
    assert second.document_list.model().rowCount() == 1


WINDOW_BEFORE_SPACY = """
import sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from annotator.config import Settings
from annotator.ui.app import create_window
app = QApplication([])
window = create_window(Settings(db_path=Path(sys.argv[1])))
window.show()
app.processEvents()
print("spacy" in sys.modules, window.isVisible())
window.store.close()
"""


def test_the_window_appears_before_spacy_is_imported(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", WINDOW_BEFORE_SPACY, str(tmp_path / "w.db")],
        cwd=REPO, capture_output=True, text=True, check=True,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert result.stdout.split() == ["False", "True"]


def test_the_rule_set_can_be_chosen_and_is_used(
    make_window: MakeWindow, db_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(db_path, SEED_ARTICLE)
    window = make_window()
    monkeypatch.setattr(
        "annotator.ui.suggestion_controls.QInputDialog.getItem",
        lambda _parent, _title, _label, items, *_a: (
            next(i for i in items if "entities" in i),
            True,
        ),
    )
    qtbot.keyClick(window.article, Qt.Key.Key_U, CTRL_SHIFT)
    assert window.findChild(QLabel, "modelLabel").text().endswith("+ rules:entities")
    window.suggest_unsuggested()
    qtbot.waitUntil(lambda: not window.runner.is_running(), timeout=60_000)
    assert window.findChild(QLabel, "modelLabel").text().endswith("+rules:entities@1")
