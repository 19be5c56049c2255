"""One table of actions: every action has a shortcut, no two actions share one, and the
documented cheat sheet is the table's."""

from collections import Counter

from annotator.config import load_labels
from annotator.ui.actions import ACTIONS, label_actions, shortcuts_markdown
from tests.conftest import REPO


def test_every_action_has_a_shortcut_and_none_is_shared() -> None:
    specs = ACTIONS + label_actions(load_labels())
    without = [s.id for s in specs if not s.shortcuts]
    assert without == []
    counts = Counter(key for spec in specs for key in spec.shortcuts)
    assert [key for key, n in counts.items() if n > 1] == []


def test_docs_shortcuts_md_is_generated_from_the_table() -> None:
    assert (REPO / "docs" / "shortcuts.md").read_text("utf-8") == shortcuts_markdown(load_labels())
