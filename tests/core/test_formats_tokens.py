"""Token lists for the exports: completion in spaCy's convention, splitting at span edges, and the
Prodigy token dicts."""

from __future__ import annotations

import orjson
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.formats.tokens import complete, prodigy_dicts, prodigy_json, split_at
from annotator.core.spans import regex_tokens

NLP = spacy.blank("en")
PIECES = st.sampled_from(
    [
        "word",
        "Gantz",
        " ",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\t",
        "\r",
        '"',
        "\\",
        "\x01",
        "\x7f",
        "é",
        "e\u0301",
        "😀",
        "北京",
        "\u2028",
        "’s",
        ".",
        ",",
        "-",
        "\u00a0",
        "ǅ",
        "\ufeff",
    ]
)
TEXTS = st.lists(PIECES, min_size=1, max_size=60).map("".join)


def rebuilt(text: str, starts: list[int], ends: list[int], ws: list[bool]) -> str:
    return "".join(text[s:e] + (" " if w else "") for s, e, w in zip(starts, ends, ws, strict=True))


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_completed_spacy_tokens_are_spacys_own(text: str) -> None:
    doc = NLP(text)
    tokens = complete(text, [t.idx for t in doc], [t.idx + len(t) for t in doc])
    assert tokens.starts.tolist() == [t.idx for t in doc]
    assert tokens.ws.tolist() == [bool(t.whitespace_) for t in doc]


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, cuts=st.lists(st.integers(0, 200), max_size=6))
def test_completed_and_split_tokens_cover_the_text(text: str, cuts: list[int]) -> None:
    found = regex_tokens(text)
    tokens = complete(text, found.starts, found.ends)
    starts, ends, ws = tokens.starts.tolist(), tokens.ends.tolist(), tokens.ws.tolist()
    assert rebuilt(text, starts, ends, ws) == text
    edges = [c % (len(text) + 1) for c in cuts]
    split = split_at(tokens, text, [e for e in edges if e < len(text)], [e for e in edges if e])
    s, e, w = split.starts.tolist(), split.ends.tolist(), split.ws.tolist()
    assert rebuilt(text, s, e, w) == text
    assert all(a < b for a, b in zip(s, e, strict=True))
    assert {x for x in edges if x < len(text)} <= set(s)
    assert {x for x in edges if x} <= set(e)


@settings(max_examples=200, deadline=None)
@given(text=TEXTS)
def test_prodigy_tokens_rebuild_spacys_doc(text: str) -> None:
    doc = NLP(text)
    tokens = complete(text, [t.idx for t in doc], [t.idx + len(t) for t in doc])
    dicts = prodigy_dicts(text, tokens)
    assert [d["id"] for d in dicts] == list(range(len(doc)))
    assert [(d["text"], d["ws"]) for d in dicts] == [(t.text, bool(t.whitespace_)) for t in doc]
    assert orjson.loads(prodigy_json(text, tokens)) == dicts


def test_an_empty_token_list() -> None:
    tokens = complete("", [], [])
    assert prodigy_json("", tokens) == b"[]"
    assert complete("abc", [], []).ends.tolist() == [3]
