"""Actor mentions: extents, types and canonical names within a document (invented sentences)."""

import pytest

from annotator.core.nlp.actors import _ministry, _same_name
from tests.core.test_nlp_claims import model, suggest


def actors(text: str) -> list[tuple[str, dict[str, object]]]:
    text, found = suggest(text)
    return [(text[s.start : s.end], s.attrs) for s in found.spans if s.label == "ACTOR"]


def test_ministry_names_get_one_form() -> None:
    assert _ministry("Israeli Defense Ministry", None) == "Ministry of Defense (Israel)"
    assert _ministry("Foreign Ministry", "Iran") == "Ministry of Foreign Affairs (Iran)"
    assert _ministry("Ministry", None) is None


def test_transliterated_names_match() -> None:
    assert _same_name("Sarea", "Saree")
    assert not _same_name("Sarea", "Sarah")  # not the same first letters and length check
    assert not _same_name("Lee", "Lea")  # too short to tell


@model
def test_titles_and_articles_are_not_part_of_the_name_and_surnames_resolve() -> None:
    found = actors(
        "Foreign Minister Annalena Baerbock met the French president. Baerbock later flew home."
    )
    names = {text: attrs for text, attrs in found}
    assert names["Annalena Baerbock"]["canonical"] == "Annalena Baerbock"
    assert names["Annalena Baerbock"]["title"] == "Foreign Minister"
    assert names["Baerbock"]["canonical"] == "Annalena Baerbock"
    assert names["Baerbock"]["mention"] == "NAM"


@model
def test_acronyms_take_the_long_form_the_document_gives() -> None:
    found = dict(actors(
        "The International Energy Agency (IEA) published a report. The IEA expects a rebound."
    ))  # fmt: skip
    assert found["IEA"]["canonical"] == "International Energy Agency"


@model
def test_capitals_acting_for_governments_resolve_to_the_country() -> None:
    found = actors("Moscow rejected the plan. Many people live in Moscow.")
    assert [(text, attrs["canonical"]) for text, attrs in found] == [
        ("Moscow", "Russia"), ("Moscow", "Moscow")
    ]  # fmt: skip


@model
@pytest.mark.parametrize(
    ("text", "speaker", "mention", "canonical"),
    [
        ("Angela Merkel arrived. She said that the talks had failed.", "She", "PRO",
         "Angela Merkel"),
        ("The Israeli Defense Ministry met on Monday. The ministry said that talks had failed.",
         "The ministry", "NOM", "Ministry of Defense (Israel)"),
        ("The Ukrainian government said that talks had failed.", "The Ukrainian government",
         "NOM", "Ukraine"),
    ],
)  # fmt: skip
def test_speakers_that_are_pronouns_or_noun_phrases(
    text: str, speaker: str, mention: str, canonical: str
) -> None:
    found = dict(actors(text))
    assert found[speaker]["mention"] == mention
    assert found[speaker]["canonical"] == canonical
