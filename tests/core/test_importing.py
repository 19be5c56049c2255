from pathlib import Path

import orjson
import pytest

from annotator.core.importing import import_paths
from annotator.core.pubdate import parse_publication_date
from annotator.core.store import Store
from annotator.errors import InputError
from tests.conftest import SEED_ARTICLE, write


def _texts(store: Store) -> list[str]:
    return [store.document(i).text for i in store.document_ids()]


def test_the_seed_format_strips_the_date_header(store: Store) -> None:
    summary = import_paths(store, [SEED_ARTICLE])
    assert (summary.imported, summary.duplicates, summary.rejected) == (1, 0, 0)
    doc = store.document(summary.document_ids[0])
    assert doc.published == "2022-10-20"
    assert doc.text.startswith("The phone call scheduled between Israel’s Defense Minister")
    assert "date 2022" not in doc.text
    assert doc.source == str(SEED_ARTICLE)


def test_reimporting_the_same_text_is_a_no_op(store: Store, tmp_path: Path) -> None:
    import_paths(store, [SEED_ARTICLE])
    copy = write(tmp_path / "copy.txt", SEED_ARTICLE.read_text("utf-8").replace("\n", "\r\n"))
    again = import_paths(store, [SEED_ARTICLE, copy])
    assert (again.imported, again.duplicates) == (0, 2)
    assert store.count_documents() == 1


def test_plain_text_is_normalised_once(store: Store, tmp_path: Path) -> None:
    # CRLF and CR become LF; decomposed "é" (e + combining acute) becomes the NFC character.
    path = write(tmp_path / "plain.txt", "\ufeffCafe\u0301 line one\r\nline two\rline three\n")
    import_paths(store, [path])
    (doc_id,) = store.document_ids()
    doc = store.document(doc_id)
    assert doc.text == "Café line one\nline two\nline three"
    assert doc.published is None


def test_jsonl_reads_text_meta_and_dates_at_either_level(store: Store, tmp_path: Path) -> None:
    lines = [
        {"text": "First article.", "meta": {"title": "One", "date": "2019-01-04", "lang": "en"}},
        {"text": "Second article.", "title": "Two", "date": "2017/2/7", "id": "a-2"},
        {"text": "Third article."},
    ]
    path = write(tmp_path / "a.jsonl", "\n".join(orjson.dumps(x).decode() for x in lines) + "\n")
    summary = import_paths(store, [path])
    assert summary.imported == 3
    docs = [store.document(i) for i in store.document_ids()]
    assert [(d.title, d.published) for d in docs] == [
        ("One", "2019-01-04"),
        ("Two", "2017-02-07"),
        (None, None),
    ]
    assert docs[0].meta == {"lang": "en"}
    assert docs[1].meta == {"id": "a-2"}
    assert docs[1].source == f"{path}:2"


def test_bad_jsonl_lines_are_reported_and_the_rest_imports(store: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path / "mixed.jsonl",
        '{"text": "good one"}\n'
        "{not json\n"
        '{"title": "no text"}\n'
        '["a", "list"]\n'
        '{"text": 42}\n'
        '{"text": "   "}\n'
        '{"text": "bad date", "date": "sometime"}\n'
        '{"text": "good two"}\n',
    )
    summary = import_paths(store, [path])
    assert (summary.imported, summary.rejected) == (2, 6)
    messages = [str(p) for p in summary.problems]
    assert messages[0].startswith(f"{path}:2: not valid JSON (")
    assert messages[1:] == [
        f"{path}:3: no 'text' key",
        f"{path}:4: a line must be a JSON object with a 'text' key",
        f"{path}:5: 'text' is not a string",
        f"{path}:6: the text is empty",
        f"{path}:7: not a date: 'sometime' (expected YYYY-MM-DD or YYYY/M/D)",
    ]
    assert _texts(store) == ["good one", "good two"]


def test_csv_columns_are_chosen_by_name(store: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path / "news.csv",
        "article_id,publish_date,article_source_link,title,subtitle,text\n"
        '1,2017/2/7,http://example.org/a,Title A,,"Text A, with a comma\nand a second line"\n'
        "2,          2016/12/30 7:11,http://example.org/b,Title B,Sub,Text B\n",
    )
    summary = import_paths(store, [path])
    assert summary.imported == 2
    a, b = (store.document(i) for i in store.document_ids())
    assert (a.title, a.published, a.text) == (
        "Title A",
        "2017-02-07",
        "Text A, with a comma\nand a second line",
    )
    assert a.meta == {"article_id": "1", "url": "http://example.org/a"}
    assert b.published == "2016-12-30"
    assert b.meta["subtitle"] == "Sub"
    assert b.source == f"{path}:4"


