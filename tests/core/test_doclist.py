"""The document browser's queries: filters, orders, search errors, list rows, progress."""

from __future__ import annotations

import pytest

from annotator.core.doclist import (
    DocumentQuery,
    first_unfinished,
    load_summaries,
    progress_counts,
    query_ids,
)
from annotator.core.model import DocStatus, NewDocument, Span, SpanStatus, new_id
from annotator.core.store import Store
from annotator.errors import StoreError


def add(
    store: Store,
    text: str,
    title: str | None = None,
    published: str | None = None,
    status: DocStatus = DocStatus.NEW,
    spans: tuple[tuple[str, SpanStatus], ...] = (),
) -> int:
    doc_id = store.add_document(NewDocument(text, title=title, published=published))
    assert doc_id is not None
    if status != DocStatus.NEW:
        store.set_status(doc_id, status)
    store.insert_spans(
        Span(new_id(), doc_id, 0, 1, label, {}, "human", span_status)
        for label, span_status in spans
    )
    return doc_id


def ids(store: Store, **query: object) -> list[int]:
    return query_ids(store, DocumentQuery(**query))  # type: ignore[arg-type]


@pytest.fixture
def corpus(store: Store) -> dict[str, int]:
    """Five documents covering every status, missing titles and dates, and span statuses."""
    return {
        "gantz": add(store, "Gantz met Reznikov in Kyiv.\nMore.", "banana talks", "2022-10-20",
                     spans=(("ACTOR", SpanStatus.ACCEPTED), ("ACTOR", SpanStatus.SUGGESTED))),
        "apple": add(store, "apple pie recipes\nsecond line", None, None, DocStatus.DONE,
                     spans=(("DATE", SpanStatus.REJECTED),)),
        "cherry": add(store, "Cherry season opens early", "", "2019-01-04", DocStatus.IN_PROGRESS,
                      spans=(("DATE", SpanStatus.SUGGESTED), ("ACTOR", SpanStatus.REJECTED))),
        "dates": add(store, "Talks on the e-mail leak resumed", "Durian", "2022-10-20",
                     DocStatus.SKIPPED),
        "empty": add(store, "Negotiators from Iran said nothing", "elderberry", None,
                     spans=(("CLAIM", SpanStatus.ACCEPTED),) * 3),
    }  # fmt: skip


def test_without_filters_every_document_is_listed_in_import_order(
    store: Store, corpus: dict[str, int]
) -> None:
    assert ids(store) == sorted(corpus.values())
    assert ids(store, descending=True) == sorted(corpus.values(), reverse=True)


def test_the_status_filter_keeps_one_status(store: Store, corpus: dict[str, int]) -> None:
    assert ids(store, status="new") == [corpus["gantz"], corpus["empty"]]
    assert ids(store, status=DocStatus.DONE) == [corpus["apple"]]
    assert ids(store, status="in_progress") == [corpus["cherry"]]


def test_the_label_filter_ignores_rejected_spans(store: Store, corpus: dict[str, int]) -> None:
    assert ids(store, label="ACTOR") == [corpus["gantz"]]
    assert ids(store, label="DATE") == [corpus["cherry"]]
    assert ids(store, label="CLAIM") == [corpus["empty"]]
    assert ids(store, label="RELATION") == []


def test_search_matches_words_phrases_and_prefixes_in_title_and_text(
    store: Store, corpus: dict[str, int]
) -> None:
    assert ids(store, search="reznikov") == [corpus["gantz"]]
    assert ids(store, search='"apple pie"') == [corpus["apple"]]
    assert ids(store, search="negotiat*") == [corpus["empty"]]
    assert ids(store, search="durian") == [corpus["dates"]]  # the title
    assert ids(store, search="talks OR cherry") == [corpus["gantz"], corpus["cherry"],
                                                    corpus["dates"]]  # fmt: skip
    assert ids(store, search="talks NOT banana") == [corpus["dates"]]
    assert ids(store, search="zebra") == []


def test_a_blank_search_is_no_filter(store: Store, corpus: dict[str, int]) -> None:
    assert ids(store, search="   ") == sorted(corpus.values())


def test_filters_combine(store: Store, corpus: dict[str, int]) -> None:
    assert ids(store, status="new", label="ACTOR", search="kyiv") == [corpus["gantz"]]
    assert ids(store, status="done", label="ACTOR") == []


