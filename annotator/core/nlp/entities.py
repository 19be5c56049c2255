"""spaCy entities -> suggested ACTOR and DATE spans (the mapping of DESIGN.md).

PERSON/ORG/GPE -> ACTOR with ``type``; NORP used as a noun ("the Iranians") -> ACTOR; LOC for
political blocs ("the West") -> ACTOR/GPE; DATE/TIME -> DATE with ``type``. Everything else is
not suggested. ACTOR spans are trimmed of a leading article and a trailing possessive.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.model import SuggestedSpan

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

ACTOR_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE"}
POLITICAL_BLOCS = {"west", "the west", "global south", "global north", "the global south"}
LEADING_WORDS = {"the", "a", "an"}


def _trim(ent: Span) -> tuple[int, int] | None:
    """Character offsets of the entity without a leading article or a trailing 's / '."""
    tokens = list(ent)
    while tokens and tokens[0].lower_ in LEADING_WORDS:
        tokens.pop(0)
    while tokens and tokens[-1].text in ("'s", "’s", "'", "’"):
        tokens.pop()
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def actor_type(ent: Span) -> str | None:
    label = ent.label_
    if label in ACTOR_TYPES:
        return ACTOR_TYPES[label]
    if label == "NORP" and ent.root.pos_ in ("NOUN", "PROPN") and ent.root.tag_ in ("NNS", "NNPS"):
        return "GPE"
    if label == "LOC" and ent.text.lower() in POLITICAL_BLOCS:
        return "GPE"
    return None


def entity_suggestions(doc: Doc) -> list[SuggestedSpan]:
    spans: list[SuggestedSpan] = []
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME"):
            offsets = (ent.start_char, ent.end_char)
            label, attrs = "DATE", {"type": ent.label_}
        else:
            kind = actor_type(ent)
            if kind is None:
                continue
            offsets = _trim(ent)
            label, attrs = "ACTOR", {"type": kind, "mention": "NAM"}
        if offsets is not None:
            spans.append(SuggestedSpan(offsets[0], offsets[1], label, attrs))
    return spans
