"""Line exports (JSONL, doccano) of many documents in several processes.

An export is CPU-bound Python (reading rows, building spans, writing lines), so one process uses
one core. Documents are independent and their lines are concatenated in id order, so the export
splits the selected ids into contiguous ranges: the exporting process keeps the first, and one
``spawn`` child per other range writes its lines into a file of its own beside the target; the
exporting process appends those files to its output in order once its own range is written.
The bytes are exactly those of a one-process export (tested).

Snapshot: every process reads its range in a read transaction of its own. Before the first
process's transaction starts, and again once every child has started its own, the exporting
process reads ``PRAGMA data_version`` on a connection of its own: unchanged means nothing was
committed in between, so all the processes read the same snapshot. Changed (a window or a
suggestion run wrote meanwhile), the children are stopped and the exporting process, whose
snapshot holds every document, exports the rest itself.

Messages from a child, on its pipe: ``("ready",)`` once its read transaction holds a snapshot,
``("progress", done)``, then ``("done", stats)`` or ``("error", message)``.
"""

from __future__ import annotations

import multiprocessing
import os
import secrets
import signal
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from annotator.core.formats.card import CardStats
from annotator.core.formats.rows import Selection
from annotator.errors import ExportError

PARALLEL_FORMATS = ("jsonl", "doccano")
PARALLEL_MIN_DOCUMENTS = 2_000
"""Below this, starting a process (about 0.25 s) costs more than it saves."""
MAX_PROCESSES = 4


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def process_count(requested: int | None, documents: int, fmt: str, in_file: bool) -> int:
    """How many processes an export uses: ``requested``, or (None) every usable CPU up to
    MAX_PROCESSES for PARALLEL_MIN_DOCUMENTS documents or more; 1 where it cannot split."""
    if fmt not in PARALLEL_FORMATS or not in_file:
        return 1
    if requested is None:
        return min(usable_cpus(), MAX_PROCESSES) if documents >= PARALLEL_MIN_DOCUMENTS else 1
    return max(1, min(requested, documents))


