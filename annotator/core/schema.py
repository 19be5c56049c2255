"""The database schema as a list of migrations, from the first release on.

``PRAGMA user_version`` holds the number of migrations applied. ``MIGRATIONS[n]`` takes a database
from version ``n`` to ``n + 1``; each runs inside the transaction that also bumps the version, so a
crash halfway leaves the file at the previous version.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils


def _v1_initial(db: sqlite_utils.Database) -> None:
    db["documents"].create(
        {
            "id": int,
            "text": str,
            "title": str,
            "published": str,
            "source": str,
            "meta": str,
            "content_hash": str,
            "status": str,
            "suggested_by": str,
            "created": str,
            "updated": str,
        },
        pk="id",
        not_null={"text", "content_hash", "status", "created", "updated"},
        defaults={"status": "new", "meta": "{}"},
    )
    db["documents"].create_index(["content_hash"], unique=True)
    db["documents"].create_index(["status"])
    db["documents"].create_index(["published"])
    db["documents"].enable_fts(["title", "text"], fts_version="FTS5", create_triggers=True)

    db["spans"].create(
        {
            "id": str,
            "document_id": int,
            "start": int,
            "end": int,
            "label": str,
            "attrs": str,
            "origin": str,
            "status": str,
            "annotator": str,
            "created": str,
            "updated": str,
        },
        pk="id",
        not_null={"document_id", "start", "end", "label", "origin", "status", "created", "updated"},
        defaults={"attrs": "{}"},
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["spans"].create_index(["document_id", "start"])
    db["spans"].create_index(["label", "status"])

    db["relations"].create(
        {
            "id": str,
            "document_id": int,
            "head": str,
            "child": str,
            "label": str,
            "origin": str,
            "status": str,
            "created": str,
        },
        pk="id",
        not_null={"document_id", "head", "child", "label", "origin", "status", "created"},
        foreign_keys=[
            ("document_id", "documents", "id"),
            ("head", "spans", "id"),
            ("child", "spans", "id"),
        ],
    )
    db["relations"].create_index(["document_id"])
    db["relations"].create_index(["head"])
    db["relations"].create_index(["child"])

    db["edits"].create(
        {
            "id": int,
            "time": str,
            "annotator": str,
            "document_id": int,
            "kind": str,
            "data": str,
        },
        pk="id",
        not_null={"time", "kind", "data"},
    )
    db["edits"].create_index(["document_id"])


def _v2_tokens(db: sqlite_utils.Database) -> None:
    """Token boundaries per document (packed uint32 arrays), cached from the suggestion run."""
    db["tokens"].create(
        {"document_id": int, "tokenizer": str, "starts": bytes, "ends": bytes},
        pk="document_id",
        not_null={"tokenizer", "starts", "ends"},
        foreign_keys=[("document_id", "documents", "id")],
    )


def _v3_span_indexes(db: sqlite_utils.Database) -> None:
    """Indexes for the document list at 100,000 documents / 3 million spans (bench/doclist.py):
    the label filter reads (label, status, document_id) from the index alone (443 -> 187 ms), and
    per-document counts of spans that are not rejected use (document_id, status) (599 -> 416 ms
    for the span-count order)."""
    db.execute("DROP INDEX IF EXISTS idx_spans_label_status")
    db["spans"].create_index(["label", "status", "document_id"], if_not_exists=True)
    db["spans"].create_index(["document_id", "status"], if_not_exists=True)


def _v4_token_json(db: sqlite_utils.Database) -> None:
    """The Prodigy tokens JSON of each document's stored tokens, LZ4-compressed
    (annotator.core.formats.token_cache); NULL where not rendered (tokens stored before this
    version, or not complete): the export then renders it itself."""
    db["tokens"].add_column("prodigy", bytes)


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _v1_initial,
    _v2_tokens,
    _v3_span_indexes,
    _v4_token_json,
]
SCHEMA_VERSION = len(MIGRATIONS)
