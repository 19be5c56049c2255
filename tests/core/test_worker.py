"""The suggestion worker runs in a spawned child process and writes to the same database file."""

import queue
from pathlib import Path

from annotator.core.importing import import_paths
from annotator.core.nlp import worker
from annotator.core.store import open_store
from tests.conftest import SEED_ARTICLE


def _messages(handle: worker.WorkerHandle) -> list[tuple[object, ...]]:
    seen: list[tuple[object, ...]] = []
    while True:
        try:
            message = handle.queue.get(timeout=60)
        except queue.Empty:
            break
        seen.append(message)
        if message[0] in ("finished", "error"):
            break
    handle.stop()
    return seen


def test_the_worker_streams_progress_and_stores_suggestions(
    tmp_path: Path, tiny_pipeline: Path
) -> None:
    db = tmp_path / "w.db"
    with open_store(db) as store:
        (doc_id,) = import_paths(store, [SEED_ARTICLE]).document_ids
    seen = _messages(worker.start(db, [doc_id], str(tiny_pipeline)))
    assert seen[0] == ("loaded", "model:en_tiny_test@0.0.1+rules:claims@1", None)
    assert seen[1] == ("progress", 1, 1, doc_id)
    assert seen[-1][0] == "finished"
    with open_store(db) as store:
        assert len(store.spans(doc_id)) == seen[-1][2] > 0


def test_the_worker_reports_a_bad_model_as_one_line(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    open_store(db).close()
    seen = _messages(worker.start(db, [1], "xx_no_such_model"))
    assert seen[-1][0] == "error"
    assert "'xx_no_such_model' is not installed" in str(seen[-1][1])
