"""Syntax of TIMEX3 ``value`` attributes (ISO 8601 plus TimeML's extensions)."""

from __future__ import annotations

import re

_MONTH = r"(?:0[1-9]|1[0-2]|XX)"
_DAY = r"(?:0[1-9]|[12]\d|3[01]|XX)"
_WEEK = r"(?:0[1-9]|[1-4]\d|5[0-3]|XX)"
_DATE = (
    r"(?:\d{4}|\d{3}X?|\d{2}X{0,2}|XXXX)"
    rf"(?:-{_MONTH}(?:-{_DAY})?|-W{_WEEK}(?:-(?:[1-7]|WE))?|-Q[1-4X]|-H[12X]|-(?:SP|SU|FA|WI))?"
)
_TIME = r"T(?:\d{2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?)?|MO|MI|AF|EV|NI|DT)"
_AMOUNT = r"(?:\d+(?:\.\d+)?|X)"
_DURATION = (
    rf"P(?:{_AMOUNT}(?:Y|M|W|D|DE|CE|ML|Q|H))+(?:T(?:{_AMOUNT}[HMS])+)?|PT(?:{_AMOUNT}[HMS])+"
)
_VALUE = re.compile(
    rf"^(?:{_DATE}(?:{_TIME})?|{_TIME}|{_DURATION}|PAST_REF|PRESENT_REF|FUTURE_REF)$"
)


def is_valid_value(value: str) -> bool:
    """True for TIMEX3 values such as ``2022-10-18``, ``2022-W42``, ``2022-10``, ``P3D``, ``PXW``,
    ``PT2H``, ``2022-SU``, ``2022-10-18T14:00``, ``PAST_REF``; empty (unresolved) is valid too."""
    return value == "" or bool(_VALUE.match(value))
