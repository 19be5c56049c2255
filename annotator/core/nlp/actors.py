"""ACTOR suggestions: named mentions from spaCy NER with trimmed extents and canonical names, and
the nominal / pronominal mentions that speak (created on demand by the claim rules).

Named mentions (``mention`` NAM): PERSON / ORG / GPE entities, NORP used as a plural noun, LOC for
political blocs. Extents drop a leading article, leading titles ("Defense Minister", "Mr.") and a
trailing possessive; a PERSON the model cut short is widened over the capitalised name words
before it ("Oleksii Reznikov"). Known capitals and countries the model mistyped become GPE.

Canonical names, within one document:

* a surname or other short form resolves to the full name seen in the document ("Gantz" ->
  "Benny Gantz"; a surname the model tagged ORG or GPE becomes PERSON);
* an acronym resolves to its long form when the document gives it ("... Union (EU)" or an ORG
  whose initials spell it), else through the small table ``ACRONYMS``;
* a capital used as an actor (subject, possessor, agent) resolves to its country through
  ``CAPITALS`` ("Tehran" -> "Iran"); country aliases through ``COUNTRY_ALIASES`` ("U.S." ->
  "United States"); "the Iranians" -> "Iran" (the tables are in ``lexicon.py``);
* ministries get one form: "Israeli Defense Ministry" -> "Ministry of Defense (Israel)".

Speakers that are pronouns or noun phrases ("he", "the ministry") become PRO / NOM mentions with
the canonical name of their antecedent: he/she -> the last person named before; it/they/we -> the
last organisation or country; a noun phrase -> the last named actor whose name contains its head
noun (or the country of its adjective: "the Ukrainian government" -> "Ukraine").
"""

from __future__ import annotations

import re
from bisect import insort
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.core.nlp.lexicon import (
    ACRONYMS,
    CAPITALS,
    COUNTRY_ALIASES,
    DEMONYMS,
    DOCUMENT_NOUNS,
    GPE_NOUNS,
    GROUP_HEADS,
    GROUP_PRONOUNS,
    KNOWN_GPE,
    LEADING_WORDS,
    MINISTRY,
    MINISTRY_TOPICS,
    ORG_NOUNS,
    PERSON_PRONOUNS,
    POLITICAL_BLOCS,
    POSSESSIVE,
    TIME_WORDS,
    TITLES,
)
from annotator.core.nlp.text import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


@dataclass
class Mention:
    start: int
    end: int
    type: str
    mention: str
    canonical: str | None
    tokens: tuple[int, int]
    """First and last token index (inclusive)."""
    extra: dict[str, str] = field(default_factory=dict)

    def attrs(self) -> dict[str, object]:
        found: dict[str, object] = {"type": self.type, "mention": self.mention}
        if self.canonical:
            found["canonical"] = self.canonical
        found.update(self.extra)
        return found


def _norm(word: str) -> str:
    return word.lower().rstrip(".")


def _trimmed(doc: Doc, span: Span, person: bool) -> tuple[int, int] | None:
    first, last = span.start, span.end - 1
    while first <= last and (
        doc[first].lower_ in LEADING_WORDS or doc[first].is_punct
        or (person and _norm(doc[first].text) in TITLES and first < last)
    ):  # fmt: skip
        first += 1
    while last >= first and (doc[last].text in POSSESSIVE or doc[last].is_punct):
        last -= 1
    if first > last:
        return None
    if person:  # widen a name the model cut short: "Oleksii Reznikov"
        while (
            first > 0
            and doc[first - 1].pos_ == "PROPN"
            and doc[first - 1].text[:1].isupper()
            and not doc[first - 1].ent_type
            and _norm(doc[first - 1].text) not in TITLES
            and doc[first - 1].dep_ == "compound"
            and not doc[first - 1].is_sent_start
            and doc[first - 1].text not in DEMONYMS
        ):
            first -= 1
    return first, last


def _title_before(doc: Doc, first: int, ent_start: int) -> str:
    """Title words right before a name, inside or outside the entity: "Defense Minister"."""
    words: list[str] = []
    index = first - 1
    while index >= 0 and index >= ent_start - 4 and _norm(doc[index].text) in TITLES:
        words.insert(0, doc[index].text)
        index -= 1
    return " ".join(words)


