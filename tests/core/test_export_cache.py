"""The export's fast path: the Prodigy tokens JSON cached when tokens are stored, the span order
taken from the index, and output files that append other processes' parts. Each must give the
bytes the slow path gives."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.export import ExportOptions, export
from annotator.core.formats import token_cache, tokens
from annotator.core.formats.files import AtomicOutputs
from annotator.core.formats.rows import Selection, iter_documents
from annotator.core.model import DocStatus, NewDocument, Relation, Span, SpanStatus, Tokens, new_id
from annotator.core.spans import regex_tokens
from annotator.core.store import Store, open_store

NLP = spacy.blank("en")
TEXT = 'Angela Merkel said on Monday: "We will not back the plan." 😀 北京\n\nMore\ttext here.'


def spacy_tokens(text: str) -> Tokens:
    doc = NLP(text)
    return Tokens(tuple(t.idx for t in doc), tuple(t.idx + len(t) for t in doc))


def add(store: Store, text: str, spans: list[tuple[int, int, str]], tokenizer: str = "spacy"):
    doc_id = store.add_document(NewDocument(text, title="t"))
    assert doc_id is not None
    found = spacy_tokens(text) if tokenizer == "spacy" else regex_tokens(text)
    store.save_tokens(doc_id, found, f"test:{tokenizer}")
    made = [Span(new_id(), doc_id, s, e, label, {"n": i}, "human", SpanStatus.ACCEPTED, "ana")
            for i, (s, e, label) in enumerate(spans)]  # fmt: skip
    store.insert_spans(made)
    claims = [s for s in made if s.label == "CLAIM"]
    actors = [s for s in made if s.label == "ACTOR"]
    if claims and actors:
        store.insert_relations([Relation(new_id(), doc_id, claims[0].id, actors[0].id, "SPEAKER")])
    store.set_status(doc_id, DocStatus.DONE)
    return doc_id


def cached_entries(store: Store) -> int:
    return store.db.execute("SELECT count(*) FROM tokens WHERE prodigy IS NOT NULL").fetchone()[0]


def export_bytes(store: Store, out: Path) -> bytes:
    export(store, ExportOptions(out=out))
    return out.read_bytes()


PIECES = st.sampled_from(
    ["word", "Gantz", " ", "  ", "\n", "\n\n", "\t", '"', "\\", "\x01", "é", "😀", "北京",
     "\u2028", "’s", ".", "-", "\u00a0", "\ufeff"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(text=st.lists(PIECES, min_size=1, max_size=50).map("".join))
def test_a_cache_entry_holds_the_tokens_json_the_export_would_render(text: str) -> None:
    found = spacy_tokens(text)
    entry = token_cache.render(text, found.starts, found.ends)
    assert entry is not None  # spaCy's tokens are always complete
    rendered = tokens.prodigy_json(text, tokens.complete(text, found.starts, found.ends))
    assert token_cache.load(entry) == rendered


def test_incomplete_tokens_are_not_cached(store: Store) -> None:
    text = "Start-Up  firms\nwon."
    found = regex_tokens(text)  # leaves the second space and the line break uncovered
    assert token_cache.render(text, found.starts, found.ends) is None
    add(store, text, [], tokenizer="regex")
    add(store, "Complete tokens.", [])
    assert cached_entries(store) == 1


def test_storing_tokens_renders_their_cache(store: Store) -> None:
    doc_id = add(store, TEXT, [(0, 13, "ACTOR")])
    assert cached_entries(store) == 1
    store.replace_suggestions(doc_id, [], "model:x", tokens=Tokens((0, 7), (6, 13)))
    entry = store.db.execute("SELECT prodigy FROM tokens").fetchone()[0]
    assert entry is None  # those two tokens leave most of the text uncovered: not cached
    store.replace_suggestions(doc_id, [], "model:x", tokens=spacy_tokens(TEXT))
    assert cached_entries(store) == 1


def test_the_export_gives_the_same_bytes_with_and_without_the_cache(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(store, TEXT, [(0, 13, "ACTOR"), (0, 58, "CLAIM"), (22, 28, "DATE"), (7, 13, "ACTOR")])
    add(store, "Two words.", [(0, 3, "ACTOR")])  # "Two" is inside no token: split, not cached
    add(store, "No spans at all here.", [])
    cached = export_bytes(store, tmp_path / "cached.jsonl")
    store.db.execute("UPDATE tokens SET prodigy = NULL")
    assert export_bytes(store, tmp_path / "rendered.jsonl") == cached


def test_the_export_copies_the_cache_instead_of_building_token_dicts(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(store, TEXT, [(0, 13, "ACTOR"), (0, 58, "CLAIM")])
    expected = export_bytes(store, tmp_path / "a.jsonl")

    def forbidden(*_args: object) -> bytes:
        raise AssertionError("token dicts built although the cache holds them")

    monkeypatch.setattr(tokens, "prodigy_json", forbidden)
    assert export_bytes(store, tmp_path / "b.jsonl") == expected
    add(store, "Two words.", [(0, 2, "ACTOR")])  # splits "Two": its tokens must be rendered
    with pytest.raises(AssertionError, match="token dicts built"):
        export_bytes(store, tmp_path / "c.jsonl")


def test_a_database_from_before_the_cache_exports_the_same_bytes(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with open_store(path) as store:
        add(store, TEXT, [(0, 13, "ACTOR"), (0, 58, "CLAIM")])
        expected = export_bytes(store, tmp_path / "new.jsonl")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("ALTER TABLE tokens DROP COLUMN prodigy")
    conn.execute("PRAGMA user_version = 3")
    conn.close()
    with open_store(path) as store:
        assert store.db.execute("SELECT prodigy FROM tokens").fetchone() == (None,)
        assert export_bytes(store, tmp_path / "old.jsonl") == expected


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    spans=st.lists(
        st.tuples(
            st.integers(0, 3),
            st.integers(1, 4),
            st.sampled_from(["ACTOR", "CLAIM", "DATE"]),
            st.sampled_from([None, '{"a":1}', '{"a":2}', "{}"]),
            st.sampled_from([None, "", "ana", "bo"]),
        ),
        max_size=12,
    )
)
def test_spans_come_in_the_order_sqlite_would_sort_them(
    spans: list[tuple[int, int, str, str | None, str | None]],
) -> None:
    """Spans are read in the index's order and only documents with spans starting together
    are sorted in Python: the result must be SQLite's full ORDER BY."""
    with open_store(None) as store:
        doc_id = store.add_document(NewDocument("a b c d e f g h"))
        assert doc_id is not None
        for start, length, label, attrs, annotator in spans:
            store.db.execute(
                "INSERT INTO spans (id, document_id, start, end, label, attrs, origin, status,"
                " annotator, created, updated) VALUES (?, ?, ?, ?, ?, ?, 'human', 'accepted',"
                " ?, 'now', 'now')",
                (new_id(), doc_id, 2 * start, 2 * (start + length) - 1, label, attrs, annotator),
            )
        store.set_status(doc_id, DocStatus.DONE)
        conn = store.db.conn
        expected = conn.execute(
            "SELECT id, start, end, label, attrs, annotator, status FROM spans ORDER BY start,"
            " end DESC, label, attrs, annotator"
        ).fetchall()
        (doc,) = iter_documents(conn, Selection())
        key = [row[1:] for row in doc.spans]
        assert key == [row[1:] for row in expected]


def test_output_files_append_other_parts_in_order(tmp_path: Path) -> None:
    lines = [b"%d %s\n" % (i, b"y" * (i % 5000)) for i in range(3000)]  # about 7 MB
    other = tmp_path / "other.part"
    other.write_bytes(b"".join(lines[1000:]))
    with AtomicOutputs() as outputs:
        handle = outputs.file(tmp_path / "out.txt")
        for line in lines[:1000]:
            handle.write(line)
        handle.append_file(other)
        handle.write(b"last\n")
        outputs.commit()
    assert (tmp_path / "out.txt").read_bytes() == b"".join(lines) + b"last\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.part", "out.txt"]
