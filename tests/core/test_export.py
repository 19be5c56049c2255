from pathlib import Path

import orjson
import pytest

from annotator.core.export import atomic_write_lines, export_jsonl
from annotator.core.model import DocStatus, NewDocument, Span, SpanStatus, new_id
from annotator.core.store import Store
from annotator.errors import ExportError


def _doc_with_spans(store: Store) -> int:
    doc_id = store.add_document(
        NewDocument(
            "Gantz said 😀 on Tuesday.",
            title="A title",
            published="2022-10-20",
            source="x.txt",
            meta={"url": "http://example.org"},
        )
    )
    assert doc_id is not None
    store.insert_spans(
        [
            Span(new_id(), doc_id, 0, 5, "ACTOR", {"type": "PERSON"}, "model:m@1",
                 SpanStatus.SUGGESTED),
            Span(new_id(), doc_id, 16, 23, "DATE", {"type": "DATE"}, "human",
                 SpanStatus.ACCEPTED, "ana"),
        ]
    )  # fmt: skip
    return doc_id


def test_jsonl_has_text_meta_and_spans(store: Store, tmp_path: Path) -> None:
    doc_id = _doc_with_spans(store)
    out = tmp_path / "out.jsonl"
    summary = export_jsonl(store, out)
    assert (summary.documents, summary.spans) == (1, 2)
    (line,) = out.read_bytes().splitlines()
    record = orjson.loads(line)
    assert record["text"] == "Gantz said 😀 on Tuesday."
    assert record["meta"] == {
        "id": doc_id,
        "title": "A title",
        "date": "2022-10-20",
        "source": "x.txt",
        "status": "new",
        "url": "http://example.org",
    }
    spans = record["spans"]
    assert [(s["start"], s["end"], s["label"], s["status"]) for s in spans] == [
        (0, 5, "ACTOR", "suggested"),
        (16, 23, "DATE", "accepted"),
    ]
    # offsets are code points: the emoji counts one
    assert [record["text"][s["start"] : s["end"]] for s in spans] == ["Gantz", "Tuesday"]
    assert spans[0]["attrs"] == {"type": "PERSON"}
    assert spans[0]["origin"] == "model:m@1"
    assert spans[1]["annotator"] == "ana"


def test_export_can_select_by_status(store: Store, tmp_path: Path) -> None:
    doc_id = _doc_with_spans(store)
    store.add_document(NewDocument("another"))
    store.set_status(doc_id, DocStatus.DONE)
    out = tmp_path / "done.jsonl"
    assert export_jsonl(store, out, statuses=["done"]).documents == 1
    assert orjson.loads(out.read_bytes())["meta"]["id"] == doc_id


def test_a_failing_export_leaves_no_partial_file_and_keeps_the_old_one(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"previous export\n")

    def lines():  # type: ignore[no-untyped-def]
        yield b"one\n"
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        atomic_write_lines(out, lines())
    assert out.read_bytes() == b"previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_export_into_a_missing_folder_says_so(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        export_jsonl(store, tmp_path / "no" / "such" / "out.jsonl")
