"""Run every benchmark (import, start-up, pre-annotation), each in its own process, then print a
summary of the ratios against their baselines and whether each target is met.

``make bench`` runs this. The whole run takes about 6 minutes on 2 cores, almost all of it spaCy in
``preannotate.py``; ``--quick`` cuts repeats and the pre-annotation subset (numbers get noisier).

Run: ``.venv/bin/python bench/run_all.py [--quick] [--only NAME ...] [--csv PATH]``
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import machine, measured_code, table, verdict

BENCH = Path(__file__).resolve().parent
NAMES = ("import_corpus", "startup", "preannotate")
QUICK = {
    "import_corpus": ["--repeat", "3"],
    "startup": ["--repeat", "3"],
    "preannotate": ["--repeat", "1", "--limit", "100"],
}


def run_one(name: str, extra: list[str], folder: Path) -> dict[str, Any]:
    """Run ``bench/<name>.py`` with its output shown live; its JSON results."""
    out = folder / f"{name}.json"
    argv = [sys.executable, str(BENCH / f"{name}.py"), "--json", str(out), *extra]
    print(f"=== {name}: {' '.join(argv[1:])}", flush=True)
    start = time.perf_counter()
    done = subprocess.run(argv)
    print(f"=== {name}: {time.perf_counter() - start:.0f} s, exit code {done.returncode}\n")
    if done.returncode != 0 or not out.exists():
        return {"benchmark": name, "failed": True}
    return json.loads(out.read_text(encoding="utf-8"))


def summary_rows(results: dict[str, dict[str, Any]]) -> list[list[str]]:
    rows: list[list[str]] = []
    imp = results.get("import_corpus")
    if imp and not imp.get("failed"):
        rate = imp["rows_per_second"]["importer"]
        rows.append(
            [
                "import 3,824 CSV rows",
                f"{rate:,.0f} rows/s",
                f"{imp['ratio_vs_plain']:.3f} of insert_all (plain),"
                f" {imp['ratio_vs_fts']:.3f} of insert_all + FTS5"
                f" (CPU: {imp['cpu_ratio_vs_plain']:.2f}, {imp['cpu_ratio_vs_fts']:.2f})",
                f">= {imp['target']:.2f}",
                f"plain {verdict(imp['met_vs_plain'])}, FTS5 {verdict(imp['met_vs_fts'])}",
            ]
        )
    start = results.get("startup")
    if start and not start.get("failed"):
        bare = start["cases"]["baseline: bare QMainWindow"]
        for name, case in start["cases"].items():
            if name.startswith("annotator gui"):
                rows.append(
                    [
                        name.replace("annotator gui, ", "window shown, "),
                        f"{case['seconds']:.2f} s, {case['rss_mb']:.0f} MB",
                        f"{case['seconds'] / bare['seconds']:.1f}x time,"
                        f" {case['rss_mb'] / bare['rss_mb']:.1f}x RSS of a bare QMainWindow",
                        f"<= {start['target_seconds']:.1f} s",
                        verdict(
                            case["seconds"] <= start["target_seconds"] and not case["spacy_loaded"]
                        ),
                    ]
                )
    pre = results.get("preannotate")
    if pre and not pre.get("failed"):
        rows.append(
            [
                f"preannotate {pre['documents']:,} docs",
                f"{pre['words_per_second']['preannotate']:,.0f} words/s",
                f"{pre['ratio']:.3f} of bare nlp.pipe (CPU: {pre['cpu_ratio']:.3f})",
                f">= {pre['target']:.2f}",
                verdict(pre["met"]),
            ]
        )
    for name, result in results.items():
        if result.get("failed"):
            rows.append([name, "FAILED", "", "", ""])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, 100-doc subset")
    parser.add_argument("--only", action="append", choices=NAMES, help="run only this one")
    parser.add_argument("--csv", help="NewsArticles.csv (default: what fetch-news-corpus prints)")
    args = parser.parse_args()
    names = args.only or list(NAMES)
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-all-") as tmp:
        for name in names:
            extra = (QUICK[name] if args.quick else []) + (["--csv", args.csv] if args.csv else [])
            results[name] = run_one(name, extra, Path(tmp))
    print("=== summary")
    print(f"{machine()}; {measured_code()}")
    print()
    print(table(["benchmark", "figure", "vs baseline", "target", "result"], summary_rows(results)))
    if any(result.get("failed") for result in results.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
