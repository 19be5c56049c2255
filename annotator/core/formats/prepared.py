"""One document as every export writer sees it: its rows, its complete tokens (split at span edges)
with each span's first and last token, and its relations as indices into its spans."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from annotator.core.formats import token_cache
from annotator.core.formats.rows import RESERVED_META, ExportDocument
from annotator.core.formats.tokens import Tokenizer, TokenList, complete, split_at


@dataclass(slots=True)
class PreparedDocument:
    doc: ExportDocument
    tokens: TokenList | None
    """None for formats that need no tokens (doccano, brat), and when ``token_json`` comes from
    the store's cache (the stored tokens, exactly)."""
    token_start: list[int]
    token_end: list[int]
    """First and last (inclusive) token of each span; empty without tokens."""
    relations: list[tuple[int, int, str, str]]
    """(head span index, child span index, label, status), sorted."""
    tokens_stored: bool = False
    """Whether the tokens came from the store (else from the tokenizer)."""
    token_json: bytes | None = None
    """Prodigy JSON of ``tokens`` from the store's cache, when it holds exactly these tokens."""

    def meta(self) -> dict[str, object]:
        """``meta`` as the exports write it: our fields first, then the document's own, sorted
        (one named like one of ours, such as an article's own "id", becomes "original_id")."""
        doc = self.doc
        fields: dict[str, object] = {
            "id": doc.id,
            "title": doc.title,
            "published": doc.published,
            "source": doc.source,
            "status": doc.status,
        }
        own = {f"original_{k}" if k in RESERVED_META else k: v for k, v in doc.meta.items()}
        fields.update(sorted(own.items()))
        return fields

    def annotators(self) -> str | None:
        names = sorted({span[5] for span in self.doc.spans if span[5]})
        return ",".join(names) if names else None


def _stored(doc: ExportDocument) -> tuple[np.ndarray, np.ndarray] | None:
    if doc.tokens is None or len(doc.tokens[0]) != len(doc.tokens[1]):
        return None
    starts = np.frombuffer(doc.tokens[0], dtype=np.uint32).astype(np.int64)
    ends = np.frombuffer(doc.tokens[1], dtype=np.uint32).astype(np.int64)
    if len(ends) and int(ends[-1]) > len(doc.text):
        return None  # not usable for this text: tokenize again
    return starts, ends


def prepare(doc: ExportDocument, tokenizer: Tokenizer | None) -> PreparedDocument:
    """Tokens (when a tokenizer is given: stored ones first) and relation indices."""
    index = {span[0]: i for i, span in enumerate(doc.spans)}
    relations = sorted(
        (index[head], index[child], label, status) for head, child, label, status in doc.relations
    )
    if tokenizer is None:
        return PreparedDocument(doc, None, [], [], relations)
    if doc.token_json is not None and doc.tokens is not None:
        cached = _from_cache(doc, relations)
        if cached is not None:
            return cached
    stored = _stored(doc)
    starts, ends = stored if stored is not None else tokenizer(doc.text)
    tokens = complete(doc.text, starts, ends)
    span_starts = [span[1] for span in doc.spans]
    span_ends = [span[2] for span in doc.spans]
    found = tokens.aligned(span_starts, span_ends)
    if found is None:
        tokens = split_at(tokens, doc.text, span_starts, span_ends)
        found = tokens.index(span_starts, span_ends)
    return PreparedDocument(doc, tokens, found[0], found[1], relations, stored is not None)


def _from_cache(
    doc: ExportDocument, relations: list[tuple[int, int, str, str]]
) -> PreparedDocument | None:
    """The document on its stored tokens and their cached JSON, or None when a span edge is not
    a token boundary (its tokens must be split, so the cache does not hold them).

    A cache entry exists only for tokens that are complete as stored, so the stored starts and
    ends are the exported tokens; only the spans' token indices are left to find.
    """
    assert doc.tokens is not None and doc.token_json is not None
    starts = np.frombuffer(doc.tokens[0], dtype=np.uint32)
    ends = np.frombuffer(doc.tokens[1], dtype=np.uint32)
    span_starts = np.array([span[1] for span in doc.spans], dtype=np.int64)
    span_ends = np.array([span[2] for span in doc.spans], dtype=np.int64)
    first = starts.searchsorted(span_starts)
    last = ends.searchsorted(span_ends)
    if len(first) and not (
        (starts.take(first, mode="clip") == span_starts).all()
        and (ends.take(last, mode="clip") == span_ends).all()
    ):
        return None
    return PreparedDocument(
        doc, None, first.tolist(), last.tolist(), relations, True, token_cache.load(doc.token_json)
    )
