"""Code points (Python ``str`` indices, what the store and spaCy use) <-> Qt text positions.

Qt counts UTF-16 code units: a character outside the Basic Multilingual Plane (most emoji, some
CJK extension characters) takes two. Block separators (newline) count one in both. This module is
the only place that converts; everything else speaks code points.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
BLOCK_SEPARATORS = re.compile("[\n\u2029]")


class OffsetMap:
    """Converts offsets for one text. O(number of astral characters) to build, O(log n) per call."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        # Qt position of each astral character: its index plus one extra unit per earlier one.
        self._astral_qt = [index + k for k, index in enumerate(self._astral)]
        self.qt_length = self.length + len(self._astral)

    @property
    def is_identity(self) -> bool:
        return not self._astral

    def to_qt(self, index: int) -> int:
        """Code-point index -> Qt position."""
        if not self._astral:
            return index
        return index + bisect_left(self._astral, index)

    def from_qt(self, position: int) -> int:
        """Qt position -> code-point index; a position inside a surrogate pair rounds down."""
        if not self._astral:
            return position
        return position - bisect_left(self._astral_qt, position)


def block_starts(text: str) -> list[int]:
    """Code-point index where each Qt block (paragraph) of ``text`` starts."""
    return [0, *(m.end() for m in BLOCK_SEPARATORS.finditer(text))]
