"""Present mode plays a talk: slides numbered over the talk, keys, the position in the
database, the speaker view that follows and moves it, old links, edits mid-talk (AppTest)."""

from __future__ import annotations

import html

import pytest
from streamlit.testing.v1 import AppTest

from lien.content import BUNDLES, ROOT, load_bundle
from lien.content.problems import ContentError
from lien.live.runs import current_runs
from lien.talks import slide_heading, talk_of
from tests.helpers import edit
from tests.helpers.apptest import all_text, headings_of, open_page

TOKEN = "test-presenter-token-456"


@pytest.fixture
def presenting(sqlite_store_url, monkeypatch):
    """A fresh database for the talk runs, and the presenter token."""
    monkeypatch.setenv("LIEN_LIVE_TOKEN", TOKEN)


def counter(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**") and " / " in m.value)


def param(at, name: str) -> str:
    return str(at.query_params[name]).strip("[]'")


def speaker(run_id: str, lang: str = "en", **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.query_params["notes"] = run_id
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_every_reading_page_has_a_deck_of_slides_with_notes(bundle):
    for lang in bundle.languages:
        for page_id in ("home", "alliance", "attachment", "therapy"):
            deck = bundle.deck(lang, page_id)
            assert len(deck) >= 2, (lang, page_id)
            assert all(s.notes.strip() for s in deck)


def test_present_mode_plays_a_talk_counted_over_the_whole_talk(presenting, bundle):
    talk = talk_of(bundle, "en", "workshop")
    at = open_page("home", "en", present="1", talk="workshop", slide="7")
    assert [t.value for t in at.title] == [talk.slide(7).title]
    assert counter(at) == f"**7 / {len(talk)}**"
    assert len(at.segmented_control) == 0  # no reading header
    assert talk.slide(7).notes.strip()[:30] not in all_text(at)  # notes stay off the projector
    assert param(at, "talk") == "workshop" and param(at, "slide") == "7"


def test_without_a_talk_present_mode_plays_full_from_the_pages_first_slide(presenting, bundle):
    full = talk_of(bundle, "en", "full")
    at = open_page("alliance", "en", present="1")
    first = full.first_of_page("alliance")
    assert at.title[0].value == full.slide(first).title
    assert counter(at) == f"**{first} / {len(full)}**"
    assert param(at, "talk") == "full" and param(at, "slide") == str(first)


def test_a_link_made_before_talks_opens_the_pages_nth_slide(presenting, bundle):
    deck = bundle.deck("en", "therapy")
    at = open_page("therapy", "en", present="1", slide="3")
    assert at.title[0].value == slide_heading(bundle, "en", deck[2])
    full = talk_of(bundle, "en", "full")
    assert param(at, "slide") == str(full.number_of(f"slide:{deck[2].id}"))


def test_next_previous_first_and_last_move_over_the_talk_and_keep_it_in_the_url(presenting, bundle):
    talk = talk_of(bundle, "fr", "short")
    at = open_page("home", "fr", present="1", talk="short")
    at.button(key="present_next_button").click().run()
    assert at.title[0].value == talk.slide(2).title
    assert param(at, "slide") == "2"
    at.button(key="present_last_button").click().run()
    assert at.title[0].value == talk.slide(len(talk)).title
    assert counter(at) == f"**{len(talk)} / {len(talk)}**"
    assert at.button(key="present_next_button").disabled
    at.button(key="present_previous_button").click().run()
    assert param(at, "slide") == str(len(talk) - 1)
    at.button(key="present_first_button").click().run()
    assert at.title[0].value == talk.slide(1).title
    assert at.button(key="present_previous_button").disabled


def test_the_slide_number_crosses_pages_without_changing_the_address_path(presenting, bundle):
    full = talk_of(bundle, "en", "full")
    last_of_home = full.first_of_page("alliance") - 1
    at = open_page("home", "en", present="1", talk="full", slide=str(last_of_home))
    at.button(key="present_next_button").click().run()
    assert at.title[0].value == full.slide(last_of_home + 1).title
    assert full.slide(last_of_home + 1).page_id == "alliance"


def test_a_bookmarked_slide_number_past_the_end_opens_the_last_slide(presenting, bundle):
    talk = talk_of(bundle, "en", "short")
    at = open_page("home", "en", present="1", talk="short", slide="999")
    assert at.title[0].value == talk.slide(len(talk)).title
    assert param(at, "slide") == str(len(talk))


def test_the_buttons_are_bound_to_the_keys_of_a_clicker_and_a_keyboard(presenting):
    at = open_page("home", "en", present="1")
    # Every key goes through the page's script, which waits for a button still being drawn
    # (the browser tests press them); Streamlit's own shortcut is bound on none (one press,
    # one click).
    assert not any(b.proto.shortcut for b in at.button)
    script = next(h.proto.body for h in at.get("html") if "PageDown" in h.proto.body)
    for key, button in (
        ("ArrowRight", "present_next_button"),
        ("PageDown", "present_next_button"),
        (" ", "present_next_button"),
        ("ArrowLeft", "present_previous_button"),
        ("PageUp", "present_previous_button"),
        ("Home", "present_first_button"),
        ("End", "present_last_button"),
        ("b", "present_blank_button"),
        ("o", "present_overview_button"),
        ("q", "present_exit"),
        ("Escape", "present_exit"),
    ):
        assert f'"{key}": "{button}"' in script, key


def test_b_blanks_the_screen_and_brings_it_back(presenting):
    at = open_page("home", "en", present="1", talk="short")
    assert not [c for c in at.get("flex_container") if "present_blank" in str(c.proto)]
    at.button(key="present_blank_button").click().run()
    run = current_runs().run(param(at, "run"))
    assert run.blank
    assert "present_blank" in str([b.proto for b in at.get("flex_container")])
    at.button(key="present_blank_button").click().run()
    assert not current_runs().run(param(at, "run")).blank


def test_the_overview_lists_every_slide_and_jumps_to_one(presenting, bundle):
    talk = talk_of(bundle, "en", "workshop")
    at = open_page("home", "en", present="1", talk="workshop")
    at.button(key="present_overview_button").click().run()
    assert [h.value for h in at.header] == [p.title for p in talk.parts]
    assert len([b for b in at.button if b.key.startswith("present_go_")]) == len(talk)
    at.button(key="present_go_12").click().run()
    assert at.title[0].value == talk.slide(12).title
    assert param(at, "slide") == "12"


def test_leaving_present_mode_returns_to_the_reading_page_of_the_current_slide(presenting, bundle):
    full = talk_of(bundle, "en", "full")
    at = open_page(
        "home", "en", present="1", talk="full", slide=str(full.first_of_page("alliance"))
    )
    at.button(key="present_exit").click().run()
    assert headings_of(at, 1) == [bundle.pages["en"]["alliance"].title]
    assert headings_of(at, 2) == [s.heading for s in bundle.pages["en"]["alliance"].sections]
    assert "present" not in at.query_params


def test_an_unknown_talk_says_so_calmly_and_names_the_talks(presenting):
    at = open_page("home", "en", present="1", talk="nowhere")
    text = all_text(at)
    assert "nowhere" in text and "`workshop`" in text
    assert at.button(key="present_exit")


def test_the_position_is_kept_in_the_database_under_the_runs_id(presenting, bundle):
    at = open_page("home", "en", present="1", talk="workshop", slide="3")
    run = current_runs().run(param(at, "run"))
    assert (run.talk_id, run.lang, run.slide, run.item_id) == ("workshop", "en", 3, "join")
    at.button(key="present_next_button").click().run()
    run = current_runs().run(param(at, "run"))
    assert run.slide == 4
    assert [step.item_id for step in current_runs().steps(run.run_id)][-2:] == [
        "join",
        talk_of(bundle, "en", "workshop").slide(4).id,
    ]


def test_a_reloaded_projector_takes_up_the_run_where_its_address_says(presenting, bundle):
    first = open_page("home", "en", present="1", talk="short", slide="4")
    run_id = param(first, "run")
    again = open_page("home", "en", present="1", talk="short", slide="4", run=run_id)
    assert param(again, "run") == run_id
    assert current_runs().run(run_id).slide == 4


def test_the_speaker_view_without_the_token_shows_only_how_to_get_one(presenting, bundle):
    at = open_page("home", "en", present="1", talk="short", slide="2")
    notes = speaker(param(at, "run"))
    assert bundle.ui["en"]["speaker.token_needed"].strip() in all_text(notes)
    assert notes.text_input(key="live_token_input")
    assert not [b for b in notes.button if b.key and b.key.startswith("speaker_")]
    assert talk_of(bundle, "en", "short").slide(2).notes[:40] not in all_text(notes)


def test_the_speaker_view_shows_notes_next_slide_and_plan_and_keeps_a_key_not_the_token(
    presenting, bundle
):
    talk = talk_of(bundle, "en", "workshop")
    at = open_page("home", "en", present="1", talk="workshop", slide="5")
    run_id = param(at, "run")
    notes = speaker(run_id, token=TOKEN)
    text = all_text(notes)
    assert talk.slide(5).notes.strip().splitlines()[0] in text
    assert talk.slide(5).title in text and talk.slide(6).title in text  # now and next
    assert f"**5 / {len(talk)}**" in text
    plan = next(h.proto.body for h in notes.get("html") if "<table>" in h.proto.body)
    for part in talk.parts:  # the plan, part by part: planned minutes beside actual ones
        title = html.escape(part.title, quote=False)
        assert f"<td>{title}</td>" in plan or f"<td>▶ {title}</td>" in plan, part.title
    assert "<td>▶ Welcome</td>" in plan  # the part now on screen
    assert "data-lien-seconds" in plan  # the clock counts on in the page
    assert "token" not in notes.query_params
    key = param(notes, "key")
    assert key and TOKEN not in key
    # A reload of the speaker view (a new session) opens with the key alone.
    again = speaker(run_id, key=key)
    assert talk.slide(5).notes.strip().splitlines()[0] in all_text(again)
    # The key opens this run only.
    other = open_page("home", "en", present="1", talk="short")
    assert bundle.ui["en"]["speaker.token_needed"].strip() in all_text(
        speaker(param(other, "run"), key=key)
    )


def test_the_remote_moves_the_projector_and_jumps_to_any_slide(presenting, bundle):
    talk = talk_of(bundle, "en", "short")
    projector = open_page("home", "en", present="1", talk="short", slide="2")
    run_id = param(projector, "run")
    remote = speaker(run_id, token=TOKEN)
    remote.button(key="speaker_next").click().run()
    assert current_runs().run(run_id).slide == 3
    assert f"**3 / {len(talk)}**" in all_text(remote)
    projector.run()  # what its poll does when it sees the move
    assert projector.title[0].value == talk.slide(3).title
    assert param(projector, "slide") == "3"
    jump = next(s for s in remote.selectbox if s.label == bundle.ui["en"]["speaker.jump"])
    jump.select(9).run()
    assert current_runs().run(run_id).slide == 9
    projector.run()
    assert projector.title[0].value == talk.slide(9).title


def test_the_speaker_view_waits_calmly_for_a_run_that_has_not_started(presenting, bundle):
    notes = speaker("NotStartedYet123", token=TOKEN)
    assert bundle.ui["en"]["present.notes_waiting"] in [i.value for i in notes.info]


def test_a_slide_removed_mid_talk_moves_both_views_to_the_nearest_one(
    presenting, content_copy, monkeypatch
):
    monkeypatch.setenv("LIEN_CONTENT_ROOT", str(content_copy))
    monkeypatch.setattr(BUNDLES, "every_s", 0.0)  # look at the files on every run
    bundle = load_bundle(content_copy)
    talk = talk_of(bundle, "en", "short")
    removed = talk.slide(5)
    projector = open_page("home", "en", present="1", talk="short", slide="5")
    run_id = param(projector, "run")
    remote = speaker(run_id, token=TOKEN)
    edit(
        content_copy / "content/talks/short.toml",
        f'  {{ id = "{removed.id}", minutes = 2 }},\n',
        "",
    )
    after = talk_of(load_bundle(content_copy), "en", "short")
    assert len(after) == len(talk) - 1
    remote.run()
    projector.run()
    for at in (remote, projector):
        assert not at.exception
    assert projector.title[0].value == after.slide(5).title  # the slide now at its place
    assert f"**5 / {len(after)}**" in all_text(remote)
    assert current_runs().run(run_id).item_id == after.slide(5).id


def test_a_broken_edit_mid_talk_leaves_the_projector_on_the_last_good_content(
    presenting, content_copy, monkeypatch
):
    monkeypatch.setenv("LIEN_CONTENT_ROOT", str(content_copy))
    monkeypatch.setattr(BUNDLES, "every_s", 0.0)
    projector = open_page("home", "en", present="1", talk="short", slide="3")
    title = projector.title[0].value
    edit(content_copy / "content/talks/short.toml", "[[parts]]", "[[parts]", count=1)
    projector.run()
    assert not projector.exception
    assert projector.title[0].value == title


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
    assert any(
        "slides.toml" in p and "no section 'nowhere' on page 'alliance'" in p for p in problems
    ), problems
