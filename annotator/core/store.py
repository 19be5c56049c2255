"""The SQLite store: the single source of truth. Typed reads and writes; no raw SQL elsewhere.

Every connection runs with WAL, ``synchronous=NORMAL``, ``foreign_keys=ON`` and a busy timeout, so a
second process (the suggestion worker, a second window, the CLI) can use the same file safely.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import sqlite_utils

from annotator.core.model import (
    DocStatus,
    Document,
    DocumentSummary,
    NewDocument,
    Relation,
    Span,
    SpanStatus,
    Tokens,
    content_hash,
)
from annotator.core.schema import MIGRATIONS, SCHEMA_VERSION
from annotator.errors import StoreError

BUSY_TIMEOUT_MS = 10_000
_SPAN_STATUS = {status.value: status for status in SpanStatus}


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _dumps(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def _loads(value: str | None) -> Any:
    return orjson.loads(value) if value else {}


class Store:
    """An open annotation database. Create it with :func:`open_store`."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None) -> None:
        self.db = db
        self.path = path

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- documents -------------------------------------------------------------------------

    def add_document(self, doc: NewDocument) -> int | None:
        """Store one document (atomically); ``None`` when the same text is already stored."""
        return self.add_documents([doc])[0]

    def add_documents(self, docs: list[NewDocument]) -> list[int | None]:
        """Store documents with one multi-row INSERT per 100 (each row is whole or absent);
        for each, its new id or ``None`` when the same text was already stored (or came earlier
        in ``docs``).

        One statement for many rows matters: the FTS5 trigger flushes its index at every
        statement, and one statement per document made imports 2.5x slower (bench/import_corpus).
        """
        ids: list[int | None] = []
        stamp = now()
        with self.db.atomic():
            for first in range(0, len(docs), 100):
                batch = docs[first : first + 100]
                digests = [content_hash(doc.text) for doc in batch]
                rows = ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(batch))
                values: list[Any] = []
                for doc, digest in zip(batch, digests, strict=True):
                    values += [doc.text, doc.title, doc.published, doc.source, _dumps(doc.meta),
                               digest, DocStatus.NEW.value, stamp, stamp]  # fmt: skip
                returned = dict(
                    (digest, new_id)
                    for new_id, digest in self.db.execute(
                        "INSERT INTO documents (text, title, published, source, meta,"
                        " content_hash, status, created, updated) VALUES "
                        + rows
                        + " ON CONFLICT(content_hash) DO NOTHING RETURNING id, content_hash",
                        values,
                    ).fetchall()
                )
                for digest in digests:
                    ids.append(returned.pop(digest, None))
        return ids

    def has_text(self, text: str) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM documents WHERE content_hash = ?", (content_hash(text),)
        ).fetchone()
        return row is not None

    def document(self, document_id: int) -> Document:
        row = self.db.execute(
            "SELECT id, text, title, published, source, meta, content_hash, status, created,"
            " updated FROM documents WHERE id = ?",
            (document_id,),
        ).fetchone()
        if row is None:
            raise KeyError(f"no document with id {document_id}")
        return Document(
            id=row[0],
            text=row[1],
            title=row[2],
            published=row[3],
            source=row[4],
            meta=_loads(row[5]),
            content_hash=row[6],
            status=DocStatus(row[7]),
            created=row[8],
            updated=row[9],
        )

    def document_ids(self, status: Iterable[str] | None = None) -> list[int]:
        if status is None:
            rows = self.db.execute("SELECT id FROM documents ORDER BY id")
        else:
            wanted = list(status)
            marks = ",".join("?" * len(wanted))
            rows = self.db.execute(
                f"SELECT id FROM documents WHERE status IN ({marks}) ORDER BY id", wanted
            )
        return [row[0] for row in rows]

    def iter_texts(self, document_ids: Iterable[int]) -> Iterator[tuple[int, str, str | None]]:
        """Yield ``(id, text, published)`` for each id, in the given order."""
        for document_id in document_ids:
            row = self.db.execute(
                "SELECT id, text, published FROM documents WHERE id = ?", (document_id,)
            ).fetchone()
            if row is not None:
                yield row[0], row[1], row[2]

    _SUMMARY_SQL = (
        "SELECT d.id, d.title, d.published, d.status, length(d.text), substr(d.text, 1, 80),"
        " (SELECT count(*) FROM spans s WHERE s.document_id = d.id AND s.status != 'rejected')"
        " FROM documents d"
    )

    @staticmethod
    def summary_row(r: tuple[Any, ...]) -> DocumentSummary:
        """A list row from ``(id, title, published, status, length, snippet, span count)``."""
        return DocumentSummary(
            id=r[0],
            title=r[1],
            published=r[2],
            status=DocStatus(r[3]),
            length=r[4],
            snippet=r[5],
            span_count=r[6],
        )

    def summaries(self) -> list[DocumentSummary]:
        """The document list: one row per document, without text, in import order."""
        rows = self.db.execute(self._SUMMARY_SQL + " ORDER BY d.id")
        return [self.summary_row(r) for r in rows]

    def summary(self, document_id: int) -> DocumentSummary:
        row = self.db.execute(self._SUMMARY_SQL + " WHERE d.id = ?", (document_id,)).fetchone()
        if row is None:
            raise KeyError(f"no document with id {document_id}")
        return self.summary_row(row)

    def count_documents(self) -> int:
        return self.db.execute("SELECT count(*) FROM documents").fetchone()[0]

    def set_status(self, document_id: int, status: DocStatus) -> None:
        with self.db.atomic():
            self.db.execute(
                "UPDATE documents SET status = ?, updated = ? WHERE id = ?",
                (status.value, now(), document_id),
            )

    def search(self, query: str, limit: int = 1000) -> list[int]:
        """Document ids matching an FTS5 query, best first; raises StoreError for a bad query."""
        try:
            rows = self.db.execute(
                "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?",
                (query, limit),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"bad search query {query!r}: {exc}") from exc
        return [row[0] for row in rows]

    # --- spans and relations ---------------------------------------------------------------

    def spans(self, document_id: int, include_rejected: bool = True) -> list[Span]:
        sql = (
            "SELECT id, document_id, start, end, label, attrs, origin, status, annotator"
            " FROM spans WHERE document_id = ?"
        )
        if not include_rejected:
            sql += " AND status != 'rejected'"
        rows = self.db.execute(sql + " ORDER BY start, end DESC, label", (document_id,))
        status = _SPAN_STATUS
        return [
            Span(r[0], r[1], r[2], r[3], r[4], _loads(r[5]) if r[5] != "{}" else {}, r[6],
                 status[r[7]], r[8])
            for r in rows
        ]  # fmt: skip

    def relations(self, document_id: int) -> list[Relation]:
        rows = self.db.execute(
            "SELECT id, document_id, head, child, label, origin, status FROM relations"
            " WHERE document_id = ? ORDER BY created, id",
            (document_id,),
        )
        return [
            Relation(
                id=r[0],
                document_id=r[1],
                head=r[2],
                child=r[3],
                label=r[4],
                origin=r[5],
                status=SpanStatus(r[6]),
            )
            for r in rows
        ]

    def insert_spans(self, spans: Iterable[Span]) -> None:
        """Insert spans atomically (inside the caller's transaction, if one is open)."""
        stamp = now()
        with self.db.atomic():
            self._insert_spans(spans, stamp)

    def _insert_spans(self, spans: Iterable[Span], stamp: str) -> None:
        self.db.conn.executemany(
            "INSERT INTO spans (id, document_id, start, end, label, attrs, origin, status,"
            " annotator, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    s.id,
                    s.document_id,
                    s.start,
                    s.end,
                    s.label,
                    _dumps(s.attrs),
                    s.origin,
                    s.status.value,
                    s.annotator,
                    stamp,
                    stamp,
                )
                for s in spans
            ],
        )

    def unsuggested_ids(self) -> list[int]:
        """Documents that no suggestion run has seen yet."""
        rows = self.db.execute("SELECT id FROM documents WHERE suggested_by IS NULL ORDER BY id")
        return [row[0] for row in rows]

    def delete_spans(self, span_ids: Iterable[str]) -> None:
        with self.db.atomic():
            self.db.conn.executemany("DELETE FROM spans WHERE id = ?", [(i,) for i in span_ids])

    def update_spans(self, spans: Iterable[Span]) -> None:
        """Write every field of existing spans (the same ids) atomically."""
        stamp = now()
        with self.db.atomic():
            self.db.conn.executemany(
                "UPDATE spans SET start = ?, end = ?, label = ?, attrs = ?, origin = ?,"
                " status = ?, annotator = ?, updated = ? WHERE id = ?",
                [
                    (s.start, s.end, s.label, _dumps(s.attrs), s.origin, s.status.value,
                     s.annotator, stamp, s.id)
                    for s in spans
                ],
            )  # fmt: skip

    def insert_relations(self, relations: Iterable[Relation]) -> None:
        stamp = now()
        with self.db.atomic():
            self.db.conn.executemany(
                "INSERT INTO relations (id, document_id, head, child, label, origin, status,"
                " created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (r.id, r.document_id, r.head, r.child, r.label, r.origin, r.status.value,
                     stamp)
                    for r in relations
                ],
            )  # fmt: skip

    def delete_relations(self, relation_ids: Iterable[str]) -> None:
        with self.db.atomic():
            self.db.conn.executemany(
                "DELETE FROM relations WHERE id = ?", [(i,) for i in relation_ids]
            )

    def canonical_names(self, label: str = "ACTOR") -> list[str]:
        """Every canonical name used in the corpus, for completion."""
        rows = self.db.execute(
            "SELECT DISTINCT json_extract(attrs, '$.canonical') AS name FROM spans"
            " WHERE label = ? AND status != 'rejected' AND name IS NOT NULL ORDER BY name",
            (label,),
        )
        return [row[0] for row in rows]

    # --- tokens ----------------------------------------------------------------------------

    def tokens(self, document_id: int) -> Tokens | None:
        row = self.db.execute(
            "SELECT starts, ends FROM tokens WHERE document_id = ?", (document_id,)
        ).fetchone()
        return None if row is None else Tokens.from_bytes(row[0], row[1])

    def save_tokens(self, document_id: int, tokens: Tokens, tokenizer: str) -> None:
        """Store a document's tokens with their rendered Prodigy JSON (the export's cache, see
        :mod:`annotator.core.formats.token_cache`)."""
        from annotator.core.formats import token_cache

        starts, ends = tokens.to_bytes()
        with self.db.atomic():
            row = self.db.execute("SELECT text FROM documents WHERE id = ?", (document_id,))
            text = next(row, ("",))[0]
            rendered = token_cache.render(text, tokens.starts, tokens.ends) if text else None
            self.db.execute(
                "INSERT OR REPLACE INTO tokens (document_id, tokenizer, starts, ends, prodigy)"
                " VALUES (?, ?, ?, ?, ?)",
                (document_id, tokenizer, starts, ends, rendered),
            )

    def replace_suggestions(
        self,
        document_id: int,
        spans: list[Span],
        origin: str,
        tokens: Tokens | None = None,
        relations: list[Relation] | None = None,
    ) -> int:
        """Swap a document's still-``suggested`` spans (and relations) for new ones, in one
        transaction; returns the number of spans stored. See :meth:`replace_suggestion_rows`."""
        return self.replace_suggestion_rows(document_id, spans, relations or [], origin, tokens)[0]

    def replace_suggestion_rows(
        self,
        document_id: int,
        spans: list[Span],
        relations: list[Relation],
        origin: str,
        tokens: Tokens | None = None,
    ) -> tuple[int, int]:
        """Swap a document's still-``suggested`` spans and relations for new ones, in one
        transaction; returns ``(spans stored, relations stored)``.

        Human work is never touched: accepted spans stay, and a new suggestion that repeats a span
        already accepted or rejected (same offsets and label) is dropped, so a rejected suggestion
        is not offered again. Suggested spans that a remaining (human) relation uses are kept.

        ``relations`` refer to the ids of ``spans``. A relation whose end was dropped because it
        repeats a kept span points at that span instead (a suggested SPEAKER link to an accepted
        actor), unless that span is rejected: then the relation is dropped too. A relation that
        repeats one already stored (whatever its status) is not added, nor one from a kept claim
        that already has a relation of that label; one whose end is not among ``spans`` is an
        error.
        """
        with self.db.atomic():
            self.db.execute(
                "DELETE FROM relations WHERE document_id = ? AND status = 'suggested'",
                (document_id,),
            )
            self.db.execute(
                "DELETE FROM spans WHERE document_id = ? AND status = 'suggested'"
                " AND id NOT IN (SELECT head FROM relations WHERE document_id = ?"
                " UNION SELECT child FROM relations WHERE document_id = ?)",
                (document_id, document_id, document_id),
            )
            kept = {
                (r[1], r[2], r[3]): (r[0], r[4])
                for r in self.db.execute(
                    "SELECT id, start, end, label, status FROM spans WHERE document_id = ?",
                    (document_id,),
                )
            }
            fresh: list[Span] = []
            target: dict[str, str | None] = {}
            for span in spans:
                same = kept.get((span.start, span.end, span.label))
                if same is None:
                    fresh.append(span)
                    target[span.id] = span.id
                else:
                    target[span.id] = None if same[1] == SpanStatus.REJECTED.value else same[0]
            self._insert_spans(fresh, now())
            existing = {
                (r[0], r[1], r[2])
                for r in self.db.execute(
                    "SELECT head, child, label FROM relations WHERE document_id = ?",
                    (document_id,),
                )
            }
            labelled = {(head, label) for head, _child, label in existing}
            links: list[Relation] = []
            for relation in relations:
                if relation.head not in target or relation.child not in target:
                    raise ValueError(f"relation {relation.id} refers to a span not suggested here")
                head, child = target[relation.head], target[relation.child]
                if head is None or child is None or (head, child, relation.label) in existing:
                    continue
                if head != relation.head and (head, relation.label) in labelled:
                    continue  # a kept claim whose speaker (or date) is already decided
                existing.add((head, child, relation.label))
                links.append(
                    Relation(relation.id, document_id, head, child, relation.label,
                             relation.origin, relation.status)
                )  # fmt: skip
            self.insert_relations(links)
            if tokens is not None:
                self.save_tokens(document_id, tokens, origin)
            self.db.execute(
                "UPDATE documents SET suggested_by = ?, updated = ? WHERE id = ?",
                (origin, now(), document_id),
            )
        return len(fresh), len(links)

    # --- statistics ------------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        documents = dict(
            self.db.execute("SELECT status, count(*) FROM documents GROUP BY status").fetchall()
        )
        spans: dict[str, dict[str, int]] = {}
        for label, status, count in self.db.execute(
            "SELECT label, status, count(*) FROM spans GROUP BY label, status ORDER BY label"
        ):
            spans.setdefault(label, {})[status] = count
        relations = dict(
            self.db.execute("SELECT label, count(*) FROM relations GROUP BY label").fetchall()
        )
        return {
            "documents": {s.value: documents.get(s.value, 0) for s in DocStatus},
            "spans": spans,
            "relations": relations,
        }


