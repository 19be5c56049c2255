"""Never lose work: kill -9 the window in the middle of a session; every edit it had shown is in
the database, and the database is intact."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from annotator.core.importing import import_paths
from annotator.core.store import open_store
from tests.conftest import REPO, SEED_ARTICLE


def test_sigkill_loses_no_shown_edit(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    with open_store(db) as store:
        import_paths(store, [SEED_ARTICLE])
    child = subprocess.Popen(
        [sys.executable, str(REPO / "tests" / "e2e" / "crash_child.py"), str(db),
         str(tmp_path / "settings.ini")],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    shown: list[tuple[str, int, int]] = []
    assert child.stdout is not None
    deadline = time.monotonic() + 60
    while len(shown) < 40 and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        _, span_id, start, end = line.split()
        shown.append((span_id, int(start), int(end)))
    os.kill(child.pid, signal.SIGKILL)  # in the middle of the session, without any warning
    child.wait(10)
    assert child.returncode == -signal.SIGKILL
    assert len(shown) >= 40, "the child did not get far enough to test anything"

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = {r[0]: (r[1], r[2]) for r in conn.execute("SELECT id, start, end FROM spans")}
    for span_id, start, end in shown:
        assert rows.get(span_id) == (start, end)
    journal = conn.execute("SELECT count(*) FROM edits WHERE annotator = 'crash-test'").fetchone()
    assert journal[0] >= len(shown)
    conn.close()
    with open_store(db) as store:  # and the app opens it again
        assert len(store.spans(1)) >= len(shown)
