"""Annotation gestures -> core operations. Holds only the gesture state (the current span, link
mode); every rule is in annotator/core/annotation.py."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.core import annotation as ops
from annotator.core.mentions import plan_in_corpus, plan_in_document
from annotator.core.model import Span, SpanStatus
from annotator.core.spans import quote
from annotator.ui.article_view import ArticleView
from annotator.ui.session import Session

LINK_TARGET = {"SPEAKER": "ACTOR", "STATED_ON": "DATE"}
LINK_NAME = {"SPEAKER": "speaker", "STATED_ON": "date"}


@dataclass(frozen=True)
class LinkMode:
    claim_id: str
    label: str


class AnnotationController(QObject):
    linkModeChanged = Signal(str)  # prompt text, or "" when link mode ends

    def __init__(self, session: Session, article: ArticleView, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self.article = article
        self.window = parent
        self.snap = True
        self.link_mode: LinkMode | None = None
        article.spanClicked.connect(self.on_span_clicked)
        article.edgeDragged.connect(self.on_edge_dragged)

    @property
    def annotator(self) -> str | None:
        return self.session.annotator

    def _say(self, text: str) -> None:
        self.session.message.emit(text)

    # --- tagging ---------------------------------------------------------------------------

    def tag(self, label: str, exact: bool = False) -> None:
        """Tag the selection; with no selection, relabel the current span."""
        selected = self.article.selected_range()
        if selected is not None:
            start, end = selected
            snap = self.snap and not exact
            if self.session.attempt(
                lambda doc: ops.tag(doc, start, end, label, self.annotator, snap)
            ):
                self.article.clear_selection()
                self._current_at(start, end, label)
            return
        span = self.article.current()
        if span is None:
            self._say(f"Select some text (or move to a span with Tab) to tag it as {label}")
            return
        self.session.attempt(lambda doc: ops.relabel(doc, doc.span(span.id), label, self.annotator))

    def _current_at(self, start: int, end: int, label: str) -> None:
        """After tagging, the new span (within the selection) becomes current."""
        candidates = [
            s
            for s in self.article.spans
            if s.label == label and s.status != SpanStatus.REJECTED
            and s.start >= start - 1 and s.end <= end + 1
        ]  # fmt: skip
        if candidates:
            self.article.set_current(max(candidates, key=lambda s: s.end - s.start).id, False)

    # --- navigation ------------------------------------------------------------------------

    def _ordered(self, wanted: str | None = None, suggestions_only: bool = False) -> list[Span]:
        spans = [
            s
            for s in self.article.spans
            if s.status != SpanStatus.REJECTED
            and (wanted is None or s.label == wanted)
            and (not suggestions_only or s.status == SpanStatus.SUGGESTED)
        ]
        return sorted(spans, key=lambda s: (s.start, -s.end, s.label))

    def _step(self, direction: int, suggestions_only: bool = False) -> None:
        wanted = LINK_TARGET[self.link_mode.label] if self.link_mode else None
        spans = self._ordered(wanted, suggestions_only)
        if not spans:
            self._say("No unreviewed suggestions left here" if suggestions_only else "No spans")
            return
        current = self.article.current()
        key = (current.start, -current.end, current.label) if current else None
        keys = [(s.start, -s.end, s.label) for s in spans]
        if key is None:
            index = 0 if direction > 0 else len(spans) - 1
        elif direction > 0:
            index = next((n for n, k in enumerate(keys) if k > key), 0)
        else:
            index = next((n for n in range(len(keys) - 1, -1, -1) if keys[n] < key), len(keys) - 1)
        self.article.set_current(spans[index].id)

    def on_next_span(self) -> None:
        self._step(+1)

    def on_previous_span(self) -> None:
        self._step(-1)

    def on_next_suggestion(self) -> None:
        self._step(+1, suggestions_only=True)

    def on_previous_suggestion(self) -> None:
        self._step(-1, suggestions_only=True)

    # --- decisions -------------------------------------------------------------------------

    def _current_or_say(self) -> Span | None:
        span = self.article.current()
        if span is None:
            self._say("No current span: move to one with Tab or N, or click it")
        return span

    def on_accept(self) -> None:
        if self.link_mode is not None:
            target = self.article.current()
            if target is not None:
                self._link_to(target.id)
            return
        span = self._current_or_say()
        if span is not None and self.session.attempt(
            lambda doc: ops.accept(doc, doc.span(span.id), self.annotator)
        ):
            self.on_next_suggestion_quietly()

    def on_next_suggestion_quietly(self) -> None:
        """After a decision, move on to the next suggestion if there is one (Prodigy-like flow)."""
        if self._ordered(suggestions_only=True):
            self._step(+1, suggestions_only=True)

    def on_reject(self) -> None:
        span = self._current_or_say()
        if span is None:
            return
        if self.session.attempt(lambda doc: ops.reject(doc, doc.span(span.id), self.annotator)):
            self.on_next_suggestion_quietly()

    def on_accept_all(self) -> None:
        self.session.attempt(lambda doc: ops.accept_all(doc, self.annotator))

    def _edge(self, edge: str, direction: int) -> None:
        span = self._current_or_say()
        if span is not None:
            self.session.attempt(
                lambda doc: ops.step_edge(doc, doc.span(span.id), edge, direction, self.annotator)
            )

    def on_grow_start(self) -> None:
        self._edge("start", -1)

    def on_shrink_start(self) -> None:
        self._edge("start", +1)

    def on_grow_end(self) -> None:
        self._edge("end", +1)

    def on_shrink_end(self) -> None:
        self._edge("end", -1)

    def on_edge_dragged(self, span_id: str, edge: str, offset: int) -> None:
        doc = self.session.doc
        if doc is None:
            return
        span = doc.span(span_id)
        tokens = doc.tokens
        if self.snap and tokens.starts:
            boundaries = tokens.starts if edge == "start" else tokens.ends
            offset = min(boundaries, key=lambda b: abs(b - offset))
        start, end = (offset, span.end) if edge == "start" else (span.start, offset)
        self.session.attempt(
            lambda d: ops.resize_to(d, d.span(span_id), start, end, self.annotator)
        )

    def set_attrs(self, attrs: dict[str, object]) -> None:
        span = self.article.current()
        if span is not None:
            self.session.attempt(
                lambda doc: ops.set_attrs(doc, doc.span(span.id), attrs, self.annotator)
            )

    # --- links -----------------------------------------------------------------------------

    def start_link(self, label: str) -> None:
        span = self.article.current()
        if span is None or span.label != "CLAIM":
            self._say(f"Move to a CLAIM first, then press the key to set its {LINK_NAME[label]}")
            return
        self.link_mode = LinkMode(span.id, label)
        words = quote(self.article.text[span.start : span.end], 30)
        prompt = (
            f"Choose the {LINK_NAME[label]} of {words}:"
            f" Tab to a{'n' if label == 'SPEAKER' else ''} {LINK_TARGET[label]} and press Enter,"
            " or click it (Esc cancels)"
        )
        self.linkModeChanged.emit(prompt)
        self._step(+1)

    def on_link_speaker(self) -> None:
        self.start_link("SPEAKER")

    def on_link_date(self) -> None:
        self.start_link("STATED_ON")

    def _link_to(self, target_id: str) -> None:
        mode = self.link_mode
        if mode is None:
            return
        self.end_link()
        self.session.attempt(
            lambda doc: ops.link(doc, doc.span(mode.claim_id), doc.span(target_id), mode.label)
        )
        self.article.set_current(mode.claim_id)

    def end_link(self) -> None:
        if self.link_mode is not None:
            self.link_mode = None
            self.linkModeChanged.emit("")

    def on_cancel(self) -> None:
        if self.link_mode is not None:
            claim = self.link_mode.claim_id
            self.end_link()
            self.article.set_current(claim)
            self._say("Link cancelled")
        else:
            self.article.clear_selection()

    def unlink(self, relation_id: str) -> None:
        self.session.attempt(
            lambda doc: ops.unlink(doc, next(r for r in doc.relations if r.id == relation_id))
        )

    def on_span_clicked(self, span_id: str) -> None:
        if self.link_mode is not None:
            self._link_to(span_id)
        else:
            self.article.set_current(span_id, reveal=False)

    # --- identical mentions ----------------------------------------------------------------

    def on_mentions_document(self) -> None:
        span = self._current_or_say()
        doc = self.session.doc
        if span is None or doc is None:
            return
        plan = plan_in_document(doc, doc.span(span.id), self.annotator)
        if plan.edit is None:
            self._say(f"No other untagged mention of {quote(doc.text_of(span))} here")
            return
        self.session.push(plan.edit)

    def on_mentions_corpus(self) -> None:
        span = self._current_or_say()
        doc = self.session.doc
        if span is None or doc is None:
            return
        plan = plan_in_corpus(self.session.store, doc, doc.span(span.id), self.annotator)
        if plan.edit is None:
            self._say(f"No other untagged mention of {quote(doc.text_of(span))} in the corpus")
            return
        answer = QMessageBox.question(
            self.window,
            "Apply to the whole corpus",
            f"Tag {plan.added} mention(s) of {quote(doc.text_of(span))} as {span.label} in"
            f" {plan.documents} document(s)? ({plan.skipped} overlapping mention(s) are left"
            " alone.) Undo reverts all of them in one step.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.session.push(plan.edit)
