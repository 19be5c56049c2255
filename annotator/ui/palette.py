"""Label colours and the text formats derived from them: one source of truth, also the legend.

Accepted and human spans get a solid tint of their label colour; model suggestions a paler tint
with a dashed underline, so the two are told apart at a glance. A CLAIM is drawn as an underline
band with a faint tint, so the actors and dates inside it keep their own colours.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from annotator.config import LabelConfig
from annotator.core.model import SpanStatus
from annotator.core.spans import CONTAINER_LABELS

__all__ = ["CONTAINER_LABELS", "Palette", "tint"]
_FALLBACK_COLOR = "#999999"


def tint(color: QColor, alpha: float) -> QColor:
    """The colour blended onto white (an opaque colour, so nested tints do not muddy)."""
    return QColor(
        round(255 - (255 - color.red()) * alpha),
        round(255 - (255 - color.green()) * alpha),
        round(255 - (255 - color.blue()) * alpha),
    )


class Palette:
    def __init__(self, labels: LabelConfig) -> None:
        self.labels = labels
        self._colors = {label.name: QColor(label.color) for label in labels.labels}
        self._formats: dict[tuple[str, SpanStatus], QTextCharFormat] = {}

    def color(self, label: str) -> QColor:
        return self._colors.get(label, QColor(_FALLBACK_COLOR))

    def format(self, label: str, status: SpanStatus) -> QTextCharFormat:
        key = (label, status)
        if key not in self._formats:
            self._formats[key] = self._make_format(label, status)
        return self._formats[key]

    def _make_format(self, label: str, status: SpanStatus) -> QTextCharFormat:
        color = self.color(label)
        fmt = QTextCharFormat()
        suggested = status == SpanStatus.SUGGESTED
        if label in CONTAINER_LABELS:
            fmt.setUnderlineStyle(
                QTextCharFormat.UnderlineStyle.DashUnderline
                if suggested
                else QTextCharFormat.UnderlineStyle.SingleUnderline
            )
            fmt.setUnderlineColor(color.darker(130))
            fmt.setBackground(tint(color, 0.10 if suggested else 0.18))
        else:
            fmt.setBackground(tint(color, 0.22 if suggested else 0.45))
            if suggested:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
                fmt.setUnderlineColor(color.darker(120))
        return fmt

    def legend(self, parent: QWidget | None = None) -> QWidget:
        """A row of label chips plus a sample of how suggestions look."""
        widget = QWidget(parent)
        widget.setObjectName("legend")
        row = QHBoxLayout(widget)
        row.setContentsMargins(0, 0, 0, 0)
        for label in self.labels.labels:
            chip = QLabel(label.name, widget)
            chip.setTextFormat(Qt.TextFormat.PlainText)
            chip.setObjectName(f"legend_{label.name}")
            chip.setToolTip(f"{label.description} (keys: {', '.join(label.keys)})")
            chip_color = tint(self.color(label.name), 0.45).name()
            chip.setStyleSheet(
                f"background:{chip_color}; border-radius:3px; padding:1px 6px; font-weight:600;"
            )
            row.addWidget(chip)
        sample = QLabel("suggestion", widget)
        sample.setTextFormat(Qt.TextFormat.PlainText)
        sample.setToolTip("Model suggestions: pale, with a dashed underline, until accepted")
        sample.setStyleSheet(
            "border-bottom:1px dashed #555; padding:1px 6px; color:#444; background:#f3f3f3;"
        )
        row.addWidget(sample)
        row.addStretch(1)
        return widget
