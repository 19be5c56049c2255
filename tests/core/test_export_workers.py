"""Line exports in several processes: the same bytes and card as one process, the snapshot check,
cancel and a failing process leaving nothing behind."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest

from annotator.core import export_workers
from annotator.core.export import ExportCancelled, ExportOptions, export
from annotator.core.export_workers import id_ranges, process_count
from annotator.core.formats.files import OutputFile
from annotator.core.model import DocStatus, NewDocument, Relation, Span, SpanStatus, Tokens, new_id
from annotator.core.store import Store, open_store
from annotator.errors import ExportError

WORDS = ["Merkel", "said", "on", "Monday", "that", "Germany", "😀", "北京", "would", "wait."]


def fill(store: Store, count: int, tokens_from: int = 0) -> None:
    """``count`` documents with spans, relations and (from ``tokens_from`` on) stored tokens;
    some skipped, some with suggestions."""
    for n in range(count):
        words = [WORDS[(n + k) % len(WORDS)] for k in range(6 + n % 5)]
        text = " ".join(words) + f" ({n})"
        doc_id = store.add_document(NewDocument(text, title=f"d{n}", published="2024-05-13"))
        assert doc_id is not None
        starts, position = [], 0
        for word in text.split(" "):
            starts.append(position)
            position += len(word) + 1
        ends = [s + len(w) for s, w in zip(starts, text.split(" "), strict=True)]
        if n >= tokens_from:
            store.save_tokens(doc_id, Tokens(tuple(starts), tuple(ends)), "test")
        actor = Span(new_id(), doc_id, starts[0], ends[0], "ACTOR", {"type": "PERSON"}, "human",
                     SpanStatus.ACCEPTED, "ana")  # fmt: skip
        claim = Span(new_id(), doc_id, starts[2], ends[-2], "CLAIM", {"stance": "asserted"},
                     "human", SpanStatus.ACCEPTED, "bo" if n % 2 else "ana")  # fmt: skip
        hint = Span(
            new_id(), doc_id, starts[1], ends[1], "DATE", {}, "model:m", SpanStatus.SUGGESTED
        )
        store.insert_spans([actor, claim, hint])
        store.insert_relations([Relation(new_id(), doc_id, claim.id, actor.id, "SPEAKER")])
        store.set_status(doc_id, DocStatus.SKIPPED if n % 7 == 3 else DocStatus.DONE)


@pytest.fixture
def filled(tmp_path: Path) -> Store:
    store = open_store(tmp_path / "many.db")
    fill(store, 40)
    return store


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Chunks of 2 documents, and a list of the child files appended, so that tests see the
    other processes' work."""
    monkeypatch.setattr(export_workers, "MIN_CHUNK", 2)
    appended: list[Path] = []
    original = OutputFile.append_file

    def spy(self: OutputFile, path: Path) -> None:
        appended.append(path)
        original(self, path)

    monkeypatch.setattr(OutputFile, "append_file", spy)
    return appended


def slowly(_done: int, _total: int) -> None:
    """A progress callback that makes the exporting process slow enough for the children to
    start and take chunks (they need about 0.3 s to start here, more on a loaded machine)."""
    time.sleep(0.05)


def outputs(summary_files: list[Path], card: Path | None) -> list[bytes]:
    assert card is not None
    return [f.read_bytes() for f in summary_files] + [card.read_bytes()]


