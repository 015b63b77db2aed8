"""Present mode: one slide at a time, keys to move, slide in the URL, notes on a second screen."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from lien.content import ROOT, load_bundle
from lien.content.problems import ContentError
from lien.ui.present import TALK_KEY
from tests.helpers import edit
from tests.helpers.apptest import all_text, headings_of, open_page


def slide_title(bundle, lang, slide) -> str:
    text = bundle.pages[lang][slide.page]
    if slide.section is None:
        return text.title
    return next(s.heading for s in text.sections if s.id == slide.section)


def test_every_reading_page_has_a_deck_of_slides_with_notes(bundle):
    for lang in bundle.languages:
        for page_id in ("home", "alliance", "attachment", "therapy"):
            deck = bundle.deck(lang, page_id)
            assert len(deck) >= 2, (lang, page_id)
            assert all(s.notes.strip() for s in deck)


def test_present_mode_shows_one_slide_in_big_type_without_navigation(bundle):
    at = open_page("alliance", "en", present="1")
    deck = bundle.deck("en", "alliance")
    assert [t.value for t in at.title] == [slide_title(bundle, "en", deck[0])]
    assert f"**1 / {len(deck)}**" in [m.value for m in at.markdown]
    assert len(at.segmented_control) == 0  # the reading header is gone
    assert deck[0].notes.strip()[:30] not in all_text(at)  # notes stay off the projector
    assert at.query_params["slide"] == ["1"] or at.query_params["slide"] == "1"


def test_next_and_previous_move_one_slide_and_keep_it_in_the_url(bundle):
    at = open_page("attachment", "fr", present="1")
    deck = bundle.deck("fr", "attachment")
    at.button(key="present_next").click().run()
    assert at.title[0].value == slide_title(bundle, "fr", deck[1])
    assert str(at.query_params["slide"]).strip("[]'") == "2"
    at.button(key="present_previous").click().run()
    assert at.title[0].value == slide_title(bundle, "fr", deck[0])


def test_a_bookmarked_slide_number_opens_that_slide(bundle):
    deck = bundle.deck("en", "therapy")
    at = open_page("therapy", "en", present="1")
    at.query_params["slide"] = "3"
    at.run()
    assert at.title[0].value == slide_title(bundle, "en", deck[2])
    at.query_params["slide"] = "999"  # past the end: the last slide
    at.run()
    assert at.title[0].value == slide_title(bundle, "en", deck[-1])
    assert str(at.query_params["slide"]).strip("[]'") == str(len(deck))


def test_the_buttons_are_bound_to_the_arrow_keys_and_q_to_leave():
    at = open_page("home", "en", present="1")
    shortcuts = {b.key: b.proto.shortcut for b in at.button}
    assert shortcuts["present_next"] == "right"
    assert shortcuts["present_previous"] == "left"
    assert shortcuts["present_exit"] == "q"


def test_leaving_present_mode_returns_to_the_reading_page(bundle):
    at = open_page("alliance", "en", present="1")
    at.button(key="present_exit").click().run()
    assert headings_of(at, 1) == [bundle.pages["en"]["alliance"].title]
    assert headings_of(at, 2) == [s.heading for s in bundle.pages["en"]["alliance"].sections]
    assert "present" not in at.query_params


def test_the_notes_view_follows_the_presenters_current_slide(bundle):
    presenter = open_page("alliance", "en", present="1")
    presenter.button(key="present_next").click().run()
    talk = presenter.session_state[TALK_KEY]
    deck = bundle.deck("en", "alliance")

    notes = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    notes.query_params["lang"] = "en"
    notes.query_params["notes"] = talk
    notes.run()
    shown = all_text(notes)
    assert deck[1].notes.strip().splitlines()[0] in shown
    assert slide_title(bundle, "en", deck[1]) in shown


def test_a_slide_pointing_to_an_unknown_section_is_reported(content_copy):
    path = content_copy / "content" / "en" / "slides.toml"
    first_section = next(s for s in load_bundle(ROOT).deck("en", "alliance") if s.section)
    edit(path, f'section = "{first_section.section}"', 'section = "nowhere"')
    try:
        load_bundle(content_copy)
    except ContentError as error:
        problems = [str(p) for p in error.problems]
    else:
        raise AssertionError("the broken slide was accepted")
    assert any("slides.toml" in p and "has no section 'nowhere'" in p for p in problems), problems
