"""Exports. JSONL: one line per document with ``text``, ``meta`` and ``spans`` (and relations).

Written to a temporary file beside the target and renamed into place, so a failed export never
leaves a partial file and an existing file is replaced only by a complete one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from annotator.core.store import Store
from annotator.errors import ExportError

FORMATS = ("jsonl",)


@dataclass
class ExportSummary:
    path: Path
    documents: int
    spans: int


def document_record(store: Store, document_id: int) -> dict[str, Any]:
    doc = store.document(document_id)
    spans = store.spans(document_id)
    return {
        "text": doc.text,
        "meta": {
            "id": doc.id,
            "title": doc.title,
            "date": doc.published,
            "source": doc.source,
            "status": doc.status.value,
            **{k: v for k, v in doc.meta.items() if k not in ("id", "title", "date", "source")},
        },
        "spans": [
            {
                "id": s.id,
                "start": s.start,
                "end": s.end,
                "label": s.label,
                "attrs": s.attrs,
                "origin": s.origin,
                "status": s.status.value,
                "annotator": s.annotator,
            }
            for s in spans
        ],
        "relations": [
            {
                "head": r.head,
                "child": r.child,
                "label": r.label,
                "origin": r.origin,
                "status": r.status.value,
            }
            for r in store.relations(document_id)
        ],
    }


def atomic_write_lines(path: Path, lines: Iterable[bytes]) -> int:
    """Write lines to ``path`` through a temporary file and a rename; returns the line count."""
    path = Path(path)
    if path.is_dir():
        raise ExportError(f"{path}: is a folder; give a file name such as {path / 'export.jsonl'}")
    if not path.parent.exists():
        raise ExportError(f"{path}: the folder {path.parent} does not exist")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    count = 0
    try:
        with os.fdopen(fd, "wb") as out:
            for line in lines:
                out.write(line)
                count += 1
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return count


def export_jsonl(
    store: Store,
    path: Path,
    statuses: Iterable[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ExportSummary:
    """Export the documents (all, or those with one of ``statuses``) as JSONL."""
    ids = store.document_ids(statuses)
    span_total = 0

    def lines() -> Iterable[bytes]:
        nonlocal span_total
        for done, document_id in enumerate(ids, start=1):
            record = document_record(store, document_id)
            span_total += len(record["spans"])
            yield orjson.dumps(record) + b"\n"
            if progress is not None:
                progress(done, len(ids))

    written = atomic_write_lines(path, lines())
    return ExportSummary(Path(path), written, span_total)
