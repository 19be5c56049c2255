"""Exports: Prodigy-compatible JSONL (the default), spaCy DocBin, doccano JSONL and brat standoff.

:func:`export` streams the selected documents out of the store once, in document order, gives
each to the writer of its part (all, or train/dev), and writes a dataset card (``.md``) beside
the output. Everything is written under temporary names and renamed into place at the end, so a
failing or cancelled export leaves no partial file. The same database and options give the same
bytes.

What is exported, by default: documents marked done, their accepted spans (suggestions only with
``include_suggestions``; rejected ones never) and the relations between exported spans. Format
details are in each writer's module under :mod:`annotator.core.formats`.
"""

from __future__ import annotations

import shlex
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from murmurhash.mrmr import hash as murmur

from annotator import __version__
from annotator.core.export_workers import (
    PARALLEL_FORMATS,
    ExportWorkers,
    chunk_count,
    data_version,
    id_ranges,
    process_count,
)
from annotator.core.formats import brat, card, doccano, prodigy
from annotator.core.formats.files import AtomicOutputs, Output, OutputFile, check_target
from annotator.core.formats.prepared import prepare
from annotator.core.formats.rows import (
    Selection,
    count_documents,
    document_keys,
    iter_documents,
)
from annotator.core.formats.tokens import Tokenizer, spacy_tokenizer
from annotator.core.model import DocStatus, SpanStatus
from annotator.core.store import Store
from annotator.errors import AnnotatorError, ExportError

FORMATS = ("jsonl", "spacy", "doccano", "brat")
DESCRIPTIONS = {
    "jsonl": "JSONL, Prodigy-compatible (tokens, spans, relations, attributes)",
    "spacy": "spaCy DocBin (.spacy) for spacy train",
    "doccano": "doccano JSONL (entities + relations)",
    "brat": "brat standoff (.txt + .ann per document)",
}
DEFAULT_DEV_RATIO = {"spacy": 0.2}
"""Formats that split by default (spacy train needs a dev set); the others write one file."""


class ExportCancelled(AnnotatorError):
    def __init__(self) -> None:
        super().__init__("export cancelled; nothing was written")


@dataclass(frozen=True)
class ExportOptions:
    format: str = "jsonl"
    statuses: tuple[str, ...] = (DocStatus.DONE.value,)
    include_suggestions: bool = False
    labels: tuple[str, ...] | None = None
    """Span labels to export; None for all."""
    dev_ratio: float | None = None
    """Share of documents in the dev part; None for the format's default (0.2 for spacy, else 0)."""
    seed: int = 0
    out: Path | None = None
    """Output file (a folder for brat); None for :func:`default_output`."""
    model: str | None = None
    """spaCy pipeline whose tokenizer splits documents without stored tokens (None: blank en)."""
    processes: int | None = None
    """Processes writing a JSONL or doccano export; None: one per CPU (up to 4) from 2,000
    documents on (:mod:`annotator.core.export_workers`)."""

    def ratio(self) -> float:
        return DEFAULT_DEV_RATIO.get(self.format, 0.0) if self.dev_ratio is None else self.dev_ratio

    def command(self, db_path: Path | str | None) -> str:
        """The ``annotator export`` command that makes this export (for the dataset card)."""
        args = ["annotator", "export"]
        if db_path is not None:
            args += ["--db", str(db_path)]
        args += ["--format", self.format, "--out", str(self.out)]
        for status in self.statuses:
            args += ["--status", status]
        if self.include_suggestions:
            args.append("--include-suggestions")
        for label in self.labels or ():
            args += ["--label", label]
        if self.ratio():
            args += ["--dev-ratio", f"{self.ratio():g}", "--seed", str(self.seed)]
        if self.model:
            args += ["--model", self.model]
        return shlex.join(args)


@dataclass
class ExportSummary:
    path: Path
    documents: int
    spans: int
    relations: int = 0
    files: list[Path] = field(default_factory=list)
    card: Path | None = None
    parts: dict[str, int] = field(default_factory=dict)
    """Documents per part ("train"/"dev") when split."""

    def line(self) -> str:
        split = ", ".join(f"{part} {n}" for part, n in self.parts.items())
        return (
            f"exported {self.documents} documents{f' ({split})' if split else ''}, {self.spans}"
            f" spans, {self.relations} relations to {self.path}"
        )


