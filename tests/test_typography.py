"""French and English typography from what an editor types (lien.text.typeset, issue 9 req 6)."""

from __future__ import annotations

import pytest

from lien.text import NBSP, NNBSP, typeset, typeset_tree


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("Pourquoi ?", f"Pourquoi{NNBSP}?"),
        ("Vraiment !", f"Vraiment{NNBSP}!"),
        ("un ; deux", f"un{NNBSP}; deux"),
        ("Note : ceci", f"Note{NBSP}: ceci"),
        ("51,6 %", f"51,6{NBSP}%"),
        ("« guillemets »", f"«{NNBSP}guillemets{NNBSP}»"),
        ("«collés»", f"«{NNBSP}collés{NNBSP}»"),
        ("«  trop d'espaces  »", f"«{NNBSP}trop d'espaces{NNBSP}»"),
        ("30 000 patients", f"30{NBSP}000 patients"),
        ("1 314 et 6 146", f"1{NBSP}314 et 6{NBSP}146"),
        ("1 866 277-3553", f"1{NBSP}866{NBSP}277-3553"),
        ("trois espaces   ?", f"trois espaces{NNBSP}?"),
        # Already right: left as it is.
        (f"Déjà{NNBSP}? et 30{NBSP}000", f"Déjà{NNBSP}? et 30{NBSP}000"),
    ],
)
def test_french_gets_its_no_break_spaces(typed, shown):
    assert typeset(typed, "fr") == shown


@pytest.mark.parametrize(
    "kept",
    [
        "14:30",  # a time written with a colon has no space to change
        "24 h/24, 7 j/7",
        "en 2018 2019",  # two years side by side are not one number
        "r = 0,28",
        "deux:points",
        "0,25–0,30",
    ],
)
def test_french_leaves_what_is_not_punctuation_after_a_space_alone(kept):
    assert typeset(kept, "fr") == kept


def test_links_urls_and_code_keep_their_characters():
    text = "Voir [la page](page:alliance#weight) ; https://doi.org/10.1037/a0022186 ? `a : b`"
    shown = typeset(text, "fr")
    assert "](page:alliance#weight)" in shown
    assert "https://doi.org/10.1037/a0022186" in shown
    assert "`a : b`" in shown  # a code span is left exactly as typed
    assert f"){NNBSP};" in shown and f"a0022186{NNBSP}?" in shown
    assert typeset("<https://x.org/a : b>", "fr") == "<https://x.org/a : b>"


def test_english_writes_percent_without_a_space_and_nothing_else_changes():
    assert typeset("70 % of 30,000", "en") == "70% of 30,000"
    assert typeset(f"8{NBSP}% here", "en") == "8% here"
    assert typeset("Why? Note: this; « that »", "en") == "Why? Note: this; « that »"


def test_other_languages_and_empty_texts_are_untouched():
    assert typeset("Pourquoi ?", "de") == "Pourquoi ?"
    assert typeset("", "fr") == ""


def test_a_tree_is_typeset_except_the_fields_that_are_code():
    tree = {"id": "a : b", "body": "Texte : oui", "items": [{"number": "1 866", "t": "x ?"}]}
    shown = typeset_tree(tree, "fr", frozenset({"id", "number"}))
    assert shown == {
        "id": "a : b",
        "body": f"Texte{NBSP}: oui",
        "items": [{"number": "1 866", "t": f"x{NNBSP}?"}],
    }


def test_every_french_text_of_the_content_is_typeset_as_it_loads(bundle):
    for key, text in bundle.ui["fr"].items():
        assert " :" not in text and " ?" not in text and " ;" not in text, key
    for page in bundle.pages["fr"].values():
        for section in page.sections:
            assert " ?" not in section.body and " :" not in section.body, section.id
