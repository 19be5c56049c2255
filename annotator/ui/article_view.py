"""The article, read-only and as plain text, with spans highlighted by label colour.

A ``QPlainTextEdit`` (3x faster to fill than ``QTextEdit``) and one ``QSyntaxHighlighter`` that
looks spans up per block: spans are indexed by the blocks they touch when they are set, so
highlighting a block costs only the spans on it, and a change repaints only the blocks it touches.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from annotator.core.model import Span, SpanStatus
from annotator.ui.offsets import OffsetMap, block_starts
from annotator.ui.palette import CONTAINER_LABELS, Palette

# (qt_start, qt_end, format, layer): containers (claims) are drawn first, entities on top.
Painted = tuple[int, int, QTextCharFormat, int]


class SpanHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, palette: Palette) -> None:
        # Constructed with the document (never setDocument later): see DESIGN.md traps.
        super().__init__(document)
        self.palette = palette
        self._by_block: dict[int, list[Painted]] = {}

    def set_spans(self, text: str, offsets: OffsetMap, spans: Iterable[Span]) -> None:
        """Index spans by block; call before the text is set, or call ``rehighlight`` after."""
        starts = block_starts(text)
        by_block: dict[int, list[Painted]] = defaultdict(list)
        for span in spans:
            if span.status == SpanStatus.REJECTED:
                continue
            painted = (
                offsets.to_qt(span.start),
                offsets.to_qt(span.end),
                self.palette.format(span.label, span.status),
                0 if span.label in CONTAINER_LABELS else 1,
            )
            first = bisect_right(starts, span.start) - 1
            last = bisect_right(starts, span.end - 1) - 1
            for block in range(first, last + 1):
                by_block[block].append(painted)
        for items in by_block.values():
            items.sort(key=lambda p: (p[3], p[0]))
        self._by_block = dict(by_block)

    def highlightBlock(self, text: str) -> None:
        block = self.currentBlock()
        painted = self._by_block.get(block.blockNumber())
        if not painted:
            return
        base = block.position()
        length = len(text.encode("utf-16-le")) // 2
        segments = _merge(painted, base, base + length)
        for start, end, fmt in segments:
            self.setFormat(start - base, end - start, fmt)


def _merge(painted: list[Painted], lo: int, hi: int) -> list[tuple[int, int, QTextCharFormat]]:
    """Split overlapping spans into segments whose formats are merged (layer order), so a claim's
    underline survives under the actor inside it."""
    points = {lo, hi}
    for start, end, _fmt, _layer in painted:
        points.add(min(max(start, lo), hi))
        points.add(min(max(end, lo), hi))
    edges = sorted(points)
    segments: list[tuple[int, int, QTextCharFormat]] = []
    for a, b in itertools.pairwise(edges):
        covering = [p for p in painted if p[0] <= a and p[1] >= b]
        if not covering:
            continue
        if len(covering) == 1:
            segments.append((a, b, covering[0][2]))
            continue
        fmt = QTextCharFormat()
        for _start, _end, part, _layer in covering:
            fmt.merge(part)
        segments.append((a, b, fmt))
    return segments


class ArticleView(QPlainTextEdit):
    """Shows one document. Text is always plain text: never interpreted as HTML."""

    MIN_POINT_SIZE = 7
    MAX_POINT_SIZE = 40

    def __init__(self, palette: Palette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleView")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        font = QFont(self.font())
        font.setPointSize(12)
        self.setFont(font)
        self.document().setDocumentMargin(16)
        self.highlighter = SpanHighlighter(self.document(), palette)
        self.text = ""
        self.offsets = OffsetMap("")
        self.spans: list[Span] = []

    def show_document(self, text: str, spans: list[Span]) -> None:
        self.text = text
        self.offsets = OffsetMap(text)
        self.spans = spans
        self.highlighter.set_spans(text, self.offsets, spans)
        self.setPlainText(text)

    def update_spans(self, spans: list[Span]) -> None:
        """New spans for the shown text: repaint only the blocks whose spans changed."""
        old = {(s.start, s.end, s.label, s.status) for s in self.spans}
        new = {(s.start, s.end, s.label, s.status) for s in spans}
        changed = old ^ new
        self.spans = spans
        self.highlighter.set_spans(self.text, self.offsets, spans)
        if not changed:
            return
        starts = block_starts(self.text)
        blocks: set[int] = set()
        for start, end, _label, _status in changed:
            first = bisect_right(starts, start) - 1
            last = bisect_right(starts, end - 1) - 1
            blocks.update(range(first, last + 1))
        document = self.document()
        for number in sorted(blocks):
            self.highlighter.rehighlightBlock(document.findBlockByNumber(number))

    def zoom(self, steps: int) -> None:
        font = QFont(self.font())
        size = min(max(font.pointSize() + steps, self.MIN_POINT_SIZE), self.MAX_POINT_SIZE)
        font.setPointSize(size)
        self.setFont(font)

    def selected_range(self) -> tuple[int, int] | None:
        """The selection as code-point offsets into the document text, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return (
            self.offsets.from_qt(cursor.selectionStart()),
            self.offsets.from_qt(cursor.selectionEnd()),
        )
