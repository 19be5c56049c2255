"""Scoring stored suggestions against gold annotations.

Gold comes in two shapes, both read by :func:`read_gold`:

* the gold JSON of ``shared/gold/`` (``seed-gold.json``): ``spans`` with ids, ``relations`` with
  ``head``/``child`` span ids, ``dct``, ``text_sha256`` of the *file* the offsets index (a seed
  file keeps its `` date YYYY-MM-DD `` header; the stored text does not, so offsets are shifted);
  an optional ``text`` lets a gold file carry its article;
* our own JSONL export (one document per line, ``text``, ``spans`` with ``status``, relations by
  span id): the ``accepted`` spans are the gold.

A gold document is matched to a stored one by content hash (of its ``text``, or of the stored text
with the seed header put back), then by file name (``doc_id``), and checked by slicing: every gold
span's ``text`` must equal the stored text at the shifted offsets.

Scores, per label: precision / recall / F1 for exact offsets and for overlap (a one-to-one
matching, largest overlap first). ACTOR is restricted to named mentions (``mention`` NAM) on both
sides; the full ACTOR layer is reported too. DATE value accuracy is over overlap-matched dates;
CLAIM speaker accuracy over overlap-matched claims, comparing the speaker's canonical name (its
text when it has none) case-insensitively, "no speaker" counting as a value.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from annotator.core.model import Span
from annotator.core.store import Store
from annotator.errors import InputError

ROWS = ("ACTOR-named", "ACTOR", "CLAIM", "DATE")


@dataclass
class GoldSpan:
    start: int
    end: int
    label: str
    attrs: dict[str, Any]
    text: str | None = None
    speaker: str | None = None
    """Canonical name (or text) of the claim's speaker; None when it has none."""


@dataclass
class GoldDocument:
    name: str
    spans: list[GoldSpan]
    dct: str | None = None
    text: str | None = None
    text_sha256: str | None = None
    doc_id: str | None = None


@dataclass
class Counts:
    gold: int = 0
    predicted: int = 0
    exact: int = 0
    overlap: int = 0

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.exact += other.exact
        self.overlap += other.overlap

    def prf(self, matched: int) -> tuple[float, float, float]:
        p = matched / self.predicted if self.predicted else 0.0
        r = matched / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


@dataclass
class Report:
    counts: dict[str, Counts] = field(default_factory=lambda: {row: Counts() for row in ROWS})
    date_values: list[int] = field(default_factory=lambda: [0, 0])
    speakers: list[int] = field(default_factory=lambda: [0, 0])
    documents: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: Report) -> None:
        for row in ROWS:
            self.counts[row].add(other.counts[row])
        for mine, theirs in (
            (self.date_values, other.date_values),
            (self.speakers, other.speakers),
        ):
            mine[0] += theirs[0]
            mine[1] += theirs[1]
        self.documents += other.documents
        self.missing += other.missing
        self.errors += other.errors

    def as_dict(self) -> dict[str, Any]:
        rows = {}
        for row, counts in self.counts.items():
            ep, er, ef = counts.prf(counts.exact)
            op, orr, of = counts.prf(counts.overlap)
            rows[row] = {
                "gold": counts.gold, "predicted": counts.predicted,
                "exact": {"p": ep, "r": er, "f1": ef, "matched": counts.exact},
                "overlap": {"p": op, "r": orr, "f1": of, "matched": counts.overlap},
            }  # fmt: skip
        return {
            "documents": self.documents,
            "missing": self.missing,
            "labels": rows,
            "date_value_accuracy": _ratio(self.date_values),
            "date_values": {"correct": self.date_values[0], "matched": self.date_values[1]},
            "speaker_accuracy": _ratio(self.speakers),
            "speakers": {"correct": self.speakers[0], "matched": self.speakers[1]},
            "errors": self.errors,
        }

    def table(self) -> str:
        lines = [
            f"{'label':<12} {'gold':>5} {'pred':>5}   {'exact P':>7} {'R':>6} {'F1':>6}"
            f"   {'overlap P':>9} {'R':>6} {'F1':>6}"
        ]
        for row, counts in self.counts.items():
            ep, er, ef = counts.prf(counts.exact)
            op, orr, of = counts.prf(counts.overlap)
            lines.append(
                f"{row:<12} {counts.gold:>5} {counts.predicted:>5}   {ep:>7.3f} {er:>6.3f}"
                f" {ef:>6.3f}   {op:>9.3f} {orr:>6.3f} {of:>6.3f}"
            )
        dv, sp = self.date_values, self.speakers
        lines.append(f"DATE value accuracy   {_ratio(dv):.3f}  ({dv[0]}/{dv[1]} matched dates)")
        lines.append(f"CLAIM speaker accuracy {_ratio(sp):.3f}  ({sp[0]}/{sp[1]} matched claims)")
        return "\n".join(lines)


