"""The document browser at 100,000 documents: the list queries, a page of rows, the panel's first
page, scrolling stalls and resident memory, each against a baseline measured in the same run.

The database (``--docs`` documents of about 2,000 characters, ``--spans`` spans on every document,
one in seven rejected; statuses 60 % new, 10 % in progress, 20 % done, 10 % skipped; one date in ten
missing) is built through ``open_store`` (the real schema) in one transaction, with the FTS5 index
rebuilt once at the end instead of row by row through the insert trigger. ``--db PATH`` keeps it
and reuses it on the next run.

Baselines: ``SELECT id FROM documents`` (the cost of reading 100,000 ids at all) for the queries;
``Store.summary()`` once per row for a page; the eager list the main window had before the panel
(``Store.summaries()`` into ``DocumentListModel.set_rows``) for the first page, scrolling and
memory. Scrolling moves the list's scroll bar top to bottom in 400 steps and then to 200 random
places, calling ``processEvents`` and repainting after each (offscreen); the stall is the slowest
step (of the best of 3 passes, each starting with no cached rows). The queries and the page run
again with the indexes this benchmark suggests (``SUGGESTED_INDEXES``), dropped again afterwards.

Targets: the list holds 100,000 documents; query_ids for the id, date and status orders <= 150 ms;
a page of 200 rows <= 10 ms; no scroll step over 50 ms; resident memory <= 400 MB.

Run: ``.venv/bin/python bench/doclist.py [--docs 100000] [--spans 30] [--db PATH] [--repeat 5]
[--json FILE]``
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _common import machine, measured_code, median, table, verdict, write_json

from annotator.core.doclist import DocumentQuery, load_summaries, query_ids
from annotator.core.store import Store, open_store

QUERY_TARGET_MS = 150.0
PAGE_TARGET_MS = 10.0
STALL_TARGET_MS = 50.0
RSS_TARGET_MB = 400.0
PAGE = 200
SUGGESTED_INDEXES = {
    "idx_spans_label_status_document_id": "spans (label, status, document_id)",
    "idx_spans_document_id_status": "spans (document_id, status)",
}
STATUSES = ["new"] * 6 + ["in_progress"] + ["done"] * 2 + ["skipped"]
LABELS = ("ACTOR", "ACTOR", "CLAIM", "DATE")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def timed(function: Callable[[], Any], repeat: int) -> float:
    """Median milliseconds of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return median(times)


# --- the database -------------------------------------------------------------------------------


def build(path: Path, docs: int, spans: int) -> float:
    """Fill a new database; returns the seconds it took."""
    start = time.perf_counter()
    rnd = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = ["".join(rnd.choices(letters, k=rnd.randint(2, 10))) for _ in range(5000)]
    with open_store(path) as store:
        db = store.db
        db.execute("PRAGMA cache_size = -400000")
        (trigger,) = db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'documents_ai'"
        ).fetchone()
        with db.atomic():
            db.execute("DROP TRIGGER documents_ai")
            db.conn.executemany(
                "INSERT INTO documents (id, text, title, published, source, content_hash, status,"
                " created, updated) VALUES (?, ?, ?, ?, 'bench', ?, ?, 't', 't')",
                _documents(rnd, vocabulary, docs),
            )
            db.execute("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')")
            db.execute(trigger)
        with db.atomic():
            db.conn.executemany(
                "INSERT INTO spans (id, document_id, start, end, label, attrs, origin, status,"
                " created, updated) VALUES (?, ?, ?, ?, ?, '{}', 'model:bench', ?, 't', 't')",
                _spans(docs, spans),
            )
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return time.perf_counter() - start


def _documents(rnd: random.Random, vocabulary: list[str], docs: int) -> Any:
    for i in range(1, docs + 1):
        body = " ".join(rnd.choices(vocabulary, k=330))
        text = f"Article {i} about topic {i % 50}\n{body}"[:2000]
        title = None if i % 5 == 0 else f"{rnd.choice(vocabulary).title()} {i}"
        published = None if i % 10 == 0 else f"20{rnd.randint(10, 23)}-{rnd.randint(1, 12):02d}"
        if published:
            published += f"-{rnd.randint(1, 28):02d}"
        digest = hashlib.sha256(text.encode()).hexdigest()
        yield i, text, title, published, digest, rnd.choice(STATUSES)


