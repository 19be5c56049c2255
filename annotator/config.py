"""Settings and the label configuration, read once by the CLI (the composition root)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from annotator.errors import InputError

DEFAULT_DB = Path("annotations.db")


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    keys: tuple[str, ...]
    color: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class LabelConfig:
    labels: tuple[Label, ...]

    def names(self) -> list[str]:
        return [label.name for label in self.labels]

    def get(self, name: str) -> Label | None:
        return next((label for label in self.labels if label.name == name), None)


def load_labels(path: Path | None = None) -> LabelConfig:
    """Read a label configuration (JSON, like resources/labels.json); the default if no path."""
    if path is None:
        raw = resources.files("annotator.resources").joinpath("labels.json").read_text("utf-8")
        origin: str | Path = "resources/labels.json"
    else:
        origin = path
        try:
            raw = Path(path).read_text("utf-8")
        except OSError as exc:
            raise InputError(path, f"cannot read the label configuration: {exc.strerror}") from exc
    try:
        data = json.loads(raw)
        labels = tuple(
            Label(
                name=item["name"],
                keys=tuple(item.get("keys", ())),
                color=item["color"],
                description=item.get("description", ""),
            )
            for item in data["labels"]
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(origin, f"not a valid label configuration: {exc}") from exc
    if not labels:
        raise InputError(origin, "the label configuration defines no labels")
    return LabelConfig(labels)


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the application needs to start, resolved from defaults and command-line flags."""

    db_path: Path = DEFAULT_DB
    model: str | None = None
    labels: LabelConfig = field(default_factory=load_labels)
    batch_size: int = 32
    annotator: str | None = None
    """The person's name; asked once in the window (and kept in QSettings) when not given."""
