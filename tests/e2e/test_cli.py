"""The command line as scripts use it: real subprocesses, exit codes, one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson

from annotator import __version__
from tests.conftest import REPO, SEED_ARTICLE, SEEDS, write


def run(*args: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def test_help_and_version() -> None:
    helped = run("--help")
    assert helped.returncode == 0
    for command in ("gui", "import", "preannotate", "export", "stats"):
        assert command in helped.stdout
    assert run("--version").stdout.strip() == f"annotator {__version__}"
    assert "--db PATH" in run("export", "--help").stdout


def test_import_preannotate_export_stats_end_to_end(tmp_path: Path, tiny_pipeline: Path) -> None:
    db = tmp_path / "e2e.db"
    imported = run("import", "--db", db, "--model", tiny_pipeline, SEEDS)
    assert imported.returncode == 0, imported.stderr
    assert "imported 16, duplicates 0, rejected 0" in imported.stdout
    assert "with model:en_tiny_test@0.0.1" in imported.stdout

    again = run("import", "--db", db, "--no-suggest", SEED_ARTICLE)
    assert "imported 0, duplicates 1, rejected 0" in again.stdout

    pre = run("preannotate", "--db", db, "--model", tiny_pipeline, "--document", "1")
    assert pre.returncode == 0, pre.stderr
    assert "in 1 documents" in pre.stdout

    out = tmp_path / "out.jsonl"
    nothing_done = run("export", "--db", db, "--out", out)
    assert nothing_done.returncode == 0, nothing_done.stderr
    assert "exported 0 documents" in nothing_done.stdout  # only done documents by default
    exported = run("export", "--db", db, "--out", out, "--status", "new", "--include-suggestions")
    assert exported.returncode == 0, exported.stderr
    records = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert len(records) == 16
    seed = records[0]
    assert seed["meta"]["published"] == "2022-10-20"
    texts = {seed["text"][s["start"] : s["end"]] for s in seed["spans"]}
    assert {"Benny Gantz", "Israel", "Thursday"} <= texts
    assert all(s["status"] == "suggested" for s in seed["spans"])

    stats = run("stats", "--db", db, "--json")
    counts = orjson.loads(stats.stdout)
    assert counts["documents"]["new"] == 16
    assert counts["spans"]["ACTOR"]["suggested"] > 0
    assert "documents: 16" in run("stats", "--db", db).stdout


def test_the_default_database_is_in_the_current_folder(tmp_path: Path) -> None:
    result = run("import", "--no-suggest", SEED_ARTICLE, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "annotations.db").exists()


def test_bad_input_is_one_line_and_exit_code_1(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    missing = run("import", "--db", db, tmp_path / "nope.txt")
    assert missing.returncode == 1
    assert missing.stderr == f"annotator: error: {tmp_path / 'nope.txt'}: no such file or folder\n"

    bad = write(tmp_path / "bad.jsonl", '{"text": "fine"}\nnot json\n')
    partial = run("import", "--db", db, "--no-suggest", bad)
    assert partial.returncode == 1
    assert "imported 1, duplicates 0, rejected 1" in partial.stdout
    assert f"annotator: rejected: {bad}:2: not valid JSON" in partial.stderr
    assert "Traceback" not in partial.stderr

    not_db = write(tmp_path / "notes.db", "plain text, not SQLite " * 100)
    refused = run("stats", "--db", not_db)
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"annotator: error: {not_db}: not an annotator database")

    model = run("preannotate", "--db", db, "--model", "xx_nothing_here")
    assert model.returncode == 1
    assert "'xx_nothing_here' is not installed" in model.stderr
    assert "Traceback" not in model.stderr


def test_gui_refuses_a_database_that_is_not_sqlite(tmp_path: Path) -> None:
    not_db = write(tmp_path / "notes.db", "plain text, not SQLite " * 100)
    code = """
import sys
from PySide6.QtWidgets import QMessageBox
QMessageBox.critical = lambda *a, **k: print("box:", a[2])
from annotator.cli import main
sys.exit(main(["--db", sys.argv[1]]))
"""
    result = subprocess.run(
        [sys.executable, "-c", code, str(not_db)],
        cwd=REPO, capture_output=True, text=True, check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert result.returncode == 1
    assert f"box: {not_db}: not an annotator database" in result.stdout
