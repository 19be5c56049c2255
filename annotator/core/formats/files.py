"""Atomic outputs: every file (or folder) of an export is written under a temporary name beside
its target and renamed into place only when the whole export succeeded, so a failing or cancelled
export leaves no partial file and an existing export is replaced only by a complete one."""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path
from types import TracebackType
from typing import IO

from annotator.errors import ExportError


def check_target(path: Path, folder: bool = False) -> None:
    if not folder and path.is_dir():
        raise ExportError(f"{path}: is a folder; give a file name such as {path / 'export.jsonl'}")
    if folder and path.exists() and not path.is_dir():
        raise ExportError(f"{path}: is a file; brat exports go into a folder")
    if not path.parent.exists():
        raise ExportError(f"{path}: the folder {path.parent} does not exist")


def _beside(target: Path, kind: str) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(6)}.{kind}")


class AtomicOutputs:
    """Use as a context manager; :meth:`commit` renames everything into place."""

    def __init__(self) -> None:
        self._files: list[tuple[IO[bytes], Path, Path]] = []
        self._folders: list[tuple[Path, Path]] = []

    def file(self, target: Path) -> IO[bytes]:
        check_target(target)
        temporary = _beside(target, "part")
        handle = temporary.open("xb")  # created with the usual permissions (umask)
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
            handle.flush()
            os.fsync(handle.fileno())
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
            handle.close()
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