@pytest.mark.parametrize(
    ("search", "problem"),
    [
        ('"abc', "unbalanced double quote"),
        ('talks "apple pie', "unbalanced double quote"),
        ("(abc OR def", "unbalanced parentheses"),
        ("abc)", "unbalanced parentheses"),
        ("talks AND", "it ends too early"),
        ("AND talks", "AND needs a word on both sides"),
        ("U.S. talks", 'unexpected "."'),
        ("e-mail", '"mail" is read as a column name'),
        ("*talks", '"*" marks a prefix and goes after a word'),
    ],
)
def test_a_bad_search_names_the_query_and_what_is_wrong(
    store: Store, corpus: dict[str, int], search: str, problem: str
) -> None:
    with pytest.raises(StoreError) as caught:
        ids(store, search=search)
    message = str(caught.value)
    assert message.startswith(f"bad search query {search!r}: {problem}")
    assert "\n" not in message


def test_dates_sort_with_undated_documents_last_in_both_directions(
    store: Store, corpus: dict[str, int]
) -> None:
    c = corpus
    assert ids(store, sort="date") == [c["cherry"], c["gantz"], c["dates"], c["apple"], c["empty"]]
    assert ids(store, sort="date", descending=True) == [
        c["dates"], c["gantz"], c["cherry"], c["empty"], c["apple"]
    ]  # fmt: skip


def test_titles_sort_without_case_and_fall_back_to_the_first_line(
    store: Store, corpus: dict[str, int]
) -> None:
    c = corpus
    # "apple pie recipes" (first line), banana, "Cherry season..." (empty title), Durian, elder...
    expected = [c["apple"], c["gantz"], c["cherry"], c["dates"], c["empty"]]
    assert ids(store, sort="title") == expected
    assert ids(store, sort="title", descending=True) == expected[::-1]


def test_statuses_sort_in_workflow_order(store: Store, corpus: dict[str, int]) -> None:
    c = corpus
    expected = [c["gantz"], c["empty"], c["cherry"], c["apple"], c["dates"]]
    assert ids(store, sort="status") == expected
    assert ids(store, sort="status", descending=True) == [
        c["dates"], c["apple"], c["cherry"], c["empty"], c["gantz"]
    ]  # fmt: skip


def test_span_counts_sort_without_rejected_spans(store: Store, corpus: dict[str, int]) -> None:
    c = corpus
    # counts: apple 0, dates 0, cherry 1, gantz 2, empty 3
    assert ids(store, sort="spans") == [c["apple"], c["dates"], c["cherry"], c["gantz"], c["empty"]]
    assert ids(store, sort="spans", status="new", descending=True) == [c["empty"], c["gantz"]]


def test_an_unknown_sort_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown sort 'length'; choose one of id, date"):
        DocumentQuery(sort="length")  # type: ignore[arg-type]


def test_summaries_come_in_the_order_asked_with_spans_not_rejected(
    store: Store, corpus: dict[str, int]
) -> None:
    c = corpus
    rows = load_summaries(store, [c["empty"], c["apple"], c["cherry"]])
    assert [r.id for r in rows] == [c["empty"], c["apple"], c["cherry"]]
    assert [r.span_count for r in rows] == [3, 0, 1]
    apple = rows[1]
    assert apple.title is None and apple.published is None and apple.status == DocStatus.DONE
    assert apple.display_title == "apple pie recipes"
    assert apple.length == len("apple pie recipes\nsecond line")
    assert rows[2].published == "2019-01-04" and rows[2].status == DocStatus.IN_PROGRESS


def test_summaries_leave_out_unknown_ids(store: Store, corpus: dict[str, int]) -> None:
    assert load_summaries(store, []) == []
    assert [r.id for r in load_summaries(store, [999, corpus["gantz"]])] == [corpus["gantz"]]


def test_a_page_of_summaries_is_one_query(store: Store) -> None:
    page = [add(store, f"Article {i} about topic {i % 50}\n" + "x" * 2000) for i in range(200)]
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    try:
        rows = load_summaries(store, page)
    finally:
        store.db.conn.set_trace_callback(None)
    assert len(statements) == 1
    assert [r.id for r in rows] == page
    assert rows[7].snippet == "Article 7 about topic 7\n" + "x" * 56


def test_progress_counts_done_documents_out_of_all(store: Store, corpus: dict[str, int]) -> None:
    assert progress_counts(store) == (1, 5)
    store.set_status(corpus["gantz"], DocStatus.DONE)
    assert progress_counts(store) == (2, 5)


def test_progress_of_an_empty_store(store: Store) -> None:
    assert progress_counts(store) == (0, 0)


def test_first_unfinished_keeps_the_order_given(store: Store, corpus: dict[str, int]) -> None:
    c = corpus
    assert first_unfinished(store, [c["apple"], c["dates"], c["cherry"], c["gantz"]]) == c["cherry"]
    assert first_unfinished(store, [c["apple"], c["dates"]]) is None
    assert first_unfinished(store, []) is None


def test_first_unfinished_looks_past_many_finished_documents(store: Store) -> None:
    finished = [add(store, f"done {i}", status=DocStatus.DONE) for i in range(400)]
    last = add(store, "still new")
    assert first_unfinished(store, [*finished, last]) == last
