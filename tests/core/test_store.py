import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from annotator.core.model import NewDocument, Span, SpanStatus, new_id
from annotator.core.schema import SCHEMA_VERSION
from annotator.core.store import Store, open_store
from annotator.errors import StoreError


def _span(doc_id: int, start: int, end: int, label: str = "ACTOR", **kw: object) -> Span:
    return Span(id=new_id(), document_id=doc_id, start=start, end=end, label=label, **kw)  # type: ignore[arg-type]


def test_a_new_file_is_migrated_to_the_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    with open_store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert {"documents", "spans", "relations", "edits", "documents_fts"} <= set(
            store.db.table_names()
        )
    # reopening does not migrate again and keeps the data
    with open_store(path) as store:
        store.add_document(NewDocument("kept"))
    with open_store(path) as store:
        assert store.count_documents() == 1


def test_an_empty_existing_file_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with open_store(path) as store:
        assert store.count_documents() == 0


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 200)
    before = path.read_bytes()
    with pytest.raises(StoreError, match=r"notes\.db: not an annotator database"):
        open_store(path)
    assert path.read_bytes() == before


def test_an_sqlite_file_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    sqlite_utils.Database(path)["birds"].insert({"name": "heron"})
    with pytest.raises(StoreError, match="not an annotator database"):
        open_store(path)


def test_a_newer_schema_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match=r"newer annotator.*Upgrade annotator"):
        open_store(path)


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)


def test_same_text_is_stored_once(store: Store) -> None:
    first = store.add_document(NewDocument("Same text.", title="one"))
    assert first is not None
    assert store.add_document(NewDocument("Same text.", title="two")) is None
    assert store.count_documents() == 1
    assert store.document(first).title == "one"


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        store.insert_spans([_span(999, 0, 1)])


def test_replacing_suggestions_keeps_human_work_and_remembers_rejections(store: Store) -> None:
    doc_id = store.add_document(NewDocument("Benny Gantz met Reznikov on Thursday."))
    assert doc_id is not None
    accepted = _span(doc_id, 0, 11, status=SpanStatus.ACCEPTED, origin="human")
    rejected = _span(doc_id, 16, 24, status=SpanStatus.REJECTED, origin="model:x@1")
    stale = _span(doc_id, 28, 36, "DATE", status=SpanStatus.SUGGESTED, origin="model:x@1")
    store.insert_spans([accepted, rejected, stale])

    fresh = [
        _span(doc_id, 0, 11, status=SpanStatus.SUGGESTED),  # same as the accepted one
        _span(doc_id, 16, 24, status=SpanStatus.SUGGESTED),  # was rejected before
        _span(doc_id, 28, 36, "DATE", status=SpanStatus.SUGGESTED),  # replaces the stale one
    ]
    assert store.replace_suggestions(doc_id, fresh, "model:x@2") == 1
    spans = {(s.start, s.end, s.status) for s in store.spans(doc_id)}
    assert spans == {
        (0, 11, SpanStatus.ACCEPTED),
        (16, 24, SpanStatus.REJECTED),
        (28, 36, SpanStatus.SUGGESTED),
    }
    assert stale.id not in {s.id for s in store.spans(doc_id)}
    assert store.unsuggested_ids() == []


def test_summaries_count_spans_that_are_not_rejected(store: Store) -> None:
    doc_id = store.add_document(NewDocument("Line one\nline two", published="2022-10-20"))
    assert doc_id is not None
    store.insert_spans([_span(doc_id, 0, 4), _span(doc_id, 5, 8, status=SpanStatus.REJECTED)])
    (summary,) = store.summaries()
    assert summary.span_count == 1
    assert summary.published == "2022-10-20"
    assert summary.display_title == "Line one"
    assert store.summary(doc_id) == summary


def test_full_text_search_finds_words_and_reports_a_bad_query(store: Store) -> None:
    gantz = store.add_document(NewDocument("Gantz told European ambassadors.", title="Israel"))
    store.add_document(NewDocument("A hurricane hit the Bahamas."))
    assert store.search("ambassadors") == [gantz]
    assert store.search("israel") == [gantz]
    with pytest.raises(StoreError, match="bad search query"):
        store.search('"unclosed')


def test_stats_count_documents_by_status_and_spans_by_label(store: Store) -> None:
    doc_id = store.add_document(NewDocument("Gantz said so on Tuesday."))
    assert doc_id is not None
    store.insert_spans(
        [
            _span(doc_id, 0, 5, status=SpanStatus.SUGGESTED),
            _span(doc_id, 17, 24, "DATE", status=SpanStatus.ACCEPTED),
        ]
    )
    stats = store.stats()
    assert stats["documents"] == {"new": 1, "in_progress": 0, "done": 0, "skipped": 0}
    assert stats["spans"] == {"ACTOR": {"suggested": 1}, "DATE": {"accepted": 1}}


def test_two_connections_to_one_file_see_each_others_writes(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    with open_store(path) as first, open_store(path) as second:
        first.add_document(NewDocument("written by the first"))
        assert second.count_documents() == 1
        assert second.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_older_schema_is_migrated_and_keeps_its_data(tmp_path: Path) -> None:
    from annotator.core.schema import MIGRATIONS

    path = tmp_path / "v1.db"
    db = sqlite_utils.Database(sqlite3.connect(path, isolation_level=None))
    MIGRATIONS[0](db)  # a file written by the first release
    db.execute("PRAGMA user_version = 1")
    db.execute(
        "INSERT INTO documents (text, content_hash, status, created, updated)"
        " VALUES ('kept', 'h', 'done', 'now', 'now')"
    )
    db.close()
    with open_store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.document(1).text == "kept"
        assert store.tokens(1) is None
        indexes = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master")}
        assert "idx_spans_label_status_document_id" in indexes
        assert "idx_spans_label_status" not in indexes
