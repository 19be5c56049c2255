"""Readers for the article formats, and the transactional import into the store.

Formats: the seed ``.txt`` (first line `` date YYYY-MM-DD`` then the text), plain ``.txt``, JSONL
(``{"text": ..., "meta": {...}}``), CSV with a header, and folders of these. A file-level problem
raises :class:`InputError`; a bad line or row becomes a problem in the summary and the other lines
still import.

Annotated data (our JSONL, Prodigy, doccano, Label Studio, brat; see
:mod:`annotator.core.formats.reading`) comes in through the same loop: each document goes in with
its spans, relations and tokens in one savepoint, or not at all.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from annotator.core.formats import reading
from annotator.core.formats.annotated import ResolvedDocument, resolve, store_resolved
from annotator.core.formats.labelmap import LabelMap
from annotator.core.model import NewDocument, normalise_text
from annotator.core.pubdate import parse_publication_date
from annotator.core.store import Store
from annotator.errors import InputError

READABLE_SUFFIXES = (".txt", ".jsonl", ".csv", ".json", ".ann")
IMPORT_FORMATS = reading.FORMATS
SEED_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})(?:\s+|$)")
CSV_COLUMNS = {
    "text": ("text", "body", "content", "article", "article_text"),
    "title": ("title", "headline"),
    "date": ("date", "publish_date", "published", "publication_date", "pubdate"),
    "url": ("url", "article_source_link", "link", "source_url"),
}
COMMIT_EVERY = 500
BATCH = 100
"""Plain documents stored per INSERT statement (see Store.add_documents)."""

csv.field_size_limit(sys.maxsize)

Progress = Callable[[int, int], None]
"""Called with (units done, units in all); units are bytes of input."""


@dataclass(frozen=True, slots=True)
class Item:
    """A document read from a file, with where it came from (for messages)."""

    document: NewDocument
    path: Path
    line: int | None
    fraction: float = 1.0
    """How far into its file this item ends (0..1), for progress."""
    annotations: ResolvedDocument | None = None
    """Spans, relations, tokens and status, for annotated formats."""


@dataclass
class ImportSummary:
    imported: int = 0
    duplicates: int = 0
    rejected: int = 0
    problems: list[InputError] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)
    cancelled: bool = False
    annotated_ids: list[int] = field(default_factory=list)
    """Documents that came with annotations (no suggestions needed)."""
    spans: int = 0
    relations: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    """Imported spans the label map left out, per label."""
    unannotated_duplicates: int = 0
    """Duplicates whose annotations were not imported (their text was already stored)."""

    def line(self) -> str:
        text = f"imported {self.imported}, duplicates {self.duplicates}, rejected {self.rejected}"
        if self.spans or self.relations or self.annotated_ids:
            text += f"; {self.spans} spans, {self.relations} relations"
        return text + (" (cancelled)" if self.cancelled else "")

    def notes(self) -> list[str]:
        """Lines worth telling besides problems: labels left out, annotations not imported."""
        notes = []
        if self.dropped:
            left = ", ".join(f"{label} {n}" for label, n in sorted(self.dropped.items()))
            notes.append(f"left out by the label map (use --map to keep them): {left}")
        if self.unannotated_duplicates:
            notes.append(
                f"{self.unannotated_duplicates} annotated documents were already stored: their"
                " annotations were not imported"
            )
        return notes


def _paired(path: Path) -> Path:
    """A brat ``.ann`` stands for its ``.txt``."""
    if path.suffix.lower() != ".ann":
        return path
    text = path.with_suffix(".txt")
    if not text.is_file():
        raise InputError(path, f"brat: no {text.name} beside it")
    return text


def discover(paths: list[Path]) -> list[Path]:
    """The files to read, in a stable order; InputError for a missing path or an empty folder."""
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise InputError(path, "no such file or folder")
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES
            )
            found = list(dict.fromkeys(_paired(p) for p in found if _pairable(p)))
            if not found:
                raise InputError(
                    path, f"folder has no readable files ({', '.join(READABLE_SUFFIXES)})"
                )
            files.extend(found)
        elif path.suffix.lower() not in READABLE_SUFFIXES:
            raise InputError(
                path,
                f"unknown file type {path.suffix!r} (readable: {', '.join(READABLE_SUFFIXES)})",
            )
        else:
            files.append(_paired(path))
    return list(dict.fromkeys(files))


def _pairable(path: Path) -> bool:
    return path.suffix.lower() != ".ann" or path.with_suffix(".txt").is_file()


def read_text_file(path: Path) -> str:
    """The file decoded as UTF-8 (a BOM is dropped); InputError if it is not UTF-8 or is empty."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            path,
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start});"
            " convert it to UTF-8 and import again",
            line=line,
        ) from exc
    if not text.strip():
        raise InputError(path, "the file is empty")
    return text