def _ratio(pair: list[int]) -> float:
    return pair[0] / pair[1] if pair[1] else 0.0


# --- reading gold --------------------------------------------------------------------------------


def _speaker_name(attrs: dict[str, Any], text: str | None) -> str:
    name = attrs.get("canonical") or text or ""
    return str(name).strip().lower()


def _from_gold_json(data: dict[str, Any], name: str) -> GoldDocument:
    by_id = {s["id"]: s for s in data.get("spans", [])}
    speakers: dict[Any, str] = {}
    for relation in data.get("relations", []):
        if relation.get("label") == "SPEAKER" and relation.get("child") in by_id:
            child = by_id[relation["child"]]
            speakers[relation["head"]] = _speaker_name(child.get("attrs") or {}, child.get("text"))
    spans = [
        GoldSpan(s["start"], s["end"], s["label"], s.get("attrs") or {}, s.get("text"),
                 speakers.get(s["id"]))
        for s in data.get("spans", [])
    ]  # fmt: skip
    return GoldDocument(
        name=name, spans=spans, dct=data.get("dct"), text=data.get("text"),
        text_sha256=data.get("text_sha256"), doc_id=data.get("doc_id"),
    )  # fmt: skip


def _span_key(span: dict[str, Any]) -> Any:
    """A span's identity in an export: its id (simple JSONL) or its offsets and label (the
    Prodigy-style JSONL, whose relations carry ``head_span``/``child_span``)."""
    return span.get("id") or (span.get("start"), span.get("end"), span.get("label"))


def _from_export(record: dict[str, Any], name: str) -> GoldDocument:
    spans_in = [s for s in record.get("spans", []) if s.get("status", "accepted") == "accepted"]
    by_key = {_span_key(s): s for s in spans_in}
    text = record.get("text")
    speakers: dict[Any, str] = {}
    for relation in record.get("relations", []):
        if relation.get("label") != "SPEAKER" or relation.get("status") == "rejected":
            continue
        head = relation.get("head_span") or {"id": relation.get("head")}
        child = relation.get("child_span") or {"id": relation.get("child")}
        found = by_key.get(_span_key(child))
        if found is None:
            continue
        words = text[found["start"] : found["end"]] if text else found.get("text")
        speakers[_span_key(head)] = _speaker_name(found.get("attrs") or {}, words)
    spans = [
        GoldSpan(s["start"], s["end"], s["label"], s.get("attrs") or {},
                 text[s["start"] : s["end"]] if text else None, speakers.get(_span_key(s)))
        for s in spans_in
    ]  # fmt: skip
    meta = record.get("meta") or {}
    dct = record.get("dct") or meta.get("published") or meta.get("date")
    return GoldDocument(name=name, spans=spans, dct=dct, text=text)


