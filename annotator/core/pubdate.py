"""Parsing of the publication dates found in import files (not the TIMEX resolver of core/nlp)."""

from __future__ import annotations

import re
from datetime import date

_NUMERIC = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$")
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_WRITTEN = re.compile(r"^(?:[A-Za-z]+,\s*)?([A-Za-z]{3,})\.?\s+(\d{1,2}),?\s+(\d{4})$")


def parse_publication_date(value: str) -> str:
    """Turn ``2017/2/7``, ``2019-01-04``, ``2016/12/30 7:11``, ``2019-01-04T10:00:00Z`` or
    ``Friday, January 4, 2019`` into an ISO date; raise ValueError for anything else."""
    raw = value.strip()
    match = _NUMERIC.match(raw)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _WRITTEN.match(raw)
        month_number = _MONTHS.get(match.group(1)[:3].lower()) if match else None
        if not match or month_number is None:
            raise ValueError(f"not a date: {value!r} (expected YYYY-MM-DD or YYYY/M/D)")
        year, month, day = int(match.group(3)), month_number, int(match.group(2))
    try:
        return date(year, month, day).isoformat()
    except ValueError as exc:
        raise ValueError(f"not a date: {value!r} ({exc})") from exc
