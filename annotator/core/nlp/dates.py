"""DATE suggestions: TIMEX3 extents and values resolved against the publication date (the DCT).

Detection is spaCy's DATE/TIME entities plus a few vague references the small models miss
("soon", "recently", "the past", "now"); never dateparser's ``search_dates`` (it reads "we" as
Wednesday). Each expression is trimmed to its TIMEX3 extent (no "on", "earlier", "since", no
trailing possessive) and :func:`resolve` gives its ``type`` and ``value``:

* absolute dates: ``2022-10-20``, ``2017/2/7``, ``October 20, 2022``, ``Oct. 20``, ``20 Oct``,
  ``Friday, January 4, 2019``, ``October 2022``, ``2019``, ``the 1990s``;
* relative to the DCT: weekday names (HeidelTime's news rule: the most recent such day on or before
  the DCT, the next one when the verb is future), yesterday / today / tomorrow / tonight /
  this morning, last/this/next week (ISO week ``2022-W42``) / month / year / weekend / weekday,
  ``three days ago``, seasons;
* durations: ``P3D``, ``P2W``, ``PXW`` for "weeks", ``PT5H``; ``every week`` / ``weekly`` (SET);
* vague references: ``PAST_REF`` (recently, the past), ``FUTURE_REF`` (soon, the future),
  ``PRESENT_REF`` (now, currently).

Anything else gets an empty value (the annotator fills it in): never a guess. Without a DCT only
absolute dates (with a year) are resolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from annotator.core.nlp.resolver import PARTS_OF_DAY, Timex, parse_dct, resolve
from annotator.core.nlp.text import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["DateMention", "Timex", "find_dates", "parse_dct", "resolve", "trim"]

# Words left out of a TIMEX3 extent when they open (or close) a date entity.
LEADING = {"on", "in", "at", "by", "since", "until", "till", "from", "during", "for", "of", "to",
           "earlier", "later", "late", "early", "mid", "as", "around", "about", "before",
           "after", "through", "throughout", "within", "over", "between", "and", "or", "-", ",",
           "past", "under", "into", "amid", "per", "toward", "towards", "via", "upon", "against",
           "with", "without", "than", "like"}  # fmt: skip
KEEP_AFTER_LEADING = {"past"}  # "the past", "past five years" keep it when it names the period
TRAILING = {"'s", "’s", "'", "’", ",", ".", "-"}

# Ages ("54-year-old", "aged 30", "30 years old") are not temporal expressions.
_AGE = re.compile(r"\b(year|month|week|day)s?[- ]old\b|^aged?\b", re.I)


# --- finding dates in a parsed document --------------------------------------------------------

_VAGUE_PATTERNS = re.compile(
    r"\b(?:(?<=in )the (?:past|future)(?![ -]\w*(?:\d|year|month|week|day|decade|hour|few|several"
    r"|two|three))|soon|recently|currently|(?<=in )the near future"
    r"|(?<=for )(?:days|weeks|months|years|decades)"
    r"|(?<=for [\"“])(?:days|weeks|months|years|decades))\b",
    re.I,
)
_CLOCK_TIMES = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2})?\s?(?:[ap]\.m\.|[AP]\.M\.|[ap]m\b|[AP]M\b)(?: local time)?"
    r"|\b(?:[01]?\d|2[0-3]):[0-5]\d\b(?: local time)?(?![:\d])"
    r"|\b(?:[01]\d|2[0-3])[0-5]\d (?:UTC|GMT)\b"
)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    type: str
    value: str
    root: int
    """Index of the expression's head token (to find the verb it modifies)."""


def _is_future(token: Token) -> bool:
    """Is the verb governing ``token`` future ("will", "'ll", "shall", "going to", scheduled)?"""
    head = token
    for _ in range(6):
        if head.pos_ in ("VERB", "AUX") or head.head.i == head.i:
            break
        head = head.head
    for child in head.children:
        if child.dep_ in ("aux", "auxpass") and child.lower_ in ("will", "'ll", "shall", "wo"):
            return True
    if head.lemma_ in ("schedule", "plan", "expect", "due", "set") and head.tag_ == "VBN":
        return True
    if head.lemma_ in ("plan", "expect", "schedule") and head.tag_ in ("VBZ", "VBP"):
        return True
    if (
        head.tag_ == "VB"
        and any(c.lower_ == "to" for c in head.children)
        and any(c.lemma_ == "go" for c in head.ancestors)
    ):
        return True
    return (
        head.tag_ == "VBG"
        and any(c.lower_ in ("is", "are", "am") for c in head.children)
        and (token.i > head.i)
    )