def _spans(docs: int, per_doc: int) -> Any:
    for doc in range(1, docs + 1):
        for k in range(per_doc):
            status = "rejected" if k % 7 == 0 else "accepted" if k % 3 == 0 else "suggested"
            yield f"{doc:08x}{k:04x}", doc, k * 60, k * 60 + 10, LABELS[k % 4], status


def open_bench_db(path: Path, docs: int, spans: int) -> tuple[Store, str]:
    """Open the database, building it first (in a child process, so that the memory the build
    used does not count in this process's RSS) unless a database of ``docs`` documents is there."""
    if path.exists():
        with open_store(path) as store:
            reusable = store.count_documents() == docs
        if reusable:
            return open_store(path), f"reused {path}"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    began = time.perf_counter()
    argv = [sys.executable, __file__, "--build-only", "--db", str(path)]
    subprocess.run([*argv, "--docs", str(docs), "--spans", str(spans)], check=True)
    return open_store(path), f"built {path} in {time.perf_counter() - began:.1f} s"


# --- measurements -------------------------------------------------------------------------------

QUERIES: list[tuple[str, DocumentQuery]] = [
    ("order: id", DocumentQuery()),
    ("order: id, descending", DocumentQuery(descending=True)),
    ("order: date", DocumentQuery(sort="date")),
    ("order: date, descending", DocumentQuery(sort="date", descending=True)),
    ("order: status", DocumentQuery(sort="status")),
    ("order: title", DocumentQuery(sort="title")),
    ("order: spans", DocumentQuery(sort="spans")),
    ("status new, by date", DocumentQuery(status="new", sort="date")),
    ("label DATE", DocumentQuery(label="DATE")),
    ("search: topic (all match)", DocumentQuery(search="topic")),
    ('search: "topic 7" (2 %)', DocumentQuery(search='"topic 7"', sort="date")),
    ("done + ACTOR + topic, status", DocumentQuery("done", "ACTOR", "topic", "status")),
]
TARGETED = {"order: id", "order: id, descending", "order: date", "order: date, descending",
            "order: status"}  # fmt: skip


def measure_queries(store: Store, repeat: int) -> tuple[float, dict[str, tuple[float, int]]]:
    def bare() -> list[int]:
        return [row[0] for row in store.db.execute("SELECT id FROM documents").fetchall()]

    baseline = timed(bare, repeat)
    results = {}
    for name, query in QUERIES:
        count = len(query_ids(store, query))  # also warms the cache
        results[name] = (timed(lambda q=query: query_ids(store, q), repeat), count)
    return baseline, results


def measure_pages(store: Store, ids: list[int]) -> dict[str, float]:
    rnd = random.Random(3)
    starts = [rnd.randrange(0, len(ids) - PAGE) for _ in range(50)]
    times = []
    for start in starts:
        page = ids[start : start + PAGE]
        began = time.perf_counter()
        rows = load_summaries(store, page)
        times.append((time.perf_counter() - began) * 1000)
        assert len(rows) == PAGE
    per_row = []
    for start in starts[:5]:
        began = time.perf_counter()
        for doc_id in ids[start : start + PAGE]:
            store.summary(doc_id)
        per_row.append((time.perf_counter() - began) * 1000)
    return {"median": median(times), "max": max(times), "baseline": median(per_row)}


def scroll(app: Any, view: Any, reset: Callable[[], None], passes: int = 3) -> dict[str, float]:
    """Step the scroll bar top to bottom, then to random places; milliseconds per step.

    ``passes`` passes, ``reset`` (dropping cached rows) before each; the figures are those of the
    pass with the smallest worst step, so that a step the OS scheduler delayed (other processes
    on the machine) does not pass for a stall of the list.
    """
    bar = view.verticalScrollBar()
    top = bar.maximum()
    positions = [round(top * step / 400) for step in range(401)]
    rnd = random.Random(5)
    positions += [rnd.randint(0, top) for _ in range(200)]
    runs = []
    for _ in range(passes):
        reset()
        bar.setValue(0)
        app.processEvents()
        times = []
        for value in positions:
            began = time.perf_counter()
            bar.setValue(value)
            app.processEvents()
            view.viewport().repaint()  # paint now even if the platform would skip a frame
            times.append((time.perf_counter() - began) * 1000)
        runs.append(sorted(times))
    times = min(runs, key=lambda t: t[-1])
    return {
        "median": median(times),
        "p99": times[int(len(times) * 0.99) - 1],
        "max": times[-1],
        "steps": len(times),
        "passes": passes,
    }


