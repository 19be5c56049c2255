"""The exports: Prodigy-compatible JSONL (what it holds, tokens, hashes), the selection options,
train/dev split, dataset card, atomic and deterministic output, doccano and brat."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
from murmurhash.mrmr import hash as murmur
from murmurhash.mrmr import hash_bytes

from annotator.core.export import (
    ExportCancelled,
    ExportOptions,
    atomic_write_lines,
    default_output,
    export,
)
from annotator.core.formats import prodigy
from annotator.core.formats.labelmap import LabelMap
from annotator.core.importing import import_paths
from annotator.core.model import DocStatus, NewDocument, Relation, Span, SpanStatus, new_id
from annotator.core.schema import SCHEMA_VERSION
from annotator.core.spans import regex_tokens
from annotator.core.store import Store, open_store
from annotator.errors import ExportError

TEXT = "Angela Merkel said on Monday that Germany would not back the plan."
CUE = {"text": "said", "start": 14, "end": 18}
CLAIM_ATTRS = {"cue": CUE, "stance": "denied", "quote_type": "indirect", "hedged": False}


def merkel(
    store: Store, status: DocStatus = DocStatus.DONE, text: str = TEXT, title: str = "Merkel"
) -> int:
    """A document with two actors, a date, a claim, SPEAKER and STATED_ON, one suggestion and
    one rejected span."""
    doc_id = store.add_document(
        NewDocument(
            text,
            title=title,
            published="2024-05-13",
            source="wire.txt:1",
            meta={"url": "https://example.org/1", "id": "a-17"},
        )
    )
    assert doc_id is not None
    actor = Span(
        new_id(),
        doc_id,
        0,
        13,
        "ACTOR",
        {"type": "PERSON", "canonical": "Angela Merkel", "mention": "NAM"},
        "human",
        SpanStatus.ACCEPTED,
        "ana",
    )
    day = Span(
        new_id(),
        doc_id,
        22,
        28,
        "DATE",
        {"type": "DATE", "value": "2024-05-13"},
        "model:m@1",
        SpanStatus.ACCEPTED,
        "bo",
    )
    country = Span(
        new_id(), doc_id, 34, 41, "ACTOR", {"type": "GPE"}, "model:m@1", SpanStatus.SUGGESTED
    )
    claim = Span(
        new_id(), doc_id, 34, 65, "CLAIM", CLAIM_ATTRS, "human", SpanStatus.ACCEPTED, "ana"
    )
    wrong = Span(new_id(), doc_id, 57, 65, "ACTOR", {}, "model:m@1", SpanStatus.REJECTED)
    store.insert_spans([actor, day, country, claim, wrong])
    store.insert_relations(
        [
            Relation(new_id(), doc_id, claim.id, actor.id, "SPEAKER"),
            Relation(new_id(), doc_id, claim.id, day.id, "STATED_ON"),
        ]
    )
    store.set_status(doc_id, status)
    return doc_id


def lines(path: Path) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def test_a_line_is_a_prodigy_task_with_our_annotations(store: Store, tmp_path: Path) -> None:
    doc_id = merkel(store)
    summary = export(store, ExportOptions(out=tmp_path / "out.jsonl"))
    assert (summary.documents, summary.spans, summary.relations) == (1, 3, 2)
    (task,) = lines(tmp_path / "out.jsonl")
    assert list(task) == [
        "text",
        "meta",
        "_input_hash",
        "_task_hash",
        "_is_binary",
        "tokens",
        "_view_id",
        "spans",
        "relations",
        "answer",
        "_annotator_id",
    ]
    assert task["text"] == TEXT
    assert task["meta"] == {
        "id": doc_id,
        "title": "Merkel",
        "published": "2024-05-13",
        "source": "wire.txt:1",
        "status": "done",
        "original_id": "a-17",
        "url": "https://example.org/1",
    }
    tokens = task["tokens"]
    assert tokens[:2] == [
        {"text": "Angela", "start": 0, "end": 6, "id": 0, "ws": True},
        {"text": "Merkel", "start": 7, "end": 13, "id": 1, "ws": True},
    ]
    assert tokens[-2:] == [
        {"text": "plan", "start": 61, "end": 65, "id": 11, "ws": False},
        {"text": ".", "start": 65, "end": 66, "id": 12, "ws": False},
    ]
    actor, day, claim = task["spans"]  # the suggestion and the rejected span stay out
    assert actor == {
        "start": 0,
        "end": 13,
        "token_start": 0,
        "token_end": 1,
        "label": "ACTOR",
        "attrs": {"canonical": "Angela Merkel", "mention": "NAM", "type": "PERSON"},
        "annotator": "ana",
    }
    assert day["attrs"] == {"type": "DATE", "value": "2024-05-13"}
    assert (claim["token_start"], claim["token_end"], claim["attrs"]) == (6, 11, CLAIM_ATTRS)
    for span in task["spans"]:  # Prodigy token indices agree with the tokens
        assert tokens[span["token_start"]]["start"] == span["start"]
        assert tokens[span["token_end"]]["end"] == span["end"]
    speaker, stated = task["relations"]
    assert speaker == {
        "head": 11,
        "child": 1,  # the index of each span's last token
        "head_span": {k: claim[k] for k in ("start", "end", "token_start", "token_end", "label")},
        "child_span": {k: actor[k] for k in ("start", "end", "token_start", "token_end", "label")},
        "label": "SPEAKER",
    }
    assert (stated["label"], stated["child"]) == ("STATED_ON", 4)
    assert (task["answer"], task["_annotator_id"]) == ("accept", "ana,bo")


def test_hashes_are_murmurhash_as_documented(store: Store, tmp_path: Path) -> None:
    merkel(store)
    merkel(store, text=TEXT + " Twice.")
    export(store, ExportOptions(out=tmp_path / "out.jsonl"))
    raw_lines = (tmp_path / "out.jsonl").read_bytes().splitlines()
    for raw, task in zip(raw_lines, map(orjson.loads, raw_lines), strict=True):
        assert task["_input_hash"] == murmur(task["text"])
        spans = orjson.dumps(task["spans"])
        relations = orjson.dumps(task["relations"])
        assert spans in raw and relations in raw  # written compactly, as hashed
        expected = hash_bytes(b"%d %s %s" % (task["_input_hash"], spans, relations))
        assert task["_task_hash"] == expected
        assert -(2**31) <= task["_task_hash"] < 2**31
    first, second = map(orjson.loads, raw_lines)
    assert first["_input_hash"] != second["_input_hash"]


def test_defaults_are_done_documents_and_accepted_spans(store: Store, tmp_path: Path) -> None:
    done = merkel(store)
    merkel(store, DocStatus.IN_PROGRESS, text=TEXT + " In progress.")
    merkel(store, DocStatus.SKIPPED, text=TEXT + " Skipped.")
    out = tmp_path / "out.jsonl"
    export(store, ExportOptions(out=out))
    assert [t["meta"]["id"] for t in lines(out)] == [done]
    every = export(
        store,
        ExportOptions(
            statuses=("done", "in_progress", "skipped"), include_suggestions=True, out=out
        ),
    )
    assert every.documents == 3
    tasks = lines(out)
    assert [t["answer"] for t in tasks] == ["accept", "accept", "ignore"]
    marked = [s for s in tasks[0]["spans"] if s.get("status") == "suggested"]
    assert [(s["start"], s["end"]) for s in marked] == [(34, 41)]
    assert all(s["label"] != "ACTOR" or s["end"] != 65 for s in tasks[0]["spans"])  # rejected


def test_labels_keep_only_those_spans_and_their_relations(store: Store, tmp_path: Path) -> None:
    merkel(store)
    out = tmp_path / "out.jsonl"
    export(store, ExportOptions(labels=("CLAIM", "DATE"), out=out))
    (task,) = lines(out)
    assert [s["label"] for s in task["spans"]] == ["DATE", "CLAIM"]
    assert [r["label"] for r in task["relations"]] == ["STATED_ON"]


def test_stored_tokens_are_completed_and_split_at_span_edges(store: Store, tmp_path: Path) -> None:
    text = "Start-Up  firms\nwon."
    doc_id = store.add_document(NewDocument(text))
    assert doc_id is not None
    store.save_tokens(doc_id, regex_tokens(text), "rule:regex")  # "Start-Up" is one token here
    store.insert_spans(
        [Span(new_id(), doc_id, 0, 5, "ACTOR"), Span(new_id(), doc_id, 10, 15, "ACTOR")]
    )
    store.set_status(doc_id, DocStatus.DONE)
    out = tmp_path / "out.jsonl"
    export(store, ExportOptions(out=out))
    (task,) = lines(out)
    words = [(t["text"], t["ws"]) for t in task["tokens"]]
    assert words == [
        ("Start", False),
        ("-Up", True),
        (" ", False),
        ("firms", False),
        ("\n", False),
        ("won", False),
        (".", False),
    ]
    assert "".join(t["text"] + " " * t["ws"] for t in task["tokens"]) == text
    assert [(s["token_start"], s["token_end"]) for s in task["spans"]] == [(0, 0), (3, 3)]
    card = (tmp_path / "out.md").read_text()
    assert "1 span edges fell inside a token" in card


def test_same_database_same_bytes(store: Store, tmp_path: Path) -> None:
    merkel(store)
    merkel(store, text=TEXT + " Zweiter Text 😀 mit 北京.\n\nNew paragraph.")
    for fmt, name in (("jsonl", "a.jsonl"), ("spacy", "a.spacy"), ("doccano", "a.d.jsonl")):
        made = []
        for run in ("1", "2"):
            (tmp_path / run).mkdir(exist_ok=True)
            made.append(export(store, ExportOptions(fmt, dev_ratio=0.5, out=tmp_path / run / name)))
        first, second = made
        for a, b in zip([*first.files, first.card], [*second.files, second.card], strict=True):
            assert a.read_bytes() == b.read_bytes().replace(b"/2/", b"/1/"), a


def test_dev_split_is_seeded_by_text_and_keeps_parts(store: Store, tmp_path: Path) -> None:
    for n in range(10):
        merkel(store, text=f"{TEXT} Number {n}.")
    out = tmp_path / "out.jsonl"
    summary = export(store, ExportOptions(dev_ratio=0.3, seed=7, out=out))
    assert summary.parts == {"train": 7, "dev": 3}
    assert summary.files == [tmp_path / "out.train.jsonl", tmp_path / "out.dev.jsonl"]
    assert not out.exists()
    dev = {t["text"] for t in lines(tmp_path / "out.dev.jsonl")}
    merkel(store, text=f"{TEXT} Number 10.")  # one more document: the dev part stays put
    export(store, ExportOptions(dev_ratio=0.3, seed=7, out=out))
    assert dev <= {t["text"] for t in lines(tmp_path / "out.dev.jsonl")}
    export(store, ExportOptions(dev_ratio=0.3, seed=8, out=out))
    assert dev != {t["text"] for t in lines(tmp_path / "out.dev.jsonl")}


def test_dataset_card(store: Store, tmp_path: Path) -> None:
    merkel(store)
    merkel(store, DocStatus.IN_PROGRESS, text=TEXT + " More.")
    options = ExportOptions(
        statuses=("done", "in_progress"), include_suggestions=True, out=tmp_path / "data.jsonl"
    )
    summary = export(store, options, db_path="my.db")
    card = summary.card
    assert card == tmp_path / "data.md"
    text = card.read_text()
    assert text.startswith("# Dataset card: data.jsonl\n\nFormat: JSONL, Prodigy-compatible")
    assert (
        f"annotator export --db my.db --format jsonl --out {tmp_path / 'data.jsonl'} --status done"
        " --status in_progress --include-suggestions"
    ) in text
    assert f"database schema version {SCHEMA_VERSION}" in text
    assert "| ACTOR | 2 | 2 | 4 |" in text  # label | accepted | suggested | total
    assert "| CLAIM | 2 | 0 | 2 |" in text
    assert "| done | 1 |\n| in_progress | 1 |" in text
    assert "| ana | 4 |" in text and "| bo | 2 |" in text and "| (nobody named) | 2 |" in text
    assert "| SPEAKER | 2 |" in text


def test_default_output_is_dated_under_exports(store: Store, tmp_path: Path) -> None:
    assert default_output(tmp_path / "news.db", "jsonl", date(2024, 5, 13)) == (
        tmp_path / "exports" / "news-2024-05-13.jsonl"
    )
    assert default_output("news.db", "brat", date(2024, 5, 13)) == Path(
        "exports/news-2024-05-13-brat"
    )
    with open_store(tmp_path / "news.db") as on_disk:
        merkel(on_disk)
        summary = export(on_disk, ExportOptions())
    assert summary.path.parent == tmp_path / "exports"
    assert summary.path.name == f"news-{date.today().isoformat()}.jsonl"
    assert summary.card is not None and summary.card.exists()


def test_a_failing_export_leaves_no_partial_file_and_keeps_the_old_one(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"previous export\n")

    def produced():  # type: ignore[no-untyped-def]
        yield b"one\n"
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        atomic_write_lines(out, produced())
    assert out.read_bytes() == b"previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_an_export_failing_halfway_writes_nothing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    merkel(store)
    merkel(store, text=TEXT + " Second.")
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "out.jsonl"
    out.write_bytes(b"previous export\n")
    calls = []

    def failing(prepared: Any, newline: bool = False) -> bytes:
        calls.append(prepared)
        if len(calls) == 2:
            raise OSError("disk full")
        return b"{}"

    monkeypatch.setattr(prodigy, "record_bytes", failing)
    with pytest.raises(OSError, match="disk full"):
        export(store, ExportOptions(dev_ratio=0.5, out=out))
    assert sorted(p.name for p in folder.iterdir()) == ["out.jsonl"]
    assert out.read_bytes() == b"previous export\n"
    with pytest.raises(ExportCancelled):
        export(store, ExportOptions("brat", out=folder / "b"), should_cancel=lambda: True)
    assert sorted(p.name for p in folder.iterdir()) == ["out.jsonl"]


def test_export_into_a_missing_folder_says_so(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        export(store, ExportOptions(out=tmp_path / "no" / "such" / "out.jsonl"))
    with pytest.raises(ExportError, match="is a folder"):
        export(store, ExportOptions(out=tmp_path))
    with pytest.raises(ExportError, match="between 0 and 1"):
        export(store, ExportOptions(dev_ratio=1.0, out=tmp_path / "x.jsonl"))


def test_doccano_export_reads_back(store: Store, tmp_path: Path) -> None:
    doc_id = merkel(store)
    out = tmp_path / "out.doccano.jsonl"
    export(store, ExportOptions("doccano", out=out))
    (line,) = lines(out)
    assert line["id"] == doc_id
    assert line["entities"] == [
        {"id": 0, "label": "ACTOR", "start_offset": 0, "end_offset": 13},
        {"id": 1, "label": "DATE", "start_offset": 22, "end_offset": 28},
        {"id": 2, "label": "CLAIM", "start_offset": 34, "end_offset": 65},
    ]
    assert line["relations"] == [
        {"id": 0, "from_id": 2, "to_id": 0, "type": "SPEAKER"},
        {"id": 1, "from_id": 2, "to_id": 1, "type": "STATED_ON"},
    ]
    assert (line["title"], line["published"], line["status"]) == ("Merkel", "2024-05-13", "done")
    with open_store(None) as fresh:
        summary = import_paths(fresh, [out])
        assert (summary.imported, summary.spans, summary.relations) == (1, 3, 2)
        (new_id_,) = fresh.document_ids()
        doc = fresh.document(new_id_)
        assert (doc.title, doc.published, doc.source, doc.status) == (
            "Merkel",
            "2024-05-13",
            "wire.txt:1",
            DocStatus.DONE,
        )


def test_brat_export_keeps_attributes_and_reads_back(store: Store, tmp_path: Path) -> None:
    doc_id = merkel(
        store, text="Angela Merkel said on Monday that Germany would not back\nthe plan."
    )
    out = tmp_path / "brat"
    summary = export(store, ExportOptions("brat", out=out))
    assert summary.card == tmp_path / "brat.md"
    ann = (out / f"{doc_id:06d}.ann").read_text()
    assert ann.splitlines() == [
        "T1\tACTOR 0 13\tAngela Merkel",
        "T2\tDATE 22 28\tMonday",
        "T3\tCLAIM 34 56;57 65\tGermany would not back the plan",  # a line break: fragments
        "R1\tSPEAKER Arg1:T3 Arg2:T1",
        "R2\tSTATED_ON Arg1:T3 Arg2:T2",
        "A1\tmention T1 NAM",
        "A2\ttype T1 PERSON",
        "A3\ttype T2 DATE",
        "A4\tvalue T2 2024-05-13",
        "A5\tquote_type T3 indirect",
        "A6\tstance T3 denied",
        '#1\tAnnotatorNotes T1\tattrs {"canonical":"Angela Merkel"}',
        '#2\tAnnotatorNotes T3\tattrs {"cue":{"end":18,"start":14,"text":"said"},"hedged":false}',
    ]
    conf = (out / "annotation.conf").read_text()
    assert "SPEAKER\tArg1:CLAIM, Arg2:ACTOR" in conf
    assert "stance\tArg:<ENTITY>, Value:denied" in conf
    with open_store(None) as fresh:
        summary_in = import_paths(fresh, [out])
        assert (summary_in.imported, summary_in.spans, summary_in.relations) == (1, 3, 2)
        (new_doc,) = fresh.document_ids()
        attrs = {s.label: s.attrs for s in fresh.spans(new_doc)}
        assert attrs["CLAIM"] == CLAIM_ATTRS
        assert attrs["ACTOR"]["canonical"] == "Angela Merkel"


def test_brat_split_makes_subfolders(store: Store, tmp_path: Path) -> None:
    merkel(store)
    merkel(store, text=TEXT + " Again.")
    export(store, ExportOptions("brat", dev_ratio=0.5, out=tmp_path / "brat"))
    assert sorted(p.name for p in (tmp_path / "brat").iterdir()) == ["dev", "train"]
    assert len(list((tmp_path / "brat" / "dev").glob("*.ann"))) == 1


def test_prodigy_ner_file_exports_after_import(store: Store, tmp_path: Path) -> None:
    """Imported Prodigy tokens are kept, so the export's tokens are Prodigy's."""
    source = tmp_path / "in.jsonl"
    tokens = [
        {"text": w, "start": s, "end": s + len(w), "id": i}
        for i, (w, s) in enumerate([("Uber", 0), ("’s", 4), ("Lesson", 7)])
    ]
    source.write_text(
        orjson.dumps(
            {
                "text": "Uber’s Lesson",
                "tokens": tokens,
                "spans": [{"start": 0, "end": 4, "token_start": 0, "token_end": 0, "label": "ORG"}],
                "answer": "accept",
            }
        ).decode()
        + "\n"
    )
    import_paths(store, [source], labels=LabelMap())
    export(store, ExportOptions(out=tmp_path / "out.jsonl"))
    (task,) = lines(tmp_path / "out.jsonl")
    assert [(t["text"], t["ws"]) for t in task["tokens"]] == [
        ("Uber", False),
        ("’s", True),
        ("Lesson", False),
    ]
    assert task["spans"][0]["attrs"] == {"type": "ORG"}
