"""The projector's keys, in one table: what each key does in present mode, and how it is bound.

One row per action. It feeds:
- the projector's script (lien/static/projector.js, given `script_keys()` as JSON), which
  takes every key of present mode and presses its action's button, waiting for it when a key
  comes before the slide is drawn. Streamlit's `shortcut=` is not used here: its key handler
  lost presses that came while a rerun redrew the buttons (after B, a Q did nothing within 5 s
  on a busy laptop), and a button takes only one of its keys;
- the question slide's button labels and notes ("Open (A)"), through `letter()`;
- the speaker view's list of keys (lien.ui.speaker.key_help), in the talk's language: each
  action's words are the text key `keys.<action>`, each key's name `keys.name_<id>` (a
  letter is its own name), in content/<lang>/ui-present.toml;
- the key table of the documentation for presenters (README.md or docs/), which
  tests/test_keymap.py holds to this table.

Streamlit reserves C and R; the quiz page binds no key (lien.ui.blocks.quiz says why).
"""

from __future__ import annotations

from dataclasses import dataclass

# Each key as the browser names it (KeyboardEvent.key) and the id of its display name
# (`keys.name_<id>`); a letter is named by itself, in capitals.
_NAMES = {
    "ArrowRight": "right",
    "ArrowLeft": "left",
    "Home": "home",
    "End": "end",
    "PageDown": "page_down",
    "PageUp": "page_up",
    " ": "space",
    "Escape": "escape",
}


@dataclass(frozen=True)
class Binding:
    action: str  # what it does: its words are the text key keys.<action>
    button: str  # the element key of the button it presses
    keys: tuple[str, ...]  # every key of the action as the browser names them, main key first
    question_only: bool = False  # on a question slide only (its open, close, reveal)


def _letter(key: str) -> tuple[str, str]:
    """A letter key, as the browser names it without and with Shift (Caps Lock on)."""
    return key, key.upper()


KEYMAP: tuple[Binding, ...] = (
    Binding("next", "present_next_button", ("ArrowRight", "PageDown", " ")),
    Binding("previous", "present_previous_button", ("ArrowLeft", "PageUp")),
    Binding("first", "present_first_button", ("Home",)),
    Binding("last", "present_last_button", ("End",)),
    Binding("blank", "present_blank_button", _letter("b")),
    Binding("overview", "present_overview_button", _letter("o")),
    Binding("leave", "present_exit", (*_letter("q"), "Escape")),
    Binding("poll_open", "poll_slide_open", _letter("a"), question_only=True),
    Binding("poll_close", "poll_slide_close", _letter("s"), question_only=True),
    Binding("poll_reveal", "poll_slide_reveal", _letter("v"), question_only=True),
)

BY_ACTION: dict[str, Binding] = {b.action: b for b in KEYMAP}


def letter(action: str) -> str:
    """The action's main key as a label shows it: "A" for opening a question."""
    return BY_ACTION[action].keys[0].upper()


def script_keys() -> dict[str, str]:
    """For the projector's script: each key of present mode and the button that key presses."""
    return {key: b.button for b in KEYMAP for key in b.keys}


def key_names(binding: Binding) -> list[str]:
    """The action's keys as a reader names them: name ids (`keys.name_<id>`) or a capital
    letter, each once (b and B are one key)."""
    names: list[str] = []
    for key in binding.keys:
        name = key.upper() if len(key) == 1 and key.isalpha() else _NAMES[key]
        if name not in names:
            names.append(name)
    return names


def name_text(name: str, texts) -> str:
    """One key's name in a language: a letter as itself, another key by its text key."""
    return name if len(name) == 1 else texts[f"keys.name_{name}"]