def run(docs: int, spans: int, db: str | None, repeat: int) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication, QTableView

    app = QApplication.instance() or QApplication(sys.argv[:1])
    rss_qt = rss_mb()
    with tempfile.TemporaryDirectory(prefix="bench-doclist-") as tmp:
        path = Path(db) if db else Path(tmp) / "doclist.db"
        store, how = open_bench_db(path, docs, spans)
        print(how, flush=True)
        rss_store = rss_mb()
        try:
            return _run(app, store, QTableView, rss_qt, rss_store, repeat, docs, spans)
        finally:
            store.close()


def _run(app: Any, store: Store, table_view: Any, rss_qt: float, rss_store: float,
         repeat: int, docs: int, spans: int) -> dict[str, Any]:  # fmt: skip
    from annotator.ui.document_panel import DocumentPanel
    from annotator.ui.models import DocumentListModel

    began = time.perf_counter()
    panel = DocumentPanel(store, ["ACTOR", "CLAIM", "DATE"])
    panel.resize(520, 900)
    panel.show()
    app.processEvents()
    panel.table.viewport().repaint()
    first_page_ms = (time.perf_counter() - began) * 1000
    assert panel.model.rowCount() == docs
    rss_panel = rss_mb()
    loads_before = panel.model.loads
    lazy_scroll = scroll(app, panel.table, panel.reload)
    rss_scrolled = rss_mb()
    loads = (panel.model.loads - loads_before) // lazy_scroll["passes"]

    baseline_ids, queries = measure_queries(store, repeat)
    pages = measure_pages(store, query_ids(store, DocumentQuery(sort="date")))

    with_indexes: dict[str, tuple[float, int]] = {}
    for name, columns in SUGGESTED_INDEXES.items():
        store.db.execute(f"CREATE INDEX {name} ON {columns}")
    # Creating an index leaves ~100 MB in the WAL; every read would look pages up there first.
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    try:
        _bare, with_indexes = measure_queries(store, repeat)
        indexed_pages = measure_pages(store, query_ids(store, DocumentQuery(sort="date")))
    finally:
        for name in SUGGESTED_INDEXES:
            store.db.execute(f"DROP INDEX {name}")
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # The eager baseline last: what it allocates stays in the process.
    began = time.perf_counter()
    eager = DocumentListModel()
    eager.set_rows(store.summaries())
    view = table_view()
    view.setModel(eager)
    view.resize(520, 900)
    view.show()
    app.processEvents()
    view.viewport().repaint()
    eager_ms = (time.perf_counter() - began) * 1000
    rss_eager = rss_mb()
    eager_scroll = scroll(app, view, lambda: None)
    view.close()
    panel.close()

    return {
        "benchmark": "doclist",
        "documents": docs,
        "spans_per_document": spans,
        "queries_ms": {k: v[0] for k, v in queries.items()},
        "queries_with_suggested_indexes_ms": {k: v[0] for k, v in with_indexes.items()},
        "matches": {k: v[1] for k, v in queries.items()},
        "bare_ids_ms": baseline_ids,
        "page_ms": pages,
        "page_with_suggested_indexes_ms": indexed_pages,
        "first_page_ms": first_page_ms,
        "eager_first_page_ms": eager_ms,
        "scroll_ms": lazy_scroll,
        "eager_scroll_ms": eager_scroll,
        "page_loads_while_scrolling": loads,
        "rss_mb": {
            "python + Qt": rss_qt,
            "+ store open": rss_store,
            "+ panel shown": rss_panel,
            "+ scrolled everywhere": rss_scrolled,
            "+ eager baseline": rss_eager,
        },
    }


