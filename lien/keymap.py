"""The projector's keys, in one table: what each key does in present mode, and how it is bound.

One row per action. It feeds:
- Streamlit's `shortcut=` on present mode's buttons (lien.ui.present, lien.ui.poll_slide): a
  button takes one shortcut;
- the projector's script (lien/static/projector.js, given `script_keys()` as JSON): the other
  keys of an action (what clickers send: PageDown, PageUp, Space; and B, O, Escape), which
  press the action's button, waiting for it when a key comes before the slide is drawn;
- the speaker view's list of keys (lien.ui.speaker.key_help), in the talk's language: each
  action's words are the text key `keys.<action>`, each key's name `keys.name_<id>` (a
  letter is its own name), in content/<lang>/ui-present.toml;
- the key table of the documentation for presenters (README.md or docs/), which
  tests/test_keymap.py holds to this table.

Streamlit reserves C and R; the quiz page binds no key (lien.ui.blocks.quiz says why).
"""

from __future__ import annotations

from dataclasses import dataclass

# Each key as the browser names it (KeyboardEvent.key, or Streamlit's shortcut name) and the
# id of its display name (`keys.name_<id>`); a letter is named by itself, in capitals.
_NAMES = {
    "right": "right",
    "left": "left",
    "home": "home",
    "end": "end",
    "PageDown": "page_down",
    "PageUp": "page_up",
    " ": "space",
    "Escape": "escape",
}


@dataclass(frozen=True)
class Binding:
    action: str  # what it does: its words are the text key keys.<action>
    button: str  # the element key of the button it presses
    shortcut: str | None  # the key Streamlit binds on that button (`shortcut=`)
    script: tuple[str, ...] = ()  # the keys the projector's script sends to that button
    question_only: bool = False  # on a question slide only (its open, close, reveal)

    @property
    def keys(self) -> tuple[str, ...]:
        """Every key of the action, shortcut first, as the browser names them."""
        return ((self.shortcut,) if self.shortcut else ()) + self.script


KEYMAP: tuple[Binding, ...] = (
    Binding("next", "present_next_button", "right", ("PageDown", " ")),
    Binding("previous", "present_previous_button", "left", ("PageUp",)),
    Binding("first", "present_first_button", "home"),
    Binding("last", "present_last_button", "end"),
    Binding("blank", "present_blank_button", None, ("b", "B")),
    Binding("overview", "present_overview_button", None, ("o", "O")),
    Binding("leave", "present_exit", "q", ("Escape",)),
    Binding("poll_open", "poll_slide_open", "a", question_only=True),
    Binding("poll_close", "poll_slide_close", "s", question_only=True),
    Binding("poll_reveal", "poll_slide_reveal", "v", question_only=True),
)

BY_ACTION: dict[str, Binding] = {b.action: b for b in KEYMAP}


def shortcut(action: str) -> str | None:
    """The key Streamlit binds on this action's button."""
    return BY_ACTION[action].shortcut


def script_keys() -> dict[str, str]:
    """For the projector's script: each key it handles and the button that key presses."""
    return {key: b.button for b in KEYMAP for key in b.script}


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
