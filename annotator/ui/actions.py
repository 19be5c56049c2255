"""The one table of actions: menus, toolbar buttons, shortcuts and the cheat sheet all come from it.

The main window creates a ``QAction`` per row and connects it to its method ``on_<id>``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ActionSpec:
    id: str
    text: str
    menu: str
    shortcuts: tuple[str, ...] = ()
    tip: str = ""
    toolbar: bool = False


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("import_files", "&Import Files…", "&File", ("Ctrl+O",),
               "Import articles (.txt, .jsonl, .csv)", toolbar=True),
    ActionSpec("import_folder", "Import &Folder…", "&File", ("Ctrl+Shift+O",),
               "Import every readable file in a folder"),
    ActionSpec("export_jsonl", "&Export JSONL…", "&File", ("Ctrl+E",),
               "Export documents and spans as JSON lines", toolbar=True),
    ActionSpec("quit", "&Quit", "&File", ("Ctrl+Q",), "Close the window (everything is saved)"),
    ActionSpec("next_document", "&Next Document", "&Go", ("Ctrl+Down", "Alt+Down"),
               "Show the next document in the list"),
    ActionSpec("previous_document", "&Previous Document", "&Go", ("Ctrl+Up", "Alt+Up"),
               "Show the previous document in the list"),
    ActionSpec("focus_documents", "Document &List", "&Go", ("Ctrl+L",),
               "Move the keyboard focus to the document list"),
    ActionSpec("suggest_document", "Suggest for This &Document", "&Suggestions", ("Ctrl+R",),
               "Run the suggestion pipeline on the shown document", toolbar=True),
    ActionSpec("suggest_all", "Suggest for &All Documents", "&Suggestions", ("Ctrl+Shift+R",),
               "Run the suggestion pipeline on every document (human work is kept)"),
    ActionSpec("cancel_suggestions", "&Cancel Suggestions", "&Suggestions", ("Ctrl+.",),
               "Stop the running suggestions (finished documents keep theirs)"),
    ActionSpec("choose_model", "Choose &Pipeline…", "&Suggestions", (),
               "Choose the spaCy pipeline (installed package or folder)"),
    ActionSpec("zoom_in", "Zoom &In", "&View", ("Ctrl+=", "Ctrl++"), "Larger article text"),
    ActionSpec("zoom_out", "Zoom &Out", "&View", ("Ctrl+-",), "Smaller article text"),
    ActionSpec("shortcuts", "&Keyboard Shortcuts", "&Help", ("F1",), "Show every shortcut"),
    ActionSpec("about", "&About annotator", "&Help", (), "Version and data location"),
)  # fmt: skip


def cheat_sheet() -> list[tuple[str, str]]:
    """(shortcut, what it does) for every action that has one, in table order."""
    return [
        (" / ".join(spec.shortcuts), spec.text.replace("&", "").rstrip("…"))
        for spec in ACTIONS
        if spec.shortcuts
    ]