def report(r: dict[str, Any]) -> None:
    print(f"{machine()}; {measured_code()}")
    print(f"{r['documents']:,} documents, {r['spans_per_document']} spans each\n")
    rows = []
    bare = r["bare_ids_ms"]
    for name, ms in r["queries_ms"].items():
        indexed = r["queries_with_suggested_indexes_ms"][name]
        target = f"<= {QUERY_TARGET_MS:.0f} ms" if name in TARGETED else ""
        result = verdict(ms <= QUERY_TARGET_MS) if name in TARGETED else ""
        rows.append([f"query_ids {name}", f"{r['matches'][name]:,}", f"{ms:.0f} ms",
                     f"{ms / bare:.1f}x", f"{indexed:.0f} ms", target, result])  # fmt: skip
    print(f"baseline: SELECT id FROM documents = {bare:.0f} ms (median of repeats)")
    print(table(["query", "ids", "median", "vs bare", "+ indexes", "target", "result"], rows))
    print()
    page, indexed_page = r["page_ms"], r["page_with_suggested_indexes_ms"]
    scroll_lazy, scroll_eager = r["scroll_ms"], r["eager_scroll_ms"]
    rss = r["rss_mb"]
    whole = rss["+ scrolled everywhere"]
    rows = [
        ["page of 200 summaries", f"{page['median']:.2f} ms (max {page['max']:.2f})",
         f"Store.summary x200: {page['baseline']:.1f} ms"
         f" ({page['baseline'] / page['median']:.0f}x)",
         f"<= {PAGE_TARGET_MS:.0f} ms", verdict(page["max"] <= PAGE_TARGET_MS)],
        ["  with suggested indexes", f"{indexed_page['median']:.2f} ms", "", "", ""],
        ["panel built + first page shown", f"{r['first_page_ms']:.0f} ms",
         f"eager list: {r['eager_first_page_ms']:.0f} ms"
         f" ({r['eager_first_page_ms'] / r['first_page_ms']:.0f}x)", "", ""],
        [f"scroll, {scroll_lazy['steps']} steps: median", f"{scroll_lazy['median']:.1f} ms",
         f"eager: {scroll_eager['median']:.1f} ms", "", ""],
        ["scroll: p99", f"{scroll_lazy['p99']:.1f} ms", f"eager: {scroll_eager['p99']:.1f} ms",
         "", ""],
        ["scroll: worst step (stall)", f"{scroll_lazy['max']:.1f} ms",
         f"eager: {scroll_eager['max']:.1f} ms", f"<= {STALL_TARGET_MS:.0f} ms",
         verdict(scroll_lazy["max"] <= STALL_TARGET_MS)],
        ["page loads per pass", f"{r['page_loads_while_scrolling']}", "", "", ""],
    ]  # fmt: skip
    for (name, value), previous in zip(list(rss.items())[1:], list(rss.values())[:-1], strict=True):
        rows.append([f"RSS {name}", f"{value:.0f} MB", f"+{value - previous:.0f} MB", "", ""])
    rows[-2][3:] = [f"<= {RSS_TARGET_MB:.0f} MB", verdict(whole <= RSS_TARGET_MB)]
    print(f"RSS of python + QApplication (the baseline): {rss['python + Qt']:.0f} MB")
    print(table(["measure", "figure", "baseline", "target", "result"], rows))
    print(f"\nstore + panel cost {whole - rss['python + Qt']:.0f} MB over python + Qt;"
          f" the eager list adds {rss['+ eager baseline'] - whole:.0f} MB more")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--spans", type=int, default=30, help="spans per document (default 30)")
    parser.add_argument("--db", help="keep the database here and reuse it next time")
    parser.add_argument("--repeat", type=int, default=5, help="runs per query (default 5)")
    parser.add_argument("--json", help="also write the results to this JSON file")
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_only:
        build(Path(args.db), args.docs, args.spans)
        return
    results = run(args.docs, args.spans, args.db, args.repeat)
    report(results)
    write_json(args.json, results)


if __name__ == "__main__":
    main()