def default_output(db_path: Path | str | None, fmt: str, day: date | None = None) -> Path:
    """``exports/<database name>-<date>.<ext>`` in the database's folder."""
    base = Path(db_path) if db_path is not None else Path("annotations.db")
    stamp = (day or date.today()).isoformat()
    name = {
        "jsonl": f"{base.stem}-{stamp}.jsonl",
        "spacy": f"{base.stem}-{stamp}.spacy",
        "doccano": f"{base.stem}-{stamp}.doccano.jsonl",
        "brat": f"{base.stem}-{stamp}-brat",
    }[fmt]
    return base.parent / "exports" / name


def part_path(path: Path, part: str) -> Path:
    """``x.jsonl`` -> ``x.train.jsonl``; a folder (brat) gets a subfolder."""
    if not path.suffix:
        return path / part
    return path.with_name(f"{path.stem}.{part}{path.suffix}")


def card_path(path: Path) -> Path:
    return path.with_name(f"{path.stem if path.suffix else path.name}.md")


def dev_documents(keys: list[tuple[int, str]], ratio: float, seed: int) -> set[int]:
    """The dev part: the documents ranked lowest by a seeded hash of their text's hash, so a
    document keeps its part when others are added. At least one each when there are two."""
    if ratio <= 0 or len(keys) < 2:
        return set()
    count = min(max(round(len(keys) * ratio), 1), len(keys) - 1)
    ranked = sorted(keys, key=lambda key: (murmur(f"{seed}:{key[1]}"), key[0]))
    return {doc_id for doc_id, _ in ranked[:count]}


