"""The dataset card written beside every export: what is in it and how it was made. Deterministic
(no timestamps), so the same database and command give the same card."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter

from annotator.core.formats.prepared import PreparedDocument

NOBODY = "(nobody named)"
_LABEL_STATUS = itemgetter(3, 6)
_ANNOTATOR = itemgetter(5)
_LABEL = itemgetter(2)


@dataclass
class CardStats:
    documents: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(part, document status) -> documents."""
    spans: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(label, span status) -> spans."""
    relations: Counter[str] = field(default_factory=Counter)
    annotators: Counter[str | None] = field(default_factory=Counter)
    """Spans per annotator (None: spans nobody is named for)."""
    token_splits: int = 0
    stored_tokens: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, prepared: PreparedDocument, part: str) -> None:
        doc = prepared.doc
        self.documents[(part, doc.status)] += 1
        self.spans.update(map(_LABEL_STATUS, doc.spans))
        self.annotators.update(map(_ANNOTATOR, doc.spans))
        self.relations.update(map(_LABEL, prepared.relations))
        self.stored_tokens += prepared.tokens_stored
        if prepared.tokens is not None:
            self.token_splits += prepared.tokens.splits

    def merge(self, other: CardStats) -> None:
        """Add the counts of another part of the same export (from another process)."""
        self.documents.update(other.documents)
        self.spans.update(other.spans)
        self.relations.update(other.relations)
        self.annotators.update(other.annotators)
        self.token_splits += other.token_splits
        self.stored_tokens += other.stored_tokens

    @property
    def document_count(self) -> int:
        return sum(self.documents.values())

    @property
    def span_count(self) -> int:
        return sum(self.spans.values())


def _table(headers: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def render(
    *,
    title: str,
    format_line: str,
    files: list[str],
    selection: list[str],
    stats: CardStats,
    schema_version: int,
    version: str,
    command: str,
) -> str:
    parts = sorted({part for part, _ in stats.documents}) or ["all"]
    statuses = sorted({status for _, status in stats.documents})
    lines = [
        f"# {title}",
        "",
        format_line,
        "",
        "Files: " + ", ".join(f"`{name}`" for name in files) + ".",
        "",
        "Made with:",
        "",
        "```",
        command,
        "```",
        "",
        f"annotator {version}, database schema version {schema_version}.",
        "",
        "## Selection",
        "",
        *(f"- {line}" for line in selection),
        "",
        "## Documents",
        "",
        *_table(
            ["status", *parts, *(["total"] if len(parts) > 1 else [])],
            [
                [
                    status,
                    *(stats.documents[(p, status)] for p in parts),
                    *([sum(stats.documents[(p, status)] for p in parts)] if len(parts) > 1 else []),
                ]
                for status in statuses
            ],
        ),
        "",
        f"{stats.document_count} documents in all.",
        "",
        "## Spans",
        "",
    ]
    labels = sorted({label for label, _ in stats.spans})
    span_statuses = sorted({status for _, status in stats.spans})
    if labels:
        lines += _table(
            ["label", *span_statuses, "total"],
            [
                [
                    label,
                    *(stats.spans[(label, s)] for s in span_statuses),
                    sum(stats.spans[(label, s)] for s in span_statuses),
                ]
                for label in labels
            ],
        )
        lines.append("")
    lines += [f"{stats.span_count} spans in all.", "", "## Relations", ""]
    if stats.relations:
        lines += _table(
            ["label", "relations"], [[k, v] for k, v in sorted(stats.relations.items())]
        )
        lines.append("")
    lines += [f"{sum(stats.relations.values())} relations in all.", "", "## Annotators", ""]
    annotators: Counter[str] = Counter()
    for name, count in stats.annotators.items():
        annotators[name or NOBODY] += count
    if annotators:
        lines += _table(["annotator", "spans"], [[k, v] for k, v in sorted(annotators.items())])
        lines.append("")
    else:
        lines += ["No spans, so no annotators.", ""]
    notes = list(stats.notes)
    if stats.token_splits:
        notes.append(
            f"{stats.token_splits} span edges fell inside a token of the tokenizer; those tokens"
            " were split there, so every span is whole tokens."
        )
    if notes:
        lines += ["## Notes", "", *(f"- {note}" for note in notes), ""]
    return "\n".join(lines)
