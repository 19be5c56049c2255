"""Our JSONL, which is Prodigy's task format: writing it, and reading it or Prodigy's own exports.

One line per document::

    {"text": ..., "meta": {"id", "title", "published", "source", "status", ...},
     "_input_hash": int, "_task_hash": int, "_is_binary": false,
     "tokens": [{"text", "start", "end", "id", "ws"}, ...], "_view_id": "relations",
     "spans": [{"start", "end", "token_start", "token_end", "label", "attrs"[, "annotator"]
                [, "status": "suggested"]}, ...],
     "relations": [{"head", "child", "head_span", "child_span", "label"[, "status"]}, ...],
     "answer": "accept" | "ignore", "_annotator_id": str | null}

``end`` is exclusive, ``token_end`` inclusive; a relation's ``head``/``child`` are the index of its
spans' *last* token (Prodigy's convention) and ``head_span``/``child_span`` copy the span's offsets,
tokens and label. Our relations go claim -> actor/date (SPEAKER, STATED_ON...). ``answer`` is
``ignore`` for skipped documents, ``accept`` otherwise (``meta.status`` says which status).
``_annotator_id`` names the people whose spans the line holds (comma-separated).

Hashes (Prodigy's exact serialisation is not public, so ours are our own, but of the same kind:
signed 32-bit MurmurHash3, seed 0, as in spaCy's ``murmurhash`` package):

* ``_input_hash`` = hash of the UTF-8 text: same text, same input hash.
* ``_task_hash`` = hash of ``str(_input_hash)`` + ``" "`` + the line's ``spans`` JSON + ``" "`` +
  its ``relations`` JSON (compact, as written): the same annotations give the same task hash.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from murmurhash.mrmr import hash as murmur
from murmurhash.mrmr import hash_bytes as murmur_bytes

from annotator.core.formats.annotated import AnnotatedRecord, RawRelation, RawSpan
from annotator.core.formats.files import Output
from annotator.core.formats.jsonio import object_records
from annotator.core.formats.rows import RESERVED_META
from annotator.core.model import DocStatus, SpanStatus
from annotator.errors import InputError

if TYPE_CHECKING:
    from annotator.core.formats.prepared import PreparedDocument

SUGGESTED = SpanStatus.SUGGESTED.value
_STATUSES = {s.value for s in DocStatus}


def input_hash(text: str) -> int:
    return murmur(text)


def task_hash(input_hash_: int, spans_json: bytes, relations_json: bytes) -> int:
    return murmur_bytes(b"%d %s %s" % (input_hash_, spans_json, relations_json))


def record_bytes(prepared: PreparedDocument, newline: bool = False) -> bytes:
    """One JSONL line, with its newline when ``newline``."""
    doc = prepared.doc
    tokens_json = prepared.token_json
    if tokens_json is None:
        from annotator.core.formats.tokens import prodigy_json

        assert prepared.tokens is not None
        tokens_json = prodigy_json(doc.text, prepared.tokens)
    spans: list[dict[str, Any]] = []
    for (_id, start, end, label, attrs, annotator, status), first, last in zip(
        doc.spans, prepared.token_start, prepared.token_end, strict=True
    ):
        span: dict[str, Any] = {
            "start": start,
            "end": end,
            "token_start": first,
            "token_end": last,
            "label": label,
            "attrs": orjson.Fragment(attrs or "{}"),
        }
        if annotator is not None:
            span["annotator"] = annotator
        if status == SUGGESTED:
            span["status"] = SUGGESTED
        spans.append(span)
    relations: list[dict[str, Any]] = []
    for head, child, label, status in prepared.relations:
        h, c = doc.spans[head], doc.spans[child]
        h_first, h_last = prepared.token_start[head], prepared.token_end[head]
        c_first, c_last = prepared.token_start[child], prepared.token_end[child]
        relation: dict[str, Any] = {
            "head": h_last,
            "child": c_last,
            "head_span": {"start": h[1], "end": h[2], "token_start": h_first,
                          "token_end": h_last, "label": h[3]},
            "child_span": {"start": c[1], "end": c[2], "token_start": c_first,
                           "token_end": c_last, "label": c[3]},
            "label": label,
        }  # fmt: skip
        if status == SUGGESTED:
            relation["status"] = SUGGESTED
        relations.append(relation)
    spans_json = orjson.dumps(spans)
    relations_json = orjson.dumps(relations)
    hashed = input_hash(doc.text)
    return orjson.dumps(
        {
            "text": doc.text,
            "meta": prepared.meta(),
            "_input_hash": hashed,
            "_task_hash": task_hash(hashed, spans_json, relations_json),
            "_is_binary": False,
            "tokens": orjson.Fragment(tokens_json),
            "_view_id": "relations",
            "spans": orjson.Fragment(spans_json),
            "relations": orjson.Fragment(relations_json),
            "answer": "ignore" if doc.status == DocStatus.SKIPPED.value else "accept",
            "_annotator_id": prepared.annotators(),
        },
        option=orjson.OPT_APPEND_NEWLINE if newline else None,
    )


class Writer:
    needs_tokens = True
    uses_token_json = True
    """Reads the store's cached tokens JSON (:mod:`token_cache`)."""

    def __init__(self, out: Output) -> None:
        self.out = out

    def add(self, prepared: PreparedDocument) -> None:
        self.out.write(record_bytes(prepared, newline=True))

    def close(self) -> None:
        pass


