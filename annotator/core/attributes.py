"""Which attributes each label has and what values they take: the panel builds its widgets from
this table, and the annotation operations check against it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    kind: str  # "choice" | "flag" | "text" | "canonical" | "timex" | "cue"
    choices: tuple[str, ...] = ()
    tip: str = ""


ATTRIBUTE_FIELDS: dict[str, tuple[Field, ...]] = {
    "ACTOR": (
        Field("type", "choice", ("", "PERSON", "ORG", "GPE", "OTHER"), "What kind of actor"),
        Field("mention", "choice", ("", "NAM", "NOM", "PRO"), "Name, noun phrase or pronoun"),
        Field("canonical", "canonical", tip="The full name that all mentions of this actor share"),
        Field("gpe_role", "choice", ("", "ORG", "PER", "LOC"), "A country acting as government,"
              " people or place"),
    ),
    "CLAIM": (
        Field("stance", "choice", ("", "asserted", "denied"), "Does the source assert or deny it"),
        Field("quote_type", "choice", ("", "direct", "indirect", "mixed"), "Quotation or report"),
        Field("hedged", "flag", tip="Reportedly, allegedly, likely..."),
        Field("cue", "cue", tip="The reporting words: said, told, according to, denied..."),
    ),
    "DATE": (
        Field("type", "choice", ("", "DATE", "TIME", "DURATION", "SET"), "TIMEX3 type"),
        Field("value", "timex", tip="Normalised value: 2022-10-18, 2022-W42, 2022-10, P3D, PXW,"
              " PAST_REF (empty when it cannot be resolved)"),
    ),
}  # fmt: skip


def fields_for(label: str) -> tuple[Field, ...]:
    return ATTRIBUTE_FIELDS.get(label, ())
