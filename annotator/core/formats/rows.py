"""The export's read of the store: the selected documents with their spans, relations and stored
tokens, streamed in document order.

Four queries (documents, spans, relations, tokens), each ordered by document id, are read side by
side and merged, instead of four queries per document: per-query overhead is most of the cost of
small reads. Everything runs in one read transaction, so an export is a consistent snapshot even
while the window or the suggestion worker writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Any

import orjson

SpanRow = tuple[str, int, int, str, str, str | None, str]
"""(id, start, end, label, attrs JSON, annotator, status), in the store's span order."""
RelationRow = tuple[str, str, str, str]
"""(head span id, child span id, label, status)."""
RESERVED_META = ("id", "title", "published", "source", "status")
"""The ``meta`` fields the exports fill from the document's own columns."""


@dataclass(frozen=True)
class Selection:
    """Which documents, spans and relations an export takes."""

    statuses: tuple[str, ...] = ("done",)
    span_statuses: tuple[str, ...] = ("accepted",)
    labels: tuple[str, ...] | None = None
    """Span labels to keep; None for all."""
    id_range: tuple[int, int] | None = None
    """Only documents with ``first <= id <= last`` (one process's share of a parallel export)."""

    def documents_sql(self) -> tuple[str, list[object]]:
        """The WHERE condition on ``documents`` and its parameters."""
        sql = f"status IN ({_marks(self.statuses)})"
        params: list[object] = list(self.statuses)
        if self.id_range is not None:
            sql += " AND id BETWEEN ? AND ?"
            params += list(self.id_range)
        return sql, params


@dataclass(slots=True)
class ExportDocument:
    id: int
    text: str
    title: str | None
    published: str | None
    source: str | None
    meta: dict[str, Any]
    status: str
    content_hash: str
    spans: list[SpanRow]
    relations: list[RelationRow]
    """Only relations whose two ends are among ``spans``."""
    tokens: tuple[bytes, bytes] | None
    """Stored token starts and ends (packed uint32), or None."""
    token_json: bytes | None = None
    """The stored tokens' cached Prodigy JSON (LZ4, :mod:`token_cache`), when asked for and
    cached."""


def span_order(span: SpanRow) -> tuple[object, ...]:
    """The exports' span order: by start, longer first, then label, attributes and annotator
    (missing ones first, as SQLite orders NULL). The query returns spans by start, from the
    index, and only documents with spans starting together are sorted here: cheaper than
    SQLite sorting every span."""
    _id, start, end, label, attrs, annotator, _status = span
    return (start, -end, label, attrs is not None, attrs or "", annotator is not None,
            annotator or "")  # fmt: skip


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


def _doc_filter(selection: Selection, alias: str) -> tuple[str, list[object]]:
    where, params = selection.documents_sql()
    sql = f"{alias}.document_id IN (SELECT id FROM documents WHERE {where})"
    if selection.id_range is not None:  # lets SQLite search the document_id index by range
        sql += f" AND {alias}.document_id BETWEEN ? AND ?"
        params += list(selection.id_range)
    return sql, params


def document_keys(conn: sqlite3.Connection, selection: Selection) -> list[tuple[int, str]]:
    """(id, content hash) of every selected document, in id order."""
    if not selection.statuses:
        return []
    where, params = selection.documents_sql()
    rows = conn.execute(f"SELECT id, content_hash FROM documents WHERE {where} ORDER BY id", params)
    return [(r[0], r[1]) for r in rows]


def count_documents(conn: sqlite3.Connection, selection: Selection) -> int:
    if not selection.statuses:
        return 0
    where, params = selection.documents_sql()
    return conn.execute(f"SELECT count(*) FROM documents WHERE {where}", params).fetchone()[0]


def iter_documents(
    conn: sqlite3.Connection, selection: Selection, token_json: bool = False
) -> Iterator[ExportDocument]:
    """The selected documents in id order (the caller holds a read transaction open);
    ``token_json`` also reads the cached Prodigy tokens JSON."""
    if not selection.statuses or not selection.span_statuses:
        return
    where, params = selection.documents_sql()
    docs = conn.execute(
        "SELECT id, text, title, published, source, meta, status, content_hash FROM documents"
        f" WHERE {where} ORDER BY id",
        params,
    )
    where, params = _doc_filter(selection, "s")
    where += f" AND s.status IN ({_marks(selection.span_statuses)})"
    params += list(selection.span_statuses)
    if selection.labels is not None:
        where += f" AND s.label IN ({_marks(selection.labels)})"
        params += list(selection.labels)
    spans = conn.execute(
        "SELECT s.document_id, s.id, s.start, s.end, s.label, s.attrs, s.annotator, s.status"
        f" FROM spans s WHERE {where} ORDER BY s.document_id, s.start",  # the index's order
        params,
    )
    where, params = _doc_filter(selection, "r")
    where += f" AND r.status IN ({_marks(selection.span_statuses)})"
    params += list(selection.span_statuses)
    relations = conn.execute(
        "SELECT r.document_id, r.head, r.child, r.label, r.status FROM relations r"
        f" WHERE {where} ORDER BY r.document_id",
        params,
    )
    where, params = _doc_filter(selection, "t")
    cached = "t.prodigy" if token_json else "NULL"
    tokens = conn.execute(
        f"SELECT t.document_id, t.starts, t.ends, {cached} FROM tokens t WHERE {where}"
        " ORDER BY t.document_id",
        params,
    )
    span_groups = groupby(spans, key=itemgetter(0))
    relation_groups = groupby(relations, key=itemgetter(0))
    next_spans = next(span_groups, None)
    next_relations = next(relation_groups, None)
    next_tokens = tokens.fetchone()
    for row in docs:
        doc_id = row[0]
        doc_spans: list[SpanRow] = []
        while next_spans is not None and next_spans[0] <= doc_id:
            if next_spans[0] == doc_id:
                doc_spans = [r[1:] for r in next_spans[1]]
                if len({span[1] for span in doc_spans}) < len(doc_spans):
                    doc_spans.sort(key=span_order)
            next_spans = next(span_groups, None)
        doc_relations: list[RelationRow] = []
        while next_relations is not None and next_relations[0] <= doc_id:
            if next_relations[0] == doc_id:
                doc_relations = [r[1:] for r in next_relations[1]]
            next_relations = next(relation_groups, None)
        doc_tokens = doc_token_json = None
        while next_tokens is not None and next_tokens[0] <= doc_id:
            if next_tokens[0] == doc_id:
                doc_tokens = (next_tokens[1], next_tokens[2])
                doc_token_json = next_tokens[3]
            next_tokens = tokens.fetchone()
        if doc_relations:
            kept = {span[0] for span in doc_spans}
            doc_relations = [r for r in doc_relations if r[0] in kept and r[1] in kept]
        yield ExportDocument(
            id=doc_id,
            text=row[1],
            title=row[2],
            published=row[3],
            source=row[4],
            meta=orjson.loads(row[5]) if row[5] else {},
            status=row[6],
            content_hash=row[7],
            spans=doc_spans,
            relations=doc_relations,
            tokens=doc_tokens,
            token_json=doc_token_json,
        )
