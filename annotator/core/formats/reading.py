"""Which format an input file is in (from the file itself, unless ``--format`` says), and its
annotated records.

* a ``.txt`` with an ``.ann`` beside it (or an ``.ann``): brat;
* ``.json``: Label Studio (tasks with ``data``);
* ``.jsonl``: from its first object: doccano (``entities``, or a ``label``/``labels`` list),
  ours (``meta`` with our ``id`` and ``status``), Prodigy (``spans``, ``tokens``, hashes,
  ``answer``), else plain articles (``text`` and ``meta``);
* anything else: plain articles (seed ``.txt``, ``.txt``, ``.csv``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.core.formats import brat, doccano, label_studio, prodigy
from annotator.core.formats.annotated import AnnotatedRecord
from annotator.core.formats.jsonio import first_object
from annotator.errors import InputError

FORMATS = ("auto", "text", "jsonl", "prodigy", "doccano", "label-studio", "brat")
ANNOTATED = FORMATS[2:]


def ann_of(path: Path) -> Path:
    return path.with_suffix(".ann")


def detect(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix == ".txt" and ann_of(path).is_file():
        return "brat"
    if suffix not in (".json", ".jsonl"):
        return "text"
    first = first_object(text)
    if first is None:
        return "label-studio" if suffix == ".json" else "text"
    if label_studio.looks_like_label_studio(first):
        return "label-studio"
    if doccano.looks_like_doccano(first):
        return "doccano"
    if prodigy.looks_like_ours(first):
        return "jsonl"
    if prodigy.looks_like_prodigy(first):
        return "prodigy"
    return "label-studio" if suffix == ".json" else "text"


def read_raw(path: Path, keep_bom: bool) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from exc
    try:
        return data.decode("utf-8" if keep_bom else "utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, "not UTF-8 text; convert it to UTF-8", line=line) from exc


def records(path: Path, text: str, kind: str) -> Iterator[AnnotatedRecord | InputError]:
    """The annotated records of one file in format ``kind`` (one of ``ANNOTATED``)."""
    if kind in ("jsonl", "prodigy"):
        yield from prodigy.read(path, text, kind)
    elif kind == "doccano":
        yield from doccano.read(path, text)
    elif kind == "label-studio":
        yield from label_studio.read(path, text)
    elif kind == "brat":
        ann = ann_of(path)
        if not ann.is_file():
            raise InputError(path, f"brat: no {ann.name} beside it")
        raw = read_raw(path, keep_bom=True)
        yield brat.read(path, raw, ann, read_raw(ann, keep_bom=False))
    else:  # pragma: no cover - guarded by the caller
        raise ValueError(kind)
