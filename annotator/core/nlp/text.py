"""Text seen by the parser: the stored text with the mangled quotes of scraped news repaired,
character for character, so every offset into the parsed text is an offset into the stored text.

Some scrapes turned a curly quote or dash plus the following (non-breaking) space into ``"?``:
``DeVos"?highly`` (an apostrophe), ``choice,"?Sen.`` (a closing quote), ``determine "?at least``
(a dash). The parser reads those far better as ``DeVos' highly``, ``choice," Sen.`` and
``determine - at least``. The stored text never changes (DESIGN.md rule 5).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

_MANGLED = re.compile(r'"\?(?=[^\s"?])')


def _repair(match: re.Match[str]) -> str:
    text = match.string
    before = text[match.start() - 1] if match.start() > 0 else " "
    if before in ".,!?;:":
        return '" '  # a closing quote, then the space it swallowed
    if before.isalnum():
        return "' "  # an apostrophe: DeVos’ highly
    return "- "  # a dash between spaces


def clean_for_parsing(text: str) -> str:
    """The text with ``"?`` mangles repaired; always the same length as ``text``."""
    if '"?' not in text:
        return text
    return _MANGLED.sub(_repair, text)


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc (spaCy joins the tokens again on every access)."""
    cached = doc.user_data.get("annotator.text")
    if cached is None:
        cached = doc.user_data["annotator.text"] = doc.text
    return cached