def id_ranges(ids: list[int], parts: int) -> list[tuple[int, int]]:
    """``ids`` (sorted) in ``parts`` contiguous ranges of nearly equal counts."""
    if not ids:
        return []
    parts = max(1, min(parts, len(ids)))
    bounds = [len(ids) * k // parts for k in range(parts + 1)]
    return [(ids[bounds[k]], ids[bounds[k + 1] - 1]) for k in range(parts)]


def data_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA data_version").fetchone()[0]


def run_range(
    db_path: str,
    selection: Selection,
    fmt: str,
    dev: set[int],
    paths: dict[str, str],
    model: str | None,
    pipe: Connection,
) -> None:
    """A child's entry point (importable, so ``spawn`` finds it): export ``selection`` (one id
    range) into ``paths`` (part -> file), reporting on ``pipe``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the exporting process's to handle
    try:
        from annotator.core.export import make_writer
        from annotator.core.formats.prepared import prepare
        from annotator.core.formats.rows import iter_documents
        from annotator.core.formats.tokens import spacy_tokenizer

        conn = sqlite3.connect(db_path, timeout=10, isolation_level=None)
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM documents").fetchone()  # the snapshot starts here
        pipe.send(("ready",))
        files = {part: open(path, "xb") for part, path in paths.items()}  # noqa: SIM115
        writers = {part: make_writer(fmt, handle) for part, handle in files.items()}
        first = next(iter(writers.values()))
        tokenizer = spacy_tokenizer(model) if first.needs_tokens else None
        token_json = getattr(first, "uses_token_json", False)
        stats = CardStats()
        done = 0
        for done, doc in enumerate(iter_documents(conn, selection, token_json), start=1):
            prepared = prepare(doc, tokenizer)
            part = ("dev" if doc.id in dev else "train") if "dev" in paths else "all"
            writers[part].add(prepared)
            stats.add(prepared, part)
            if done % 64 == 0:
                pipe.send(("progress", done))
        for part, writer in writers.items():
            writer.close()
            files[part].close()  # no fsync: the exporting process copies these and syncs
        conn.execute("COMMIT")
        conn.close()
        pipe.send(("progress", done))
        pipe.send(("done", stats))
    except Exception as exc:  # the child must always report, never die silently
        pipe.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        pipe.close()


@dataclass
class _Child:
    process: multiprocessing.process.BaseProcess
    pipe: Connection
    paths: dict[str, Path]
    ready: bool = False
    done: int = 0
    stats: CardStats | None = None
    error: str | None = None


@dataclass
class ExportWorkers:
    """The children of one export, started by :meth:`start`; always :meth:`cleanup` them."""

    children: list[_Child] = field(default_factory=list)
    version: int = 0
    watcher: sqlite3.Connection | None = None

    @classmethod
    def start(
        cls,
        db_path: Path,
        watcher: sqlite3.Connection,
        version: int,
        selection: Selection,
        ranges: list[tuple[int, int]],
        fmt: str,
        dev: set[int],
        targets: dict[str, Path],
        model: str | None,
    ) -> ExportWorkers:
        """One child per range; ``version`` is ``watcher``'s data_version from before the
        exporting process's own snapshot began."""
        context = multiprocessing.get_context("spawn")
        workers = cls(version=version, watcher=watcher)
        try:
            for number, (first, last) in enumerate(ranges, start=1):
                token = secrets.token_hex(6)
                paths = {
                    part: target.with_name(f".{target.name}.{token}.w{number}.part")
                    for part, target in targets.items()
                }
                receive, send = context.Pipe(duplex=False)
                share = {i for i in dev if first <= i <= last}
                process = context.Process(
                    target=run_range,
                    args=(str(db_path), replace(selection, id_range=(first, last)), fmt, share,
                          {p: str(path) for p, path in paths.items()}, model, send),
                    name=f"export-{number}",
                    daemon=True,
                )  # fmt: skip
                process.start()
                send.close()
                workers.children.append(_Child(process, receive, paths))
        except BaseException:
            workers.cleanup()
            raise
        return workers

    def poll(self) -> None:
        """Take every message the children have sent so far."""
        for child in self.children:
            try:
                while child.pipe.poll():
                    self._take(child, child.pipe.recv())
            except (EOFError, OSError):
                if child.stats is None and child.error is None:
                    code = child.process.exitcode
                    child.error = f"an export process stopped unexpectedly (exit code {code})"

    @staticmethod
    def _take(child: _Child, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "ready":
            child.ready = True
        elif kind == "progress":
            child.done = message[1]
        elif kind == "done":
            child.stats = message[1]
        elif kind == "error":
            child.error = message[1]

    @property
    def done(self) -> int:
        return sum(child.done for child in self.children)

    def _raise_errors(self) -> None:
        for child in self.children:
            if child.error is not None:
                raise ExportError(f"export process {child.process.name} failed: {child.error}")

    def same_snapshot(self, should_cancel: Callable[[], bool] | None = None) -> bool:
        """Wait until every child holds its snapshot; True when nothing was committed since the
        exporting process took its own (so all read the same data)."""
        while not all(child.ready or child.error for child in self.children):
            if should_cancel is not None and should_cancel():
                return False
            self._wait()
        self._raise_errors()
        assert self.watcher is not None
        return data_version(self.watcher) == self.version

    def finish(
        self,
        progress: Callable[[int], None],
        should_cancel: Callable[[], bool] | None = None,
    ) -> list[CardStats]:
        """Wait for every child to finish; their card counts, in range order. Raises
        ExportError when one failed; returns early (empty) when ``should_cancel`` says so."""
        while not all(child.stats is not None or child.error for child in self.children):
            if should_cancel is not None and should_cancel():
                return []
            self._wait()
            progress(self.done)
        self._raise_errors()
        progress(self.done)
        return [child.stats for child in self.children if child.stats is not None]

    def _wait(self) -> None:
        ready = multiprocessing.connection.wait([c.pipe for c in self.children], timeout=0.05)
        if ready:
            self.poll()
        else:
            time.sleep(0)

    def cleanup(self) -> None:
        """Stop the children that still run and remove their files."""
        for child in self.children:
            if child.process.is_alive():
                child.process.terminate()
            child.process.join(timeout=5)
            child.pipe.close()
            for path in child.paths.values():
                path.unlink(missing_ok=True)
        self.children.clear()
