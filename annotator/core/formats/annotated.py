"""A document with annotations as a reader found it in a file, and its resolution into checked,
mapped spans and relations on the normalised text.

Every reader (our JSONL, Prodigy, doccano, Label Studio, brat) produces :class:`AnnotatedRecord`
with offsets into the text *as the file has it*; :func:`resolve` then

* maps labels (:class:`~annotator.core.formats.labelmap.LabelMap`), leaving out what the map
  drops and refusing what nothing maps;
* checks offsets against the text (and against the span text, where the file gives it; offsets
  from JavaScript tools that count UTF-16 units are converted when that is what matches);
* carries offsets through the import normalisation (NFC, CR LF -> LF, surrounding whitespace
  stripped), trims whitespace at span edges and merges exact duplicates;
* resolves relations to spans, turning round one whose ends are the wrong way for its label
  (SPEAKER goes claim -> actor) and refusing one that points at no span.

Any problem refuses the whole document, with the file, line and what is wrong; a resolved
document is stored with its spans, relations, tokens and status in one savepoint
(:func:`store_resolved`): nothing is ever half imported.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from annotator.core.annotation import RELATION_TARGETS
from annotator.core.formats.labelmap import LabelMap, UnknownLabel
from annotator.core.model import (
    DocStatus,
    NewDocument,
    Relation,
    Span,
    SpanStatus,
    Tokens,
    new_id,
    normalise_text,
)
from annotator.core.pubdate import parse_publication_date
from annotator.core.store import Store
from annotator.errors import InputError


@dataclass
class RawSpan:
    start: Any
    end: Any
    label: Any
    attrs: dict[str, Any] = field(default_factory=dict)
    key: Any = None
    """What relations in the file use to point at this span."""
    text: str | None = None
    """The span's text as the file gives it, checked against the offsets."""
    annotator: str | None = None
    status: SpanStatus = SpanStatus.ACCEPTED
    where: str = "span"
    line: int | None = None
    """The line the span is on, when not the record's (brat)."""


@dataclass
class RawRelation:
    head: Any
    child: Any
    label: Any
    where: str = "relation"
    status: SpanStatus = SpanStatus.ACCEPTED
    line: int | None = None


@dataclass
class AnnotatedRecord:
    fmt: str
    """``jsonl`` (ours), ``prodigy``, ``doccano``, ``label-studio`` or ``brat``."""
    text: Any
    line: int | None
    title: Any = None
    published: Any = None
    source: str | None = None
    source_given: bool = False
    """Whether ``source`` is the document's source as it is (None included); otherwise a
    missing source becomes ``file:line``."""
    meta: dict[str, Any] = field(default_factory=dict)
    spans: list[RawSpan] = field(default_factory=list)
    relations: list[RawRelation] = field(default_factory=list)
    tokens: list[tuple[int, int]] | None = None
    status: DocStatus = DocStatus.DONE
    annotator: str | None = None
    utf16: bool = False
    """Offsets may count UTF-16 units (tools running in a browser)."""
    problems: list[tuple[int | None, str]] = field(default_factory=list)
    """(line or None for the record's, what) the reader found wrong."""

    def problem(self, what: str, line: int | None = None) -> None:
        self.problems.append((line, what))


@dataclass
class ResolvedDocument:
    document: NewDocument
    spans: list[tuple[int, int, str, dict[str, Any], str | None, SpanStatus]]
    relations: list[tuple[int, int, str, SpanStatus]]
    """(head span index, child span index, label, status)."""
    tokens: Tokens | None
    status: DocStatus
    origin: str
    dropped: Counter[str] = field(default_factory=Counter)
    """Labels the map left out, with how many spans had them."""


class _Refused(Exception):
    pass


