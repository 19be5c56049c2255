"""Line exports (JSONL, doccano) of many documents in several processes.

An export is CPU-bound Python (reading rows, building spans, writing lines), so one process uses
one core. Documents are independent and their lines are concatenated in id order, so the
selected ids are cut into contiguous chunks of a few hundred documents. The exporting process
works forward from the first chunk, writing into its output as usual; ``spawn`` children take
chunks from the last one backwards, each into files of its own beside the target, until they
meet the exporting process (a shared counter under a lock says who has which chunk). So a child
that starts late, or a slower process, simply does fewer chunks. The exporting process then
appends the children's chunk files in order. The bytes are exactly those of a one-process
export (tested).

Snapshot: every process reads in a read transaction of its own. Before the exporting process's
transaction starts, and again once every child has started its own, the exporting process reads
``PRAGMA data_version`` on a connection of its own: unchanged means nothing was committed in
between, so all the processes read the same snapshot. Changed (a window or a suggestion run
wrote meanwhile), the children's work is dropped and the exporting process, whose snapshot holds
every document, exports the rest itself.

Messages from a child, on its pipe: ``("ready",)`` once its read transaction holds a snapshot,
``("progress", documents done)``, then ``("done", stats)`` or ``("error", message)``.
"""

from __future__ import annotations

import multiprocessing
import os
import secrets
import signal
import sqlite3
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


MIN_CHUNK = 64
"""Documents in a chunk at least (each chunk costs a child four queries and a file)."""


