"""brat standoff: a folder with ``<id>.txt`` (the text, as stored) and ``<id>.ann`` per document,
plus an ``annotation.conf`` so brat can open the folder as a collection.

Written per document::

    T1	ACTOR 0 13	Angela Merkel
    T2	CLAIM 34 65	Germany would not back the plan
    R1	SPEAKER Arg1:T2 Arg2:T1
    A1	type T1 PERSON
    #1	AnnotatorNotes T2	attrs {"cue":{"end":18,"start":14,"text":"said"},"hedged":false}

Offsets are code points, end-exclusive. A span that crosses a line break is written as fragments
(``0 5;6 12``), as brat does. An attribute whose value is ``true`` or a word becomes an ``A`` line
(binary, or with the value); any other value (false, numbers, text with spaces, the cue object)
goes into one ``AnnotatorNotes`` line starting with ``attrs `` and holding JSON. Relations go
``Arg1`` = head (the claim) -> ``Arg2`` = child.

Read: ``T`` (fragments separated only by whitespace become one span; other discontinuous spans
are refused), ``R``, ``A``/``M`` on text-bound annotations, and ``attrs`` notes. Events (``E``),
their trigger ``T`` lines, normalisations (``N``), equivalences (``*``) and other notes are not
part of our model and are skipped.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from annotator.core.annotation import RELATION_TARGETS
from annotator.core.formats.annotated import AnnotatedRecord, RawRelation, RawSpan

if TYPE_CHECKING:
    from annotator.core.formats.prepared import PreparedDocument

ATTRS_NOTE = "attrs "
_WORD = re.compile(r"\S+")


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span's pieces between line breaks (without the whitespace around them)."""
    parts = []
    position = start
    for line in text[start:end].split("\n"):
        stripped = line.strip()
        if stripped:
            first = position + line.index(stripped[0])
            parts.append((first, first + len(stripped)))
        position += len(line) + 1
    return parts


def _simple(value: Any) -> bool:
    return value is True or (isinstance(value, str) and _WORD.fullmatch(value) is not None)


def ann_text(prepared: PreparedDocument) -> str:
    doc = prepared.doc
    lines: list[str] = []
    notes: list[str] = []
    attributes: list[str] = []
    for number, (_id, start, end, label, attrs_json, *_rest) in enumerate(doc.spans, start=1):
        pieces = _fragments(doc.text, start, end)
        ranges = ";".join(f"{a} {b}" for a, b in pieces)
        shown = " ".join(doc.text[a:b] for a, b in pieces)
        lines.append(f"T{number}\t{label} {ranges}\t{shown}")
        attrs = orjson.loads(attrs_json) if attrs_json else {}
        rest = {}
        for key in sorted(attrs):
            value = attrs[key]
            if _simple(value):
                tail = "" if value is True else f" {value}"
                attributes.append(f"\t{key} T{number}{tail}")
            else:
                rest[key] = value
        if rest:
            body = orjson.dumps(rest, option=orjson.OPT_SORT_KEYS).decode()
            notes.append(f"\tAnnotatorNotes T{number}\t{ATTRS_NOTE}{body}")
    for number, (head, child, label, _status) in enumerate(prepared.relations, start=1):
        lines.append(f"R{number}\t{label} Arg1:T{head + 1} Arg2:T{child + 1}")
    lines += [f"A{n}{line}" for n, line in enumerate(attributes, start=1)]
    lines += [f"#{n}{line}" for n, line in enumerate(notes, start=1)]
    return "".join(line + "\n" for line in lines)


class Writer:
    """Writes into a folder (created by the caller)."""

    needs_tokens = False

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.labels: set[str] = set()
        self.relations: set[str] = set()
        self.attributes: dict[str, set[str]] = defaultdict(set)

    def add(self, prepared: PreparedDocument) -> None:
        doc = prepared.doc
        name = f"{doc.id:06d}"
        (self.folder / f"{name}.txt").write_bytes(doc.text.encode("utf-8"))
        (self.folder / f"{name}.ann").write_bytes(ann_text(prepared).encode("utf-8"))
        for _id, _start, _end, label, attrs_json, *_rest in doc.spans:
            self.labels.add(label)
            for key, value in (orjson.loads(attrs_json) if attrs_json else {}).items():
                if _simple(value):
                    self.attributes[key].add("" if value is True else value)
        self.relations.update(label for _h, _c, label, _s in prepared.relations)

    def close(self) -> None:
        conf = ["[entities]", *sorted(self.labels), "", "[relations]"]
        for label in sorted(self.relations):
            head, child = RELATION_TARGETS.get(label, ("<ANY>", "<ANY>"))
            conf.append(f"{label}\tArg1:{head}, Arg2:{child}")
        conf += ["", "[events]", "", "[attributes]"]
        for key in sorted(self.attributes):
            values = sorted(v for v in self.attributes[key] if v)
            conf.append(f"{key}\tArg:<ENTITY>" + (f", Value:{'|'.join(values)}" if values else ""))
        (self.folder / "annotation.conf").write_text("\n".join(conf) + "\n", encoding="utf-8")