@contextmanager
def _snapshot(store: Store) -> Iterator[sqlite3.Connection]:
    """A read transaction: on its own connection for a file, so writes elsewhere do not show."""
    if store.path is None:
        conn = store.db.conn
        began = not conn.in_transaction
        if began:
            conn.execute("BEGIN")
        try:
            yield conn
        finally:
            if began:
                conn.execute("COMMIT")
        return
    conn = sqlite3.connect(
        str(store.path), timeout=10, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute("BEGIN")
        yield conn
        conn.execute("COMMIT")
    finally:
        conn.close()


def part_name(doc_id: int, dev: set[int], split: bool) -> str:
    """The part a document goes to: "train" or "dev" when split, else "all"."""
    return ("dev" if doc_id in dev else "train") if split else "all"


def make_writer(fmt: str, handle: Output) -> Any:
    """The writer of a one-file format (jsonl, doccano, spacy) into ``handle``."""
    if fmt == "spacy":
        from annotator.core.formats.spacy_docbin import Writer

        return Writer(handle)
    return {"jsonl": prodigy.Writer, "doccano": doccano.Writer}[fmt](handle)


def export(
    store: Store,
    options: ExportOptions,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    tokenizer: Tokenizer | None = None,
    db_path: Path | str | None = None,
) -> ExportSummary:
    """Write an export as ``options`` say; ExportError when it cannot be written.

    ``tokenizer`` splits documents that have no stored tokens (default: spaCy's tokenizer of
    ``options.model``, else blank English); ``db_path`` is how the card names the database.
    Line formats of many documents are written by several processes
    (:mod:`annotator.core.export_workers`).
    """
    if options.format not in FORMATS:
        raise ExportError(f"unknown export format {options.format!r} ({', '.join(FORMATS)})")
    if not 0 <= options.ratio() < 1:
        raise ExportError(f"--dev-ratio {options.ratio():g}: give a share between 0 and 1")
    if options.processes is not None and options.processes < 1:
        raise ExportError("--processes must be 1 or more")
    shown_db = db_path if db_path is not None else store.path
    default = default_output(shown_db, options.format)
    out = Path(options.out) if options.out is not None else default
    if out.parent == default.parent and out.parent.parent.is_dir():
        out.parent.mkdir(exist_ok=True)  # the default exports/ folder is made when needed
    options = replace(options, out=out)
    check_target(out, folder=options.format == "brat")
    span_statuses = [SpanStatus.ACCEPTED.value]
    if options.include_suggestions:
        span_statuses.append(SpanStatus.SUGGESTED.value)
    selection = Selection(tuple(options.statuses), tuple(span_statuses), options.labels)
    watcher = None
    if store.path is not None and options.format in PARALLEL_FORMATS and options.processes != 1:
        # Taken before the export's snapshot: see export_workers on how processes share it.
        watcher = sqlite3.connect(str(store.path), timeout=10, isolation_level=None)
    run: _Run | None = None
    try:
        version = data_version(watcher) if watcher is not None else 0
        with _snapshot(store) as conn, AtomicOutputs() as outputs:
            run = _Run(store, options, selection, conn, outputs, tokenizer, progress, should_cancel)
            run.write(watcher, version)
            schema = conn.execute("PRAGMA user_version").fetchone()[0]
            text = _card(options, shown_db, out, list(run.targets.values()), run.stats, schema)
            outputs.file(card_path(out)).write(text.encode("utf-8"))
            outputs.commit()
    finally:
        if run is not None:
            run.cleanup()  # the other processes and their files, whatever happened
        if watcher is not None:
            watcher.close()
    stats, targets = run.stats, run.targets
    return ExportSummary(
        path=out,
        documents=stats.document_count,
        spans=stats.span_count,
        relations=sum(stats.relations.values()),
        files=list(targets.values()),
        card=card_path(out),
        parts={p: sum(n for (q, _), n in stats.documents.items() if q == p) for p in targets}
        if len(targets) > 1
        else {},
    )


class _Run:
    """One export's documents, parts and writers, and (for many documents) its other
    processes."""

    def __init__(
        self,
        store: Store,
        options: ExportOptions,
        selection: Selection,
        conn: sqlite3.Connection,
        outputs: AtomicOutputs,
        tokenizer: Tokenizer | None,
        progress: Callable[[int, int], None] | None,
        should_cancel: Callable[[], bool] | None,
    ) -> None:
        self.store, self.options, self.selection, self.conn = store, options, selection, conn
        self.progress, self.should_cancel = progress, should_cancel
        out = options.out
        assert out is not None
        split = options.ratio() > 0
        self.targets = (
            {"train": part_path(out, "train"), "dev": part_path(out, "dev")}
            if split
            else {"all": out}
        )
        self.total = count_documents(conn, selection)
        self.processes = process_count(
            options.processes, self.total, options.format, store.path is not None
        )
        keys = document_keys(conn, selection) if split or self.processes > 1 else []
        self.ids = [doc_id for doc_id, _ in keys]
        self.dev = dev_documents(keys, options.ratio(), options.seed) if split else set()
        self.handles: dict[str, OutputFile] = {}
        if options.format == "brat":
            root = outputs.folder(out)
            folders = {p: _made(root / p) for p in self.targets} if split else {"all": root}
            self.writers = {p: brat.Writer(folder) for p, folder in folders.items()}
        else:
            self.handles = {p: outputs.file(path) for p, path in self.targets.items()}
            self.writers = {p: make_writer(options.format, h) for p, h in self.handles.items()}
        first = next(iter(self.writers.values()))
        self.needs_tokens = first.needs_tokens
        self.token_json = getattr(first, "uses_token_json", False)
        self.tokenizer = tokenizer
        if self.needs_tokens and self.tokenizer is None:
            self.tokenizer = spacy_tokenizer(options.model)
        self.stats = card.CardStats()
        self.workers: ExportWorkers | None = None

    def _cancelled(self) -> bool:
        return self.should_cancel is not None and self.should_cancel()

    def _report(self, done: int) -> None:
        if self.progress is not None:
            others = self.workers.done if self.workers is not None else 0
            self.progress(done + others, self.total)

    def write(self, watcher: sqlite3.Connection | None, version: int) -> None:
        chunks: list[tuple[int, int]] = []
        if self.processes > 1 and watcher is not None and self.store.path is not None:
            chunks = id_ranges(self.ids, chunk_count(len(self.ids), self.processes))
            self.workers = ExportWorkers.start(
                self.store.path, watcher, version, self.selection, chunks, self.processes - 1,
                self.options.format, self.dev, self.targets, self.options.model,
            )  # fmt: skip
        split = len(self.targets) > 1
        done = 0
        held = None  # the last id of the chunk this process holds
        documents = iter_documents(self.conn, self.selection, token_json=self.token_json)
        for doc in documents:
            if self._cancelled():
                raise ExportCancelled()
            if self.workers is not None and (held is None or doc.id > held):
                chunk = self.workers.claims.take_first()
                if chunk is not None:
                    held = chunks[chunk][1]
                elif self.workers.same_snapshot(self.should_cancel):
                    break  # the other processes have the rest
                elif self._cancelled():
                    raise ExportCancelled()
                else:
                    self.cleanup()  # something was written meanwhile: export the rest here
            prepared = prepare(doc, self.tokenizer if self.needs_tokens else None)
            part = part_name(doc.id, self.dev, split)
            self.writers[part].add(prepared)
            self.stats.add(prepared, part)
            done += 1
            if self.workers is not None and done % 32 == 0:
                self.workers.poll()
            self._report(done)
        else:
            self.cleanup()  # this process took every chunk: the others have none
        documents.close()
        if self.workers is not None:
            self._append_others(done)
        for writer in self.writers.values():
            writer.close()
        left_out = sum(getattr(w, "left_out", 0) for w in self.writers.values())
        if left_out:
            self.stats.notes.append(
                f"{left_out} entity spans overlapped a longer one: they are in"
                ' doc.spans["sc"] but not in doc.ents.'
            )

    def _append_others(self, done: int) -> None:
        assert self.workers is not None
        found = self.workers.finish(lambda: self._report(done), self.should_cancel)
        if self._cancelled():
            raise ExportCancelled()
        for stats in found:
            self.stats.merge(stats)
        for paths in self.workers.files():
            for part, path in paths.items():
                self.handles[part].append_file(path)

    def cleanup(self) -> None:
        if self.workers is not None:
            self.workers.cleanup()
            self.workers = None


def _made(folder: Path) -> Path:
    folder.mkdir()
    return folder


def _card(
    options: ExportOptions,
    db_path: Path | str | None,
    out: Path,
    files: list[Path],
    stats: card.CardStats,
    schema: int,
) -> str:
    selection = [
        "documents with status " + " or ".join(options.statuses),
        "spans: accepted"
        + (
            " and suggested (not reviewed)"
            if options.include_suggestions
            else " (suggestions left out; rejected spans never exported)"
        ),
        "labels: " + (", ".join(options.labels) if options.labels else "all"),
    ]
    if options.ratio():
        selection.append(
            f"split: {options.ratio():.0%} of documents in dev, chosen by a hash of their text"
            f" with seed {options.seed}"
        )
    if options.format in ("jsonl", "spacy") and stats.stored_tokens < stats.document_count:
        tokenizer = options.model or "blank English (spacy.blank('en'))"
        selection.append(
            f"tokens: stored spaCy tokens for {stats.stored_tokens} documents, the tokenizer of"
            f" {tokenizer} for the other {stats.document_count - stats.stored_tokens}"
        )
    return card.render(
        title=f"Dataset card: {out.name}",
        format_line=f"Format: {DESCRIPTIONS[options.format]}.",
        files=[f.name if f.parent == out.parent else f"{out.name}/{f.name}" for f in files],
        selection=selection,
        stats=stats,
        schema_version=schema,
        version=__version__,
        command=options.command(db_path),
    )


def atomic_write_lines(path: Path, lines: Iterable[bytes]) -> int:
    """Write lines to ``path`` through a temporary file and a rename; returns the line count."""
    count = 0
    with AtomicOutputs() as outputs:
        handle = outputs.file(Path(path))
        for line in lines:
            handle.write(line)
            count += 1
        outputs.commit()
    return count
