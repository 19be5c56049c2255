"""The TIMEX3 resolver: one test per form, against a Thursday publication date (2022-10-20)."""

from datetime import date

import pytest

from annotator.core.nlp.dates import find_dates, parse_dct, resolve
from annotator.core.timex import is_valid_value

THURSDAY = date(2022, 10, 20)


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        # absolute dates in the common news forms
        ("October 20, 2022", "DATE", "2022-10-20"),
        ("20 Oct", "DATE", "2022-10-20"),
        ("2017/2/7", "DATE", "2017-02-07"),
        ("2022-10-20", "DATE", "2022-10-20"),
        ("Oct. 20", "DATE", "2022-10-20"),
        ("Friday, January 4, 2019", "DATE", "2019-01-04"),
        ("October 2022", "DATE", "2022-10"),
        ("October", "DATE", "2022-10"),
        ("2019", "DATE", "2019"),
        ("the 1990s", "DATE", "199"),
        ("mid-2019", "DATE", "2019"),
        # weekdays: the most recent such day on or before the publication date
        ("Thursday", "DATE", "2022-10-20"),
        ("Tuesday", "DATE", "2022-10-18"),
        ("Friday", "DATE", "2022-10-14"),
        ("last Thursday", "DATE", "2022-10-13"),
        ("next Tuesday", "DATE", "2022-10-25"),
        # deictic days and parts of days
        ("yesterday", "DATE", "2022-10-19"),
        ("today", "DATE", "2022-10-20"),
        ("tomorrow", "DATE", "2022-10-21"),
        ("tonight", "TIME", "2022-10-20TNI"),
        ("this morning", "TIME", "2022-10-20TMO"),
        ("last night", "TIME", "2022-10-19TNI"),
        # last / this / next week, month, year
        ("this week", "DATE", "2022-W42"),
        ("last week", "DATE", "2022-W41"),
        ("next week", "DATE", "2022-W43"),
        ("last month", "DATE", "2022-09"),
        ("next month", "DATE", "2022-11"),
        ("this year", "DATE", "2022"),
        ("last year's", "DATE", "2021"),
        ("three days ago", "DATE", "2022-10-17"),
        ("two years ago", "DATE", "2020"),
        ("this summer", "DATE", "2022-SU"),
        # durations and sets
        ("3 days", "DURATION", "P3D"),
        ("weeks", "DURATION", "PXW"),
        ("several months", "DURATION", "PXM"),
        ("the past five years", "DURATION", "P5Y"),
        ("a decade", "DURATION", "P1DE"),
        ("24 hours", "DURATION", "PT24H"),
        ("weekly", "SET", "P1W"),
        # vague references
        ("soon", "DATE", "FUTURE_REF"),
        ("the past", "DATE", "PAST_REF"),
        ("recently", "DATE", "PAST_REF"),
        ("currently", "DATE", "PRESENT_REF"),
        # clock times on the publication date
        ("10 a.m.", "TIME", "2022-10-20T10:00"),
        ("3:30 pm", "TIME", "2022-10-20T15:30"),
        # unresolvable: empty, never a guess
        ("the day", "DATE", ""),
        ("a week earlier", "DATE", ""),
    ],
)
def test_resolve(text: str, kind: str, value: str) -> None:
    found = resolve(text, THURSDAY)
    assert (found.type, found.value) == (kind, value)
    assert is_valid_value(found.value)


def test_a_future_verb_moves_a_weekday_forward() -> None:
    assert resolve("Tuesday", THURSDAY, future=True).value == "2022-10-25"
    assert resolve("Thursday", THURSDAY, future=True).value == "2022-10-20"


def test_without_a_publication_date_only_absolute_dates_resolve() -> None:
    assert resolve("October 20, 2022", None).value == "2022-10-20"
    assert resolve("2017/2/7", None).value == "2017-02-07"
    for relative in ("Tuesday", "yesterday", "this week", "October", "20 Oct", "10 a.m."):
        assert resolve(relative, None).value == ""
    assert resolve("weeks", None).value == "PXW"  # a duration needs no anchor


def test_a_month_without_a_year_takes_the_nearest_year() -> None:
    assert resolve("December 28", date(2017, 1, 5)).value == "2016-12-28"
    assert resolve("Jan 5", date(2017, 12, 20)).value == "2018-01-05"


def test_parse_dct() -> None:
    assert parse_dct("2022-10-20") == THURSDAY
    assert parse_dct("2016-12-30T07:11:00") == date(2016, 12, 30)
    assert parse_dct(None) is None
    assert parse_dct("not a date") is None


def _ruled(text: str, patterns: list[dict[str, object]]) -> object:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(patterns)
    return nlp(text)


def test_found_dates_are_trimmed_to_their_timex_extent() -> None:
    doc = _ruled(
        "Earlier on Tuesday he spoke; earlier this week she left, as in the past, and"
        " will return soon at 10 a.m. after years of talks.",
        [
            {"label": "DATE", "pattern": [{"LOWER": "earlier"}, {"LOWER": "on"},
                                          {"TEXT": "Tuesday"}]},
            {"label": "DATE", "pattern": [{"LOWER": "earlier"}, {"LOWER": "this"},
                                          {"LOWER": "week"}]},
        ],
    )  # fmt: skip
    found = [(doc.text[m.start : m.end], m.type, m.value) for m in find_dates(doc, THURSDAY)]
    assert found == [
        ("Tuesday", "DATE", "2022-10-18"),
        ("this week", "DATE", "2022-W42"),
        ("the past", "DATE", "PAST_REF"),
        ("soon", "DATE", "FUTURE_REF"),
        ("10 a.m.", "TIME", "2022-10-20T10:00"),
    ]


def test_a_date_and_its_year_are_one_expression() -> None:
    doc = _ruled(
        "It started on December 22, last year.",
        [
            {"label": "DATE", "pattern": [{"TEXT": "December"}, {"TEXT": "22"}]},
            {"label": "DATE", "pattern": [{"LOWER": "last"}, {"LOWER": "year"}]},
        ],
    )
    found = [(doc.text[m.start : m.end], m.value) for m in find_dates(doc, date(2019, 1, 7))]
    assert found == [("December 22, last year", "2018-12-22")]


def test_ages_are_not_dates() -> None:
    doc = _ruled("The 54-year-old left.", [{"label": "DATE", "pattern": [{"TEXT": "54-year-old"}]}])
    assert find_dates(doc, THURSDAY) == []
