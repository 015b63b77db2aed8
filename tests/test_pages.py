"""Every page renders in both languages under AppTest and shows its own text."""

from __future__ import annotations

import pytest

from lien.sitemap import PAGES
from tests.helpers import edit
from tests.helpers.apptest import all_text, headings_of, open_page


def first_sentence(markdown: str) -> str:
    """A plain stretch of a section's text (no link or emphasis markup) to look for."""
    for line in markdown.splitlines():
        line = line.strip().lstrip("-* ")
        if len(line) > 25 and not any(c in line for c in "[]()*`"):
            return line[:40]
    raise AssertionError(f"no plain sentence in {markdown!r}")


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page_id", [p.id for p in PAGES])
def test_each_page_shows_its_heading_and_its_text_in_the_chosen_language(bundle, page_id, lang):
    at = open_page(page_id, lang)
    text = bundle.pages[lang][page_id]
    assert headings_of(at, 1)[0] == text.title
    headings = headings_of(at, 2)
    assert [s.heading for s in text.sections] == headings
    shown = all_text(at)
    assert first_sentence(text.sections[0].body) in shown
    other = "en" if lang == "fr" else "fr"
    assert bundle.pages[other][page_id].title not in shown


def test_without_lang_the_app_is_in_french(bundle):
    at = open_page("home")
    assert headings_of(at, 1)[0] == bundle.pages["fr"]["home"].title


def test_the_language_switch_turns_the_page_into_english_and_keeps_it(bundle):
    at = open_page("alliance", "fr")
    at.segmented_control(key="lang_switch").set_value("en").run()
    assert headings_of(at, 1)[0] == bundle.pages["en"]["alliance"].title
    at.switch_page("screens/attachment.py").run()
    assert headings_of(at, 1)[0] == bundle.pages["en"]["attachment"].title


def test_every_page_has_the_safety_lines_one_click_away(bundle):
    for page_id in ("home", "therapy"):
        at = open_page(page_id, "en")
        shown = all_text(at).replace("\u00a0", " ")  # numbers are kept on one line
        assert "3114" in shown and "988" in shown and "116 123" in shown


def test_the_sources_page_lists_every_reference_grouped_by_topic(bundle):
    at = open_page("sources", "fr")
    shown = all_text(at)
    texts = bundle.source_texts["fr"]
    for source in bundle.sources:
        assert (texts[source.id].title or source.title) in shown, source.id
        assert texts[source.id].sample in shown, source.id
    assert headings_of(at, 3) == [
        bundle.ui["fr"][f"sources.topic_{t}"]
        for t in ("source_page", "alliance", "prevalence", "dimensions")
    ]


def test_the_presenter_card_is_hidden_while_empty(bundle):
    at = open_page("home", "fr")
    assert bundle.ui["fr"]["presenter.heading"] not in all_text(at)


def test_the_presenter_card_shows_on_the_home_page_once_filled(content_copy, monkeypatch):
    for lang, title in (("fr", "Psychologue"), ("en", "Psychologist")):
        path = content_copy / "content" / lang / "presenter.toml"
        edit(path, 'name = ""', 'name = "Claire Martin"')
        edit(path, 'title = ""', f'title = "{title}"')
    monkeypatch.setenv("LIEN_CONTENT_ROOT", str(content_copy))
    shown = all_text(open_page("home", "en"))
    assert "Your presenter" in shown and "Claire Martin" in shown and "Psychologist" in shown
    assert "Claire Martin" not in all_text(open_page("alliance", "en"))


def test_broken_content_shows_a_calm_page_listing_each_problem(content_copy, monkeypatch):
    edit(content_copy / "data" / "effects.csv", "martin2000,", "martin2001,")
    monkeypatch.setenv("LIEN_CONTENT_ROOT", str(content_copy))
    at = open_page("home", "en")
    assert "content to fix" in at.title[0].value
    assert "data/effects.csv: source_id 'martin2001': no such source in data/sources.csv" in (
        at.code[0].value
    )
