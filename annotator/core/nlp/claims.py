"""CLAIM suggestions from the dependency parse: the content of attributed statements (PARC 3.0's
*content*), with the cue, the speaker token, quote type, stance and hedging.

Rules, in order of priority (a later claim that crosses an earlier one's edge is dropped):

1. **Direct quotes.** Quotation marks are paired per paragraph (``quotes.py``: curly, straight,
   and the repaired ``"?`` of scraped text, see ``text.py``); a quote of fewer than 4 words or
   without a verb is a scare quote, not a claim. The cue is the reporting verb outside the quote
   that the quoted words hang on in the parse (``said on Friday "..."``, ``"...," he said``), else
   the first reporting verb after the closing mark in the same sentence (``said Jane Doe``), else
   the last one before an opening mark that follows ``:`` or ``,`` (``Doe said: "..."``); the
   speaker is that verb's subject (or the noun after it: ``said a protester``). A quote that
   continues a reported clause (``said there was "no evidence ..."``) is left to rule 2 as a
   *mixed* quotation. A quote without a cue of its own that is a sentence by itself (or follows
   the previous one after "and") within two sentences of it inherits its speaker (floating).
2. **Reporting verb + clausal complement.** A verb whose lemma is in ``CUE_VERBS`` (``lexicon.py``,
   with ``DENIAL_VERBS``, ``WEAK_CUES`` for belief verbs that need a speaking subject) with a
   ``ccomp`` gives the content (the complement's words without "that"); the speaker is the verb's
   subject (climbing through ``conj`` / ``advcl`` / ``xcomp``, and ``relcl`` to the noun). A
   trailing phrase of the complement that holds a cue of its own ("despite X reportedly ...") is
   cut off. Denial verbs give stance ``denied``.
3. **"according to X".** X is the speaker; the content is the rest of the clause, on the other
   side of the phrase (after "although" / "though" / "while" / "but" when the phrase ends the
   sentence).
4. **Denial of an allegation noun.** "X denied the allegations that ..." gives the that-clause,
   stance ``denied``; "X confirmed reports that ..." gives it asserted.
5. **Hedge adverbs.** "reportedly", "allegedly", ... mark their clause as a hedged claim with an
   unnamed source.
6. **Accusations.** "accused of ...ing" / "X accused Y of ...ing" give the ``of`` phrase.

Claims whose cue is inside a direct quote are left out: they are part of the quoted speech.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.core.nlp.lexicon import (
    ALLEGATION_NOUNS,
    CONFIRM_VERBS,
    CUE_VERBS,
    CUT_MARKS,
    DENIAL_VERBS,
    HEDGE_WORDS,
    HEDGES,
    WEAK_CUES,
)
from annotator.core.nlp.quotes import (
    inside,
    is_real_quote,
    quote_content,
    quotes,
    starts_sentence,
    tokens_between,
)
from annotator.core.nlp.text import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

SUBJECTS = ("nsubj", "nsubjpass", "csubj")


@dataclass
class Claim:
    start: int
    end: int
    cue: Token | Span | None
    speaker: Token | None
    quote_type: str
    stance: str = "asserted"
    hedged: bool = False
    rule: str = ""
    inherited_from: Claim | None = None

    def cue_attr(self) -> dict[str, object] | None:
        if self.cue is None:
            return None
        start = self.cue.idx if hasattr(self.cue, "idx") else self.cue.start_char
        text = self.cue.text
        return {"text": text, "start": start, "end": start + len(text)}


# --- helpers -------------------------------------------------------------------------------------


def _edges(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """Character offsets of tokens first..last without leading "that"/punctuation and trailing
    punctuation, spaces and conjunctions."""
    while first <= last and (
        doc[first].is_punct or doc[first].is_space
        or (doc[first].dep_ == "mark" and doc[first].lower_ in ("that", "whether"))
        or doc[first].dep_ == "cc"
    ):  # fmt: skip
        first += 1
    while last >= first and (
        doc[last].is_punct or doc[last].is_space or doc[last].dep_ in ("cc", "mark")
    ):
        last -= 1
    if first > last:
        return None
    return doc[first].idx, doc[last].idx + len(doc[last])


def _has_cue(tokens: Span | list[Token]) -> bool:
    return any(
        t.lower_ in HEDGES or (t.lemma_ in CUE_VERBS and t.pos_ == "VERB" and
                               any(c.dep_ == "ccomp" for c in t.children))
        or (t.lower_ == "according" and any(c.lower_ == "to" for c in t.children))
        for t in tokens
    )  # fmt: skip


def _subject(verb: Token) -> Token | None:
    """The speaker token of a cue verb: its subject, climbing through coordinated and
    subordinate verbs; the noun a relative clause hangs on; the agent of a passive."""
    current = verb
    for _ in range(4):
        subjects = []
        for child in current.children:
            if child.dep_ == "nsubjpass" and child.lower_ == "it":
                return None  # "it was reported that ...": no source
            if child.dep_ in SUBJECTS and child.lower_ not in ("that", "which", "who", "what"):
                subjects.append(child)
        if subjects:  # two subjects ("broadcaster NRK" misparsed): the name
            return next((t for t in subjects if t.pos_ == "PROPN"), subjects[0])
            if child.dep_ == "agent":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj
        if current.dep_ == "relcl":
            return current.head
        if current.dep_ in ("conj", "advcl", "xcomp") and current.head.i != current.i:
            current = current.head
            continue
        break
    return None


def _inverted_subject(verb: Token) -> Token | None:
    """``"...," said a protester``: the parser may not call the noun after the verb a subject."""
    for child in verb.rights:
        if child.dep_ in ("dobj", "attr", "npadvmod", "oprd", "dep") and child.pos_ in (
            "NOUN",
            "PROPN",
        ):
            return child
    return None


def _content_of(doc: Doc, head: Token, stop: int | None = None) -> tuple[int, int] | None:
    """The clause headed by ``head`` minus trailing phrases that carry a cue of their own."""
    first, last = head.left_edge.i, head.right_edge.i
    for child in head.rights:
        if (
            child.dep_ in ("prep", "advcl", "conj", "npadvmod")
            and child.i > head.i
            and (_has_cue(list(child.subtree)))
        ):
            last = min(last, child.left_edge.i - 1)
        elif child.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in CUT_MARKS for c in child.children
        ):
            last = min(last, child.left_edge.i - 1)  # "..., although ...": the journalist's aside
    if stop is not None:
        last = min(last, stop)
    return _edges(doc, first, last)


def _hedged(doc: Doc, start: int, end: int) -> bool:
    piece = doc.char_span(start, end, alignment_mode="expand")
    return piece is not None and any(t.lower_ in HEDGE_WORDS for t in piece)


# --- rules ---------------------------------------------------------------------------------------


def _direct_quotes(doc: Doc, regions: list[tuple[int, int]]) -> list[Claim]:
    claims: list[Claim] = []
    previous: Claim | None = None
    previous_sentence = -10
    previous_close = 0
    sentence_index = {s.start: n for n, s in enumerate(doc.sents)}
    for open_at, close_at in regions:
        content = quote_content(doc, open_at, close_at)
        if content is None:
            continue
        start, end = content
        governing = _cue_governing(doc, open_at, close_at)
        if governing is not None and _embedded(doc, governing, open_at):
            previous = None
            continue  # part of a reported clause ("said there was "no evidence ...""): mixed
        cue = (
            (governing[0] if governing else None)
            or _cue_after(doc, close_at)
            or (_cue_before(doc, open_at))
        )
        first_token = tokens_between(doc, open_at + 1, close_at)
        sentence = sentence_index.get(first_token.sent.start, 0) if first_token else 0
        if cue is not None:
            speaker = _subject(cue) or _inverted_subject(cue)
            claim = Claim(start, end, cue, speaker, "direct", rule="quote")
        elif (
            previous is not None
            and sentence - previous_sentence <= 2
            and (
                starts_sentence(doc_text(doc), open_at)
                or doc_text(doc)[previous_close + 1 : open_at].strip()
                in ("and", ",", ", and", ";", "but")
            )
        ):
            claim = Claim(
                start, end, previous.cue, previous.speaker, "direct",
                rule="quote-floating", inherited_from=previous,
            )  # fmt: skip
        else:
            previous = None
            continue
        claim.stance = "denied" if cue is not None and cue.lemma_ in DENIAL_VERBS else "asserted"
        claims.append(claim)
        previous = claim
        previous_close = close_at
        end_token = tokens_between(doc, open_at, close_at + 1)
        previous_sentence = (
            sentence_index.get(end_token[-1].sent.start, sentence) if end_token else sentence
        )
    return claims


def _cue_governing(doc: Doc, open_at: int, close_at: int) -> tuple[Token, Token] | None:
    """The reporting verb outside the quote that the quoted words hang on in the parse, with the
    child of it on the way (``said on Friday "I can ..."``, ``"...," he said``)."""
    inner = tokens_between(doc, open_at + 1, close_at)
    if inner is None:
        return None
    for token in inner:
        child = token
        current = token.head
        for _ in range(8):
            if current.i == child.i:
                break
            outside = not (open_at < current.idx < close_at)
            if outside:
                if _is_cue_token(current) and child.dep_ in ("ccomp", "conj", "parataxis",
                                                              "xcomp", "dep", "dobj"):  # fmt: skip
                    return current, child
                break
            child, current = current, current.head
    return None


def _embedded(doc: Doc, governing: tuple[Token, Token], open_at: int) -> bool:
    """Does the reported clause start with words of its own before the quote opens?"""
    _verb, child = governing
    first = child.left_edge
    words = [t for t in doc[first.i : child.i + 1] if t.idx < open_at]
    words = [t for t in words if not (t.is_punct or t.is_space or t.dep_ == "mark")]
    return child.idx < open_at or bool(words)


def _is_cue_token(token: Token) -> bool:
    return (
        token.lemma_ in CUE_VERBS
        and token.pos_ in ("VERB", "AUX")
        and (token.lemma_ not in WEAK_CUES)
    )


def _cue_after(doc: Doc, close_at: int) -> Token | None:
    text = doc_text(doc)
    last = text[:close_at].rstrip()[-1:]
    following = text[close_at + 1 : close_at + 40].lstrip()[:1]
    if last == "." or (last in "?!" and following.isupper()):
        return None  # the quoted sentence ended: what follows is a new sentence
    after = doc.char_span(close_at + 1, min(len(text), close_at + 120), alignment_mode="contract")
    if after is None:
        return None
    for token in after:
        if token.text in ('"', "“", "”") or (token.is_space and "\n" in token.text):
            return None
        if (
            token.is_sent_start
            and not _is_cue_token(token)
            and (token.i == after.start or doc[token.i - 1].text in (".", "!", "?", '"', "”"))
        ):
            return None
        if _is_cue_token(token):
            return token
        if token.is_sent_end and token.i > after.start + 1:
            return None
        if token.text in (".", "!", "?") and token.i > after.start:
            return None
    return None


def _cue_before(doc: Doc, open_at: int) -> Token | None:
    start = max(0, open_at - 200)
    before = doc.char_span(start, open_at, alignment_mode="contract")
    if before is None or len(before) == 0:
        return None
    last = before[-1]
    if last.text not in (":", ",") and not (
        last.is_space and len(before) > 1 and before[-2].text == ":"
    ):
        return None
    for token in reversed(before):
        if token.text in (".", "!", "?", '"', "“", "”") or (
            token.is_space and "\n\n" in token.text
        ):
            return None
        if _is_cue_token(token):
            return token
    return None


def _complements(verb: Token) -> list[Token]:
    """The clausal complements of a reporting verb: its ``ccomp``, and a that-clause the parser
    hung on a noun of the verb's prepositional phrase ("said in a statement that ...")."""
    found = [child for child in verb.children if child.dep_ == "ccomp"]
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "on", "through", "via"):
            continue
        for noun in prep.children:
            for clause in noun.children if noun.dep_ == "pobj" else ():
                if clause.dep_ in ("acl", "relcl", "ccomp") and any(
                    c.dep_ == "mark" and c.lower_ == "that" for c in clause.children
                ):
                    found.append(clause)
    return found


