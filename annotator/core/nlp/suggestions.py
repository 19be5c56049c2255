"""What a rule returns: suggested spans, and relations between them by index into the span list.

Indices keep rules free of ids and of the store: :func:`annotator.core.nlp.suggest.to_rows` gives
the spans ids, and the store maps relations onto the spans it keeps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.core.model import SuggestedSpan


@dataclass(frozen=True, slots=True)
class SuggestedRelation:
    head: int
    """Index of the head span (a CLAIM) in :attr:`Suggestions.spans`."""
    child: int
    """Index of the child span (an ACTOR for SPEAKER, a DATE for STATED_ON)."""
    label: str


@dataclass
class Suggestions:
    spans: list[SuggestedSpan] = field(default_factory=list)
    relations: list[SuggestedRelation] = field(default_factory=list)
    _index: dict[tuple[int, int, str], int] = field(default_factory=dict, repr=False)

    def add(self, span: SuggestedSpan) -> int:
        """Add a span; returns its index (the index of an identical span already added)."""
        key = (span.start, span.end, span.label)
        if key not in self._index:
            self._index[key] = len(self.spans)
            self.spans.append(span)
        return self._index[key]

    def link(self, head: int, child: int, label: str) -> None:
        relation = SuggestedRelation(head, child, label)
        if relation not in self.relations:
            self.relations.append(relation)

    def merge(self, other: Suggestions) -> None:
        """Add another rule's suggestions, re-indexing its relations."""
        moved = [self.add(span) for span in other.spans]
        for relation in other.relations:
            self.link(moved[relation.head], moved[relation.child], relation.label)

    def by_label(self, label: str) -> list[SuggestedSpan]:
        return [span for span in self.spans if span.label == label]
