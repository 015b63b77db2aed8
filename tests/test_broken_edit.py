"""A broken edit during a talk never takes the room down (issue 14, req 4).

The app runs on a copy of the content; the copy is broken while "the talk" goes on, as a
practitioner's slip in a text editor would break it.
"""

from __future__ import annotations

import pytest

from lien.content import BUNDLES, load_bundle
from tests.helpers import edit
from tests.helpers.apptest import all_text, headings_of, open_page

TOKEN = "broken-edit-presenter-token"


@pytest.fixture
def running(content_copy, monkeypatch, sqlite_store_url):
    """The app reading `content_copy`, looking at its files on every run."""
    monkeypatch.setenv("LIEN_CONTENT_ROOT", str(content_copy))
    monkeypatch.setenv("LIEN_LIVE_TOKEN", TOKEN)
    monkeypatch.setattr(BUNDLES, "every_s", 0)
    return content_copy


def notices(at) -> list[str]:
    return [c.value for c in at.caption]


def test_a_broken_edit_keeps_the_last_content_with_a_discreet_notice(running, bundle, capsys):
    at = open_page("alliance", "fr")
    assert not any(bundle.ui["fr"]["problems.notice_stale"] in n for n in notices(at))
    # A line break inside quotes: the file cannot be read any more.
    edit(running / "content" / "fr" / "pages" / "alliance.toml", 'title = "', 'title = "\n')
    for lang in ("fr", "en"):
        at = open_page("alliance", lang)
        assert headings_of(at, 1)[0] == bundle.pages[lang]["alliance"].title  # the last good text
        shown = "\n".join(notices(at))
        assert bundle.ui[lang]["problems.notice_stale"] in shown
        # No details for readers: no file name, no line.
        assert "alliance.toml" not in all_text(at)
    # The terminal tells the editor what to fix, once.
    printed = capsys.readouterr().err  # in the content's default language, French
    assert "content/fr/pages/alliance.toml\u00a0: ligne" in printed
    assert "gardent le dernier contenu chargé" in printed


def test_the_presenter_sees_the_problems_on_live_and_the_room_goes_on(running, bundle):
    at = open_page("live", "en", token=TOKEN)
    at.button(key="live_open_room").click().run()
    code = at.query_params["room"]
    edit(running / "content" / "en" / "polls.toml", 'prompt = "', "prompt = “")
    at.run()
    assert not at.exception
    assert at.query_params["room"] == code  # the room is still there
    warning = " ".join(w.value for w in at.warning)
    assert bundle.ui["en"]["problems.live_stale"] in warning
    listed = " ".join(c.value for c in at.code)
    assert "content/en/polls.toml: line" in listed and "straight quotes" in listed


def test_only_a_start_with_broken_content_shows_the_calm_page_in_the_readers_language(
    content_copy, monkeypatch
):
    edit(content_copy / "data" / "effects.csv", "martin2000,", "martin2001,")
    monkeypatch.setenv("LIEN_CONTENT_ROOT", str(content_copy))
    at = open_page("home", "fr")
    assert at.title[0].value == "Lien\u00a0: contenu à corriger"
    assert (
        "data/effects.csv\u00a0: source_id 'martin2001'\u00a0: cette source n'est pas"
        in at.code[0].value
    )
    assert "content to fix" not in all_text(at)


def test_a_text_missing_in_english_is_shown_in_french_and_the_editor_is_told(running, bundle):
    edit(running / "content" / "en" / "ui.toml", 'button = "Need help?"\n', "")
    at = open_page("home", "en")
    assert headings_of(at, 1)[0] == bundle.pages["en"]["home"].title  # every page still shows
    assert bundle.ui["en"]["problems.notice_fallback"] in "\n".join(notices(at))
    assert load_bundle(running).ui["en"]["safety.button"] == bundle.ui["fr"]["safety.button"]
