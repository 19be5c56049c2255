"""Running a pipeline over stored documents and storing what it suggests.

A :class:`Suggester` turns a parsed spaCy ``Doc`` into suggested spans through a list of rules
(functions ``(doc, published) -> list[SuggestedSpan]``). Issue 4's claims, speakers and date values
plug in as more rules; the storage side (replace only what is still ``suggested``) stays the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.core.model import Span, SpanStatus, SuggestedSpan, Tokens, new_id
from annotator.core.nlp.entities import entity_suggestions
from annotator.core.nlp.pipeline import LoadedPipeline
from annotator.core.store import Store

if TYPE_CHECKING:
    from spacy.tokens import Doc

Rule = Callable[["Doc", str | None], list[SuggestedSpan]]


def _entities(doc: Doc, published: str | None) -> list[SuggestedSpan]:
    return entity_suggestions(doc)


DEFAULT_RULES: tuple[Rule, ...] = (_entities,)


@dataclass
class Suggester:
    pipeline: LoadedPipeline
    rules: tuple[Rule, ...] = DEFAULT_RULES
    batch_size: int = 32
    n_process: int = 1

    @property
    def origin(self) -> str:
        return self.pipeline.origin

    def suggest_texts(
        self, items: Iterable[tuple[int, str, str | None]]
    ) -> Iterator[tuple[int, list[SuggestedSpan], Tokens]]:
        """``(id, text, published)`` in, ``(id, suggestions, tokens)`` out, in the same order."""
        stream = ((text, (doc_id, published)) for doc_id, text, published in items)
        for doc, (doc_id, published) in self.pipeline.nlp.pipe(
            stream, as_tuples=True, batch_size=self.batch_size, n_process=self.n_process
        ):
            found: list[SuggestedSpan] = []
            for rule in self.rules:
                found.extend(rule(doc, published))
            tokens = Tokens(tuple(t.idx for t in doc), tuple(t.idx + len(t.text) for t in doc))
            yield doc_id, found, tokens


@dataclass
class SuggestSummary:
    documents: int = 0
    suggestions: int = 0
    cancelled: bool = False
    document_ids: list[int] = field(default_factory=list)


def preannotate(
    store: Store,
    document_ids: list[int],
    suggester: Suggester,
    progress: Callable[[int, int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> SuggestSummary:
    """Suggest spans for the documents and store them, one transaction per document.

    ``progress(done, total, document_id)`` is called after each document is stored. Only spans
    that are still ``suggested`` are replaced; accepted and rejected ones are kept.
    """
    summary = SuggestSummary()
    total = len(document_ids)
    for doc_id, found, tokens in suggester.suggest_texts(store.iter_texts(document_ids)):
        spans = [
            Span(
                id=new_id(),
                document_id=doc_id,
                start=s.start,
                end=s.end,
                label=s.label,
                attrs=s.attrs,
                origin=suggester.origin,
                status=SpanStatus.SUGGESTED,
            )
            for s in found
        ]
        summary.suggestions += store.replace_suggestions(doc_id, spans, suggester.origin, tokens)
        summary.documents += 1
        summary.document_ids.append(doc_id)
        if progress is not None:
            progress(summary.documents, total, doc_id)
        if should_cancel is not None and should_cancel():
            summary.cancelled = summary.documents < total
            break
    return summary