def _cue_complements(doc: Doc, regions: list[tuple[int, int]], tokens: list[Token]) -> list[Claim]:
    claims: list[Claim] = []
    for token in tokens:
        if token.lemma_ not in CUE_VERBS or token.pos_ not in ("VERB",):
            continue
        if inside(regions, token.idx, token.idx + len(token)):
            continue
        for child in _complements(token):
            content = _content_of(doc, child)
            if content is not None and child.i > token.i and content[0] <= token.idx:
                # "which critics believe will weaken ...": the relative pronoun is not content
                content = _edges(doc, token.i + 1, child.right_edge.i)
            if content is None:
                continue
            start, end = content
            if child.i < token.i and not inside(regions, start, end):
                continue  # "X happened, he said" without quotes: too often the journalist's
            speaker = _subject(token)
            if token.lemma_ in WEAK_CUES and (
                speaker is None or (speaker.pos_ == "PRON" and speaker.lower_ in ("i", "we", "you"))
            ):
                continue  # fmt: skip
            quoted = inside(regions, start, end)
            if quoted is not None:
                inner = quote_content(doc, *quoted)
                if inner is None:
                    continue
                start, end = inner
                kind = "direct"
            else:
                kind = "mixed" if any(a >= start and b <= end and is_real_quote(doc, a, b)
                                      for a, b in regions) else "indirect"  # fmt: skip
            stance = "denied" if token.lemma_ in DENIAL_VERBS else "asserted"
            claims.append(Claim(start, end, token, speaker, kind, stance, rule="cue-ccomp"))
    return claims