@pytest.mark.parametrize(
    "options",
    [
        ExportOptions(statuses=("done", "skipped")),
        ExportOptions(include_suggestions=True, dev_ratio=0.3, seed=4),
        ExportOptions("doccano", include_suggestions=True),
    ],
    ids=["jsonl", "jsonl-split", "doccano"],
)
def test_several_processes_write_the_bytes_of_one(
    filled: Store, tmp_path: Path, options: ExportOptions, small_chunks: list[Path]
) -> None:
    made = {}
    for processes in (1, 3):
        folder = tmp_path / str(processes)
        folder.mkdir()
        run = replace(options, out=folder / "x.jsonl", processes=processes)
        summary = export(filled, run, progress=slowly)
        made[processes] = outputs(summary.files, summary.card)
        assert sorted(p.name for p in folder.iterdir()) == sorted(
            [*(f.name for f in summary.files), "x.md"]
        )  # the other processes' files are gone
    assert small_chunks  # the children did some of the chunks
    one, three = made[1], made[3]
    assert one[:-1] == three[:-1]
    assert one[-1] == three[-1].replace(b"/3/", b"/1/")  # the card names the output


def test_progress_counts_every_process(filled: Store, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []

    def note(done: int, total: int) -> None:
        seen.append((done, total))
        slowly(done, total)

    export(filled, ExportOptions(out=tmp_path / "p.jsonl", processes=2), progress=note)
    assert seen[-1] == (34, 34)  # the 40 documents but the 6 skipped ones
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_write_between_snapshots_makes_one_process_export_all(
    filled: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = export(filled, ExportOptions(out=tmp_path / "one.jsonl", processes=1))
    monkeypatch.setattr(export_workers, "data_version", lambda _conn: -1)  # "something changed"
    summary = export(filled, ExportOptions(out=tmp_path / "two.jsonl", processes=2), slowly)
    assert summary.path.read_bytes() == expected.path.read_bytes()
    assert summary.documents == 34
    assert not list(tmp_path.glob(".*part"))


def test_cancel_stops_every_process_and_writes_nothing(filled: Store, tmp_path: Path) -> None:
    calls = []

    def cancel_later() -> bool:
        calls.append(1)
        return len(calls) > 5

    with pytest.raises(ExportCancelled):
        export(
            filled, ExportOptions(out=tmp_path / "c.jsonl", processes=3), should_cancel=cancel_later
        )
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("many.db")) == []


def test_a_failing_process_fails_the_export_and_leaves_nothing(tmp_path: Path) -> None:
    store = open_store(tmp_path / "half.db")
    fill(store, 20, tokens_from=-1)  # every document has tokens ...
    store.db.execute("DELETE FROM tokens WHERE document_id > 18")  # ... but the last chunk
    options = ExportOptions(out=tmp_path / "f.jsonl", processes=2, model="no_such_pipeline")
    with pytest.raises(ExportError, match=r"export process export-1 failed:.*no_such_pipeline"):
        export(store, options, progress=lambda *_: time.sleep(0.1))  # the child takes it
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("half.db")) == []


def test_ranges_and_process_counts() -> None:
    assert id_ranges([1, 2, 5, 8, 9], 2) == [(1, 2), (5, 9)]
    assert id_ranges([1, 2, 5], 5) == [(1, 1), (2, 2), (5, 5)]
    assert id_ranges([], 3) == []
    assert process_count(None, 1_999, "jsonl", True) == 1
    assert process_count(None, 2_000, "jsonl", True) == min(export_workers.usable_cpus(), 4)
    assert process_count(3, 10, "brat", True) == 1
    assert process_count(3, 10, "spacy", True) == 1
    assert process_count(3, 10, "jsonl", False) == 1  # an in-memory store cannot be shared
    assert process_count(3, 2, "doccano", True) == 2


def test_the_cli_takes_a_process_count(filled: Store, tmp_path: Path) -> None:
    from annotator import cli

    assert filled.path is not None
    made = []
    for processes in ("1", "2"):
        out = tmp_path / f"cli{processes}.jsonl"
        args = ["export", "--db", str(filled.path), "--out", str(out), "--processes", processes]
        assert cli.main(args) == 0
        made.append(out.read_bytes())
    assert made[0] == made[1] and made[0].count(b"\n") == 34
    with pytest.raises(ExportError, match="--processes must be 1 or more"):
        export(filled, ExportOptions(out=tmp_path / "none.jsonl", processes=0))