def _actor_type(ent: Span) -> str | None:
    text = ent.text
    bare = re.sub(r"^(?:the|The)\s+", "", text)
    if bare in KNOWN_GPE and ent.label_ in ("PERSON", "ORG", "GPE", "LOC", "NORP"):
        return "GPE" if ent.label_ != "NORP" else None
    if ent.label_ in ("PERSON", "ORG", "GPE"):
        return ent.label_
    if ent.label_ == "NORP" and ent.root.tag_ in ("NNS", "NNPS"):
        return "GPE"
    if ent.label_ == "NORP" and len(ent) > 1 and ent.root.pos_ == "PROPN":
        return "ORG"  # "Saudi Aramco"
    if ent.label_ == "LOC" and bare.lower() in POLITICAL_BLOCS:
        return "GPE"
    return None


def _is_actor_role(token: Token) -> bool:
    """A place name used as an actor (subject, possessor, agent) rather than as a location;
    without a parse, capitals in the news are taken as their governments."""
    if not token.doc.has_annotation("DEP"):
        return True
    while token.dep_ == "conj":
        token = token.head
    if token.dep_ in ("nsubj", "nsubjpass", "poss", "dobj", "dative"):
        return True
    return token.dep_ == "pobj" and token.head.lower_ in ("by", "with", "between", "to", "against")


def _ministry(text: str, country: str | None) -> str | None:
    match = MINISTRY.match(text)
    if not match:
        return None
    adj, topic = match.group("adj"), match.group("topic")
    if adj and adj not in DEMONYMS:
        topic = f"{adj} {topic}"
        adj = None
    topic = MINISTRY_TOPICS.get(topic, topic)
    where = DEMONYMS.get(adj or "") or country
    return f"Ministry of {topic}" + (f" ({where})" if where else "")


def _same_name(surname: str, word: str) -> bool:
    """Equal, or a transliteration variant of a long name (one letter changed): Sarea / Saree."""
    if surname == word:
        return True
    if len(word) < 5 or len(surname) != len(word) or word[0] != surname[0]:
        return False
    return sum(a != b for a, b in zip(surname, word, strict=True)) == 1