def test_a_csv_without_a_text_column_is_refused(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "bad.csv", "title,date\nA,2019-01-04\n")
    summary = import_paths(store, [path])
    assert summary.rejected == 1
    assert str(summary.problems[0]).startswith(f"{path}:1: CSV has no text column")


def test_bad_csv_rows_name_their_line(store: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path / "rows.csv",
        "date,text\n2019-01-04,ok\n2019-13-40,bad date\n2019-01-05,\n2019-01-06,x,extra\n",
    )
    summary = import_paths(store, [path])
    assert summary.imported == 1
    assert [str(p) for p in summary.problems] == [
        f"{path}:3: not a date: '2019-13-40' (month must be in 1..12)",
        f"{path}:4: the text is empty",
        f"{path}:5: row has 3 fields, the header has 2",
    ]


def test_folders_are_read_recursively_in_order(store: Store, tmp_path: Path) -> None:
    write(tmp_path / "b" / "2.txt", "second")
    write(tmp_path / "a.txt", "first")
    write(tmp_path / "b" / "ignored.md", "not an article")
    summary = import_paths(store, [tmp_path])
    assert summary.imported == 2
    assert _texts(store) == ["first", "second"]


def test_a_missing_path_is_an_error(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.txt: no such file or folder"):
        import_paths(store, [tmp_path / "nope.txt"])


def test_a_folder_without_readable_files_is_an_error(store: Store, tmp_path: Path) -> None:
    write(tmp_path / "readme.md", "# nothing here")
    with pytest.raises(InputError, match="folder has no readable files"):
        import_paths(store, [tmp_path])


def test_a_non_utf8_file_is_rejected_with_where_and_what(store: Store, tmp_path: Path) -> None:
    latin1 = write(tmp_path / "latin1.txt", "first line\nCaf\xe9 au lait".encode("latin-1"))
    good = write(tmp_path / "good.txt", "a good file")
    summary = import_paths(store, [latin1, good])
    assert summary.imported == 1
    assert str(summary.problems[0]) == (
        f"{latin1}:2: not UTF-8 text (byte 0xe9 at offset 14); convert it to UTF-8 and import again"
    )


def test_an_empty_file_is_rejected(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "empty.txt", "  \n\n")
    summary = import_paths(store, [path])
    assert summary.rejected == 1
    assert str(summary.problems[0]) == f"{path}: the file is empty"


def test_an_unknown_file_type_is_an_error(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"unknown file type '\.docx'"):
        import_paths(store, [write(tmp_path / "a.docx", "x")])


def test_progress_is_reported_and_cancel_keeps_what_was_read(store: Store, tmp_path: Path) -> None:
    for number in range(5):
        write(tmp_path / f"{number}.txt", f"article number {number}")
    seen: list[tuple[int, int]] = []
    calls = iter(range(100))
    summary = import_paths(
        store,
        [tmp_path],
        progress=lambda d, t: seen.append((d, t)),
        should_cancel=lambda: next(calls) >= 3,
    )
    assert summary.cancelled
    assert summary.imported == 3
    assert store.count_documents() == 3
    assert seen and all(done <= total for done, total in seen)


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2019-01-04", "2019-01-04"),
        ("2017/2/7", "2017-02-07"),
        ("          2016/12/30 7:11", "2016-12-30"),
        ("2019-01-04T10:00:00Z", "2019-01-04"),
        ("Friday, January 4, 2019", "2019-01-04"),
        ("Oct. 20 2022", "2022-10-20"),
    ],
)
def test_publication_dates_parse(raw: str, iso: str) -> None:
    assert parse_publication_date(raw) == iso


@pytest.mark.parametrize("raw", ["", "yesterday", "2019-02-30", "4/1/2019"])
def test_unparseable_publication_dates_raise(raw: str) -> None:
    with pytest.raises(ValueError, match="not a date"):
        parse_publication_date(raw)