def _connect(path: Path | None) -> sqlite_utils.Database:
    if path is None:
        return sqlite_utils.Database(memory=True)
    # Autocommit at the driver level: every transaction is explicit (db.atomic() or BEGIN), so no
    # write can sit in an implicit transaction that a close() would silently discard.
    conn = sqlite3.connect(
        str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False, isolation_level=None
    )
    return sqlite_utils.Database(conn)


def open_store(path: str | Path | None) -> Store:
    """Open (creating and migrating if needed) the database at ``path``; ``None`` for in-memory.

    Raises StoreError for a file that is not an SQLite database or comes from a newer release.
    """
    file = Path(path) if path is not None else None
    if file is not None and file.is_dir():
        raise StoreError(f"{file}: is a folder, not a database file")
    if file is not None and file.parent and not file.parent.exists():
        raise StoreError(f"{file}: the folder {file.parent} does not exist")
    db = _connect(file)
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        if file is not None:
            db.enable_wal()
            db.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        db.close()
        raise StoreError(f"{file}: not an annotator database (SQLite says: {exc})") from exc
    if version > SCHEMA_VERSION:
        db.close()
        raise StoreError(
            f"{file}: written by a newer annotator (schema version {version}; this release"
            f" reads up to {SCHEMA_VERSION}). Upgrade annotator to open it."
        )
    if version == 0 and db.table_names() and "documents" not in db.table_names():
        db.close()
        raise StoreError(f"{file}: an SQLite database, but not an annotator database")
    _migrate(db, version)
    return Store(db, file)


def _migrate(db: sqlite_utils.Database, version: int) -> None:
    """Apply the missing migrations under a write lock, so two processes never migrate at once."""
    if version == SCHEMA_VERSION:
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        version = db.conn.execute("PRAGMA user_version").fetchone()[0]
        for target in range(version, SCHEMA_VERSION):
            MIGRATIONS[target](db)
        db.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        db.rollback()
        raise
    db.conn.execute("COMMIT")