def _according_to(doc: Doc, tokens: list[Token]) -> list[Claim]:
    claims: list[Claim] = []
    for token in tokens:
        if token.lower_ != "according":
            continue
        to = next((c for c in token.children if c.lower_ == "to"), None)
        if to is None and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            to = doc[token.i + 1]
        if to is None:
            continue
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        phrase_end = to.right_edge.i if source is None else source.right_edge.i
        sent = token.sent
        cue = doc[token.i : to.i + 1]
        if token.i - sent.start <= 1:  # "According to X, content."
            content = _edges(doc, phrase_end + 1, sent.end - 1)
        elif phrase_end >= sent.end - 2 or doc[phrase_end + 1].is_punct:
            first = sent.start
            for t in doc[sent.start : token.i]:
                if t.lower_ in CUT_MARKS and t.dep_ in ("mark", "cc") and t.i > sent.start:
                    first = t.i + 1
            content = _edges(doc, first, token.i - 1)
            if phrase_end < sent.end - 2 and not doc[phrase_end + 1].is_sent_end:
                rest = _edges(doc, phrase_end + 1, sent.end - 1)
                if rest is not None and first == sent.start and content is not None:
                    content = content  # "X, according to Y, did Z": keep the first part
        else:
            content = _edges(doc, sent.start, sent.end - 1)
        if content is None:
            continue
        claims.append(Claim(content[0], content[1], cue, source, "indirect", rule="according-to"))
    return claims


