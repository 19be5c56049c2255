"""The ``claims`` rule set: actors, dates and claims of one parsed news article, linked.

ACTOR mentions come from :mod:`actors` (named ones always; nominal and pronominal ones only when
they speak), DATE spans from :mod:`dates` (values against the publication date), CLAIM spans from
:mod:`claims`. Relations: SPEAKER (claim -> the speaker's mention) and STATED_ON (claim -> a date
that modifies the reporting verb: "Gantz said on Tuesday").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.model import SuggestedSpan
from annotator.core.nlp.actors import Mention, Resolver, named_mentions
from annotator.core.nlp.claims import Claim, find_claims
from annotator.core.nlp.dates import DateMention, find_dates, parse_dct
from annotator.core.nlp.suggestions import Suggestions

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SOURCE_TYPES = {"NAM": "named", "NOM": "nominal", "PRO": "pronoun"}


def _verb_of(doc: Doc, index: int) -> Token | None:
    token = doc[index]
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def news_suggestions(doc: Doc, published: str | None) -> Suggestions:
    dct = parse_dct(published)
    mentions = named_mentions(doc)
    dates = find_dates(doc, dct, taken=[(m.start, m.end) for m in mentions])
    mentions = [m for m in mentions if not any(m.start < d.end and d.start < m.end for d in dates)]
    resolver = Resolver(doc, mentions)
    for found in dates:
        resolver.block(found.start, found.end)
    claims = find_claims(doc)
    speakers: list[Mention | None] = []
    for claim in claims:
        speakers.append(resolver.speaker(claim.speaker) if claim.speaker is not None else None)
    claims, speakers = _layered(claims, speakers, resolver.mentions, dates)

    out = Suggestions()
    actor_index: dict[int, int] = {}
    for mention in resolver.mentions:
        index = out.add(SuggestedSpan(mention.start, mention.end, "ACTOR", mention.attrs()))
        actor_index[id(mention)] = index
    date_index: dict[int, int] = {}
    for found in dates:
        attrs = {"type": found.type, "value": found.value}
        date_index[id(found)] = out.add(SuggestedSpan(found.start, found.end, "DATE", attrs))
    for claim, speaker in zip(claims, speakers, strict=True):
        index = out.add(
            SuggestedSpan(claim.start, claim.end, "CLAIM", _claim_attrs(claim, speaker))
        )
        if speaker is not None:
            out.link(index, actor_index[id(speaker)], "SPEAKER")
        stated = _stated_on(doc, claim, dates)
        if stated is not None:
            out.link(index, date_index[id(stated)], "STATED_ON")
    return out


def _layered(
    claims: list[Claim],
    speakers: list[Mention | None],
    mentions: list[Mention],
    dates: list[DateMention],
) -> tuple[list[Claim], list[Mention | None]]:
    """Keep the layering rule: a claim edge never cuts an actor or a date (the claim grows to
    hold it whole), and claims never cross each other (a grown claim that would is dropped)."""
    entities = [(m.start, m.end) for m in mentions] + [(d.start, d.end) for d in dates]
    for claim in claims:
        for start, end in entities:
            if start < claim.start < end:
                claim.start = start
            if start < claim.end < end:
                claim.end = end
    kept: list[tuple[Claim, Mention | None]] = []
    for claim, speaker in zip(claims, speakers, strict=True):
        crosses = any(
            claim.start < other.end and other.start < claim.end
            and not (claim.start <= other.start and other.end <= claim.end)
            and not (other.start <= claim.start and claim.end <= other.end)
            for other, _ in kept
        )  # fmt: skip
        if not crosses:
            kept.append((claim, speaker))
    return [c for c, _ in kept], [s for _, s in kept]


def _claim_attrs(claim: Claim, speaker: Mention | None) -> dict[str, object]:
    attrs: dict[str, object] = {
        "quote_type": claim.quote_type,
        "stance": claim.stance,
        "hedged": claim.hedged,
    }
    cue = claim.cue_attr()
    if cue is not None:
        attrs["cue"] = cue
    if speaker is not None:
        attrs["source_type"] = SOURCE_TYPES.get(speaker.mention, "named")
    elif claim.rule == "hedge":
        attrs["source_type"] = "unnamed"
    else:
        attrs["source_type"] = "implicit"
    return attrs


def _stated_on(doc: Doc, claim: Claim, dates: list[DateMention]) -> DateMention | None:
    """A date whose governing verb is the claim's reporting verb (not an inherited cue)."""
    cue = claim.cue
    if cue is None or claim.inherited_from is not None or not hasattr(cue, "i"):
        return None
    for found in dates:
        if claim.start <= found.start < claim.end:
            continue
        verb = _verb_of(doc, found.root)
        if verb is not None and verb.i == cue.i:
            return found
    return None
