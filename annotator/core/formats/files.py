"""Atomic outputs: every file (or folder) of an export is written under a temporary name beside
its target and renamed into place only when the whole export succeeded, so a failing or cancelled
export leaves no partial file and an existing export is replaced only by a complete one."""

from __future__ import annotations

import os
import queue
import secrets
import shutil
import threading
from contextlib import suppress
from pathlib import Path
from types import TracebackType
from typing import IO, Protocol

from annotator.errors import ExportError


def check_target(path: Path, folder: bool = False) -> None:
    if not folder and path.is_dir():
        raise ExportError(f"{path}: is a folder; give a file name such as {path / 'export.jsonl'}")
    if folder and path.exists() and not path.is_dir():
        raise ExportError(f"{path}: is a file; brat exports go into a folder")
    if not path.parent.exists():
        raise ExportError(f"{path}: the folder {path.parent} does not exist")


class Output(Protocol):
    """Where a writer puts its bytes (a :class:`BackgroundFile`, or any binary file)."""

    def write(self, data: bytes, /) -> int: ...


def _beside(target: Path, kind: str) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(6)}.{kind}")


class BackgroundFile:
    """A binary file that a thread writes: :meth:`write` hands the bytes over and returns, so
    copying them into the page cache and flushing them to disk (both without the GIL) overlap
    the work that makes the next lines. Lines go over in batches of about 1 MB, at most 16
    batches ahead, so memory stays flat; every 64 MB the thread flushes what it wrote to disk,
    so the final fsync has little left to do. A write error is raised by the next
    :meth:`write` or by :meth:`close`."""

    BATCH = 2**20
    SYNC_EVERY = 64 * 2**20

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self._batch: list[bytes] = []
        self._size = 0
        self._queue: queue.Queue[list[bytes] | None] = queue.Queue(maxsize=16)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="export-writer", daemon=True)
        self._thread.start()

    def write(self, data: bytes) -> int:
        if self._error is not None:
            raise self._error
        self._batch.append(data)
        self._size += len(data)
        if self._size >= self.BATCH:
            self._queue.put(self._batch)
            self._batch, self._size = [], 0
        return len(data)

    def _run(self) -> None:
        unsynced = 0
        while (batch := self._queue.get()) is not None:
            if self._error is not None:
                continue  # keep taking batches so that write() and close() never block
            try:
                self._handle.writelines(batch)
                unsynced += sum(map(len, batch))
                if unsynced >= self.SYNC_EVERY:
                    self._handle.flush()
                    os.fdatasync(self._handle.fileno())
                    unsynced = 0
            except BaseException as exc:  # handed to the exporting thread
                self._error = exc

    def close(self, sync: bool = True) -> None:
        """Write what is left, then (``sync``) fsync, and close; raises a write error."""
        if self._thread.is_alive():
            if self._batch:
                self._queue.put(self._batch)
                self._batch = []
            self._queue.put(None)
            self._thread.join()
        try:
            if self._error is not None:
                raise self._error
            if sync:
                self._handle.flush()
                os.fsync(self._handle.fileno())
        finally:
            self._handle.close()


class AtomicOutputs:
    """Use as a context manager; :meth:`commit` renames everything into place."""

    def __init__(self) -> None:
        self._files: list[tuple[BackgroundFile, Path, Path]] = []
        self._folders: list[tuple[Path, Path]] = []

    def file(self, target: Path) -> BackgroundFile:
        check_target(target)
        temporary = _beside(target, "part")
        handle = BackgroundFile(temporary.open("xb"))  # the usual permissions (umask)
        self._files.append((handle, temporary, target))
        return handle

    def folder(self, target: Path) -> Path:
        check_target(target, folder=True)
        made = _beside(target, "part")
        made.mkdir()
        self._folders.append((made, target))
        return made

    def commit(self) -> None:
        for handle, _, _ in self._files:
            handle.close()
        for _, temporary, target in self._files:
            os.replace(temporary, target)
        for temporary, target in self._folders:
            if target.exists():
                old = _beside(target, "old")
                os.replace(target, old)
                os.replace(temporary, target)
                shutil.rmtree(old)
            else:
                os.replace(temporary, target)
        self._files.clear()
        self._folders.clear()

    def abort(self) -> None:
        for handle, temporary, _ in self._files:
            with suppress(Exception):  # the export failed already; its error is the one to show
                handle.close(sync=False)
            temporary.unlink(missing_ok=True)
        for temporary, _ in self._folders:
            shutil.rmtree(temporary, ignore_errors=True)
        self._files.clear()
        self._folders.clear()

    def __enter__(self) -> AtomicOutputs:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.abort()  # after commit() there is nothing left to remove