def _denials(doc: Doc, tokens: list[Token]) -> list[Claim]:
    claims: list[Claim] = []
    for token in tokens:
        if token.pos_ != "VERB" or token.lemma_ not in DENIAL_VERBS | CONFIRM_VERBS:
            continue
        for obj in token.children:
            if obj.dep_ != "dobj" or obj.lemma_.lower() not in ALLEGATION_NOUNS:
                continue
            for clause in obj.children:
                if clause.dep_ not in ("acl", "relcl", "ccomp") or not any(
                    c.dep_ == "mark" and c.lower_ == "that" for c in clause.children
                ):
                    continue
                content = _content_of(doc, clause)
                if content is None:
                    continue
                stance = "denied" if token.lemma_ in DENIAL_VERBS else "asserted"
                claims.append(Claim(content[0], content[1], token, _subject(token), "indirect",
                                    stance, rule="allegation"))  # fmt: skip
    return claims


def _hedge_adverbs(doc: Doc, tokens: list[Token]) -> list[Claim]:
    claims: list[Claim] = []
    for token in tokens:
        if token.lower_ not in HEDGES or token.dep_ != "advmod":
            continue
        head = token.head
        first = head.left_edge.i
        # a fronted date or adverbial ("Earlier on Tuesday,") is not part of the content
        for child in head.lefts:
            if (
                child.dep_ in ("advmod", "prep", "npadvmod", "punct", "cc", "mark")
                and child.i < token.i
            ):
                subject = next((c for c in head.lefts if c.dep_ in SUBJECTS), None)
                if subject is not None and child.i < subject.left_edge.i:
                    first = max(first, child.right_edge.i + 1)
        content = _content_of(doc, head)
        if content is None:
            continue
        trimmed = _edges(doc, first, doc.char_span(*content, alignment_mode="expand")[-1].i)
        if trimmed is None:
            continue
        claims.append(Claim(trimmed[0], trimmed[1], token, None, "indirect", hedged=True,
                            rule="hedge"))  # fmt: skip
    return claims


