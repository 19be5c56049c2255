"""TIMEX3 values of date expressions, resolved against the publication date (the DCT).

:func:`resolve` turns one trimmed expression into its ``type`` (DATE / TIME / DURATION / SET) and
``value``; anything it is not sure of gets an empty value, never a guess. The forms it knows are
listed in :mod:`annotator.core.nlp.dates`. No spaCy here: plain strings and ``datetime``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for name in names
}  # fmt: skip
WEEKDAYS = {
    name: number
    for number, names in enumerate(
        [("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"),
         ("thursday", "thu", "thurs"), ("friday", "fri"), ("saturday", "sat"),
         ("sunday", "sun")]
    )
    for name in names
}  # fmt: skip
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "a couple of": 2, "couple of": 2,
}  # fmt: skip
VAGUE_AMOUNTS = {"a few", "few", "several", "many", "some", "the coming", "the next", "recent",
                 "the past", "the last", "coming", "next", "past", "last", ""}  # fmt: skip
UNITS = {
    "second": ("T", "S"),
    "minute": ("T", "M"),
    "hour": ("T", "H"),
    "day": ("", "D"),
    "week": ("", "W"),
    "month": ("", "M"),
    "year": ("", "Y"),
    "decade": ("", "DE"),
    "century": ("", "CE"),
}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI"}
PAST_REF = {"recently", "the past", "previously", "formerly", "lately", "in the past",
            "the recent past", "earlier"}  # fmt: skip
FUTURE_REF = {"soon", "the future", "in the future", "shortly", "the near future", "later",
              "in the coming days", "the coming days", "the coming weeks"}  # fmt: skip
PRESENT_REF = {"now", "currently", "at present", "nowadays", "right now", "these days",
               "at the moment", "presently"}  # fmt: skip
SETS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
        "hourly": "PT1H", "every day": "P1D", "every week": "P1W", "every month": "P1M",
        "every year": "P1Y", "each year": "P1Y", "each day": "P1D"}  # fmt: skip

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_DMY_NUM = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_YEAR = re.compile(r"^(?:the\s+)?(?:year\s+)?(?:(?:early|mid|late)[- ])?((?:1[5-9]|20)\d\d)$")
_DECADE = re.compile(r"^(?:the\s+)?(?:(?:early|mid|late)[- ])?((?:1[5-9]|20)\d)0['’]?s$")
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?|o'clock|hrs|h)?$", re.I)
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"
_MONTH_WORD = r"([a-z]{3,9})\.?"


def _iso(day: date) -> str:
    return day.isoformat()


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _month_shift(year: int, month: int, shift: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + shift
    return index // 12, index % 12 + 1


def _nearest_year(month: int, day: int | None, dct: date) -> int:
    """The year that puts month/day closest to the DCT (news rarely looks 6+ months away)."""
    best = dct.year
    candidates = []
    for year in (dct.year - 1, dct.year, dct.year + 1):
        try:
            candidate = date(year, month, day or 15)
        except ValueError:
            continue
        candidates.append((abs((candidate - dct).days), year))
    if candidates:
        best = min(candidates)[1]
    return best


def _number(words: str) -> int | None:
    words = words.strip().lower()
    if words.isdigit():
        return int(words)
    return NUMBERS.get(words)


@dataclass(frozen=True)
class Timex:
    type: str
    value: str


def _absolute(text: str, dct: date | None) -> Timex | None:
    """Calendar dates, months and years, with or without a leading weekday."""
    lowered = text.lower().strip()
    lowered = re.sub(r"^(?:the\s+)?", "", lowered)
    # A leading weekday is redundant when a calendar date follows: "Friday, January 4, 2019".
    lowered = re.sub(r"^[a-z]+day,?\s+(?=\S*\d|[a-z]{3,9}\.?\s+\d)", "", lowered)
    match = _ISO.match(lowered)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _checked(year, month, day)
    match = _DMY_NUM.match(lowered)
    if match:  # 20/10/2022 (day first unless that is impossible)
        first, second, year = (int(g) for g in match.groups())
        day, month = (first, second) if second <= 12 else (second, first)
        return _checked(year, month, day)
    for pattern, order in (
        (rf"^{_MONTH_WORD}\s+{_ORDINAL},?\s+(\d{{4}})$", "mdy"),
        (rf"^{_ORDINAL}\s+(?:of\s+)?{_MONTH_WORD},?\s+(\d{{4}})$", "dmy"),
        (rf"^{_MONTH_WORD}\s+{_ORDINAL}$", "md"),
        (rf"^{_ORDINAL}\s+(?:of\s+)?{_MONTH_WORD}$", "dm"),
        (rf"^(?:(?:early|mid|late)[- ])?{_MONTH_WORD},?\s+(?:of\s+)?(\d{{4}})$", "my"),
        (rf"^(?:(?:early|mid|late)[- ])?{_MONTH_WORD}$", "m"),
    ):
        match = re.match(pattern, lowered)
        if not match:
            continue
        groups = dict(zip(order, match.groups(), strict=True))
        month = MONTHS.get(groups["m"])
        if month is None:
            continue
        if order == "m" and groups["m"] in ("may", "mar") and text.strip()[:1].islower():
            return None  # "may" the verb
        day = int(groups["d"]) if "d" in groups else None
        if "y" in groups:
            year = int(groups["y"])
        elif dct is None:
            return Timex("DATE", "")
        else:
            year = _nearest_year(month, day, dct)
        if day is None:
            return Timex("DATE", f"{year:04d}-{month:02d}")
        return _checked(year, month, day)
    match = re.match(rf"^{_MONTH_WORD}\s+(?:of\s+)?(last|this|next)\s+year$", lowered)
    if match and MONTHS.get(match.group(1)):
        if dct is None:
            return Timex("DATE", "")
        year = dct.year + {"last": -1, "this": 0, "next": 1}[match.group(2)]
        return Timex("DATE", f"{year:04d}-{MONTHS[match.group(1)]:02d}")
    match = _YEAR.match(lowered)
    if match:
        return Timex("DATE", match.group(1))
    match = _DECADE.match(lowered)
    if match:
        return Timex("DATE", match.group(1))
    return None


def _checked(year: int, month: int, day: int) -> Timex:
    try:
        return Timex("DATE", _iso(date(year, month, day)))
    except ValueError:
        return Timex("DATE", "")


def _weekday(name: str, dct: date, direction: str) -> str:
    """HeidelTime's news rule for a bare weekday: the most recent such day on or before the DCT
    (``direction`` "past"), the next one on or after it ("future"); "last"/"next" exclude the DCT's
    own day."""
    target = WEEKDAYS[name]
    diff = target - dct.weekday()
    backwards = direction in ("past", "last")
    if backwards and (diff > 0 or (diff == 0 and direction == "last")):
        diff -= 7
    elif not backwards and (diff < 0 or (diff == 0 and direction == "next")):
        diff += 7
    return _iso(dct + timedelta(days=diff))


def _duration(amount: str, unit: str) -> str | None:
    if not amount.strip() and not unit.endswith(("s", "ies")):
        return None  # "the day", "the year": not a duration
    unit = unit.lower().rstrip("s")
    if unit == "centurie":
        unit = "century"
    if unit not in UNITS:
        return None
    prefix, letter = UNITS[unit]
    number = _number(amount) if amount.strip() else None
    if number is None and amount.strip().lower() not in VAGUE_AMOUNTS:
        try:
            number = int(float(amount))  # "1.5" is rounded down: better X than wrong
        except ValueError:
            return None
    count = "X" if number is None else str(number)
    return f"P{prefix}{count}{letter}"


_REL_UNIT = re.compile(
    r"^(last|this|next|past|coming|previous|current)\s+(week|month|year|weekend)$"
)
_AGO = re.compile(
    r"^(a few|a couple of|couple of|several|\d+|[a-z]+)\s+(day|week|month|year)s?\s+(ago)$"
)
_DURATION = re.compile(
    r"^(?:the\s+)?(?:(?:past|last|next|coming|first|previous|recent|full|whole)\s+)?"
    r"(a few|a couple of|couple of|several|many|\d+(?:\.\d+)?|[a-z]+|)\s*-?\s*"
    r"(seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|century|centuries)"
    r"(?:\s+(?:long|old))?$"
)
_PART = re.compile(
    r"^(yesterday|today|tomorrow|this|last|(?:[a-z]+day))\s+(morning|afternoon|evening|night)$"
)


def resolve(text: str, dct: date | None, future: bool = False) -> Timex:
    """TIMEX3 ``type`` and ``value`` of one trimmed expression (value "" when unsure)."""
    raw = " ".join(text.split())
    lowered = raw.lower().replace("’", "'")
    lowered = re.sub(r"'s$", "", lowered)
    if lowered in SETS:
        return Timex("SET", SETS[lowered])
    if lowered in PAST_REF:
        return Timex("DATE", "PAST_REF")
    if lowered in FUTURE_REF:
        return Timex("DATE", "FUTURE_REF")
    if lowered in PRESENT_REF:
        return Timex("DATE", "PRESENT_REF")
    found = _absolute(raw, dct)
    if found is not None:
        return found
    clock = _CLOCK.match(lowered)
    if clock and (clock.group(3) or clock.group(2)):
        hour, minute = int(clock.group(1)), int(clock.group(2) or 0)
        suffix = (clock.group(3) or "").replace(".", "")
        if suffix == "pm" and hour < 12:
            hour += 12
        if suffix == "am" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59:
            return Timex("TIME", "")
        stamp = f"T{hour:02d}:{minute:02d}"
        return Timex("TIME", (_iso(dct) + stamp) if dct else "")
    duration = None if _REL_UNIT.match(lowered) else _DURATION.match(lowered)
    if duration and not lowered.startswith("this "):
        value = _duration(duration.group(1), duration.group(2))
        if value is not None:
            return Timex("DURATION", value)
    if dct is None:
        return Timex("TIME" if lowered in ("tonight",) else "DATE", "")
    if lowered in ("today", "this day"):
        return Timex("DATE", _iso(dct))
    if lowered == "yesterday":
        return Timex("DATE", _iso(dct - timedelta(days=1)))
    if lowered == "tomorrow":
        return Timex("DATE", _iso(dct + timedelta(days=1)))
    if lowered == "tonight":
        return Timex("TIME", _iso(dct) + "TNI")
    if lowered in ("the day before yesterday",):
        return Timex("DATE", _iso(dct - timedelta(days=2)))
    if lowered in ("the day after tomorrow",):
        return Timex("DATE", _iso(dct + timedelta(days=2)))
    part = _PART.match(lowered)
    if part:
        anchor, piece = part.groups()
        day = {"yesterday": -1, "today": 0, "this": 0, "tomorrow": 1}.get(anchor)
        if anchor == "last":
            day = -1 if piece == "night" else None
        if day is not None:
            return Timex("TIME", _iso(dct + timedelta(days=day)) + PARTS_OF_DAY[piece])
        if anchor in WEEKDAYS:
            when = _weekday(anchor, dct, "future" if future else "past")
            return Timex("TIME", when + PARTS_OF_DAY[piece])
        return Timex("TIME", "")
    words = lowered.split()
    if len(words) == 1 and words[0] in WEEKDAYS and len(words[0]) > 3:
        return Timex("DATE", _weekday(words[0], dct, "future" if future else "past"))
    if len(words) == 2 and words[1] in WEEKDAYS and words[0] in ("last", "next", "this", "on"):
        direction = {"last": "last", "next": "next"}.get(words[0], "future" if future else "past")
        return Timex("DATE", _weekday(words[1], dct, direction))
    relative = _REL_UNIT.match(lowered)
    if relative:
        which, unit = relative.groups()
        shift = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(which, 0)
        if unit in ("week", "weekend"):
            value = _week(dct + timedelta(weeks=shift))
            return Timex("DATE", value + ("-WE" if unit == "weekend" else ""))
        if unit == "month":
            year, month = _month_shift(dct.year, dct.month, shift)
            return Timex("DATE", f"{year:04d}-{month:02d}")
        return Timex("DATE", f"{dct.year + shift:04d}")
    if lowered in ("the weekend", "weekend"):
        if future:
            return Timex("DATE", _week(dct + timedelta(days=(5 - dct.weekday()) % 7)) + "-WE")
        back = (dct.weekday() - 5) % 7 if dct.weekday() >= 5 else dct.weekday() + 1
        return Timex("DATE", _week(dct - timedelta(days=back)) + "-WE")
    ago = _AGO.match(lowered)
    if ago:
        amount, unit, _ = ago.groups()
        number = _number(amount)
        if number is None:
            return Timex("DATE", "")
        if unit == "day":
            return Timex("DATE", _iso(dct - timedelta(days=number)))
        if unit == "week":
            return Timex("DATE", _week(dct - timedelta(weeks=number)))
        if unit == "month":
            year, month = _month_shift(dct.year, dct.month, -number)
            return Timex("DATE", f"{year:04d}-{month:02d}")
        return Timex("DATE", f"{dct.year - number:04d}")
    named_month = re.match(rf"^(last|this|next)\s+{_MONTH_WORD}$", lowered)
    if named_month and MONTHS.get(named_month.group(2)):
        which, month = named_month.group(1), MONTHS[named_month.group(2)]
        year = dct.year
        if which == "last" and month >= dct.month:
            year -= 1
        elif which == "next" and month <= dct.month:
            year += 1
        return Timex("DATE", f"{year:04d}-{month:02d}")
    season = re.match(r"^(?:(last|this|next)\s+)?(spring|summer|autumn|fall|winter)$", lowered)
    if season:
        which, name = season.groups()
        shift = {"last": -1, "next": 1}.get(which or "", 0)
        return Timex("DATE", f"{dct.year + shift:04d}-{SEASONS[name]}")
    return Timex("DATE", "")


def parse_dct(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None
