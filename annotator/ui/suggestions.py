"""Runs suggestions in a child process (core/nlp/worker.py) and turns its messages into signals.

The window never imports spaCy: the child does, so the window stays responsive while the model
loads and runs. The queue is polled by a timer; each message is one document, so progress and
cancel are live.
"""

from __future__ import annotations

import queue as queue_module
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from annotator.core.nlp import worker

POLL_MS = 50


class SuggestionRunner(QObject):
    loaded = Signal(str, object)  # origin, warning (str or None)
    progress = Signal(int, int, int)  # done, total, document id
    finished = Signal(int, int, bool)  # documents, suggestions, cancelled
    failed = Signal(str)
    runningChanged = Signal(bool)

    def __init__(self, db_path: Path, model: str | None, batch_size: int = 32) -> None:
        super().__init__()
        self.db_path = db_path
        self.model = model
        self.rules: str | None = None  # the rule set; None for the default one
        self.batch_size = batch_size
        self._handle: worker.WorkerHandle | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def is_running(self) -> bool:
        return self._handle is not None

    def start(self, document_ids: list[int]) -> bool:
        """Start a run; False if one is already running or there is nothing to do."""
        if self._handle is not None or not document_ids:
            return False
        self._handle = worker.start(
            self.db_path, document_ids, self.model, self.batch_size, rules=self.rules
        )
        self._timer.start()
        self.runningChanged.emit(True)
        return True

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.request_cancel()

    def shutdown(self) -> None:
        """Stop the child (on window close)."""
        if self._handle is not None:
            self._handle.stop()
            self._done()

    def _done(self) -> None:
        self._timer.stop()
        self._handle = None
        self.runningChanged.emit(False)

    def _poll(self) -> None:
        handle = self._handle
        if handle is None:
            return
        # Read liveness before draining: a child that exited has flushed all its messages.
        alive = handle.is_alive()
        while True:
            try:
                message = handle.queue.get_nowait()
            except queue_module.Empty:
                break
            kind = message[0]
            if kind == "loaded":
                self.loaded.emit(message[1], message[2])
            elif kind == "progress":
                self.progress.emit(message[1], message[2], message[3])
            elif kind == "finished":
                handle.process.join(1.0)
                self._done()
                self.finished.emit(message[1], message[2], message[3])
                return
            elif kind == "error":
                handle.stop()
                self._done()
                self.failed.emit(message[1])
                return
        if not alive:
            code = handle.process.exitcode
            self._done()
            self.failed.emit(f"the suggestion process stopped unexpectedly (exit code {code})")