def _document(
    text: str, *, title: Any = None, published: Any = None, source: str, meta: dict[str, Any]
) -> NewDocument:
    text = normalise_text(text).strip()
    if not text:
        raise ValueError("the text is empty")
    iso = parse_publication_date(str(published)) if published not in (None, "") else None
    clean_title = normalise_text(str(title)).strip() if title not in (None, "") else None
    return NewDocument(text=text, title=clean_title, published=iso, source=source, meta=meta)


def read_txt(path: Path, text: str) -> Iterator[Item]:
    """A seed-format or plain text file: one document."""
    published = None
    match = SEED_HEADER.match(text)
    if match:
        published = match.group(1)
        text = text[match.end() :]
    try:
        doc = _document(text, published=published, source=str(path), meta={"file": path.name})
    except ValueError as exc:
        raise InputError(path, str(exc), line=1) from exc
    yield Item(doc, path, None, 1.0)


def read_jsonl(path: Path, text: str) -> Iterator[Item | InputError]:
    lines = text.split("\n")
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            yield InputError(path, f"not valid JSON ({exc})", line=number)
            continue
        if not isinstance(record, dict):
            yield InputError(path, "a line must be a JSON object with a 'text' key", line=number)
            continue
        body = record.get("text")
        if not isinstance(body, str):
            problem = "no 'text' key" if body is None else "'text' is not a string"
            yield InputError(path, problem, line=number)
            continue
        meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}

        def pick(key: str, record: dict[str, Any] = record, meta: dict[str, Any] = meta) -> Any:
            return record.get(key, meta.get(key))

        extra = {k: v for k, v in meta.items() if k not in ("title", "date")}
        if pick("id") is not None:
            extra["id"] = pick("id")
        try:
            doc = _document(
                body,
                title=pick("title"),
                published=pick("date") or pick("published"),
                source=f"{path}:{number}",
                meta=extra,
            )
        except ValueError as exc:
            yield InputError(path, str(exc), line=number)
            continue
        yield Item(doc, path, number, number / len(lines))


def _csv_columns(path: Path, header: list[str]) -> dict[str, int]:
    lowered = [h.strip().lower() for h in header]
    chosen: dict[str, int] = {}
    for role, names in CSV_COLUMNS.items():
        for name in names:
            if name in lowered:
                chosen[role] = lowered.index(name)
                break
    if "text" not in chosen:
        raise InputError(
            path,
            f"CSV has no text column (header: {', '.join(header)}; expected one of"
            f" {', '.join(CSV_COLUMNS['text'])})",
            line=1,
        )
    return chosen


def read_csv(path: Path, text: str) -> Iterator[Item | InputError]:
    buffer = io.StringIO(text, newline="")
    reader = csv.reader(buffer)
    try:
        header = next(reader)
    except StopIteration as exc:
        raise InputError(path, "the file is empty") from exc
    columns = _csv_columns(path, header)
    known = set(columns.values())
    line = reader.line_num + 1
    for row in reader:
        first_line, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield InputError(
                path, f"row has {len(row)} fields, the header has {len(header)}", line=first_line
            )
            continue
        meta = {header[i]: row[i] for i in range(len(row)) if i not in known and row[i] != ""}

        def cell(role: str, row: list[str] = row) -> str | None:
            return row[columns[role]] if role in columns else None

        if cell("url"):
            meta["url"] = cell("url")
        try:
            doc = _document(
                cell("text") or "",
                title=cell("title"),
                published=cell("date"),
                source=f"{path}:{first_line}",
                meta=meta,
            )
        except ValueError as exc:
            yield InputError(path, str(exc), line=first_line)
            continue
        yield Item(doc, path, first_line, buffer.tell() / len(text))


