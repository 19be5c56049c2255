"""Errors whose message is shown to the user as it is: one line, naming the file and the problem."""

from __future__ import annotations

from pathlib import Path


class AnnotatorError(Exception):
    """Base class: the CLI prints ``str(error)`` and exits 1; the window shows it in a box."""


class InputError(AnnotatorError):
    """A file (or one line of it) that cannot be imported."""

    def __init__(self, path: str | Path, problem: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")


class StoreError(AnnotatorError):
    """The database file cannot be used (not SQLite, newer schema, locked...)."""


class ModelError(AnnotatorError):
    """A spaCy pipeline that cannot be found or loaded."""


class ExportError(AnnotatorError):
    """An export that cannot be written."""
