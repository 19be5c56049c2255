"""The one table of actions: menus, toolbar buttons, shortcuts and the cheat sheet all come from it.

The main window creates a ``QAction`` per row and connects it to the method ``on_<id>`` of the
window or of the annotation controller. ``scope="article"`` actions only fire while the article
view or the span table has the keyboard focus, so typing in the search box or an attribute field
never tags anything. Tagging actions are generated from the label configuration.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.config import LabelConfig


@dataclass(frozen=True, slots=True)
class ActionSpec:
    id: str
    text: str
    menu: str
    shortcuts: tuple[str, ...] = ()
    tip: str = ""
    toolbar: bool = False
    scope: str = "window"  # or "article"
    checkable: bool = False


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("import_files", "&Import Files…", "&File", ("Ctrl+O",),
               "Import articles (.txt, .jsonl, .csv)", toolbar=True),
    ActionSpec("import_folder", "Import &Folder…", "&File", ("Ctrl+Shift+O",),
               "Import every readable file in a folder"),
    ActionSpec("export", "&Export…", "&File", ("Ctrl+E",),
               "Export training data: Prodigy-style JSONL, spaCy DocBin, doccano or brat",
               toolbar=True),
    ActionSpec("quit", "&Quit", "&File", ("Ctrl+Q",), "Close the window (everything is saved)"),
    ActionSpec("undo", "&Undo", "&Edit", ("Ctrl+Z",), "Undo the last edit (any document)"),
    ActionSpec("redo", "&Redo", "&Edit", ("Ctrl+Shift+Z", "Ctrl+Y"), "Redo the undone edit"),
    ActionSpec("next_span", "Next Span", "&Annotate", ("Tab",),
               "Make the next span current", scope="article"),
    ActionSpec("previous_span", "Previous Span", "&Annotate", ("Shift+Tab", "Backtab"),
               "Make the previous span current", scope="article"),
    ActionSpec("next_suggestion", "Next Unreviewed Suggestion", "&Annotate", ("N",),
               "Jump to the next suggestion nobody has decided on", scope="article"),
    ActionSpec("previous_suggestion", "Previous Unreviewed Suggestion", "&Annotate",
               ("Shift+N",), "Jump to the previous undecided suggestion", scope="article"),
    ActionSpec("accept", "&Accept", "&Annotate", ("Return", "Enter"),
               "Accept the current suggestion (or pick the link target)", scope="article"),
    ActionSpec("reject", "&Reject / Delete", "&Annotate", ("X", "Delete"),
               "Reject the current suggestion (it is not offered again) or delete a span",
               scope="article"),
    ActionSpec("accept_all", "Accept All Suggestions in Document", "&Annotate",
               ("Ctrl+Shift+A",), "Accept every undecided suggestion here, as one step",
               toolbar=True),
    ActionSpec("grow_start", "Move Start Left", "&Annotate", ("Alt+Left",),
               "Extend the current span one token to the left", scope="article"),
    ActionSpec("shrink_start", "Move Start Right", "&Annotate", ("Alt+Right",),
               "Shrink the current span by its first token", scope="article"),
    ActionSpec("shrink_end", "Move End Left", "&Annotate", ("Alt+Shift+Left",),
               "Shrink the current span by its last token", scope="article"),
    ActionSpec("grow_end", "Move End Right", "&Annotate", ("Alt+Shift+Right",),
               "Extend the current span one token to the right", scope="article"),
    ActionSpec("link_speaker", "Set &Speaker of Claim", "&Annotate", ("S",),
               "With a claim current: move to its speaker (Tab) and press Enter",
               scope="article"),
    ActionSpec("link_date", "Set &Date of Claim", "&Annotate", ("T",),
               "With a claim current: move to its date (Tab) and press Enter", scope="article"),
    ActionSpec("cancel", "Cancel", "&Annotate", ("Escape",),
               "Leave link mode, clear the selection", scope="article"),
    ActionSpec("mentions_document", "Apply to Identical Mentions Here", "&Annotate", ("M",),
               "Tag every other occurrence of the current span's words in this document",
               scope="article"),
    ActionSpec("mentions_corpus", "Apply to Identical Mentions in Corpus…", "&Annotate",
               ("Shift+M",), "Tag every occurrence in every document (asks first)",
               scope="article"),
    ActionSpec("snap_tokens", "Snap Selections to &Words", "&Annotate", ("F7",),
               "Off: tag exactly the selected characters (or hold Alt with the label key)",
               checkable=True),
    ActionSpec("mark_done", "Mark &Done and Next", "&Document", ("Ctrl+Return", "Ctrl+Enter"),
               "Mark this document done and open the next unfinished one", toolbar=True),
    ActionSpec("mark_skipped", "&Skip and Next", "&Document", ("Ctrl+Shift+Return",),
               "Mark this document skipped and open the next unfinished one"),
    ActionSpec("mark_in_progress", "&Reopen", "&Document", ("Ctrl+Shift+I",),
               "Mark this document in progress again"),
    ActionSpec("next_document", "&Next Document", "&Document", ("Ctrl+Down", "Alt+Down"),
               "Show the next document in the list"),
    ActionSpec("previous_document", "&Previous Document", "&Document", ("Ctrl+Up", "Alt+Up"),
               "Show the previous document in the list"),
    ActionSpec("focus_search", "&Find Documents", "&Document", ("Ctrl+F",),
               "Full-text search over all documents"),
    ActionSpec("focus_documents", "Document &List", "&Document", ("Ctrl+L",),
               "Move the keyboard focus to the document list"),
    ActionSpec("focus_article", "&Article", "&Document", ("Ctrl+K",),
               "Move the keyboard focus to the article"),
    ActionSpec("suggest_document", "Suggest for This &Document", "&Suggestions", ("Ctrl+R",),
               "Run the suggestion pipeline on the shown document", toolbar=True),
    ActionSpec("suggest_all", "Suggest for &All Documents", "&Suggestions", ("Ctrl+Shift+R",),
               "Run the suggestion pipeline on every document (human work is kept)"),
    ActionSpec("cancel_suggestions", "&Cancel Suggestions", "&Suggestions", ("Ctrl+.",),
               "Stop the running suggestions (finished documents keep theirs)"),
    ActionSpec("choose_model", "Choose &Pipeline…", "&Suggestions", ("Ctrl+Shift+P",),
               "Choose the spaCy pipeline (installed package or folder)"),
    ActionSpec("choose_rules", "Choose &Rule Set…", "&Suggestions", ("Ctrl+Shift+U",),
               "Choose the rules run on the parse: claims with speakers and dates, or entities"),
    ActionSpec("zoom_in", "Zoom &In", "&View", ("Ctrl+=", "Ctrl++"), "Larger article text"),
    ActionSpec("zoom_out", "Zoom &Out", "&View", ("Ctrl+-",), "Smaller article text"),
    ActionSpec("shortcuts", "&Keyboard Shortcuts", "&Help", ("F1", "?"), "Show every shortcut"),
    ActionSpec("set_annotator", "Set Annotator &Name…", "&Help", ("Ctrl+Shift+N",),
               "The name recorded on every span you touch"),
    ActionSpec("about", "&About annotator", "&Help", ("Ctrl+Shift+F1",),
               "Version and data location"),
)  # fmt: skip


def label_actions(labels: LabelConfig) -> tuple[ActionSpec, ...]:
    """A tag action per label (its configured keys) and an exact-characters variant (Alt+digit)."""
    specs: list[ActionSpec] = []
    for label in labels.labels:
        specs.append(
            ActionSpec(f"tag:{label.name}", f"Tag as {label.name}", "&Annotate", label.keys,
                       f"Tag the selection as {label.name}, or relabel the current span",
                       scope="article")
        )  # fmt: skip
        exact_keys = tuple(f"Alt+{k}" for k in label.keys if k.isdigit())
        specs.append(
            ActionSpec(f"exact:{label.name}", f"Tag Exact Characters as {label.name}",
                       "&Annotate", exact_keys,
                       "Tag exactly the selected characters, without snapping to words",
                       scope="article")
        )  # fmt: skip
    return tuple(specs)


def cheat_sheet(specs: tuple[ActionSpec, ...]) -> list[tuple[str, str]]:
    """(shortcut, what it does) for every action that has one, in table order."""
    return [
        (" / ".join(spec.shortcuts), spec.text.replace("&", "").rstrip("…"))
        for spec in specs
        if spec.shortcuts
    ]


def shortcuts_markdown(labels: LabelConfig) -> str:
    """The cheat sheet as a Markdown table (docs/shortcuts.md is generated from it)."""
    specs = ACTIONS + label_actions(labels)
    lines = [
        "# Keyboard shortcuts",
        "",
        "Generated from `annotator/ui/actions.py` (the one table of actions); F1 or `?` shows the",
        "same list in the window. *Article* keys work while the article or the span table has",
        "the keyboard focus, so typing in the search box or an attribute field never tags.",
        "",
        "| keys | action | where | what it does |",
        "| --- | --- | --- | --- |",
    ]
    for spec in specs:
        if not spec.shortcuts:
            continue
        keys = " / ".join(f"`{key}`" for key in spec.shortcuts)
        where = "article" if spec.scope == "article" else "window"
        text = spec.text.replace("&", "").rstrip("…")
        lines.append(f"| {keys} | {text} | {where} | {spec.tip} |")
    return "\n".join(lines) + "\n"