def _offset(value: Any, name: str, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Refused(f"{where}: {name} is {value!r}, not a character offset")
    return value


def _utf16_to_code_points(text: str, units: int) -> int | None:
    """The code-point offset of a UTF-16 offset, or None inside a surrogate pair."""
    position = count = 0
    for char in text:
        if count >= units:
            break
        count += 2 if ord(char) > 0xFFFF else 1
        position += 1
    return position if count == units else None


def _place(raw: str, span: RawSpan, utf16: bool) -> tuple[int, int]:
    start = _offset(span.start, "start", span.where)
    end = _offset(span.end, "end", span.where)
    shown = f"{span.where} [{start}, {end}) {span.label}"
    if utf16 and any(ord(c) > 0xFFFF for c in raw):
        fits = 0 <= start < end <= len(raw) and (span.text is None or raw[start:end] == span.text)
        if not fits:
            a, b = _utf16_to_code_points(raw, start), _utf16_to_code_points(raw, end)
            if a is not None and b is not None and (span.text is None or raw[a:b] == span.text):
                start, end = a, b
    if not 0 <= start < end <= len(raw):
        raise _Refused(f"{shown}: outside the text (length {len(raw)})")
    if span.text is not None and raw[start:end] != span.text:
        raise _Refused(
            f"{shown}: the text there is {raw[start:end]!r}, the file says {span.text!r}"
        )
    return start, end


def normalised(raw: str, cuts: list[int]) -> tuple[str, dict[int, int]] | None:
    """The import normalisation of ``raw`` with where each cut position ends up; None when a cut
    falls inside something normalisation joins (CR LF, a letter and its combining mark)."""
    skip = 1 if raw.startswith("\ufeff") else 0
    points = sorted({skip, len(raw), *(max(c, skip) for c in cuts)})
    pieces = [normalise_text(raw[a:b]) for a, b in pairwise(points)]
    joined = "".join(pieces)
    if joined != normalise_text(raw[skip:]):
        return None
    lead = len(joined) - len(joined.lstrip())
    text = joined.strip()
    where = {skip: 0}
    total = 0
    for point, piece in zip(points[1:], pieces, strict=True):
        total += len(piece)
        where[point] = min(max(total - lead, 0), len(text))
    for cut in cuts:
        if cut < skip:
            where[cut] = 0
    return text, where


def _document(record: AnnotatedRecord, text: str, path: Path) -> NewDocument:
    published = record.published
    try:
        iso = parse_publication_date(str(published)) if published not in (None, "") else None
    except ValueError as exc:
        raise _Refused(str(exc)) from exc
    title = record.title
    clean_title = normalise_text(str(title)).strip() if title not in (None, "") else None
    source = record.source
    if source is None and not record.source_given:
        source = f"{path}:{record.line}" if record.line is not None else str(path)
    return NewDocument(text, clean_title or None, iso, source, record.meta)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def resolve(
    record: AnnotatedRecord, path: Path, labels: LabelMap
) -> ResolvedDocument | list[InputError]:
    """Check and map one record; the problems (all refusing the document) if any."""
    problems = list(record.problems)
    raw = record.text
    if not isinstance(raw, str):
        problem = "no 'text'" if raw is None else "the text is not a string"
        return [InputError(path, problem, line=record.line)]
    dropped: Counter[str] = Counter()
    gone: set[Any] = set()
    placed: list[tuple[RawSpan, int, int, str, dict[str, Any]]] = []
    for span in record.spans:
        try:
            mapped = labels.span(str(span.label))
            if mapped is None:
                dropped[str(span.label)] += 1
                if span.key is not None:
                    gone.add(span.key)
                continue
            start, end = _place(raw, span, record.utf16)
        except (_Refused, UnknownLabel) as exc:
            what = f"{span.where}: {exc}" if isinstance(exc, UnknownLabel) else str(exc)
            problems.append((span.line, what))
            continue
        label, implied = mapped
        placed.append((span, start, end, label, {**implied, **span.attrs}))
    token_edges = [p for pair in record.tokens or () for p in pair]
    if any(not isinstance(p, int) or not 0 <= p <= len(raw) for p in token_edges):
        token_edges = []
    edges = [p for _, a, b, _, _ in placed for p in (a, b)]
    result = normalised(raw, edges + token_edges)
    if result is None and token_edges:
        token_edges = []
        result = normalised(raw, edges)
    if result is None:
        problems.append(
            (
                None,
                "a span edge falls inside a character sequence that import normalisation"
                " joins (CR LF, or a letter and its combining mark)",
            )
        )
        return _refusal(path, record, problems)
    text, where = result
    if not text:
        problems.append((None, "the text is empty"))
    spans: list[tuple[int, int, str, dict[str, Any], str | None, SpanStatus]] = []
    index: dict[Any, int] = {}
    seen: dict[tuple[int, int, str], int] = {}
    for span, a, b, label, attrs in placed:
        start, end = _trim(text, where[a], where[b])
        if start >= end:
            problems.append((span.line, f"{span.where} [{a}, {b}) {label}: only whitespace"))
            continue
        same = seen.get((start, end, label))
        if same is None:
            same = seen[(start, end, label)] = len(spans)
            spans.append(
                (start, end, label, attrs, span.annotator or record.annotator, span.status)
            )
        if span.key is not None:
            index[span.key] = same
    relations = _relations(record, labels, spans, index, gone, problems)
    document = None
    try:
        document = _document(record, text, path)
    except _Refused as exc:
        problems.append((None, str(exc)))
    if problems or document is None:
        return _refusal(path, record, problems)
    tokens = _tokens(record.tokens, where, text) if token_edges else None
    return ResolvedDocument(
        document, spans, relations, tokens, record.status, f"import:{record.fmt}", dropped
    )


def _refusal(
    path: Path, record: AnnotatedRecord, problems: list[tuple[int | None, str]]
) -> list[InputError]:
    return [
        InputError(path, what, line=record.line if line is None else line)
        for line, what in problems
    ]


def _relations(
    record: AnnotatedRecord,
    labels: LabelMap,
    spans: list[tuple[int, int, str, dict[str, Any], str | None, SpanStatus]],
    index: dict[Any, int],
    gone: set[Any],
    problems: list[tuple[int | None, str]],
) -> list[tuple[int, int, str, SpanStatus]]:
    found: dict[tuple[int, int, str], SpanStatus] = {}
    for relation in record.relations:
        if relation.head in gone or relation.child in gone:
            continue  # an end the label map left out
        missing = [k for k in (relation.head, relation.child) if k not in index]
        if missing:
            what = f"{relation.where} {relation.label}: no span {missing[0]!r}"
            problems.append((relation.line, what))
            continue
        try:
            label = labels.relation(str(relation.label))
        except UnknownLabel as exc:
            problems.append((relation.line, f"{relation.where}: {exc}"))
            continue
        if label is None:
            continue
        head, child = index[relation.head], index[relation.child]
        wanted = RELATION_TARGETS.get(label)
        if wanted is not None:
            ends = (spans[head][2], spans[child][2])
            if ends == wanted[::-1] and ends != wanted:
                head, child = child, head
            elif ends != wanted:
                what = (
                    f"{relation.where} {label}: links {wanted[0]} -> {wanted[1]},"
                    f" not {ends[0]} -> {ends[1]}"
                )
                problems.append((relation.line, what))
                continue
        found.setdefault((head, child, label), relation.status)
    return [(h, c, label, status) for (h, c, label), status in found.items()]


def _tokens(pairs: list[tuple[int, int]] | None, where: dict[int, int], text: str) -> Tokens | None:
    starts: list[int] = []
    ends: list[int] = []
    for a, b in pairs or ():
        start, end = where[a], where[b]
        if start >= end:
            continue
        if starts and start < ends[-1]:
            return None  # overlapping tokens: not usable
        starts.append(start)
        ends.append(end)
    if not starts or ends[-1] > len(text):
        return None
    return Tokens(tuple(starts), tuple(ends))


def store_resolved(store: Store, found: ResolvedDocument) -> int | None:
    """Store the document with its spans, relations, tokens and status in one savepoint; None
    (and nothing stored) when its text is already stored."""
    with store.db.atomic():
        document_id = store.add_document(found.document)
        if document_id is None:
            return None
        spans = [
            Span(new_id(), document_id, start, end, label, attrs, found.origin, status, who)
            for start, end, label, attrs, who, status in found.spans
        ]
        store.insert_spans(spans)
        store.insert_relations(
            Relation(new_id(), document_id, spans[h].id, spans[c].id, label, found.origin, status)
            for h, c, label, status in found.relations
        )
        if found.tokens is not None:
            store.save_tokens(document_id, found.tokens, found.origin)
        if found.status != DocStatus.NEW:
            store.set_status(document_id, found.status)
    return document_id
