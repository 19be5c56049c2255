"""Which of our labels an imported label becomes: ``--map FROM=TO`` first, then our own labels,
then the defaults for spaCy / OntoNotes (and CoNLL) entity labels.

Defaults: PERSON, PER -> ACTOR (type PERSON); ORG, ORGANIZATION -> ACTOR (type ORG); GPE -> ACTOR
(type GPE); DATE -> DATE (type DATE); TIME -> DATE (type TIME). The other OntoNotes labels (NORP,
FAC, LOC, PRODUCT, EVENT, WORK_OF_ART, LAW, LANGUAGE, PERCENT, MONEY, QUANTITY, ORDINAL, CARDINAL)
and CoNLL's MISC / LOCATION are left out, as the suggestions leave them out: most NORP mentions
are adjectives ("Ukrainian counterpart") and places are not actors. ``--map NORP=ACTOR`` brings
one back.

``--map X=-`` leaves X out; ``--map '*=-'`` leaves out every label nothing else maps. A label that
nothing maps is an error for its document (the message says which ``--map`` would fix it).
Matching is exact first, then case-insensitive ("Person" is PERSON).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from annotator.core.annotation import RELATION_TARGETS
from annotator.errors import AnnotatorError

DEFAULT_SPAN_LABELS = ("ACTOR", "CLAIM", "DATE")
RELATION_LABELS = tuple(RELATION_TARGETS)
DROP = "-"
ANY = "*"

_ACTOR = "ACTOR"
LEFT_OUT = (
    "NORP", "FAC", "LOC", "LOCATION", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE",
    "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "MISC",
)  # fmt: skip
DEFAULT_MAP: dict[str, tuple[str, dict[str, Any]] | None] = {
    "PERSON": (_ACTOR, {"type": "PERSON"}),
    "PER": (_ACTOR, {"type": "PERSON"}),
    "ORG": (_ACTOR, {"type": "ORG"}),
    "ORGANIZATION": (_ACTOR, {"type": "ORG"}),
    "ORGANISATION": (_ACTOR, {"type": "ORG"}),
    "GPE": (_ACTOR, {"type": "GPE"}),
    "DATE": ("DATE", {"type": "DATE"}),
    "TIME": ("DATE", {"type": "TIME"}),
    **dict.fromkeys(LEFT_OUT),
}


class UnknownLabel(ValueError):
    """A label nothing maps; the message says how to map it."""


@dataclass(frozen=True)
class LabelMap:
    span_labels: tuple[str, ...] = DEFAULT_SPAN_LABELS
    relation_labels: tuple[str, ...] = RELATION_LABELS
    user: dict[str, str | None] = field(default_factory=dict)
    """``--map`` entries: label -> target, or None to leave the label out (``*`` for any)."""

    @classmethod
    def parse(
        cls,
        specs: Iterable[str] = (),
        span_labels: Iterable[str] = DEFAULT_SPAN_LABELS,
        relation_labels: Iterable[str] = RELATION_LABELS,
    ) -> LabelMap:
        """Read ``FROM=TO`` entries; AnnotatorError for a malformed one or an unknown target."""
        spans, relations = tuple(span_labels), tuple(relation_labels)
        user: dict[str, str | None] = {}
        for spec in specs:
            source, sep, target = spec.partition("=")
            source, target = source.strip(), target.strip()
            if not sep or not source:
                raise AnnotatorError(f"--map {spec!r}: write it as FROM=TO, e.g. PERSON=ACTOR")
            if target in ("", DROP):
                user[source] = None
                continue
            if target not in spans and target not in relations:
                raise AnnotatorError(
                    f"--map {spec!r}: {target!r} is not one of our labels (spans:"
                    f" {', '.join(spans)}; relations: {', '.join(relations)}; '-' leaves it out)"
                )
            user[source] = target
        return cls(spans, relations, user)

    def _user(self, label: str) -> tuple[bool, str | None]:
        if label in self.user:
            return True, self.user[label]
        folded = {key.upper(): value for key, value in self.user.items()}
        if label.upper() in folded:
            return True, folded[label.upper()]
        return False, None

    def _fallback(self, label: str, kind: str, example: str) -> str | None:
        if ANY in self.user:
            return self.user[ANY]
        shown = label or "''"
        raise UnknownLabel(
            f"unknown {kind} label {shown!r}: map it with --map {label}={example}"
            f" (or --map {label}=- to leave it out)"
        )

    def span(self, label: str) -> tuple[str, dict[str, Any]] | None:
        """Our label and the attributes it implies; None to leave the span out."""
        found, target = self._user(label)
        if not found:
            if label in self.span_labels or label.upper() in self.span_labels:
                return (label if label in self.span_labels else label.upper()), {}
            if label.upper() in DEFAULT_MAP:
                default = DEFAULT_MAP[label.upper()]
                return None if default is None else (default[0], dict(default[1]))
            target = self._fallback(label, "span", self.span_labels[0])
        if target is None:
            return None
        if target not in self.span_labels:
            raise UnknownLabel(f"span label {label!r} maps to {target!r}, a relation label")
        implied = DEFAULT_MAP.get(label.upper())
        same = implied is not None and implied[0] == target
        return target, dict(implied[1]) if same and implied else {}

    def relation(self, label: str) -> str | None:
        """Our relation label; None to leave the relation out."""
        found, target = self._user(label)
        if not found:
            if label in self.relation_labels or label.upper() in self.relation_labels:
                return label if label in self.relation_labels else label.upper()
            target = self._fallback(label, "relation", self.relation_labels[0])
        if target is None:
            return None
        if target not in self.relation_labels:
            raise UnknownLabel(f"relation label {label!r} maps to {target!r}, a span label")
        return target
