"""Span rules: snapping a selection to tokens, and the layering rule.

Layers: ACTOR and DATE (the entity layer) are flat: they never overlap each other. A CLAIM may
contain entity spans and other claims, but nothing may cross a claim's edge (partial overlap).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from annotator.core.model import Span, SpanStatus, Tokens
from annotator.errors import AnnotatorError

CONTAINER_LABELS = frozenset({"CLAIM"})
POSSESSIVES = frozenset({"'s", "’s", "'", "’", "'S", "’S"})
_FALLBACK_TOKEN = re.compile(r"\w+(?:[-.'’]\w+)*?(?=['’][sS]\b)|\w+(?:[-.'’]\w+)*|['’][sS]\b|\S")


class EditRefused(AnnotatorError):
    """An edit that would break a rule; nothing was stored. The message says why."""


def quote(text: str, limit: int = 40) -> str:
    """A span's text for messages and undo menu entries: one line, shortened."""
    flat = " ".join(text.split())
    return f"'{flat if len(flat) <= limit else flat[: limit - 1] + '…'}'"


def regex_tokens(text: str) -> Tokens:
    """Word / punctuation tokens for documents that have no spaCy tokens stored yet; splits a
    possessive ``’s`` off like spaCy's English tokenizer does."""
    found = [(m.start(), m.end()) for m in _FALLBACK_TOKEN.finditer(text)]
    return Tokens(tuple(a for a, _ in found), tuple(b for _, b in found))


def _is_punct(text: str) -> bool:
    return all(not ch.isalnum() for ch in text)


def snap(text: str, tokens: Tokens, start: int, end: int, label: str) -> tuple[int, int] | None:
    """Grow a selection to whole tokens, then drop punctuation (quotes, commas, full stops) at
    either edge and, outside claims, a trailing possessive. None if nothing is left."""
    if not tokens.starts:
        return None
    first = max(bisect_right(tokens.starts, start) - 1, 0)
    if tokens.ends[first] <= start:
        first += 1  # the selection starts in the space after a token
    last = bisect_left(tokens.ends, end)
    last = min(last, len(tokens) - 1)
    if tokens.starts[last] >= end:
        last -= 1  # the selection ends in the space before a token
    while first <= last:
        piece = text[tokens.starts[first] : tokens.ends[first]]
        if _is_punct(piece):
            first += 1
        else:
            break
    while first <= last:
        piece = text[tokens.starts[last] : tokens.ends[last]]
        if _is_punct(piece) or (label not in CONTAINER_LABELS and piece in POSSESSIVES):
            last -= 1
        else:
            break
    if first > last:
        return None
    return tokens.starts[first], tokens.ends[last]


def exact(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The selection as it is, without surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def conflicts(
    spans: Iterable[Span], start: int, end: int, label: str, ignore: Iterable[str] = ()
) -> tuple[list[Span], Span | None]:
    """Check a candidate span against the others (rejected ones do not count).

    Returns (suggestions it would replace, the decided span that forbids it). A suggestion in the
    way is replaced rather than refusing the person's decision.
    """
    skip = set(ignore)
    replace: list[Span] = []
    for other in spans:
        if other.id in skip or other.status == SpanStatus.REJECTED:
            continue
        if other.end <= start or end <= other.start:
            continue
        same = other.start == start and other.end == end
        if same and other.label == label:
            if other.status == SpanStatus.SUGGESTED:
                replace.append(other)
                continue
            return replace, other
        nested = (other.start <= start and end <= other.end) or (
            start <= other.start and other.end <= end
        )
        both_entities = label not in CONTAINER_LABELS and other.label not in CONTAINER_LABELS
        if nested and not both_entities:
            continue  # claims contain entities and other claims
        if other.status == SpanStatus.SUGGESTED and both_entities:
            replace.append(other)
            continue
        return replace, other
    return replace, None


def refusal(text: str, blocker: Span, start: int, end: int, label: str) -> str:
    """The status-bar message for a refused span."""
    mine = quote(text[start:end])
    theirs = quote(text[blocker.start : blocker.end])
    if blocker.start == start and blocker.end == end and blocker.label == label:
        return f"{mine} is already tagged as {label}"
    return f"Cannot tag {mine} as {label}: it would overlap {blocker.label} {theirs}"
