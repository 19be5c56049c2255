"""A rule-based pipeline for machines without a trained model: a blank English tokenizer and an
entity ruler that finds dates (month names, weekdays, numeric dates, relative days) and the names
of countries. It finds far less than a model; the app says so with a visible warning."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
RELATIVE_DAYS = ["yesterday", "today", "tomorrow", "tonight"]
COUNTRIES = [
    "Afghanistan", "Argentina", "Australia", "Austria", "Belarus", "Belgium", "Brazil", "Canada",
    "Chile", "China", "Colombia", "Crimea", "Cuba", "Denmark", "Egypt", "Estonia", "Ethiopia",
    "Finland", "France", "Georgia", "Germany", "Greece", "Hungary", "India", "Indonesia", "Iran",
    "Iraq", "Ireland", "Israel", "Italy", "Japan", "Jordan", "Kazakhstan", "Kenya", "Latvia",
    "Lebanon", "Libya", "Lithuania", "Mexico", "Moldova", "Netherlands", "New Zealand", "Nigeria",
    "North Korea", "Norway", "Pakistan", "Palestine", "Peru", "Philippines", "Poland", "Portugal",
    "Qatar", "Romania", "Russia", "Saudi Arabia", "Serbia", "South Africa", "South Korea", "Spain",
    "Sudan", "Sweden", "Switzerland", "Syria", "Taiwan", "Turkey", "Ukraine", "United Kingdom",
    "United States", "Venezuela", "Vietnam", "Yemen", "the UK", "the US", "the U.S.", "Britain",
]  # fmt: skip


def _patterns() -> list[dict[str, object]]:
    month = {"TEXT": {"IN": MONTHS + [m[:3] for m in MONTHS]}}
    day = {"TEXT": {"REGEX": r"^\d{1,2}(st|nd|rd|th)?$"}}
    year = {"TEXT": {"REGEX": r"^(1[89]|20)\d\d$"}}
    comma = {"TEXT": ",", "OP": "?"}
    dot = {"TEXT": ".", "OP": "?"}
    date_shapes = [
        [month, dot, day, comma, year],
        [day, month, year],
        [month, dot, day],
        [day, month],
        [month, year],
        [{"TEXT": {"REGEX": r"^\d{4}[-/]\d{1,2}[-/]\d{1,2}$"}}],
        [{"TEXT": {"IN": WEEKDAYS}}],
        [{"LOWER": {"IN": RELATIVE_DAYS}}],
        [{"LOWER": {"IN": ["last", "next", "this"]}}, {"LOWER": {"IN": ["week", "month", "year"]}}],
    ]
    patterns: list[dict[str, object]] = [{"label": "DATE", "pattern": p} for p in date_shapes]
    for name in COUNTRIES:
        words = name.split()
        patterns.append({"label": "GPE", "pattern": [{"TEXT": w} for w in words]})
    return patterns


def build_fallback() -> Language:
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(_patterns())
    nlp.meta["name"] = "fallback_rules"
    return nlp
