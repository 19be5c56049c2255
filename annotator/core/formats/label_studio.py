"""Reading Label Studio JSON exports (a list of tasks, or one task) of text NER with relations.

Per task: the text is ``data.text`` (or the one string in ``data``); the other ``data`` fields
and the task id become meta (``title``, ``date``/``published`` are the title and publication
date). The first annotation that was not cancelled gives accepted spans and relations (the
document is done); a task whose annotations were all cancelled comes in skipped, without spans; a
task with only ``predictions`` gets the first prediction's spans as *suggestions* (the document
stays new), since nobody has decided on them.

Results: ``type: "labels"`` with ``value.start/end/text/labels`` are spans (one per label);
``type: "relation"`` with ``from_id``/``to_id``, ``direction`` (``left`` turns it round) and
``labels`` are relations. Regions that are not character ranges of the text (HTML XPath ranges,
image shapes...) refuse the task; classifications (choices, textarea, rating) are ignored.
Offsets are checked against ``value.text``; Label Studio runs in a browser, so offsets counting
UTF-16 units are converted when that is what matches the text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.core.formats.annotated import AnnotatedRecord, RawRelation, RawSpan
from annotator.core.formats.jsonio import whole_file
from annotator.core.model import DocStatus, SpanStatus
from annotator.errors import InputError

IGNORED_RESULTS = frozenset({"choices", "textarea", "rating", "number", "taxonomy", "pairwise"})


def looks_like_label_studio(record: dict[str, Any]) -> bool:
    return isinstance(record.get("data"), dict) and (
        "annotations" in record or "predictions" in record or "id" in record
    )


def read(path: Path, text: str) -> Iterator[AnnotatedRecord | InputError]:
    try:
        for number, (line, task) in enumerate(whole_file(text), start=1):
            if isinstance(task, dict) and isinstance(task.get("data"), dict):
                yield from_task(task, line)
            else:
                yield InputError(path, f"task {number}: not a Label Studio task (no 'data')", line)
    except ValueError as exc:
        yield InputError(path, f"not valid JSON ({exc})")


def _annotator(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("email") or value.get("id")
    return None if value is None else str(value)


def from_task(task: dict[str, Any], line: int) -> AnnotatedRecord:
    data = dict(task["data"])
    text = data.pop("text", None)
    if text is None:
        strings = [k for k, v in data.items() if isinstance(v, str)]
        text = data.pop(strings[0]) if len(strings) == 1 else None
    record = AnnotatedRecord("label-studio", text, line, utf16=True)
    record.title = data.pop("title", None)
    record.published = data.pop("published", None) or data.pop("date", None)
    if "id" in task:
        data.setdefault("id", task["id"])
    record.meta = data
    annotations = [a for a in task.get("annotations") or [] if isinstance(a, dict)]
    chosen = next((a for a in annotations if not a.get("was_cancelled")), None)
    status = SpanStatus.ACCEPTED
    if chosen is None and annotations:
        record.status = DocStatus.SKIPPED
        return record
    if chosen is None:
        predictions = [p for p in task.get("predictions") or [] if isinstance(p, dict)]
        if not predictions:
            record.status = DocStatus.NEW
            return record
        chosen, status, record.status = predictions[0], SpanStatus.SUGGESTED, DocStatus.NEW
    record.annotator = _annotator(chosen.get("completed_by"))
    results = chosen.get("result") or []
    for number, result in enumerate(results if isinstance(results, list) else [], start=1):
        where = f"result {number}"
        kind = result.get("type") if isinstance(result, dict) else None
        if kind == "relation":
            assert isinstance(result, dict)
            head, child = result.get("from_id"), result.get("to_id")
            if result.get("direction") == "left":
                head, child = child, head
            labels = result.get("labels") or [""]
            for label in labels:
                record.relations.append(RawRelation(head, child, label, where, status))
            continue
        if kind in IGNORED_RESULTS:
            continue
        value = result.get("value") if isinstance(result, dict) else None
        if (
            kind != "labels"
            or not isinstance(value, dict)
            or not isinstance(value.get("start"), int)
        ):
            record.problem(
                f"{where}: a {kind!r} region is not a character range of the text; only text"
                " labels (type 'labels') can be imported"
            )
            continue
        assert isinstance(result, dict)
        labels = value.get("labels") or []
        shown = value.get("text") if isinstance(value.get("text"), str) else None
        for i, label in enumerate(labels):
            record.spans.append(
                RawSpan(
                    value.get("start"),
                    value.get("end"),
                    label,
                    key=result.get("id") if i == 0 else None,
                    text=shown,
                    status=status,
                    where=where,
                )
            )
    return record
