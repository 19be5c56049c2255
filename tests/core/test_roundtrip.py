"""Round trips: export -> import into a fresh database -> export gives the same bytes, for random
documents (emoji, CJK, combining marks, line breaks, nested claims, relations, attributes,
suggestions, every document status, stored tokens or none) and for CRLF input; doccano and brat
keep every span and relation (brat also the attributes)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import orjson
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.export import ExportOptions, export
from annotator.core.importing import import_paths
from annotator.core.model import (
    DocStatus,
    NewDocument,
    Relation,
    Span,
    SpanStatus,
    Tokens,
    new_id,
    normalise_text,
)
from annotator.core.spans import regex_tokens
from annotator.core.store import Store, open_store

NLP = spacy.blank("en")
WORDS = [
    "Gantz",
    "said",
    "Iran’s",
    "😀",
    "北京欢迎你",
    "Café",
    "e\u0301t\u00e9",
    "U.S.",
    "(",
    '"quoted"',
    "don't",
    "Start-Up",
    "C:\\path",
    "\x01",
    "ǅ",
    "3:15",
    ".",
]
SEPARATORS = [" ", " ", " ", "\n", "\r\n", "  ", "\n\n", ""]
RELATIONS = {"SPEAKER": "ACTOR", "ADDRESSEE": "ACTOR", "STATED_ON": "DATE", "EVENT_TIME": "DATE"}
SCALARS = st.one_of(
    st.text(alphabet=st.sampled_from("ab ç😀北\n\"'\\"), max_size=8),
    st.booleans(),
    st.none(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)
ATTRS = st.dictionaries(
    st.sampled_from(["type", "stance", "value", "hedged", "canonical", "note", "mention"]),
    st.one_of(
        SCALARS,
        st.fixed_dictionaries(
            {"text": st.text(max_size=5), "start": st.integers(0, 99), "end": st.integers(0, 99)}
        ),
    ),
    max_size=4,
)


def tokens_of(text: str) -> list[tuple[int, int]]:
    return [(t.idx, t.idx + len(t)) for t in NLP(text) if not t.is_space]


@st.composite
def raw_texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=16))
    return "".join(w + draw(st.sampled_from(SEPARATORS)) for w in words)


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    text = normalise_text(draw(raw_texts())).strip() or "word"
    words = tokens_of(text)
    spans: dict[tuple[int, int, str], dict[str, Any]] = {}
    for _ in range(draw(st.integers(0, 7))):
        i = draw(st.integers(0, len(words) - 1))
        j = draw(st.integers(i, min(i + 6, len(words) - 1)))
        label = draw(st.sampled_from(["ACTOR", "DATE", "CLAIM", "CLAIM"]))
        spans[(words[i][0], words[j][1], label)] = {
            "attrs": draw(ATTRS),
            "status": draw(st.sampled_from(list(SpanStatus))),
            "annotator": draw(st.sampled_from([None, "ana", "bo", "ç😀"])),
        }
    keys = list(spans)
    relations = set()
    for _ in range(draw(st.integers(0, 4))):
        label = draw(st.sampled_from(sorted(RELATIONS)))
        heads = [k for k in keys if k[2] == "CLAIM"]
        children = [k for k in keys if k[2] == RELATIONS[label]]
        if heads and children:
            relations.add((draw(st.sampled_from(heads)), draw(st.sampled_from(children)), label))
    return {
        "text": text,
        "title": draw(st.sampled_from([None, "Title", "Überschrift 😀"])),
        "published": draw(st.sampled_from([None, "2022-10-20"])),
        "source": draw(st.sampled_from([None, "wire.txt:3"])),
        "meta": draw(
            st.dictionaries(st.sampled_from(["url", "id", "lang", "source"]), SCALARS, max_size=3)
        ),
        "status": draw(st.sampled_from(list(DocStatus))),
        "tokens": draw(st.sampled_from(["spacy", "regex", None])),
        "spans": spans,
        "relations": relations,
    }


def fill(store: Store, docs: list[dict[str, Any]]) -> None:
    for doc in docs:
        doc_id = store.add_document(
            NewDocument(doc["text"], doc["title"], doc["published"], doc["source"], doc["meta"])
        )
        assert doc_id is not None
        ids = {key: new_id() for key in doc["spans"]}
        store.insert_spans(
            Span(
                ids[key],
                doc_id,
                key[0],
                key[1],
                key[2],
                info["attrs"],
                "human",
                info["status"],
                info["annotator"],
            )
            for key, info in doc["spans"].items()
        )
        store.insert_relations(
            Relation(new_id(), doc_id, ids[head], ids[child], label)
            for head, child, label in doc["relations"]
        )
        if doc["tokens"] == "spacy":
            found = [(t.idx, t.idx + len(t)) for t in NLP(doc["text"])]
            store.save_tokens(doc_id, Tokens(*map(tuple, zip(*found, strict=True))), "model:x")
        elif doc["tokens"] == "regex":
            store.save_tokens(doc_id, regex_tokens(doc["text"]), "rule:regex")
        store.set_status(doc_id, doc["status"])


def spacy_tokenizer(text: str) -> tuple[list[int], list[int]]:
    doc = NLP(text)
    return [t.idx for t in doc], [t.idx + len(t) for t in doc]


def round_trip(folder: Path, store: Store, options: ExportOptions) -> tuple[bytes, bytes]:
    first = folder / f"first-{options.format}"
    second = folder / f"second-{options.format}"
    if options.format != "brat":
        first, second = first.with_suffix(".jsonl"), second.with_suffix(".jsonl")
    export(store, _with(options, first), tokenizer=spacy_tokenizer)
    with open_store(None) as fresh:
        summary = import_paths(fresh, [first])
        assert summary.rejected == 0, summary.problems
        export(fresh, _with(options, second), tokenizer=spacy_tokenizer)
    return _bytes(first), _bytes(second)


def _with(options: ExportOptions, out: Path) -> ExportOptions:
    from dataclasses import replace

    return replace(options, out=out)


def _bytes(path: Path) -> bytes:
    if path.is_dir():
        return b"".join(p.name.encode() + p.read_bytes() for p in sorted(path.iterdir()))
    return path.read_bytes()


ALL = tuple(s.value for s in DocStatus)
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(
    docs=st.lists(documents(), min_size=1, max_size=4, unique_by=lambda d: d["text"]),
    suggestions=st.booleans(),
)
def test_jsonl_export_import_export_gives_identical_bytes(
    tmp_path: Path, docs: list[dict[str, Any]], suggestions: bool
) -> None:
    folder = tmp_path / uuid.uuid4().hex
    folder.mkdir()
    with open_store(None) as store:
        fill(store, docs)
        first, second = round_trip(
            folder, store, ExportOptions(statuses=ALL, include_suggestions=suggestions)
        )
    assert first == second
    tasks = [orjson.loads(line) for line in first.splitlines()]
    assert len(tasks) == len(docs)
    for task, doc in zip(tasks, docs, strict=True):
        kept = {
            k
            for k, v in doc["spans"].items()
            if v["status"] == SpanStatus.ACCEPTED
            or (suggestions and v["status"] == SpanStatus.SUGGESTED)
        }
        assert {(s["start"], s["end"], s["label"]) for s in task["spans"]} == kept
        for span in task["spans"]:
            assert (
                span["attrs"] == doc["spans"][(span["start"], span["end"], span["label"])]["attrs"]
            )
        relations = {
            (
                (r["head_span"]["start"], r["head_span"]["end"], r["head_span"]["label"]),
                (r["child_span"]["start"], r["child_span"]["end"], r["child_span"]["label"]),
                r["label"],
            )
            for r in task["relations"]
        }
        assert relations == {r for r in doc["relations"] if r[0] in kept and r[1] in kept}


@SETTINGS
@given(docs=st.lists(documents(), min_size=1, max_size=3, unique_by=lambda d: d["text"]))
def test_doccano_and_brat_keep_spans_and_relations(
    tmp_path: Path, docs: list[dict[str, Any]]
) -> None:
    folder = tmp_path / uuid.uuid4().hex
    folder.mkdir()
    with open_store(None) as store:
        fill(store, docs)
        for fmt in ("doccano", "brat"):
            out = folder / (fmt if fmt == "brat" else f"{fmt}.jsonl")
            export(store, ExportOptions(fmt, statuses=ALL, out=out))
            with open_store(None) as fresh:
                summary = import_paths(fresh, [out])
                assert summary.rejected == 0, summary.problems
                assert summary.imported == len(docs)
                for old, new in zip(store.document_ids(), fresh.document_ids(), strict=True):
                    assert _annotations(fresh, new, fmt) == _annotations(store, old, fmt)


def _annotations(store: Store, doc_id: int, fmt: str) -> tuple[set[Any], set[Any]]:
    spans = {s.id: s for s in store.spans(doc_id) if s.status == SpanStatus.ACCEPTED}
    shown = {
        (
            s.start,
            s.end,
            s.label,
            orjson.dumps(s.attrs, option=orjson.OPT_SORT_KEYS) if fmt == "brat" else b"",
        )
        for s in spans.values()
    }
    relations = {
        (
            (spans[r.head].start, spans[r.head].end),
            (spans[r.child].start, spans[r.child].end),
            r.label,
        )
        for r in store.relations(doc_id)
        if r.head in spans and r.child in spans
    }
    return shown, relations


@st.composite
def crlf_tasks(draw: st.DrawFn) -> dict[str, Any]:
    raw = draw(raw_texts()).replace("\n", "\r\n").replace("\r\r\n", "\r\n")
    words = tokens_of(raw)
    if not words:
        raw, words = "word", [(0, 4)]
    spans = {}
    for _ in range(draw(st.integers(0, 5))):
        i = draw(st.integers(0, len(words) - 1))
        j = draw(st.integers(i, min(i + 5, len(words) - 1)))
        label = draw(st.sampled_from(["ACTOR", "DATE", "CLAIM"]))
        start, end = words[i][0], words[j][1]
        spans[(start, end, label)] = {
            "start": start,
            "end": end,
            "label": label,
            "text": raw[start:end],
        }
    return {"text": raw, "spans": list(spans.values()), "answer": "accept"}


@SETTINGS
@given(
    tasks=st.lists(
        crlf_tasks(), min_size=1, max_size=3, unique_by=lambda t: normalise_text(t["text"]).strip()
    )
)
def test_crlf_input_round_trips(tmp_path: Path, tasks: list[dict[str, Any]]) -> None:
    folder = tmp_path / uuid.uuid4().hex
    folder.mkdir()
    source = folder / "prodigy.jsonl"
    source.write_bytes(b"".join(orjson.dumps(t) + b"\n" for t in tasks))
    with open_store(None) as store:
        summary = import_paths(store, [source])
        assert summary.rejected == 0, summary.problems
        for task, doc_id in zip(tasks, store.document_ids(), strict=True):
            text = store.document(doc_id).text
            assert "\r" not in text
            assert sorted(s.text_in(text) for s in store.spans(doc_id)) == sorted(
                normalise_text(s["text"]) for s in task["spans"]
            )
        first, second = round_trip(folder, store, ExportOptions(statuses=ALL))
    assert first == second