def read_file(
    path: Path, fmt: str = "auto", labels: LabelMap | None = None
) -> Iterator[Item | InputError | list[InputError]]:
    """Every document (or per-line problem; a list of them for a refused annotated document) in
    one file; InputError for a file-level problem."""
    text = read_text_file(path)
    kind = reading.detect(path, text) if fmt == "auto" else fmt
    if kind in reading.ANNOTATED:
        return _read_annotated(path, text, kind, labels or LabelMap())
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return read_jsonl(path, text)
    if suffix == ".csv":
        return read_csv(path, text)
    if suffix == ".json":
        raise InputError(path, "a .json file must be a Label Studio export (or give --format)")
    return read_txt(path, text)


def _read_annotated(
    path: Path, text: str, kind: str, labels: LabelMap
) -> Iterator[Item | InputError | list[InputError]]:
    lines = max(text.count("\n") + 1, 1)
    for record in reading.records(path, text, kind):
        if isinstance(record, InputError):
            yield record
            continue
        where = reading.ann_of(path) if record.fmt == "brat" else path
        resolved = resolve(record, where, labels)
        if isinstance(resolved, list):
            yield resolved
            continue
        fraction = min(record.line / lines, 1.0) if record.line else 1.0
        yield Item(resolved.document, path, record.line, fraction, resolved)


def _store_annotated(store: Store, item: Item, summary: ImportSummary) -> int | None:
    found = item.annotations
    assert found is not None
    document_id = store_resolved(store, found)
    if document_id is None:
        summary.unannotated_duplicates += bool(found.spans)
        return None
    summary.annotated_ids.append(document_id)
    summary.spans += len(found.spans)
    summary.relations += len(found.relations)
    summary.dropped.update(found.dropped)
    return document_id


def import_paths(
    store: Store,
    paths: list[Path],
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
    fmt: str = "auto",
    labels: LabelMap | None = None,
) -> ImportSummary:
    """Import files and folders. File-level problems are collected, not raised, once discovery
    succeeded, so one bad file among thousands does not stop the rest.

    ``fmt`` is one of :data:`IMPORT_FORMATS` ("auto" recognises the format from each file);
    ``labels`` maps imported labels to ours (default: :class:`LabelMap` without ``--map``).

    Each document goes in whole or not at all (one INSERT row, or a savepoint per annotated
    document with its spans); plain documents are stored 100 per statement and committed every
    500, because a statement or a commit per row is many times slower. What was stored before a
    cancel or a crash is kept.
    """
    files = discover(paths)
    sizes = [max(f.stat().st_size, 1) for f in files]
    total = sum(sizes)
    summary = ImportSummary()
    done_bytes = 0
    plain: list[NewDocument] = []  # read, not stored yet: stored 100 per statement
    stored_since_commit = 0

    def count(document_id: int | None) -> None:
        if document_id is None:
            summary.duplicates += 1
        else:
            summary.imported += 1
            summary.document_ids.append(document_id)

    def flush() -> None:
        nonlocal stored_since_commit
        for document_id in store.add_documents(plain):
            count(document_id)
        stored_since_commit += len(plain)
        plain.clear()
        if stored_since_commit >= COMMIT_EVERY:
            store.db.conn.execute("COMMIT")
            store.db.conn.execute("BEGIN")
            stored_since_commit = 0

    store.db.conn.execute("BEGIN")
    try:
        for file, size in zip(files, sizes, strict=True):
            try:
                for entry in read_file(file, fmt, labels):
                    if should_cancel is not None and should_cancel():
                        summary.cancelled = True
                        break
                    if isinstance(entry, InputError | list):
                        summary.rejected += 1
                        summary.problems.extend(entry if isinstance(entry, list) else [entry])
                        continue
                    if entry.annotations is not None:
                        flush()  # keep the order of the file
                        count(_store_annotated(store, entry, summary))
                        stored_since_commit += 1
                    else:
                        plain.append(entry.document)
                        if len(plain) < BATCH:
                            continue
                        flush()
                    if progress is not None:
                        progress(done_bytes + int(size * entry.fraction), total)
            except InputError as problem:
                summary.rejected += 1
                summary.problems.append(problem)
            flush()
            done_bytes += size
            if progress is not None:
                progress(done_bytes, total)
            if summary.cancelled:
                break
    except BaseException:
        plain.clear()  # a document is stored whole or not at all; what was stored is kept
        store.db.conn.execute("COMMIT")
        raise
    store.db.conn.execute("COMMIT")
    return summary