def chunk_count(documents: int, processes: int) -> int:
    """About 16 chunks per process, of at least MIN_CHUNK documents."""
    return max(1, min(processes * 16, documents // MIN_CHUNK))


def data_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA data_version").fetchone()[0]


def chunk_paths(targets: dict[str, Path], token: str, chunk: int) -> dict[str, Path]:
    """Where a child writes one chunk of each part (hidden, beside the target)."""
    return {
        part: target.with_name(f".{target.name}.{token}.c{chunk}.part")
        for part, target in targets.items()
    }


def run_chunks(
    db_path: str,
    selection: Selection,
    chunks: list[tuple[int, int]],
    claims: Any,
    fmt: str,
    dev: set[int],
    targets: dict[str, Path],
    token: str,
    model: str | None,
    pipe: Connection,
) -> None:
    """A child's entry point (importable, so ``spawn`` finds it): export chunks from the end,
    claiming each through ``claims`` (see :class:`Claims`), reporting on ``pipe``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the exporting process's to handle
    try:
        from annotator.core.export import make_writer, part_name
        from annotator.core.formats.prepared import prepare
        from annotator.core.formats.rows import iter_documents
        from annotator.core.formats.tokens import spacy_tokenizer

        conn = sqlite3.connect(db_path, timeout=10, isolation_level=None)
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM documents").fetchone()  # the snapshot starts here
        pipe.send(("ready",))
        tokenizer = None
        stats = CardStats()
        done = 0
        while (chunk := claims.take_last()) is not None:
            paths = chunk_paths(targets, token, chunk)
            files = {part: open(path, "xb") for part, path in paths.items()}  # noqa: SIM115
            writers = {part: make_writer(fmt, handle) for part, handle in files.items()}
            first = next(iter(writers.values()))
            if first.needs_tokens and tokenizer is None:
                tokenizer = spacy_tokenizer(model)
            token_json = getattr(first, "uses_token_json", False)
            part_of = replace(selection, id_range=chunks[chunk])
            for doc in iter_documents(conn, part_of, token_json):
                prepared = prepare(doc, tokenizer)
                part = part_name(doc.id, dev, split="dev" in paths)
                writers[part].add(prepared)
                stats.add(prepared, part)
                done += 1
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


class Claims:
    """Who exports which chunk: the exporting process takes chunks from the first on, the
    children from the last back, until they meet. Shared between processes (spawn-safe)."""

    def __init__(self, context: Any, chunks: int) -> None:
        self.first_free = context.Value("i", 0, lock=False)
        """The chunk the exporting process takes next."""
        self.end_free = context.Value("i", chunks, lock=False)
        """Chunks from here on are the children's."""
        self.lock = context.Lock()

    def take_first(self) -> int | None:
        """The next chunk for the exporting process, or None when the children have it."""
        with self.lock:
            chunk = self.first_free.value
            if chunk >= self.end_free.value:
                return None
            self.first_free.value = chunk + 1
            return chunk

    def take_last(self) -> int | None:
        """The next chunk for a child, or None when the exporting process has it."""
        with self.lock:
            chunk = self.end_free.value - 1
            if chunk < self.first_free.value:
                return None
            self.end_free.value = chunk
            return chunk

    @property
    def children_from(self) -> int:
        return self.end_free.value


@dataclass
class _Child:
    process: multiprocessing.process.BaseProcess
    pipe: Connection
    ready: bool = False
    done: int = 0
    stats: CardStats | None = None
    error: str | None = None


@dataclass
class ExportWorkers:
    """The children of one export, started by :meth:`start`; always :meth:`cleanup` them."""

    chunks: list[tuple[int, int]]
    claims: Claims
    targets: dict[str, Path]
    token: str
    watcher: sqlite3.Connection
    version: int
    children: list[_Child] = field(default_factory=list)

    @classmethod
    def start(
        cls,
        db_path: Path,
        watcher: sqlite3.Connection,
        version: int,
        selection: Selection,
        chunks: list[tuple[int, int]],
        children: int,
        fmt: str,
        dev: set[int],
        targets: dict[str, Path],
        model: str | None,
    ) -> ExportWorkers:
        """``children`` processes sharing ``chunks`` with the exporting process; ``version`` is
        ``watcher``'s data_version from before the exporting process's own snapshot began."""
        context = multiprocessing.get_context("spawn")
        workers = cls(chunks, Claims(context, len(chunks)), targets, secrets.token_hex(6),
                      watcher, version)  # fmt: skip
        try:
            for number in range(1, children + 1):
                receive, send = context.Pipe(duplex=False)
                process = context.Process(
                    target=run_chunks,
                    args=(str(db_path), selection, chunks, workers.claims, fmt, dev, targets,
                          workers.token, model, send),
                    name=f"export-{number}",
                    daemon=True,
                )  # fmt: skip
                process.start()
                send.close()
                workers.children.append(_Child(process, receive))
        except BaseException:
            workers.cleanup()
            raise
        return workers

    def files(self) -> list[dict[str, Path]]:
        """The children's chunk files, in document order (call once they are all done)."""
        return [
            chunk_paths(self.targets, self.token, chunk)
            for chunk in range(self.claims.children_from, len(self.chunks))
        ]

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
        return data_version(self.watcher) == self.version

    def finish(
        self,
        progress: Callable[[], None],
        should_cancel: Callable[[], bool] | None = None,
    ) -> list[CardStats]:
        """Wait for every child to finish (calling ``progress`` as their counts come in); their
        card counts. Raises ExportError when one failed; returns early (empty) when
        ``should_cancel`` says so."""
        while not all(child.stats is not None or child.error for child in self.children):
            if should_cancel is not None and should_cancel():
                return []
            self._wait()
            progress()
        self._raise_errors()
        progress()
        return [child.stats for child in self.children if child.stats is not None]

    def _wait(self) -> None:
        if multiprocessing.connection.wait([c.pipe for c in self.children], timeout=0.05):
            self.poll()

    def cleanup(self) -> None:
        """Stop the children that still run and remove their files."""
        for child in self.children:
            if child.process.is_alive():
                child.process.terminate()
            child.process.join(timeout=5)
            child.pipe.close()
        self.children.clear()
        for chunk in range(len(self.chunks)):
            for path in chunk_paths(self.targets, self.token, chunk).values():
                path.unlink(missing_ok=True)