def read_gold(path: Path) -> list[GoldDocument]:
    """Every gold document in a file (``.json`` or ``.jsonl``) or a folder of them (not its
    subfolders). A named file must be gold; in a folder, files that are not are skipped."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such file or folder")
    folder = path.is_dir()
    files = sorted(p for p in path.iterdir() if p.suffix in (".json", ".jsonl")) if folder else [
        path
    ]  # fmt: skip
    found: list[GoldDocument] = []
    for file in files:
        try:
            found += _read_gold_file(file)
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            if not folder:
                raise InputError(file, f"not a gold file: {exc}") from exc
    if not found:
        raise InputError(path, "no gold documents found (.json gold files or .jsonl exports)")
    return found


def _read_gold_file(file: Path) -> list[GoldDocument]:
    raw = file.read_bytes()
    if file.suffix == ".jsonl":
        records = [orjson.loads(line) for line in raw.splitlines() if line.strip()]
        if not all(isinstance(r, dict) and "text" in r and "spans" in r for r in records):
            raise ValueError("lines need 'text' and 'spans' (our JSONL export)")
        return [_from_export(r, f"{file.name}:{n}") for n, r in enumerate(records, start=1)]
    data = orjson.loads(raw)
    if not (isinstance(data, dict) and isinstance(data.get("spans"), list)):
        raise ValueError("a gold JSON file is an object with 'spans'")
    return [_from_gold_json(data, file.name)]


# --- matching gold to stored documents -----------------------------------------------------------


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _fits(gold: GoldDocument, text: str, shift: int) -> bool:
    checked = [s for s in gold.spans if s.text is not None and s.start - shift >= 0]
    return all(text[s.start - shift : s.end - shift] == s.text for s in checked)


def locate(store: Store, gold: GoldDocument) -> tuple[int, int] | None:
    """``(document id, offset shift)`` of the stored document the gold annotates, or None."""
    candidates: list[tuple[int, int]] = []
    if gold.text is not None:
        wanted = _sha(gold.text.strip())
        row = store.db.execute(
            "SELECT id FROM documents WHERE content_hash = ?", (wanted,)
        ).fetchone()
        if row is not None:
            lead = len(gold.text) - len(gold.text.lstrip())
            candidates.append((row[0], lead))
    for doc_id, text, published, meta in store.db.execute(
        "SELECT id, text, published, meta FROM documents"
    ):
        if gold.text_sha256 and published:
            header = f" date {published} "
            if _sha(header + text) == gold.text_sha256 or _sha(header + text + "\n") == (
                gold.text_sha256
            ):
                candidates.append((doc_id, len(header)))
        if gold.text_sha256 and _sha(text) == gold.text_sha256:
            candidates.append((doc_id, 0))
        if gold.doc_id and gold.doc_id in (meta or ""):
            for shift in (0, len(f" date {published} ") if published else 0):
                candidates.append((doc_id, shift))
    for doc_id, shift in candidates:
        text = store.document(doc_id).text
        if _fits(gold, text, shift):
            return doc_id, shift
    return _search(store, gold)


def _search(store: Store, gold: GoldDocument) -> tuple[int, int] | None:
    """Last resort: a stored text in which the gold's longest span texts occur at one common
    offset shift (a file stored with other leading characters than the gold's)."""
    anchors = sorted((s for s in gold.spans if s.text), key=lambda s: -len(s.text or ""))[:3]
    if not anchors or len(anchors[0].text or "") < 8:
        return None
    first = anchors[0]
    for doc_id, text in store.db.execute(
        "SELECT id, text FROM documents WHERE instr(text, ?) > 0", (first.text,)
    ):
        at = text.find(first.text or "")
        while at >= 0:
            shift = first.start - at
            if _fits(gold, text, shift):
                return doc_id, shift
            at = text.find(first.text or "", at + 1)
    return None


# --- scoring -------------------------------------------------------------------------------------


def _match(gold: list[GoldSpan], predicted: list[Span]) -> list[tuple[int, int]]:
    """One-to-one overlap matching, largest overlap first: pairs of (gold index, pred index)."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > 0:
                exact = (g.start, g.end) == (p.start, p.end)
                pairs.append((exact, overlap, -abs(g.start - p.start), gi, pi))
    pairs.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    matched = []
    for _exact, _overlap, _distance, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        matched.append((gi, pi))
    return matched


def score_document(
    gold: GoldDocument, predicted: list[Span], speakers: dict[str, str | None], shift: int,
    text: str,
) -> Report:  # fmt: skip
    """Compare one document's predictions (offsets into the stored text) with its gold."""
    report = Report(documents=[gold.name])
    shifted = [
        GoldSpan(s.start - shift, s.end - shift, s.label, s.attrs, s.text, s.speaker)
        for s in gold.spans
        if s.start - shift >= 0 and s.end - shift <= len(text)
    ]

    def named(spans: Iterable[Any]) -> list[Any]:
        return [s for s in spans if s.label == "ACTOR" and s.attrs.get("mention") == "NAM"]

    groups = {
        "ACTOR-named": (named(shifted), named(predicted)),
        "ACTOR": ([s for s in shifted if s.label == "ACTOR"],
                  [s for s in predicted if s.label == "ACTOR"]),
        "CLAIM": ([s for s in shifted if s.label == "CLAIM"],
                  [s for s in predicted if s.label == "CLAIM"]),
        "DATE": ([s for s in shifted if s.label == "DATE"],
                 [s for s in predicted if s.label == "DATE"]),
    }  # fmt: skip
    for row, (gold_spans, pred_spans) in groups.items():
        counts = report.counts[row]
        counts.gold, counts.predicted = len(gold_spans), len(pred_spans)
        pairs = _match(gold_spans, pred_spans)
        counts.overlap = len(pairs)
        counts.exact = sum(
            1
            for gi, pi in pairs
            if (gold_spans[gi].start, gold_spans[gi].end)
            == (pred_spans[pi].start, pred_spans[pi].end)
        )
        matched = {gi for gi, _ in pairs}
        for gi, g in enumerate(gold_spans):
            if gi not in matched and row != "ACTOR":
                report.errors.append({"document": gold.name, "kind": f"missed {row}",
                                      "text": text[g.start : g.end][:80]})  # fmt: skip
        matched_p = {pi for _, pi in pairs}
        for pi, p in enumerate(pred_spans):
            if pi not in matched_p and row != "ACTOR":
                report.errors.append({"document": gold.name, "kind": f"spurious {row}",
                                      "text": text[p.start : p.end][:80]})  # fmt: skip
        for gi, pi in pairs:
            g, p = gold_spans[gi], pred_spans[pi]
            if row == "DATE":
                right = str(g.attrs.get("value") or "") == str(p.attrs.get("value") or "")
                report.date_values[0] += right
                report.date_values[1] += 1
                if not right:
                    report.errors.append({"document": gold.name, "kind": "DATE value",
                                          "text": text[p.start : p.end],
                                          "gold": g.attrs.get("value"),
                                          "predicted": p.attrs.get("value")})  # fmt: skip
            if row == "CLAIM":
                said = speakers.get(p.id)
                right = (g.speaker or None) == (said or None)
                report.speakers[0] += right
                report.speakers[1] += 1
                if not right:
                    report.errors.append({"document": gold.name, "kind": "CLAIM speaker",
                                          "text": text[p.start : p.end][:60],
                                          "gold": g.speaker, "predicted": said})  # fmt: skip
    return report


def predictions(store: Store, document_id: int, statuses: Iterable[str] | None = None) -> tuple[
    list[Span], dict[str, str | None]
]:  # fmt: skip
    """The document's machine-made spans (origin ``model:`` or ``rule:``; any status unless
    ``statuses`` is given) and each claim's speaker name."""
    wanted = set(statuses) if statuses else None
    spans = [
        s for s in store.spans(document_id)
        if s.origin.startswith(("model:", "rule:"))
        and (wanted is None or s.status.value in wanted)
    ]  # fmt: skip
    text = store.document(document_id).text
    by_id = {s.id: s for s in store.spans(document_id)}
    speakers: dict[str, str | None] = {}
    for relation in store.relations(document_id):
        if (
            relation.label == "SPEAKER"
            and relation.child in by_id
            and relation.status.value != ("rejected")
        ):
            child = by_id[relation.child]
            speakers.setdefault(
                relation.head, _speaker_name(child.attrs, text[child.start : child.end])
            )
    return spans, speakers


def evaluate(
    store: Store, golds: list[GoldDocument], statuses: Iterable[str] | None = None
) -> Report:
    """Score the stored suggestions of every gold document found in the store."""
    total = Report()
    for gold in golds:
        found = locate(store, gold)
        if found is None:
            total.missing.append(gold.name)
            continue
        doc_id, shift = found
        spans, speakers = predictions(store, doc_id, statuses)
        total.add(score_document(gold, spans, speakers, shift, store.document(doc_id).text))
    return total


def evaluate_gold(
    store: Store,
    golds: list[GoldDocument],
    suggester: Callable[[], Any] | None = None,
    resuggest: bool = False,
    statuses: Iterable[str] | None = None,
) -> Report:
    """:func:`evaluate`, plus: gold documents that carry their ``text`` but are not in ``store``
    are imported into a temporary in-memory store and suggested there; with ``resuggest`` the
    matched documents get fresh suggestions first. ``suggester()`` builds the Suggester (it loads
    the pipeline, so it is only called when needed)."""
    from annotator.core.model import NewDocument
    from annotator.core.nlp.suggest import preannotate
    from annotator.core.store import open_store

    built: list[Any] = []

    def get() -> Any:
        if not built:
            if suggester is None:
                raise ValueError("no suggester to compute suggestions with")
            built.append(suggester())
        return built[0]

    located = [(gold, locate(store, gold)) for gold in golds]
    if resuggest:
        ids = sorted({found[0] for _, found in located if found is not None})
        if ids:
            preannotate(store, ids, get())
    report = Report()
    for gold, found in located:
        if found is not None:
            doc_id, shift = found
            spans, speakers = predictions(store, doc_id, statuses)
            text = store.document(doc_id).text
            report.add(score_document(gold, spans, speakers, shift, text))
    loose = [gold for gold, found in located if found is None and gold.text]
    report.missing += [gold.name for gold, found in located if found is None and not gold.text]
    if loose:
        with open_store(None) as scratch:
            for gold in loose:
                scratch.add_document(NewDocument(gold.text.strip(), published=gold.dct))
            preannotate(scratch, scratch.document_ids(), get())
            report.add(evaluate(scratch, loose, statuses))
    return report
