"""Reading JSON records with the line each starts on: JSON Lines, and whole-file JSON (one object,
or an array of them, possibly pretty-printed, as doccano's relation example and Label Studio's
exports are)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from annotator.errors import InputError


def first_object(text: str) -> dict[str, Any] | None:
    """The first JSON object of a JSONL or JSON file (for format detection), if any."""
    for raw in text.split("\n", 50)[:50]:
        if raw.strip():
            try:
                value = orjson.loads(raw)
            except orjson.JSONDecodeError:
                break
            return value if isinstance(value, dict) else None
    for _, value in whole_file(text):
        return value if isinstance(value, dict) else None
    return None


def whole_file(text: str) -> Iterator[tuple[int, Any]]:
    """(line, value) of each element of a JSON array, or of the one JSON value in the file.

    Raises ValueError when the file is not JSON.
    """
    decoder = json.JSONDecoder()
    position = _skip(text, 0)
    if position < len(text) and text[position] == "[":
        position = _skip(text, position + 1)
        line = 1 + text.count("\n", 0, position)
        counted = position
        while position < len(text) and text[position] != "]":
            value, end = decoder.raw_decode(text, position)
            line += text.count("\n", counted, position)
            counted = position
            yield line, value
            position = _skip(text, end)
            if position < len(text) and text[position] == ",":
                position = _skip(text, position + 1)
        return
    value, end = decoder.raw_decode(text, position)
    if _skip(text, end) != len(text):
        raise ValueError(
            f"extra data after the JSON value (line {1 + text.count(chr(10), 0, end)})"
        )
    yield 1 + text.count("\n", 0, position), value


def _skip(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def object_records(path: Path, text: str) -> Iterator[tuple[int, dict[str, Any]] | InputError]:
    """Each JSON object with its line: JSONL one per line, or a whole-file JSON object/array."""
    lines = text.split("\n")
    first = next((raw for raw in lines if raw.strip()), "")
    try:
        orjson.loads(first)
        jsonl = True
    except orjson.JSONDecodeError:
        jsonl = False
    if not jsonl:
        try:
            for line, value in whole_file(text):
                if isinstance(value, dict):
                    yield line, value
                else:
                    yield InputError(path, "not a JSON object", line=line)
            return
        except ValueError as exc:
            yield InputError(path, f"not valid JSON ({exc})", line=None)
            return
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            value = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            yield InputError(path, f"not valid JSON ({exc})", line=number)
            continue
        if isinstance(value, dict):
            yield number, value
        else:
            yield InputError(path, "a line must be a JSON object", line=number)
