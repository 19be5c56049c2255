"""Plain data objects shared by the store, the importers, the suggesters and the exporters.

Offsets are Python ``str`` indices (code points) into the stored document text, end-exclusive,
exactly like spaCy's ``start_char``/``end_char``.
"""

from __future__ import annotations

import hashlib
import unicodedata
import uuid
from array import array
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class DocStatus(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"


class SpanStatus(StrEnum):
    SUGGESTED = "suggested"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


def new_id() -> str:
    """A globally unique id, chosen when an object is created so that undo/redo can re-insert it."""
    return uuid.uuid4().hex


def normalise_text(text: str) -> str:
    """The one normalisation applied at import: NFC, and CRLF / CR line ends turned into LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def content_hash(text: str) -> str:
    """Identity of a document's (normalised) text: importing the same text twice is a no-op."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class NewDocument:
    """A document read by an importer, not stored yet."""

    text: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Document:
    id: int
    text: str
    title: str | None
    published: str | None
    source: str | None
    meta: dict[str, Any]
    content_hash: str
    status: DocStatus
    created: str
    updated: str


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """One row of the document list: what the list shows, without the text."""

    id: int
    title: str | None
    published: str | None
    status: DocStatus
    span_count: int
    length: int
    snippet: str = ""
    """The first characters of the text, shown when the document has no title."""

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        first_line = self.snippet.split("\n", 1)[0].strip()
        return first_line + ("…" if len(first_line) >= 80 else "")


@dataclass(frozen=True, slots=True)
class Span:
    id: str
    document_id: int
    start: int
    end: int
    label: str
    attrs: dict[str, Any] = field(default_factory=dict)
    origin: str = "human"
    status: SpanStatus = SpanStatus.ACCEPTED
    annotator: str | None = None

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Relation:
    id: str
    document_id: int
    head: str
    child: str
    label: str
    origin: str = "human"
    status: SpanStatus = SpanStatus.ACCEPTED


@dataclass(frozen=True, slots=True)
class SuggestedSpan:
    """A span proposed by a model or a rule, before it gets an id and a document."""

    start: int
    end: int
    label: str
    attrs: dict[str, Any] = field(default_factory=dict)


def validate_offsets(text_length: int, start: int, end: int) -> None:
    """Raise ValueError unless ``0 <= start < end <= text_length``."""
    if not (0 <= start < end <= text_length):
        raise ValueError(f"span [{start}, {end}) is outside the text (length {text_length})")


@dataclass(frozen=True, slots=True)
class Tokens:
    """Token boundaries of a document (code-point offsets), as spaCy's tokenizer found them.

    Stored once per document (by the suggestion run) and used to snap selections to words and to
    resize spans a token at a time.
    """

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.starts)

    def to_bytes(self) -> tuple[bytes, bytes]:
        return array("I", self.starts).tobytes(), array("I", self.ends).tobytes()

    @classmethod
    def from_bytes(cls, starts: bytes, ends: bytes) -> Tokens:
        first, last = array("I"), array("I")
        first.frombytes(starts)
        last.frombytes(ends)
        return cls(tuple(first), tuple(last))
