"""Shared fixtures. GUI tests run on Qt's offscreen platform (no display needed)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.core.store import Store, open_store

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SEED_ARTICLE = SEEDS / "000_d788b73009aa788c.txt"
DATA = Path(__file__).resolve().parent / "data"

TINY_PATTERNS = [
    {"label": "PERSON", "pattern": "Benny Gantz"},
    {"label": "PERSON", "pattern": "Gantz"},
    {"label": "PERSON", "pattern": "Oleksii Reznikov"},
    {"label": "GPE", "pattern": "Israel"},
    {"label": "GPE", "pattern": "Ukraine"},
    {"label": "GPE", "pattern": "Tehran"},
    {"label": "ORG", "pattern": [{"LOWER": "the"}, {"TEXT": "Israeli"}, {"TEXT": "Defense"},
                                 {"TEXT": "Ministry"}]},
    {"label": "DATE", "pattern": "Thursday"},
    {"label": "DATE", "pattern": "Tuesday"},
    {"label": "NORP", "pattern": "Ukrainian"},
    {"label": "MONEY", "pattern": [{"TEXT": "$"}, {"LIKE_NUM": True}]},
]  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "test.db") as opened:
        yield opened


@pytest.fixture(scope="session")
def tiny_pipeline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real spaCy pipeline on disk (blank English + entity ruler), so ``spacy.load`` runs."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(TINY_PATTERNS)
    nlp.meta["name"] = "tiny_test"
    nlp.meta["version"] = "0.0.1"
    path = tmp_path_factory.mktemp("pipelines") / "tiny"
    nlp.to_disk(path)
    return path


def write(path: Path, content: str | bytes) -> Path:
    """Write a test input file (bytes as they are, text as UTF-8 without newline translation)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path