def trim(span: Span) -> tuple[int, int] | None:
    """Token indices [first, last] of the TIMEX3 extent inside a date entity."""
    tokens = list(span)
    for cut, token in enumerate(tokens):  # a date never runs across a paragraph break
        if token.is_space and "\n" in token.text:
            tokens = tokens[:cut] if cut else tokens[cut + 1 :]
            break
    while (
        tokens
        and (
            tokens[0].lower_ in LEADING
            and not (
                tokens[0].lower_ in KEEP_AFTER_LEADING and len(tokens) > 1 and tokens[1].like_num
            )
        )
    ) or (tokens and tokens[0].is_punct):
        tokens.pop(0)
    while tokens and (tokens[-1].lower_ in TRAILING or tokens[-1].is_punct or tokens[-1].is_space):
        tokens.pop()
    if not tokens:
        return None
    return tokens[0].i, tokens[-1].i


def find_dates(
    doc: Doc, dct: date | None, taken: list[tuple[int, int]] | None = None
) -> list[DateMention]:
    """DATE/TIME entities (trimmed, resolved) and vague references that overlap nothing taken."""
    found: list[DateMention] = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        if _AGE.search(ent.text) or re.fullmatch(r"\d{1,2}", ent.text.strip()):
            continue  # ages: "54-year-old", "Brenton Tarrant, 28,"
        if ent.end < len(doc) and doc[ent.end].lower_ in ("old", "-old"):
            continue
        extent = trim(ent)
        if extent is None:
            continue
        first, last = extent
        piece = doc[first : last + 1]
        if piece.text.lower() in ("the day", "day", "the year", "year", "the time", "that day"):
            continue
        root = piece.root
        timex = resolve(piece.text, dct, future=_is_future(root))
        kind = (
            "TIME"
            if ent.label_ == "TIME" and timex.type == "DATE" and not timex.value
            else (timex.type)
        )
        found.append(DateMention(piece.start_char, piece.end_char, kind, timex.value, root.i))
    clocks = []
    for match in _CLOCK_TIMES.finditer(doc_text(doc)):  # times the model tags as ORG or misses
        start, end = match.span()
        piece = doc.char_span(start, end, alignment_mode="expand")
        if piece is None:
            continue
        if any(start < m.end and m.start < end and m.type != "TIME" and m.value for m in found):
            continue
        found = [m for m in found if not (start < m.end and m.start < end)]  # the regex is finer
        words = match.group()
        zulu = re.match(r"^(\d{2})(\d{2}) (?:UTC|GMT)$", words)
        if zulu:
            value = f"{dct.isoformat()}T{zulu.group(1)}:{zulu.group(2)}" if dct else ""
        else:
            value = resolve(words.replace(" local time", ""), dct).value
        clocks.append(DateMention(start, end, "TIME", value, piece.root.i))
    found += _anchor_clocks(doc, clocks, found, dct)
    found = _merge_years(doc_text(doc), sorted(found, key=lambda m: m.start))
    spans = [(m.start, m.end) for m in found] + [
        (a, b) for a, b in (taken or []) if not any(a < m.end and m.start < b for m in clocks)
    ]
    for match in _VAGUE_PATTERNS.finditer(doc_text(doc)):
        start, end = match.span()
        if any(start < b and a < end for a, b in spans):
            continue
        piece = doc.char_span(start, end, alignment_mode="contract")
        if piece is None or len(piece) == 0:
            continue
        timex = resolve(match.group(), dct)
        found.append(DateMention(start, end, timex.type, timex.value, piece.root.i))
        spans.append((start, end))
    found.sort(key=lambda m: m.start)
    return found


def _anchor_clocks(
    doc: Doc, clocks: list[DateMention], dates: list[DateMention], dct: date | None
) -> list[DateMention]:
    """A clock time takes the day named in its sentence ("15:30 ... on Tuesday"), else the DCT."""
    if dct is None or not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        return clocks
    anchored = []
    for clock in clocks:
        sentence = doc[clock.root].sent
        day = next(
            (d.value for d in dates if sentence.start_char <= d.start < sentence.end_char
             and re.fullmatch(r"\d{4}-\d{2}-\d{2}", d.value)),
            None,
        )  # fmt: skip
        if day and clock.value.startswith(dct.isoformat()):
            clock = DateMention(clock.start, clock.end, clock.type,
                                day + clock.value[10:], clock.root)  # fmt: skip
        anchored.append(clock)
    return anchored


def _merge_years(text: str, found: list[DateMention], dct: date | None = None) -> list[DateMention]:
    """ "December 22, last year" is one date: the year of the second part replaces the first's;
    "Tuesday" + "evening" is one time."""
    merged: list[DateMention] = []
    for mention in found:
        if merged:
            last = merged[-1]
            between = text[last.end : mention.start]
            part = text[mention.start : mention.end].lower()
            if (
                between == " "
                and part in PARTS_OF_DAY
                and re.fullmatch(r"\d{4}-\d{2}-\d{2}", last.value)
            ):
                value = last.value + PARTS_OF_DAY[part]
                merged[-1] = DateMention(last.start, mention.end, "TIME", value, last.root)
                continue
            if (
                between.strip() in (",", "")
                and re.fullmatch(r"\d{4}", mention.value)
                and (re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", last.value))
            ):
                value = mention.value + last.value[4:]
                merged[-1] = DateMention(last.start, mention.end, "DATE", value, last.root)
                continue
        merged.append(mention)
    return merged
