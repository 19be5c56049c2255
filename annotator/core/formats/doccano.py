"""doccano JSONL: writing the ``entities`` + ``relations`` form ("JSONL (relation)"), and reading
that form and the sequence-labelling form ``{"text", "label": [[start, end, "LABEL"], ...]}``
(also ``labels`` and ``data`` of older versions).

Written, one line per document::

    {"id": 12, "text": ..., "entities": [{"id": 0, "label", "start_offset", "end_offset"}],
     "relations": [{"id": 0, "from_id", "to_id", "type"}],
     "title": ..., "published": ..., "source": ..., "status": ..., <the document's meta>}

Entity and relation ids count from 0 in each line; relations go head -> child (claim -> actor).
The other top-level keys are what doccano calls metadata. doccano has no span attributes: stance,
cue, date values... stay behind (use the JSONL export for them).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from annotator.core.formats.annotated import AnnotatedRecord, RawRelation, RawSpan
from annotator.core.formats.files import Output
from annotator.core.formats.jsonio import object_records
from annotator.core.model import DocStatus
from annotator.errors import InputError

if TYPE_CHECKING:
    from annotator.core.formats.prepared import PreparedDocument

_OWN_KEYS = ("id", "text", "entities", "relations")
_READ_KEYS = ("text", "data", "label", "labels", "entities", "relations", "Comments", "meta")
_STATUSES = {s.value for s in DocStatus}


def looks_like_doccano(record: dict[str, Any]) -> bool:
    if isinstance(record.get("entities"), list):
        return True
    spans = record.get("label", record.get("labels"))
    return isinstance(spans, list) and ("text" in record or "data" in record)


class Writer:
    needs_tokens = False

    def __init__(self, out: Output) -> None:
        self.out = out

    def add(self, prepared: PreparedDocument) -> None:
        doc = prepared.doc
        line: dict[str, Any] = {
            "id": doc.id,
            "text": doc.text,
            "entities": [
                {"id": i, "label": label, "start_offset": start, "end_offset": end}
                for i, (_id, start, end, label, *_rest) in enumerate(doc.spans)
            ],
            "relations": [
                {"id": i, "from_id": head, "to_id": child, "type": label}
                for i, (head, child, label, _status) in enumerate(prepared.relations)
            ],
        }
        for key, value in prepared.meta().items():
            if key != "id":
                line[f"original_{key}" if key in _OWN_KEYS else key] = value
        self.out.write(orjson.dumps(line) + b"\n")

    def close(self) -> None:
        pass


def read(path: Path, text: str) -> Iterator[AnnotatedRecord | InputError]:
    for line, record in object_records(path, text):
        if isinstance(record, InputError):
            yield record
        else:
            yield from_line(record, line)


def from_line(line_record: dict[str, Any], line: int) -> AnnotatedRecord:
    text = line_record.get("text", line_record.get("data"))
    record = AnnotatedRecord("doccano", text, line)
    meta = {k: v for k, v in line_record.items() if k not in _READ_KEYS}
    if isinstance(line_record.get("meta"), dict):
        meta.update(line_record["meta"])
    record.title = meta.pop("title", None)
    record.published = meta.pop("published", None) or meta.pop("date", None)
    if isinstance(meta.get("source"), str):
        record.source = meta.pop("source")
    if meta.get("status") in _STATUSES:
        record.status = DocStatus(meta.pop("status"))
    record.meta = meta
    record.utf16 = True
    entities = line_record.get("entities")
    if isinstance(entities, list):
        for number, entity in enumerate(entities, start=1):
            if not isinstance(entity, dict):
                record.problem(f"entity {number}: not an object")
                continue
            record.spans.append(
                RawSpan(
                    entity.get("start_offset"),
                    entity.get("end_offset"),
                    entity.get("label"),
                    key=entity.get("id"),
                    where=f"entity {number}",
                )
            )
    spans = line_record.get("label", line_record.get("labels"))
    if isinstance(spans, list):
        for number, item in enumerate(spans, start=1):
            if not (isinstance(item, list | tuple) and len(item) == 3):
                record.problem(f"label {number}: not [start, end, label]")
                continue
            record.spans.append(RawSpan(item[0], item[1], item[2], where=f"label {number}"))
    relations = line_record.get("relations")
    for number, relation in enumerate(relations if isinstance(relations, list) else [], 1):
        if not isinstance(relation, dict):
            record.problem(f"relation {number}: not an object")
            continue
        record.relations.append(
            RawRelation(
                relation.get("from_id"),
                relation.get("to_id"),
                relation.get("type"),
                f"relation {number}",
            )
        )
    return record
