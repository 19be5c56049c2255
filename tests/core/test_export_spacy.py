"""spaCy DocBin export: entities, span groups, relations and attributes in user data; exported
spans align with spaCy tokens; ``spacy debug data`` and a one-epoch ``spacy train`` accept it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc, DocBin

from annotator.core.export import ExportOptions, export
from annotator.core.model import DocStatus, NewDocument, Span, SpanStatus, Tokens, new_id
from annotator.core.spans import regex_tokens, snap
from annotator.core.store import Store, open_store
from tests.core.test_export import CLAIM_ATTRS, TEXT, merkel

NLP = spacy.blank("en")


def load(path: Path) -> list[Doc]:
    return list(DocBin().from_disk(path).get_docs(NLP.vocab))


def test_docbin_holds_entities_spans_relations_and_attributes(store: Store, tmp_path: Path) -> None:
    doc_id = merkel(store)
    summary = export(store, ExportOptions("spacy", dev_ratio=0, out=tmp_path / "all.spacy"))
    assert summary.files == [tmp_path / "all.spacy"]
    (doc,) = load(tmp_path / "all.spacy")
    assert doc.text == TEXT
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Angela Merkel", "ACTOR"),
        ("Monday", "DATE"),
    ]
    assert [(s.text, s.label_) for s in doc.spans["sc"]] == [
        ("Angela Merkel", "ACTOR"),
        ("Monday", "DATE"),
        ("Germany would not back the plan", "CLAIM"),
    ]
    data = doc.user_data["annotator"]
    assert data["id"] == doc_id and data["meta"]["published"] == "2024-05-13"
    assert data["spans"][2]["attrs"] == CLAIM_ATTRS
    assert list(data["relations"]) == [
        {"head": 2, "child": 0, "label": "SPEAKER"},
        {"head": 2, "child": 1, "label": "STATED_ON"},
    ]
    Doc.set_extension("rel", default={}, force=True)
    assert doc._.rel == {(6, 0): {"SPEAKER": 1.0}, (6, 4): {"STATED_ON": 1.0}}


def test_overlapping_entities_stay_in_the_span_group(store: Store, tmp_path: Path) -> None:
    doc_id = store.add_document(NewDocument("The Israeli Defense Ministry said so."))
    assert doc_id is not None
    store.insert_spans(
        [Span(new_id(), doc_id, 4, 28, "ACTOR"), Span(new_id(), doc_id, 4, 11, "ACTOR")]
    )
    store.set_status(doc_id, DocStatus.DONE)
    summary = export(store, ExportOptions("spacy", dev_ratio=0, out=tmp_path / "o.spacy"))
    (doc,) = load(tmp_path / "o.spacy")
    assert [e.text for e in doc.ents] == ["Israeli Defense Ministry"]
    assert len(doc.spans["sc"]) == 2
    assert summary.card is not None
    assert "1 entity spans overlapped a longer one" in summary.card.read_text()


WORDS = st.sampled_from(
    [
        "Gantz",
        "said",
        "U.S.",
        "Start-Up",
        "don't",
        "Iran’s",
        "😀",
        "北京欢迎你",
        "(",
        ")",
        ",",
        ".",
        '"',
        "co-op",
        "$5",
        "3:15pm",
        "e-mail",
        "Mr.",
        "C++",
        "x\u0301",
    ]
)
SEPARATORS = st.sampled_from([" ", " ", " ", "\n", "  ", "\n\n", ""])


@st.composite
def texts_with_selections(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]], bool]:
    words = draw(st.lists(WORDS, min_size=1, max_size=25))
    text = "".join(w + draw(SEPARATORS) for w in words).strip() or "word"
    picks = draw(
        st.lists(
            st.tuples(
                st.integers(0, len(text)),
                st.integers(0, len(text)),
                st.sampled_from(["ACTOR", "CLAIM", "DATE"]),
            ),
            max_size=6,
        )
    )
    return text, picks, draw(st.booleans())


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=texts_with_selections())
def test_token_snapped_spans_align_with_spacy_tokens(case: tuple, tmp_path: Path) -> None:  # type: ignore[type-arg]
    text, picks, store_tokens = case
    spacy_doc = NLP(text)
    tokens = Tokens(tuple(t.idx for t in spacy_doc), tuple(t.idx + len(t) for t in spacy_doc))
    folder = Path(tmp_path) / new_id()
    folder.mkdir()
    with open_store(None) as store:
        doc_id = store.add_document(NewDocument(text))
        assert doc_id is not None
        if store_tokens:
            store.save_tokens(doc_id, tokens, "model:x@1")
        seen = set()
        spans = []
        for a, b, label in picks:
            bounds = snap(text, tokens, min(a, b), max(a, b), label)
            if bounds is not None and (*bounds, label) not in seen:
                seen.add((*bounds, label))
                spans.append(Span(new_id(), doc_id, *bounds, label))
        store.insert_spans(spans)
        store.set_status(doc_id, DocStatus.DONE)
        export(store, ExportOptions(out=folder / "o.jsonl"), tokenizer=_spacy_tokens)
        export(
            store,
            ExportOptions("spacy", dev_ratio=0, out=folder / "o.spacy"),
            tokenizer=_spacy_tokens,
        )
    (task,) = [orjson.loads(line) for line in (folder / "o.jsonl").read_bytes().splitlines()]
    (doc,) = load(folder / "o.spacy")
    assert doc.text == text
    for span in task["spans"]:
        assert spacy_doc.char_span(span["start"], span["end"], alignment_mode="strict") is not None
        assert task["tokens"][span["token_start"]]["start"] == span["start"]
        assert task["tokens"][span["token_end"]]["end"] == span["end"]
    assert [(s.start_char, s.end_char) for s in doc.spans["sc"]] == [
        (s["start"], s["end"]) for s in task["spans"]
    ]


def _spacy_tokens(text: str) -> tuple[list[int], list[int]]:
    doc = NLP(text)
    return [t.idx for t in doc], [t.idx + len(t) for t in doc]


@settings(max_examples=40, deadline=None)
@given(case=texts_with_selections())
def test_any_span_is_whole_tokens_in_the_export(case: tuple) -> None:  # type: ignore[type-arg]
    """Spans snapped to other tokens (the regex ones of never-suggested documents) split the
    exported tokens, so Prodigy indices and DocBin spans stay exact."""
    text, picks, _ = case
    from annotator.core.formats.prepared import prepare
    from annotator.core.formats.rows import ExportDocument
    from annotator.core.formats.tokens import prodigy_dicts

    rows = []
    for a, b, label in picks:
        bounds = snap(text, regex_tokens(text), min(a, b), max(a, b), label)
        if bounds is not None and all((r[1], r[2], r[3]) != (*bounds, label) for r in rows):
            rows.append((new_id(), *bounds, label, "{}", None, SpanStatus.ACCEPTED.value))
    rows.sort(key=lambda r: (r[1], -r[2], r[3]))
    doc = ExportDocument(1, text, None, None, None, {}, "done", "h", rows, [], None)
    prepared = prepare(doc, _spacy_tokens)
    assert prepared.tokens is not None
    tokens = prodigy_dicts(text, prepared.tokens)
    assert "".join(t["text"] + " " * t["ws"] for t in tokens) == text
    spacy_doc = Doc(NLP.vocab, words=[t["text"] for t in tokens], spaces=[t["ws"] for t in tokens])
    for row, first, last in zip(rows, prepared.token_start, prepared.token_end, strict=True):
        assert (tokens[first]["start"], tokens[last]["end"]) == (row[1], row[2])
        assert spacy_doc.char_span(row[1], row[2], alignment_mode="strict") is not None


def _corpus(store: Store) -> None:
    sentences = [
        (
            "Benny Gantz said on Tuesday that Israel would not send weapons.",
            "Benny Gantz",
            "Tuesday",
            "Israel would not send weapons",
        ),
        (
            "Oleksii Reznikov told reporters on Thursday that Ukraine needs air defence.",
            "Oleksii Reznikov",
            "Thursday",
            "Ukraine needs air defence",
        ),
        (
            "The ministry said on Monday that talks were postponed.",
            "The ministry",
            "Monday",
            "talks were postponed",
        ),
        ("Iran denied on Friday that it had sent drones.", "Iran", "Friday", "it had sent drones"),
    ]
    for n in range(35):  # spacy debug data wants 100 training examples for a blank pipeline
        for text, actor, day, claim in sentences:
            text = f"{text} Report {n}."
            doc_id = merkel_like(store, text, actor, day, claim)
            store.set_status(doc_id, DocStatus.DONE)


def merkel_like(store: Store, text: str, actor: str, day: str, claim: str) -> int:
    from annotator.core.model import Relation

    doc_id = store.add_document(NewDocument(text))
    assert doc_id is not None
    spans = [
        Span(new_id(), doc_id, text.index(actor), text.index(actor) + len(actor), "ACTOR"),
        Span(new_id(), doc_id, text.index(day), text.index(day) + len(day), "DATE"),
        Span(new_id(), doc_id, text.index(claim), text.index(claim) + len(claim), "CLAIM"),
    ]
    store.insert_spans(spans)
    store.insert_relations([Relation(new_id(), doc_id, spans[2].id, spans[0].id, "SPEAKER")])
    return doc_id


def test_spacy_debug_data_and_one_epoch_of_training_accept_it(store: Store, tmp_path: Path) -> None:
    _corpus(store)
    summary = export(store, ExportOptions("spacy", dev_ratio=0.25, out=tmp_path / "news.spacy"))
    train, dev = summary.files
    assert summary.parts == {"train": 105, "dev": 35}
    config = tmp_path / "config.cfg"
    spacy_cli = [sys.executable, "-m", "spacy"]
    made = subprocess.run(
        [
            *spacy_cli,
            "init",
            "config",
            "-l",
            "en",
            "-p",
            "ner,spancat",
            "-o",
            "efficiency",
            "-F",
            str(config),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    paths = ["--paths.train", str(train), "--paths.dev", str(dev)]
    checked = subprocess.run(
        [*spacy_cli, "debug", "data", str(config), *paths],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "No entities consisting of or starting/ending with whitespace" in checked.stdout
    small = [
        "--components.tok2vec.model.encode.width",
        "32",
        "--components.tok2vec.model.encode.depth",
        "1",
        "--training.max_epochs",
        "1",
        "--training.max_steps",
        "0",
        "--training.eval_frequency",
        "10",
    ]
    trained = subprocess.run(
        [*spacy_cli, "train", str(config), *paths, *small, "-o", str(tmp_path / "model")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert trained.returncode == 0, trained.stdout + trained.stderr
    assert (tmp_path / "model" / "model-last" / "meta.json").exists()
