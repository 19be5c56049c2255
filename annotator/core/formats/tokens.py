"""Token lists for the exports, in spaCy's convention, and their Prodigy JSON.

A *complete* token list covers the whole text: ``text == "".join(text[s:e] + " " * ws)``. That
is what ``Doc(vocab, words, spaces)`` needs and what Prodigy's ``tokens`` hold: after a token,
one plain space is its ``ws``; any other whitespace (a line break, a second space) is a token of
its own, exactly as spaCy's tokenizer does it. Stored tokens (from spaCy) are already complete;
the regex tokens of documents never seen by a model are completed here.

Span edges that fall inside a token (a span made on other tokens) split that token, so every
exported span is whole tokens: ``token_start``/``token_end`` are exact and
``doc.char_span(start, end, alignment_mode="strict")`` finds it.

Prodigy ``tokens`` are the bulk of an export (about 50 bytes per token, ten times the text), and
one dict per token is most of the export's time (see docs/benchmarks.md: a vectorised numpy
writer of the same bytes was tried and was no faster on news-length documents).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import count
from typing import TYPE_CHECKING

import numpy as np
import orjson

if TYPE_CHECKING:
    from spacy.tokens import Doc

Tokenizer = Callable[[str], tuple[Sequence[int], Sequence[int]]]
"""Text -> (token starts, token ends), code-point offsets."""


@dataclass(frozen=True, slots=True)
class TokenList:
    """Complete tokens of one text: starts, ends (int64 arrays) and trailing-space flags."""

    starts: np.ndarray
    ends: np.ndarray
    ws: np.ndarray
    splits: int = 0
    """How many span edges fell inside a token (and split it)."""

    def __len__(self) -> int:
        return len(self.starts)

    def words(self, text: str) -> list[str]:
        return [text[s:e] for s, e in zip(self.starts.tolist(), self.ends.tolist(), strict=True)]

    def index(self, starts: Sequence[int], ends: Sequence[int]) -> tuple[list[int], list[int]]:
        """Token indices (first, last inclusive) of spans whose edges are token boundaries."""
        first = np.searchsorted(self.starts, np.asarray(starts, dtype=np.int64))
        last = np.searchsorted(self.ends, np.asarray(ends, dtype=np.int64))
        return first.tolist(), last.tolist()

    def aligned(
        self, starts: Sequence[int], ends: Sequence[int]
    ) -> tuple[list[int], list[int]] | None:
        """Like :meth:`index`, or None when an edge is not a token boundary."""
        if not len(starts):
            return [], []
        n = len(self.starts)
        first = np.searchsorted(self.starts, np.asarray(starts, dtype=np.int64))
        last = np.searchsorted(self.ends, np.asarray(ends, dtype=np.int64))
        if int(first.max()) >= n or int(last.max()) >= n:
            return None
        if not (
            np.array_equal(self.starts[first], starts) and np.array_equal(self.ends[last], ends)
        ):
            return None
        return first.tolist(), last.tolist()


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def complete(text: str, starts: Sequence[int], ends: Sequence[int]) -> TokenList:
    """The complete token list for tokens that may leave whitespace uncovered."""
    n, size = len(starts), len(text)
    if n == 0:
        one = np.array([0] if size else [], dtype=np.int64)
        return TokenList(one, np.array([size] if size else [], dtype=np.int64), one.astype(bool))
    s = np.asarray(starts, dtype=np.int64)
    e = np.asarray(ends, dtype=np.int64)
    following = np.empty(n, dtype=np.int64)
    following[:-1] = s[1:]
    following[-1] = size
    gap = following - e
    codes = _codes(text)
    space = np.zeros(n, dtype=bool)
    has_gap = gap > 0
    space[has_gap] = codes[e[has_gap]] == 32
    regular = (gap == 0) | ((gap == 1) & space)
    if s[0] == 0 and bool(regular.all()) and bool((e > s).all()):
        return TokenList(s, e, space)
    return _complete_slowly(text, s.tolist(), e.tolist())


def _complete_slowly(text: str, starts: list[int], ends: list[int]) -> TokenList:
    out_s: list[int] = []
    out_e: list[int] = []
    out_w: list[bool] = []

    def fill(begin: int, stop: int) -> None:
        """Cover text[begin:stop], which no token covers: a trailing space, then a token."""
        if begin >= stop:
            return
        if out_s and text[begin] == " " and not out_w[-1]:
            out_w[-1] = True
            begin += 1
        if begin < stop:
            out_s.append(begin)
            out_e.append(stop)
            out_w.append(False)

    position = 0
    for start, end in zip(starts, ends, strict=True):
        if start < position or end <= start:
            continue  # overlapping or empty: not a usable token
        fill(position, start)
        out_s.append(start)
        out_e.append(end)
        out_w.append(False)
        position = end
    fill(position, len(text))
    return TokenList(
        np.array(out_s, dtype=np.int64), np.array(out_e, dtype=np.int64), np.array(out_w, bool)
    )


def split_at(tokens: TokenList, text: str, starts: Sequence[int], ends: Sequence[int]) -> TokenList:
    """Split tokens so that every span start is a token start and every span end a token end.

    An edge inside a token splits it; an edge on a token's trailing space (a span that starts or
    ends with that space) makes the space a token of its own.
    """
    start_ok = np.isin(np.asarray(starts, dtype=np.int64), tokens.starts)
    end_ok = np.isin(np.asarray(ends, dtype=np.int64), tokens.ends)
    if bool(start_ok.all()) and bool(end_ok.all()):
        return tokens
    s, e, w = tokens.starts.tolist(), tokens.ends.tolist(), tokens.ws.tolist()
    splits = 0

    def split(i: int, at: int) -> None:
        nonlocal splits
        s.insert(i + 1, at)
        e.insert(i, at)
        w.insert(i, False)
        splits += 1

    def space_token(i: int) -> None:
        nonlocal splits
        w[i] = False
        s.insert(i + 1, e[i])
        e.insert(i + 1, e[i] + 1)
        w.insert(i + 1, False)
        splits += 1

    for at in sorted({p for p, ok in zip(starts, start_ok.tolist(), strict=True) if not ok}):
        i = bisect_right(s, at) - 1  # the token that starts at or before the edge
        if i < 0 or s[i] == at:
            continue
        if at < e[i]:
            split(i, at)
        elif at == e[i] and w[i]:
            space_token(i)
    for at in sorted({p for p, ok in zip(ends, end_ok.tolist(), strict=True) if not ok}):
        i = bisect_left(e, at)  # the first token that ends at or after the edge
        if i < len(s) and s[i] < at < e[i]:
            split(i, at)
        elif i > 0 and e[i - 1] + 1 == at and w[i - 1]:
            space_token(i - 1)
    return TokenList(
        np.array(s, dtype=np.int64),
        np.array(e, dtype=np.int64),
        np.array(w, dtype=bool),
        tokens.splits + splits,
    )


# --- Prodigy JSON ---------------------------------------------------------------------------


def prodigy_dicts(text: str, tokens: TokenList) -> list[dict[str, object]]:
    """One dict per token, as Prodigy writes them."""
    starts, ends, ws = tokens.starts.tolist(), tokens.ends.tolist(), tokens.ws.tolist()
    return [
        {"text": text[s:e], "start": s, "end": e, "id": i, "ws": w}
        for i, s, e, w in zip(count(), starts, ends, ws)
    ]


def prodigy_json(text: str, tokens: TokenList) -> bytes:
    return orjson.dumps(prodigy_dicts(text, tokens))


# --- tokenizers -----------------------------------------------------------------------------


def spacy_tokenizer(model: str | None = None) -> Tokenizer:
    """spaCy's tokenizer of a pipeline (package name or folder), or of blank English for None,
    "blank:<lang>" or "fallback"; loaded on first use."""
    loaded: list[Callable[[str], Doc]] = []

    def tokenize(text: str) -> tuple[list[int], list[int]]:
        if not loaded:
            loaded.append(_load_tokenizer(model))
        doc = loaded[0](text)
        return [t.idx for t in doc], [t.idx + len(t.text) for t in doc]

    return tokenize


def _load_tokenizer(model: str | None) -> Callable[[str], Doc]:
    if model is None or model == "fallback" or model.startswith("blank:"):
        return _blank(model.split(":", 1)[1] if model and model.startswith("blank:") else "en")
    from annotator.core.nlp.pipeline import load_pipeline

    return load_pipeline(model).nlp.tokenizer


@cache
def _blank(lang: str) -> Callable[[str], Doc]:
    import spacy

    return spacy.blank(lang).tokenizer
