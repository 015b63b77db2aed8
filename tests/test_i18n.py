"""Choosing the language: URL, then browser, then French."""

import pytest

from lien.i18n import language_from_locale, resolve_language

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
    assert resolve_language(requested, locale, LANGS, "fr") == expected


def test_a_locale_outside_the_offered_languages_gives_no_language():
    assert language_from_locale("es-ES", LANGS) is None
    assert language_from_locale("", LANGS) is None
