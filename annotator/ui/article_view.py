"""The article, read-only and as plain text, with spans highlighted by label colour.

A ``QPlainTextEdit`` (3x faster to fill than ``QTextEdit``) and one ``QSyntaxHighlighter`` that
looks spans up per block: spans are indexed by the blocks they touch when they are set, so
highlighting a block costs only the spans on it, and a change repaints only the blocks it touches.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QMouseEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from annotator.core.model import Span, SpanStatus
from annotator.ui.offsets import OffsetMap, block_starts
from annotator.ui.palette import CONTAINER_LABELS, Palette, tint

# (qt_start, qt_end, format, layer): containers (claims) are drawn first, entities on top.
Painted = tuple[int, int, QTextCharFormat, int]


class SpanHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, palette: Palette) -> None:
        # Constructed with the document (never setDocument later): see DESIGN.md traps.
        super().__init__(document)
        self.palette = palette
        self._by_block: dict[int, list[Painted]] = {}
        self.painted_blocks: deque[int] = deque(maxlen=100_000)
        """The block numbers highlighted lately, newest last (for tests and benchmarks)."""

    def set_spans(self, starts: list[int], offsets: OffsetMap, spans: Iterable[Span]) -> None:
        """Index spans by the blocks (paragraphs) they touch, ``starts`` being where each block
        starts; call before the text is set, or call ``rehighlight`` after."""
        self._by_block = {}
        self.change_spans(starts, offsets, (), spans)

    def change_spans(
        self, starts: list[int], offsets: OffsetMap, removed: Iterable[Span],
        added: Iterable[Span],
    ) -> set[int]:  # fmt: skip
        """Update the index for a few changed spans only; returns the blocks to repaint."""
        touched: set[int] = set()
        for span, present in [*((s, False) for s in removed), *((s, True) for s in added)]:
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
                items = self._by_block.setdefault(block, [])
                if present:
                    items.append(painted)
                elif painted in items:
                    items.remove(painted)
                touched.add(block)
        for block in touched:
            self._by_block[block].sort(key=lambda p: (p[3], p[0]))
        return touched

    def highlightBlock(self, text: str) -> None:
        block = self.currentBlock()
        self.painted_blocks.append(block.blockNumber())
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
    """Shows one document. Text is always plain text: never interpreted as HTML.

    Gestures become signals: a click on a span makes it current, dragging a current span's edge
    asks for a resize, hovering shows what the span is. The window decides what they mean.
    """

    currentSpanChanged = Signal(object)  # span id or None
    spanClicked = Signal(str)  # span id (also in link mode, where a click picks the target)
    edgeDragged = Signal(str, str, int)  # span id, "start" | "end", new offset (code points)

    MIN_POINT_SIZE = 7
    MAX_POINT_SIZE = 40
    EDGE_GRAB_PX = 4

    def __init__(self, palette: Palette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleView")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setMouseTracking(True)
        font = QFont(self.font())
        font.setPointSize(12)
        self.setFont(font)
        self.document().setDocumentMargin(16)
        self.palette_ = palette
        self.highlighter = SpanHighlighter(self.document(), palette)
        self.text = ""
        self.offsets = OffsetMap("")
        self._starts: list[int] = [0]
        self.spans: list[Span] = []
        self.current_id: str | None = None
        self.describe: Callable[[Span], str] = lambda span: span.label
        self._drag: tuple[str, str] | None = None  # (span id, edge) while dragging an edge
        self._pressed_at: int | None = None

    # --- content ---------------------------------------------------------------------------

    def show_document(self, text: str, spans: list[Span]) -> None:
        self.text = text
        self.offsets = OffsetMap(text)
        self._starts = block_starts(text)
        self.spans = spans
        self.current_id = None
        self.highlighter.set_spans(self._starts, self.offsets, spans)
        self.setPlainText(text)
        self._paint_current()

    def update_spans(self, spans: list[Span]) -> None:
        """New spans for the shown text: re-index and repaint only the paragraphs whose spans
        changed (one edit among 1,000 spans touches one or two)."""
        old = {s.id: s for s in self.spans}
        new = {s.id: s for s in spans}
        # unchanged spans are the very same objects (the snapshot is patched), so "is" decides
        # most comparisons without comparing fields
        removed = [s for key, s in old.items() if new.get(key) is not s and new.get(key) != s]
        added = [s for key, s in new.items() if old.get(key) is not s and old.get(key) != s]
        self.spans = spans
        touched = self.highlighter.change_spans(self._starts, self.offsets, removed, added)
        if self.current_id is not None and self.current_id not in new:
            self.current_id = None
        self._paint_current()
        document = self.document()
        for number in sorted(touched):
            self.highlighter.rehighlightBlock(document.findBlockByNumber(number))

    def span(self, span_id: str) -> Span | None:
        return next((s for s in self.spans if s.id == span_id), None)

    def spans_at(self, offset: int) -> list[Span]:
        """Visible spans covering a character, innermost first."""
        found = [
            s for s in self.spans if s.start <= offset < s.end and s.status != SpanStatus.REJECTED
        ]
        return sorted(found, key=lambda s: s.end - s.start)

    # --- the current span ------------------------------------------------------------------

    def set_current(self, span_id: str | None, reveal: bool = True) -> None:
        if span_id == self.current_id:
            return
        self.current_id = span_id
        self._paint_current()
        span = self.span(span_id) if span_id else None
        if span is not None and reveal:
            cursor = self.textCursor()
            cursor.setPosition(self.offsets.to_qt(span.start))
            self.setTextCursor(cursor)
            self.ensureCursorVisible()
        self.currentSpanChanged.emit(span_id)

    def current(self) -> Span | None:
        return self.span(self.current_id) if self.current_id else None

    def _paint_current(self) -> None:
        """Mark the current span with extra selections (a few items, not the 1,000 spans).

        An entity is filled with its full colour. A claim is filled only between the entities it
        contains, which keep their own colours and get an underline, so its actors stay readable.
        """
        span = self.current()
        if span is None:
            self.setExtraSelections([])
            return
        color = tint(self.palette_.color(span.label), 0.75)
        pieces: list[tuple[int, int, bool]] = [(span.start, span.end, True)]
        if span.label in CONTAINER_LABELS:
            inner = sorted(
                (s.start, s.end)
                for s in self.spans
                if s.label not in CONTAINER_LABELS
                and s.status != SpanStatus.REJECTED
                and span.start <= s.start and s.end <= span.end
            )  # fmt: skip
            pieces, at = [], span.start
            for start, end in inner:
                if start > at:
                    pieces.append((at, start, True))
                pieces.append((start, end, False))
                at = max(at, end)
            if at < span.end:
                pieces.append((at, span.end, True))
        selections = []
        for start, end, fill in pieces:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(self.offsets.to_qt(start))
            cursor.setPosition(self.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor  # type: ignore[attr-defined]
            fmt = QTextCharFormat()
            if fill:
                fmt.setBackground(color)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(self.palette_.color(span.label).darker(160))
            selection.format = fmt  # type: ignore[attr-defined]
            selections.append(selection)
        self.setExtraSelections(selections)

    # --- view ------------------------------------------------------------------------------

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

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def offset_at(self, point: QPoint) -> int:
        return self.offsets.from_qt(self.cursorForPosition(point).position())

    # --- mouse -----------------------------------------------------------------------------

    def _edge_at(self, point: QPoint) -> tuple[str, str] | None:
        """The current span's edge under the mouse, if within a few pixels."""
        span = self.current()
        if span is None:
            return None
        for edge, offset in (("start", span.start), ("end", span.end)):
            cursor = QTextCursor(self.document())
            cursor.setPosition(self.offsets.to_qt(offset))
            rect = self.cursorRect(cursor)
            if (
                abs(point.x() - rect.x()) <= self.EDGE_GRAB_PX
                and rect.top() <= point.y() <= rect.bottom()
            ):
                return span.id, edge
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        self.setFocus(Qt.FocusReason.MouseFocusReason)  # label keys act where the mouse worked
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag = self._edge_at(point)
            if self._drag is not None:
                event.accept()
                return
            self._pressed_at = self.offset_at(point)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        if self._drag is not None:
            event.accept()
            return
        grab = self._edge_at(point) is not None
        self.viewport().setCursor(
            Qt.CursorShape.SizeHorCursor if grab else Qt.CursorShape.IBeamCursor
        )
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        if self._drag is not None:
            span_id, edge = self._drag
            self._drag = None
            self.edgeDragged.emit(span_id, edge, self.offset_at(point))
            event.accept()
            return
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            offset = self.offset_at(point)
            if offset == self._pressed_at:
                # cursorForPosition rounds to the nearest gap: look at the character clicked on
                under = self.spans_at(offset) or self.spans_at(max(offset - 1, 0))
                if under:
                    self.spanClicked.emit(under[0].id)
        self._pressed_at = None

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            point = event.pos()  # type: ignore[attr-defined]
            under = self.spans_at(self.offset_at(point))
            if under:
                QToolTip.showText(
                    event.globalPos(),  # type: ignore[attr-defined]
                    "\n\n".join(self.describe(s) for s in under),
                    self,
                )
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)
