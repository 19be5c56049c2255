"""Quotation marks: pairing them per paragraph, telling a quotation from a scare quote, and the
content between the marks.

Curly marks pair as written; straight marks alternate within a paragraph, except that a mark
after a finished sentence and before a capital letter opens a new quotation (the previous one was
left open by a lost paragraph break). A quotation still open at the end of a long paragraph runs to
its end (journalistic multi-paragraph quotes). A quotation of fewer than 4 words or without a
verb is a scare quote, not speech.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.nlp.text import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

OPENING = {"“": "”", "«": "»", "„": "“"}


def quotes(text: str) -> list[tuple[int, int]]:
    """(open, close) offsets of quotation marks, paired within each paragraph."""
    found: list[tuple[int, int]] = []
    position = 0
    for paragraph in text.split("\n"):
        open_at: int | None = None
        closer = ""
        for offset, char in enumerate(paragraph):
            at = position + offset
            if open_at is None:
                if char in OPENING:
                    open_at, closer = at, OPENING[char]
                elif char == '"':
                    open_at, closer = at, '"'
            elif closer == '"' and char == '"' and opens(paragraph, offset):
                # '... on board. "The plane ...': a new quotation opens where the previous one
                # was left unclosed (a lost paragraph break): end that one before this mark
                found.append((open_at, position + len(paragraph[:offset].rstrip())))
                open_at = at
            elif char == closer or (closer == "”" and char == '"'):
                found.append((open_at, at))
                open_at = None
            elif char in OPENING and closer != '"':
                open_at, closer = at, OPENING[char]  # an unclosed curly quote: restart
        if open_at is not None and len(paragraph) - (open_at - position) > 40:
            found.append((open_at, position + len(paragraph)))  # continues in the next paragraph
        position += len(paragraph) + 1
    return found


def opens(paragraph: str, offset: int) -> bool:
    """Does the straight quote at ``offset`` look like an opening mark after a finished
    sentence (space before, sentence end before that, a capital letter right after)?"""
    before = paragraph[:offset]
    after = paragraph[offset + 1 : offset + 2]
    return before.endswith(" ") and before.rstrip()[-1:] in (".", "!", "?") and after[:1].isupper()


def tokens_between(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="contract")


def is_real_quote(doc: Doc, start: int, end: int) -> bool:
    inner = tokens_between(doc, start + 1, end)
    if inner is None:
        return False
    words = [t for t in inner if not (t.is_punct or t.is_space)]
    return len(words) >= 4 and any(t.pos_ in ("VERB", "AUX") for t in words)


def starts_sentence(text: str, open_at: int) -> bool:
    """Is the quote a sentence of its own (a floating quote), not words inside one?"""
    before = text[max(0, open_at - 80) : open_at].rstrip(" \t")
    return not before or before[-1] in '.!?"”\n:'


def quote_content(doc: Doc, open_at: int, close_at: int) -> tuple[int, int] | None:
    if not is_real_quote(doc, open_at, close_at):
        return None
    start, end = open_at + 1, close_at
    text = doc_text(doc)
    while start < end and (text[start].isspace() or text[start] in "\"'“‘"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:-–—"):
        end -= 1
    return (start, end) if start < end else None


def inside(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    for a, b in spans:
        if a <= start and end <= b + 1:
            return a, b
    return None
