"""Choosing the language: URL, then this reader's earlier choice, then the browser's
languages in the order they are wanted, then French. One rule for pages and phones."""

import pytest

from lien.text import accepted_languages, choose_language

LANGS = ["fr", "en"]


@pytest.mark.parametrize(
    ("requested", "locale", "expected"),
    [
        ("en", "fr-FR", "en"),  # the link wins over the browser
        ("fr", "en-US", "fr"),
        (None, "en-GB", "en"),  # no lang in the URL: the browser's language
        (None, "fr-CA", "fr"),
        (None, "de-DE", "fr"),  # a language we do not offer: French
        (None, None, "fr"),  # no browser information: French
        ("de", "en-US", "en"),  # an unknown lang in the URL is ignored
        ("", "EN_us", "en"),
    ],
)
def test_language_is_chosen_from_url_then_browser_then_french(requested, locale, expected):
    browser = [locale] if locale else []
    assert choose_language(LANGS, "fr", requested=requested, browser=browser) == expected


def test_this_readers_earlier_choice_comes_after_the_url_and_before_the_browser():
    assert choose_language(LANGS, "fr", remembered="en", browser=["fr-FR"]) == "en"
    assert choose_language(LANGS, "fr", requested="fr", remembered="en") == "fr"
    assert choose_language(LANGS, "fr", remembered="de", browser=["en"]) == "en"


def test_the_browsers_languages_are_tried_in_q_value_order():
    # German first, then English: Lien has no German, so the reader gets English, not French.
    assert choose_language(LANGS, "fr", browser=accepted_languages("de-DE,en;q=0.8")) == "en"
    assert accepted_languages("de-DE,en;q=0.8,fr;q=0.9") == ["de-DE", "fr", "en"]
    assert accepted_languages("en;q=0, fr") == ["fr"]  # q=0 means "not this one"
    assert accepted_languages("*") == [] and accepted_languages(None) == []
    assert accepted_languages("en;q=oops,fr") == ["fr"]  # a malformed weight counts as 0
