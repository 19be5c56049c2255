"""Suggestions in a child process, for the window.

spaCy holds the GIL for long stretches; in a thread it stalls the UI (DESIGN.md measured a 10 ms
tick delayed by up to 52 ms), so the window starts this in a ``spawn`` child process and polls the
queue. The child opens the same database file (WAL allows it) and writes suggestions itself, one
transaction per document, and streams one message per document so progress and cancel stay live.

Messages on the queue, as tuples:
``("loaded", origin, warning_or_None)`` (origin: the pipeline's and the rule set's, as recorded
on the suggestions), ``("progress", done, total, document_id)``,
``("finished", documents, suggestions, cancelled)``, ``("error", message)``.
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.errors import AnnotatorError


def run(
    db_path: str,
    document_ids: list[int],
    model: str | None,
    queue: Any,
    cancel: Any,
    batch_size: int = 32,
    rules: str | None = None,
) -> None:
    """The child's entry point (importable, so ``spawn`` can find it)."""
    try:
        from annotator.core.nlp.pipeline import load_pipeline
        from annotator.core.nlp.suggest import Suggester, preannotate, rule_set
        from annotator.core.store import open_store

        pipeline = load_pipeline(model)
        suggester = Suggester(pipeline, rules=rule_set(rules), batch_size=batch_size)
        queue.put(("loaded", suggester.origin, pipeline.warning))
        with open_store(Path(db_path)) as store:
            summary = preannotate(
                store,
                document_ids,
                suggester,
                progress=lambda done, total, doc_id: queue.put(("progress", done, total, doc_id)),
                should_cancel=cancel.is_set,
            )
        queue.put(("finished", summary.documents, summary.suggestions, summary.cancelled))
    except AnnotatorError as exc:
        queue.put(("error", str(exc)))
    except Exception as exc:  # the child must always report, never die silently
        queue.put(("error", f"suggestions failed: {type(exc).__name__}: {exc}"))


@dataclass
class WorkerHandle:
    process: multiprocessing.process.BaseProcess
    queue: Any
    cancel: Any

    def request_cancel(self) -> None:
        self.cancel.set()

    def is_alive(self) -> bool:
        return self.process.is_alive()

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the child to stop, then make sure it is gone."""
        self.cancel.set()
        self.process.join(timeout)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(1.0)


def start(
    db_path: str | Path,
    document_ids: list[int],
    model: str | None,
    batch_size: int = 32,
    rules: str | None = None,
) -> WorkerHandle:
    """Start suggestions for ``document_ids`` in a spawned child process; ``rules`` names the
    rule set (``suggest.RULE_SETS``; None for the default)."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    cancel = context.Event()
    process = context.Process(
        target=run,
        args=(str(db_path), list(document_ids), model, queue, cancel, batch_size, rules),
        daemon=True,
        name="annotator-suggestions",
    )
    process.start()
    return WorkerHandle(process, queue, cancel)