def _accusations(doc: Doc, tokens: list[Token]) -> list[Claim]:
    claims: list[Claim] = []
    for token in tokens:
        if token.lemma_ not in ("accuse", "charge", "suspect") or token.pos_ != "VERB":
            continue
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is None:
            continue
        body = next((c for c in of.children if c.dep_ in ("pcomp", "pobj")), None)
        if body is None:
            continue
        content = _content_of(doc, body)
        if content is None:
            continue
        speaker = None if token.tag_ == "VBN" and token.dep_ in ("acl", "amod") else _subject(token)
        if token.tag_ == "VBN" and token.dep_ not in ("acl", "amod"):
            speaker = None
            for child in token.children:
                if child.dep_ == "agent":
                    speaker = next((c for c in child.children if c.dep_ == "pobj"), None)
        claims.append(Claim(content[0], content[1], token, speaker, "indirect", rule="accusation"))
    return claims


def _crosses(a: Claim, b: Claim) -> bool:
    return (
        a.start < b.end
        and b.start < a.end
        and not ((a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end))
    )


def find_claims(doc: Doc) -> list[Claim]:
    """All claims in ``doc`` (it needs a dependency parse), nested but never crossing."""
    if not doc.has_annotation("DEP"):
        return []
    verbs: list[Token] = []
    according: list[Token] = []
    hedges: list[Token] = []
    lemmas = CUE_VERBS | DENIAL_VERBS | CONFIRM_VERBS | {"accuse", "charge", "suspect"}
    for token in doc:  # one pass: each rule looks only at its own candidates
        lower = token.lower_
        if lower == "according":
            according.append(token)
        elif lower in HEDGES:
            hedges.append(token)
        elif token.pos_ == "VERB" and token.lemma_ in lemmas:
            verbs.append(token)
    regions = quotes(doc_text(doc))
    real = [(a, b) for a, b in regions if is_real_quote(doc, a, b)]
    candidates = (
        _direct_quotes(doc, real)
        + _cue_complements(doc, real, verbs)
        + _according_to(doc, according)
        + _denials(doc, verbs)
        + [c for c in _hedge_adverbs(doc, hedges) + _accusations(doc, verbs)
           if not inside(real, c.start, c.end)]
    )  # fmt: skip
    kept: list[Claim] = []
    for claim in candidates:
        if claim.cue is not None and claim.rule not in ("quote", "quote-floating"):
            cue_start = claim.cue.idx if hasattr(claim.cue, "idx") else claim.cue.start_char
            if inside(real, cue_start, cue_start + 1):
                continue
        if any((k.start, k.end) == (claim.start, claim.end) for k in kept):
            continue
        if any(_crosses(claim, k) for k in kept):
            continue
        claim.hedged = claim.hedged or _hedged(doc, claim.start, claim.end)
        kept.append(claim)
    kept.sort(key=lambda c: c.start)
    return kept