# --- reading ------------------------------------------------------------------------------


def looks_like_ours(record: dict[str, Any]) -> bool:
    meta = record.get("meta")
    return isinstance(meta, dict) and meta.get("status") in _STATUSES and "id" in meta


def looks_like_prodigy(record: dict[str, Any]) -> bool:
    return any(
        key in record for key in ("spans", "tokens", "_input_hash", "_task_hash", "answer")
    ) or ("relations" in record and "entities" not in record)


def read(path: Path, text: str, fmt: str) -> Iterator[AnnotatedRecord | InputError]:
    """Records of a JSONL file in our format (``fmt="jsonl"``) or Prodigy's (``"prodigy"``)."""
    for line, record in object_records(path, text):
        if isinstance(record, InputError):
            yield record
        else:
            yield from_task(record, line, fmt)


def _span(raw: Any, number: int, ours: bool) -> RawSpan | str:
    where = f"span {number}"
    if not isinstance(raw, dict):
        return f"{where}: not an object"
    status = SpanStatus.ACCEPTED
    if raw.get("status") == SUGGESTED:
        status = SpanStatus.SUGGESTED
    attrs = raw.get("attrs") if ours and isinstance(raw.get("attrs"), dict) else {}
    annotator = raw.get("annotator") if isinstance(raw.get("annotator"), str) else None
    text = raw.get("text") if isinstance(raw.get("text"), str) else None
    return RawSpan(
        raw.get("start"),
        raw.get("end"),
        raw.get("label"),
        attrs,
        key=(raw.get("start"), raw.get("end"), raw.get("label")),
        text=text,
        annotator=annotator,
        status=status,
        where=where,
    )


def _end_of(spans: list[RawSpan], raw_spans: list[Any], token: Any) -> Any:
    """The key of the one span whose last token is ``token`` (Prodigy's head/child)."""
    found = [
        s.key
        for s, r in zip(spans, raw_spans, strict=False)
        if isinstance(r, dict) and r.get("token_end") == token
    ]
    return found[0] if len(found) == 1 else ("token", token)


def from_task(task: dict[str, Any], line: int, fmt: str) -> AnnotatedRecord:
    ours = fmt == "jsonl"
    meta = dict(task["meta"]) if isinstance(task.get("meta"), dict) else {}
    record = AnnotatedRecord(fmt, task.get("text"), line)
    if ours:
        record.title = meta.get("title")
        record.published = meta.get("published") or meta.get("date")
        record.source = meta.get("source") if isinstance(meta.get("source"), str) else None
        record.source_given = True
        record.status = (
            DocStatus(meta["status"]) if meta.get("status") in _STATUSES else (DocStatus.DONE)
        )
        record.meta = {k: v for k, v in meta.items() if k not in (*RESERVED_META, "date")}
    else:
        record.title = task.get("title", meta.pop("title", None))
        record.published = meta.pop("published", None) or meta.pop("date", None)
        record.meta = meta
        answer = task.get("answer", "accept")
        record.status = DocStatus.DONE if answer == "accept" else DocStatus.SKIPPED
    annotator = task.get("_annotator_id") or task.get("_session_id")
    if not ours and isinstance(annotator, str):  # ours names the annotator on each span
        record.annotator = annotator
    raw_spans = task.get("spans") or []
    if not isinstance(raw_spans, list):
        record.problem("'spans' is not a list")
        raw_spans = []
    if not ours and record.status == DocStatus.SKIPPED:
        raw_spans = []  # a rejected or ignored task: its spans are not annotations
    for number, raw in enumerate(raw_spans, start=1):
        span = _span(raw, number, ours)
        if isinstance(span, str):
            record.problem(span)
        elif not (ours and isinstance(raw, dict) and raw.get("status") == "rejected"):
            record.spans.append(span)
    by_id = {
        r.get("id"): s.key
        for s, r in zip(record.spans, raw_spans, strict=False)
        if isinstance(r, dict) and isinstance(r.get("id"), str)
    }
    raw_relations = (task.get("relations") or []) if raw_spans else []
    for number, raw in enumerate(raw_relations if isinstance(raw_relations, list) else [], 1):
        if not isinstance(raw, dict):
            record.problem(f"relation {number}: not an object")
            continue
        ends = []
        for name in ("head", "child"):
            given = raw.get(f"{name}_span")
            if isinstance(given, dict):
                ends.append((given.get("start"), given.get("end"), given.get("label")))
            elif isinstance(raw.get(name), str) and raw[name] in by_id:
                ends.append(by_id[raw[name]])
            else:
                ends.append(_end_of(record.spans, raw_spans, raw.get(name)))
        status = SpanStatus.SUGGESTED if raw.get("status") == SUGGESTED else SpanStatus.ACCEPTED
        record.relations.append(
            RawRelation(ends[0], ends[1], raw.get("label"), f"relation {number}", status)
        )
    tokens = task.get("tokens")
    if isinstance(tokens, list) and all(
        isinstance(t, dict) and isinstance(t.get("start"), int) and isinstance(t.get("end"), int)
        for t in tokens
    ):
        record.tokens = [(t["start"], t["end"]) for t in tokens]
    return record
