"""The document browser's queries: which documents to list, in what order, and their list rows.

A list of 100,000 documents is held as ids only; the rows a person actually sees are read a page
at a time with :func:`load_summaries`. Measured at 100,000 documents of 2,000 characters with 30
spans each (``bench/doclist.py``, 2 cores): :func:`query_ids` 50-80 ms for the id, date and status
orders, about 100 ms for a search that matches everything, 230 ms by title (it reads the texts),
0.5 s by span count or with a label filter (both read the status of 3 million spans; the indexes
suggested in the benchmark halve that); a page of 200 summaries 3-4 ms.

The filters are written as ``+d.id IN (subquery)``. The unary ``+`` stops SQLite from driving the
query from the subquery's ids with one table lookup each (the table holds the texts, so that is a
random read per match); instead it scans a small covering index (``status`` or ``published``,
which both carry the rowid) and checks each id against the subquery's result, a cost that stays
flat however many documents match. ``ORDER BY +d.id`` does the same for the import order: walking
the table in rowid order would read every page of the texts.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

import orjson

from annotator.core.model import DocStatus, DocumentSummary
from annotator.core.store import Store
from annotator.errors import StoreError

SortKey = Literal["id", "date", "title", "status", "spans"]
SORT_KEYS: tuple[str, ...] = get_args(SortKey)

UNFINISHED = (DocStatus.NEW.value, DocStatus.IN_PROGRESS.value)

# Workflow order, not alphabetical: new, in progress, done, skipped.
_STATUS_RANK = (
    "CASE d.status WHEN 'new' THEN 0 WHEN 'in_progress' THEN 1 WHEN 'done' THEN 2"
    " WHEN 'skipped' THEN 3 ELSE 4 END"
)
# What the list shows as the title: the title, or else the first line of the text's first 80
# characters (DocumentSummary.display_title without the ellipsis).
_HEAD = "substr(d.text, 1, 80)"
_TITLE = (
    f"coalesce(nullif(trim(d.title), ''),"
    f" trim(substr({_HEAD}, 1, instr({_HEAD} || char(10), char(10)) - 1))) COLLATE NOCASE"
)
_SPAN_COUNTS = (
    " LEFT JOIN (SELECT document_id, count(*) AS n FROM spans WHERE status != 'rejected'"
    " GROUP BY document_id) AS c ON c.document_id = d.id"
)


@dataclass(frozen=True, slots=True)
class DocumentQuery:
    """What the document list shows: filters (all optional, combined with AND) and an order.

    ``status`` is a :class:`DocStatus` value; ``label`` keeps documents with at least one span of
    that label that is not rejected; ``search`` is an SQLite FTS5 query over title and text.
    ``sort`` is one of :data:`SORT_KEYS`; ties are broken by id, and documents without a
    publication date come last in both directions of the date order.
    """

    status: str | None = None
    label: str | None = None
    search: str | None = None
    sort: SortKey = "id"
    descending: bool = False

    def __post_init__(self) -> None:
        if self.sort not in SORT_KEYS:
            raise ValueError(f"unknown sort {self.sort!r}; choose one of {', '.join(SORT_KEYS)}")


def query_ids(store: Store, query: DocumentQuery) -> list[int]:
    """Every matching document id, in display order.

    Raises StoreError, with a one-line message that names the query and the problem, when
    ``query.search`` is not a valid FTS5 query.
    """
    sql, params = _ids_sql(query)
    try:
        return [row[0] for row in store.db.execute(sql, params).fetchall()]
    except sqlite3.OperationalError as exc:
        search = _search_text(query)
        reason = _explain_fts_error(search, str(exc)) if search else None
        if reason is not None:
            raise StoreError(f"bad search query {search!r}: {reason}") from exc
        raise StoreError(f"cannot list the documents: {exc}") from exc


def _search_text(query: DocumentQuery) -> str | None:
    text = (query.search or "").strip()
    return text or None


def _ids_sql(query: DocumentQuery) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if query.status:
        where.append("+d.id IN (SELECT x.id FROM documents x WHERE x.status = ?)")
        params.append(str(query.status))
    if query.label:
        where.append(
            "+d.id IN (SELECT s.document_id FROM spans s"
            " WHERE s.label = ? AND s.status != 'rejected')"
        )
        params.append(query.label)
    search = _search_text(query)
    if search:
        where.append("+d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)")
        params.append(search)
    direction = "DESC" if query.descending else "ASC"
    sql = "SELECT d.id FROM documents d"
    if query.sort == "spans":
        sql += _SPAN_COUNTS
    if where:
        sql += " WHERE " + " AND ".join(where)
    order = {
        "id": f"+d.id {direction}",
        "date": f"d.published IS NULL, d.published {direction}, d.id {direction}",
        "title": f"{_TITLE} {direction}, d.id {direction}",
        "status": f"{_STATUS_RANK} {direction}, d.id {direction}",
        "spans": f"coalesce(c.n, 0) {direction}, d.id {direction}",
    }[query.sort]
    return f"{sql} ORDER BY {order}", params


_NEAR = re.compile(r'syntax error near "(.*)"')
_COLUMN = re.compile(r"no such column: (.*)")


def _explain_fts_error(search: str, message: str) -> str | None:
    """What is wrong with an FTS5 query, in words; None when ``message`` is not an FTS5 error."""
    if message == "unterminated string":
        return 'unbalanced double quote (close every "phrase" with a second ")'
    bare = re.sub(r'"[^"]*"', "", search)  # brackets inside a phrase are plain text
    if message.startswith("fts5:") and bare.count("(") != bare.count(")"):
        return "unbalanced parentheses"
    near = _NEAR.search(message)
    if message.startswith("fts5:") and near is not None:
        token = near.group(1)
        if not token:
            return "it ends too early (AND, OR, NOT and NEAR need a word on both sides)"
        if token in {"AND", "OR", "NOT"}:
            return f"{token} needs a word on both sides"
        return f'unexpected "{token}" (put words with punctuation in double quotes, e.g. "U.S.")'
    column = _COLUMN.fullmatch(message)
    if column is not None:
        return (
            f'"{column.group(1)}" is read as a column name ("-" and ":" select the columns'
            ' title and text); put words with "-" or ":" in double quotes, e.g. "e-mail"'
        )
    if message.startswith("unknown special query"):
        return '"*" marks a prefix and goes after a word (e.g. negotiat*)'
    if message.startswith("fts5:"):
        return message.removeprefix("fts5:").strip()
    return None


def load_summaries(store: Store, ids: Sequence[int]) -> list[DocumentSummary]:
    """The list rows of these documents, in the order given; ids no longer stored are left out.

    One query; the span counts (spans not rejected) are grouped over just these ids.
    """
    if not ids:
        return []
    rows = store.db.execute(
        "SELECT d.id, d.title, d.published, d.status, length(d.text), substr(d.text, 1, 80),"
        "  coalesce(c.n, 0)"
        " FROM documents d LEFT JOIN"
        "  (SELECT document_id, count(*) AS n FROM spans"
        "   WHERE document_id IN (SELECT value FROM json_each(:ids)) AND status != 'rejected'"
        "   GROUP BY document_id) AS c ON c.document_id = d.id"
        " WHERE d.id IN (SELECT value FROM json_each(:ids))",
        {"ids": orjson.dumps(list(ids)).decode()},
    ).fetchall()
    found = {r[0]: Store.summary_row(r) for r in rows}
    return [found[i] for i in ids if i in found]


def progress_counts(store: Store) -> tuple[int, int]:
    """``(done, total)``: documents with status done (skipped ones are not), and all documents."""
    done, total = store.db.execute(
        "SELECT coalesce(sum(status = 'done'), 0), count(*) FROM documents"
    ).fetchone()
    return done, total


def first_unfinished(store: Store, ids: Iterable[int]) -> int | None:
    """The first of ``ids`` (in their order) whose status is new or in progress, or None.

    Reads statuses in growing chunks: the usual answer is near the start, and the worst case (all
    finished) still takes a handful of queries at 100,000 documents.
    """
    chunk: list[int] = []
    size = 64
    for document_id in ids:
        chunk.append(document_id)
        if len(chunk) >= size:
            found = _first_unfinished_in(store, chunk)
            if found is not None:
                return found
            chunk = []
            size = min(size * 4, 16_384)
    return _first_unfinished_in(store, chunk) if chunk else None


def _first_unfinished_in(store: Store, chunk: list[int]) -> int | None:
    unfinished = {
        row[0]
        for row in store.db.execute(
            "SELECT id FROM documents WHERE id IN (SELECT value FROM json_each(?))"
            " AND status IN (?, ?)",
            (orjson.dumps(chunk).decode(), *UNFINISHED),
        )
    }
    return next((i for i in chunk if i in unfinished), None)