def _initials(text: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", text) if w[0].isupper())


def named_mentions(doc: Doc) -> list[Mention]:
    """Named ACTOR mentions in text order, with types and canonical names resolved."""
    mentions: list[Mention] = []
    for ent in doc.ents:
        kind = _actor_type(ent)
        if kind is None:
            continue
        if ent.text.lower() in TIME_WORDS:
            continue
        extent = _trimmed(doc, ent, person=kind == "PERSON")
        if extent is None:
            continue
        first, last = extent
        root = doc[last]
        head = root.head
        if root.dep_ in ("compound", "nmod", "amod") and 0 < head.i - last <= 3 and (
            head.pos_ == "NOUN" and head.text.islower()
            and all(t.text.islower() for t in doc[last + 1 : head.i + 1])
        ):  # fmt: skip
            if head.i == last + 1 and (head.lemma_ in GROUP_HEADS or head.lower_ in GROUP_HEADS):
                last, kind = head.i, "ORG"  # "the Houthi movement"
            elif kind == "ORG" and first == last:
                continue  # a name used as a modifier: "the Khurais oil field"
        if (
            root.dep_ == "pobj"
            and root.head.lower_ == "of"
            and (_norm(root.head.head.text) in TITLES and kind == "ORG")
        ):
            continue  # part of a title: "Secretary of State"
        piece = doc[first : last + 1]
        mention = Mention(piece.start_char, piece.end_char, kind, "NAM", None, (first, last))
        if kind == "PERSON":
            title = _title_before(doc, first, ent.start)
            if title:
                mention.extra["title"] = title
        mentions.append(mention)
    _surnames(doc, mentions)
    _canonicalise(doc, mentions)
    return mentions


def _surnames(doc: Doc, mentions: list[Mention]) -> None:
    """The surname back-off: a capitalised word the model left untagged (or tagged as a place)
    that is the last name of a person named in the document is a mention of that person."""
    surnames = {
        doc[m.tokens[1]].text for m in mentions if m.type == "PERSON" and m.tokens[1] > m.tokens[0]
    }
    if not surnames:
        return
    taken = {i for m in mentions for i in range(m.tokens[0], m.tokens[1] + 1)}
    for token in doc:
        if (
            token.text in surnames
            and token.i not in taken
            and token.ent_type_ in ("", "LOC", "FAC")
        ):
            if token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN":
                continue  # part of a longer name
            end = token.idx + len(token)
            mentions.append(Mention(token.idx, end, "PERSON", "NAM", None, (token.i, token.i)))
    mentions.sort(key=lambda m: m.start)


def _canonicalise(doc: Doc, mentions: list[Mention]) -> None:
    text = doc_text(doc)
    full_names = [m for m in mentions if m.type == "PERSON" and m.tokens[1] > m.tokens[0]]
    long_forms: dict[str, str] = {}
    for m in mentions:  # "European Union (EU)", "EU (European Union)"
        name = text[m.start : m.end]
        after = re.match(r"\s*\(([A-Z][A-Z.&]{1,9})\)", text[m.end : m.end + 14])
        if after and m.type in ("ORG", "GPE") and _initials(name) == after.group(1):
            long_forms[after.group(1)] = name
        if m.type == "ORG" and len(name.split()) >= 2:
            long_forms.setdefault(_initials(name), name)
    for m in mentions:
        name = text[m.start : m.end]
        if m.type in ("PERSON", "ORG", "GPE") and m.tokens[0] == m.tokens[1]:
            for full in full_names:
                if full is m:
                    continue
                full_name = text[full.start : full.end]
                if _same_name(full_name.split()[-1], name) or (
                    m.type == "PERSON" and full_name.split()[0] == name and len(name) > 3
                    and not any(f.start < m.start and text[f.start:f.end].split()[-1] == name
                                for f in full_names)
                ):  # fmt: skip
                    m.type = "PERSON"
                    m.canonical = full.canonical or full_name
                    break
        if m.canonical:
            continue
        if m.type == "PERSON":
            m.canonical = name
        elif m.type == "GPE":
            if name in CAPITALS:
                token = doc[m.tokens[1]]
                m.canonical = CAPITALS[name] if _is_actor_role(token) else name
            elif name in COUNTRY_ALIASES:
                m.canonical = COUNTRY_ALIASES[name]
            elif name.rstrip("s") in DEMONYMS:
                m.canonical = DEMONYMS[name.rstrip("s")]
            elif name.lower() in POLITICAL_BLOCS:
                m.canonical = "the " + name if not name.lower().startswith("the ") else name
            else:
                m.canonical = name
        else:  # ORG
            if name in long_forms:
                m.canonical = long_forms[name]
            elif name in ACRONYMS:
                m.canonical = ACRONYMS[name]
            elif name in COUNTRY_ALIASES:
                m.type, m.canonical = "GPE", COUNTRY_ALIASES[name]
            else:
                owner = _possessor_country(doc, m.tokens[0])
                m.canonical = _ministry(name, owner) or name
    # short forms of organisations: "Defense Ministry" after "Israeli Defense Ministry"
    for index, m in enumerate(mentions):
        if m.type != "ORG" or m.canonical != text[m.start : m.end]:
            continue
        for earlier in reversed(mentions[:index]):
            other = text[earlier.start : earlier.end]
            if (
                earlier.type == "ORG"
                and other != m.canonical
                and (other.endswith(" " + m.canonical) or other.startswith(m.canonical + " "))
            ):
                m.canonical = earlier.canonical
                break


def _possessor_country(doc: Doc, first: int) -> str | None:
    """The country owning a mention: "Iran's foreign ministry" -> Iran."""
    if first >= 2 and doc[first - 1].text in POSSESSIVE:
        owner = doc[first - 2].text
        return CAPITALS.get(owner) or COUNTRY_ALIASES.get(owner) or owner
    return None


class Resolver:
    """Finds the actor a speaker token refers to, creating NOM / PRO mentions as needed."""

    def __init__(self, doc: Doc, mentions: list[Mention]) -> None:
        self.doc = doc
        self.mentions = mentions
        self.by_token: dict[int, Mention] = {}
        for m in mentions:
            for i in range(m.tokens[0], m.tokens[1] + 1):
                self.by_token[i] = m
        self.taken = [(m.start, m.end) for m in mentions]

    def block(self, start: int, end: int) -> None:
        """Keep new mentions off this stretch (a date: the entity layer is flat)."""
        self.taken.append((start, end))

    def _before(
        self, position: int, types: tuple[str, ...], named_only: bool = True
    ) -> Mention | None:
        best = None
        for m in self.mentions:
            if m.start >= position:
                break
            if m.type in types and (m.mention == "NAM" or not named_only):
                best = m
        return best

    def _add(self, mention: Mention) -> Mention | None:
        if any(mention.start < b and a < mention.end for a, b in self.taken):
            return None
        insort(self.mentions, mention, key=lambda m: m.start)
        self.taken.append((mention.start, mention.end))
        for i in range(mention.tokens[0], mention.tokens[1] + 1):
            self.by_token[i] = mention
        return mention

    def speaker(self, token: Token) -> Mention | None:
        """The mention for a speaker token (the head of the subject or of "according to X")."""
        doc = self.doc
        if token.i in self.by_token:
            return self.by_token[token.i]
        for child in token.children:  # "the spokesman, John Smith," / "news broadcaster NRK"
            if child.dep_ in ("appos", "compound", "npadvmod") and child.i in self.by_token:
                found = self.by_token[child.i]
                if found.type == "PERSON" or token.text.islower():
                    return found
        lower = token.lower_
        if token.pos_ == "PRON":
            if lower in PERSON_PRONOUNS:
                antecedent = self._before(token.idx, ("PERSON",))
                kind = "PERSON"
            elif lower in GROUP_PRONOUNS:
                antecedent = self._before(token.idx, ("ORG", "GPE"), named_only=False)
                kind = antecedent.type if antecedent else "ORG"
            else:
                return None
            canonical = antecedent.canonical if antecedent else None
            return self._add(
                Mention(
                    token.idx, token.idx + len(token), kind, "PRO", canonical, (token.i, token.i)
                )
            )
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        if token.pos_ == "PROPN" and token.text[:1].isupper() and _norm(token.text) not in TITLES:
            return self._unlisted_name(token)
        first = token.i
        for child in token.lefts:
            if child.dep_ in ("det", "amod", "compound", "nummod", "quantmod", "nmod") and (
                child.i not in self.by_token
            ):
                first = min(first, child.left_edge.i if child.dep_ != "det" else child.i)
        while first < token.i and (doc[first].is_punct or doc[first].i in self.by_token):
            first += 1
        piece = doc[first : token.i + 1]
        head = token.lemma_.lower()
        if head in DOCUMENT_NOUNS or lower in DOCUMENT_NOUNS:
            kind = "OTHER"
        elif head in GPE_NOUNS:
            kind = "GPE"
        elif head in ORG_NOUNS or lower in ORG_NOUNS:
            kind = "ORG"
        else:
            kind = "PERSON"
        canonical = self._nominal_canonical(piece, token)
        return self._add(
            Mention(piece.start_char, piece.end_char, kind, "NOM", canonical, (first, token.i))
        )

    def _unlisted_name(self, token: Token) -> Mention | None:
        """A speaker's name the model did not tag ("Scholz said"): a named PERSON mention,
        resolved to a longer name in the document that ends with it."""
        first = token.i
        while first > 0 and self.doc[first - 1].dep_ == "compound" and (
            self.doc[first - 1].pos_ == "PROPN" and self.doc[first - 1].i not in self.by_token
            and _norm(self.doc[first - 1].text) not in TITLES
        ):  # fmt: skip
            first -= 1
        piece = self.doc[first : token.i + 1]
        canonical = piece.text
        for m in self.mentions:
            name = doc_text(self.doc)[m.start : m.end]
            if (
                m.mention == "NAM"
                and len(name.split()) > len(piece)
                and (_same_name(name.split()[-1], token.text))
            ):
                canonical = m.canonical if m.type == "PERSON" and m.canonical else name
                break
        return self._add(
            Mention(piece.start_char, piece.end_char, "PERSON", "NAM", canonical, (first, token.i))
        )

    def _nominal_canonical(self, piece: Span, head: Token) -> str | None:
        if head.lower_ in TITLES and any(w.lower_ in ("the", "this") for w in piece):
            for m in reversed(self.mentions):
                if (
                    m.start < piece.start_char
                    and m.type == "PERSON"
                    and head.lower_ in (m.extra.get("title", "").lower().split())
                ):
                    return m.canonical
        for word in piece:
            if word.text in DEMONYMS and head.lemma_.lower() in GPE_NOUNS:
                return DEMONYMS[word.text]
        owner = _possessor_country(self.doc, piece.start)
        if owner and head.lemma_.lower() in GPE_NOUNS:
            return owner
        if (
            head.lemma_.lower() in GPE_NOUNS | ORG_NOUNS
            and head.tag_ in ("NN", "NNP")
            and any(w.lower_ in ("the", "this", "that") for w in piece)
        ):
            needle = head.lemma_.lower()
            for m in reversed(self.mentions):
                if m.start >= piece.start_char or m.mention != "NAM":
                    continue
                name = doc_text(self.doc)[m.start : m.end].lower()
                if needle in name.split() or (m.canonical and needle in m.canonical.lower()):
                    return m.canonical
            if head.lemma_.lower() in GPE_NOUNS:
                gpe = self._before(piece.start_char, ("GPE",))
                return gpe.canonical if gpe else None
        return None
