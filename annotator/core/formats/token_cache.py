"""The Prodigy ``tokens`` JSON of a document, rendered once when its tokens are stored and kept
LZ4-compressed beside them (column ``tokens.prodigy``).

Prodigy ``tokens`` are about 90% of a JSONL export's bytes, and building one dict per token is
most of an uncached export's time (docs/benchmarks.md). The tokens of a document change only when
they are stored again, so the export copies this JSON instead of building it; the dicts are built
once, by whoever stores the tokens (about 0.5 ms for a news article, next to the 100+ ms spaCy took
to make them).

Kept only for tokens that are already *complete* as stored (spaCy's tokenizer's always are: every
character is in a token or is the one trailing space after it), so the cache holds exactly
``prodigy_json(text, complete(text, starts, ends))`` and the stored starts and ends are the
exported tokens. LZ4 because decompressing costs about 25 ns a token here (zlib: 130 ns, more than
building the dicts' share of a raw orjson dump); it stores 59 bytes of JSON per token in about 21.
"""

from __future__ import annotations

from collections.abc import Sequence

import lz4.block
import numpy as np

from annotator.core.formats.tokens import complete, prodigy_json


def render(text: str, starts: Sequence[int], ends: Sequence[int]) -> bytes | None:
    """The compressed cache entry for these tokens of ``text``; None when they are not complete
    (the export then completes and renders them itself)."""
    if not len(starts):
        return None
    s = np.asarray(starts, dtype=np.int64)
    e = np.asarray(ends, dtype=np.int64)
    tokens = complete(text, s, e)
    if not (np.array_equal(tokens.starts, s) and np.array_equal(tokens.ends, e)):
        return None
    return lz4.block.compress(prodigy_json(text, tokens), store_size=True)


def load(entry: bytes) -> bytes:
    """The Prodigy tokens JSON of a cache entry."""
    return lz4.block.decompress(entry)
