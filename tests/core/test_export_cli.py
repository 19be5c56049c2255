"""``annotator export`` and ``annotator import`` of annotated data, through the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import orjson
import pytest

from annotator import cli
from annotator.core.export import FORMATS
from annotator.core.importing import IMPORT_FORMATS
from annotator.core.store import open_store
from tests.conftest import REPO
from tests.core.test_export import merkel
from tests.core.test_formats_samples import BRAT, PRODIGY


def test_the_cli_offers_the_core_formats() -> None:
    assert cli.EXPORT_FORMATS == FORMATS
    assert cli.IMPORT_FORMATS == IMPORT_FORMATS


def test_export_defaults_to_a_dated_file_under_exports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "news.db"
    with open_store(db) as store:
        merkel(store)
    assert cli.main(["export", "--db", str(db), "--format", "spacy", "--model", "blank:en"]) == 0
    stem = tmp_path / "exports" / f"news-{date.today().isoformat()}"
    out = capsys.readouterr().out
    assert f"exported 1 documents (train 1, dev 0), 3 spans, 2 relations to {stem}.spacy" in out
    assert f"dataset card: {stem}.md" in out
    assert Path(f"{stem}.train.spacy").exists() and Path(f"{stem}.dev.spacy").exists()
    card = Path(f"{stem}.md").read_text()
    assert f"--db {db} --format spacy --out {stem}.spacy --status done --dev-ratio 0.2" in card


def test_export_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "news.db"
    with open_store(db) as store:
        merkel(store)
    out = tmp_path / "claims.jsonl"
    code = cli.main(
        [
            "export",
            "--db",
            str(db),
            "--out",
            str(out),
            "--label",
            "CLAIM",
            "--label",
            "ACTOR",
            "--include-suggestions",
            "--status",
            "done",
        ]
    )
    assert code == 0
    (task,) = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert [s["label"] for s in task["spans"]] == ["ACTOR", "CLAIM", "ACTOR"]
    assert cli.main(["export", "--db", str(db), "--out", str(tmp_path / "x" / "y.jsonl")]) == 1
    assert "the folder" in capsys.readouterr().err


def test_import_with_map_and_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "in.db"
    path = PRODIGY / "prodigy-recipes" / "annotated_news_headlines-ORG-PERSON-LOCATION-ner.jsonl"
    code = cli.main(
        ["import", "--db", str(db), "--format", "prodigy", "--map", "LOCATION=ACTOR", str(path)]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "imported 373, duplicates 0, rejected 0; 295 spans, 0 relations" in captured.out
    assert "left out by the label map (use --map to keep them): PRODUCT 8" in captured.err
    assert "suggest" not in captured.out  # annotated documents get no suggestions


def test_import_reports_refused_documents_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "in.db"
    assert cli.main(["import", "--db", str(db), "--no-suggest", str(BRAT)]) == 1
    captured = capsys.readouterr()
    assert "imported 5, duplicates 0, rejected 4; 59 spans, 0 relations" in captured.out
    assert f"annotator: rejected: {BRAT / '000-introduction.ann'}:9: R2: unknown relation" in (
        captured.err
    )
    assert cli.main(["import", "--db", str(db), "--map", "PERSON", str(BRAT)]) == 1
    assert "--map 'PERSON': write it as FROM=TO" in capsys.readouterr().err


def test_exports_are_the_same_bytes_in_another_process(tmp_path: Path) -> None:
    """Same database, same bytes, whatever the hash seed of the process (sets, dicts)."""
    db = tmp_path / "news.db"
    with open_store(db) as store:
        merkel(store)
        merkel(
            store,
            text="Ein Text 😀 über 北京.\n\nAngela Merkel said on Monday that Germany"
            " would not back the plan.",
        )
    made = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        out.mkdir()
        for fmt, name in (("jsonl", "a.jsonl"), ("spacy", "a.spacy"), ("brat", "brat")):
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "annotator",
                    "export",
                    "--db",
                    str(db),
                    "--format",
                    fmt,
                    "--out",
                    str(out / name),
                    "--dev-ratio",
                    "0.5",
                    "--model",
                    "blank:en",
                ],
                cwd=REPO,
                capture_output=True,
                text=True,
                check=False,
                env={**os.environ, "PYTHONHASHSEED": seed},
            )
            assert done.returncode == 0, done.stderr
        made.append(
            sorted(
                (p.relative_to(out), p.read_bytes())
                for p in out.rglob("*")
                if p.is_file() and p.suffix != ".md"
            )
        )
    assert made[0] == made[1]
