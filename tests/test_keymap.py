"""One table of the projector's keys (lien.keymap) feeds the projector's script, the question
slide's labels, the speaker view's list and agrees with the presenters' documentation."""

from __future__ import annotations

import json
import re

import pytest

from lien.content import ROOT
from lien.keymap import BY_ACTION, KEYMAP, key_names, name_text, script_keys
from lien.ui.present import PROJECTOR_JS
from lien.ui.speaker import key_lines
from lien.view import View
from tests.helpers.apptest import open_page

DOC_HEADER = re.compile(r"^\| key \| does \|$", re.M)


def docs_key_table() -> tuple[str, list[tuple[str, str]]]:
    """The key table for presenters (README.md, or a page of docs/ once it moves there):
    its file, and its rows as (keys, does)."""
    candidates = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    found = [p for p in candidates if DOC_HEADER.search(p.read_text(encoding="utf-8"))]
    assert len(found) == 1, f"one key table for presenters, found in {found}"
    text = found[0].read_text(encoding="utf-8")
    table = text[DOC_HEADER.search(text).end() :].split("\n\n", 1)[0]
    rows = []
    for line in table.strip().splitlines()[1:]:  # after the |---|---| line
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        rows.append((cells[0], cells[1]))
    return found[0].name, rows


def test_the_presenters_key_table_names_each_action_s_keys_in_one_row_and_no_other_key(bundle):
    english = bundle.ui["en"]
    names = {b.action: [name_text(n, english) for n in key_names(b)] for b in KEYMAP}
    where, rows = docs_key_table()
    row_keys = [set(re.split(r"[\s/,]+", keys)) - {""} for keys, _ in rows]
    for action, keys in names.items():
        holding = [i for i, tokens in enumerate(row_keys) if set(keys) & tokens]
        assert len(holding) == 1, f"{where}: {action}'s keys {keys} in rows {holding}"
        assert set(keys) <= row_keys[holding[0]], f"{where}: {action} lacks some of {keys}"
    every_key = {k for keys in names.values() for k in keys}
    assert set().union(*row_keys) == every_key, f"{where} names keys the projector has not"


def test_the_projector_script_is_given_every_key_of_present_mode():
    given = re.search(r"const keys = (\{.*?\});", PROJECTOR_JS, flags=re.S)
    assert given is not None and "__LIEN_" not in PROJECTOR_JS
    keys = json.loads(given.group(1))
    assert keys == script_keys()
    assert {k for b in KEYMAP for k in b.keys} == set(keys)
    # A clicker's keys and the keyboard's go to the same buttons.
    assert keys["PageDown"] == keys[" "] == keys["ArrowRight"] == BY_ACTION["next"].button
    assert keys["PageUp"] == keys["ArrowLeft"] == BY_ACTION["previous"].button
    assert keys["B"] == keys["b"] == BY_ACTION["blank"].button
    assert keys["a"] == "poll_slide_open" and keys["V"] == "poll_slide_reveal"


def test_escape_leaves_present_mode_as_q_does():
    assert set(BY_ACTION["leave"].keys) == {"q", "Q", "Escape"}


def test_each_key_is_bound_to_one_action_only():
    keys = [k.lower() for b in KEYMAP for k in dict.fromkeys(k.lower() for k in b.keys)]
    assert len(keys) == len(set(keys))
    # Streamlit keeps C and R for itself.
    assert not {"c", "r"} & set(keys)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_speaker_view_lists_every_action_and_its_keys_in_the_talk_s_language(bundle, lang):
    lines = key_lines(View(bundle, lang))
    ui = bundle.ui[lang]
    assert [does for _, does in lines] == [ui[f"keys.{b.action}"] for b in KEYMAP]
    assert lines[0][0] == ", ".join(
        [ui["keys.name_right"], ui["keys.name_page_down"], ui["keys.name_space"]]
    )
    assert lines[[b.action for b in KEYMAP].index("leave")][0] == f"Q, {ui['keys.name_escape']}"


def test_present_mode_s_buttons_are_the_keymap_s_and_none_has_a_streamlit_shortcut_too():
    at = open_page("home", "en", present="1", talk="short", slide="1")
    buttons = {b.key: b for b in at.button if b.key}
    for binding in KEYMAP:
        if binding.question_only:
            continue
        assert binding.button in buttons, binding.action
        # One press, one click: the script presses the button, Streamlit's handler does not.
        assert buttons[binding.button].proto.shortcut == "", binding.action