def read(txt: Path, raw: str, ann: Path, ann_text_: str) -> AnnotatedRecord:
    """One brat document: the text as in ``txt`` and the annotations of ``ann``."""
    record = AnnotatedRecord("brat", raw, None, source=str(txt), meta={"file": txt.name})
    spans: dict[str, RawSpan] = {}
    triggers: set[str] = set()
    attributes: list[tuple[int, str, str, Any]] = []
    for number, line in enumerate(ann_text_.split("\n"), start=1):
        if not line.strip():
            continue
        ident, _, body = line.partition("\t")
        kind = ident[:1]
        if kind == "T":
            fields = body.split("\t", 1)
            label, _, ranges = fields[0].partition(" ")
            span = _text_bound(ident, label, ranges, fields[1] if len(fields) > 1 else None, raw)
            if isinstance(span, str):
                record.problem(f"{ident}: {span}", number)
                continue
            span.line = number
            spans[ident] = span
        elif kind == "E":
            trigger = body.split(" ", 1)[0].partition(":")[2]
            triggers.add(trigger)
        elif kind == "R":
            label, *args = body.split("\t", 1)[0].split(" ")
            ends = dict(arg.partition(":")[::2] for arg in args if ":" in arg)
            if len(ends) != 2:
                record.problem(f"{ident}: a relation needs two arguments", number)
                continue
            head, child = (ends[role] for role in sorted(ends))
            record.relations.append(RawRelation(head, child, label, ident, line=number))
        elif kind in ("A", "M"):
            name, _, rest = body.split("\t", 1)[0].partition(" ")
            target, _, value = rest.partition(" ")
            attributes.append((number, target, name, value or True))
        elif kind == "#":
            head, _, note = body.partition("\t")
            target = head.split(" ")[-1]
            if note.startswith(ATTRS_NOTE):
                try:
                    extra = orjson.loads(note[len(ATTRS_NOTE) :])
                except orjson.JSONDecodeError:
                    record.problem(f"{ident}: the attrs note is not JSON", number)
                    continue
                if isinstance(extra, dict):
                    attributes += [(number, target, k, v) for k, v in extra.items()]
        elif kind not in ("N", "*"):
            record.problem(f"not a brat annotation line: {line[:40]!r}", number)
    for number, target, name, value in attributes:
        if target in spans:
            spans[target].attrs[name] = value
        elif target.startswith("T") and target not in triggers:
            record.problem(f"attribute {name} of {target}: no such annotation", number)
    record.spans = [span for ident, span in spans.items() if ident not in triggers]
    record.relations = [
        r for r in record.relations if r.head not in triggers and r.child not in triggers
    ]
    return record


def _text_bound(ident: str, label: str, ranges: str, shown: str | None, raw: str) -> RawSpan | str:
    try:
        pieces = [tuple(int(x) for x in part.split()) for part in ranges.split(";")]
    except ValueError:
        return f"offsets {ranges!r} are not numbers"
    if any(len(p) != 2 for p in pieces) or not pieces:
        return f"offsets {ranges!r} are not START END pairs"
    for (_a, b), (c, _d) in pairwise(pieces):
        if c < b or raw[b:c].strip():
            return f"a discontinuous span ({ranges}); only continuous spans can be imported"
    start, end = pieces[0][0], pieces[-1][1]
    expected = None
    if shown is not None and start >= 0 and end <= len(raw):
        joined = " ".join(raw[a:b] for a, b in pieces)
        expected = raw[start:end] if shown == joined else shown
    return RawSpan(start, end, label, {}, key=ident, text=expected, where=ident)
