"""The talk editor on /live?edit=talk (AppTest): the presenter only; open a shipped talk,
reorder, add a library slide, save (the files change), restore the previous version."""

from __future__ import annotations

import pytest

from lien.content import load_bundle
from lien.talks import talk_of
from tests.helpers.apptest import all_text, open_page

TOKEN = "test-editor-token-789"


@pytest.fixture
def presenter(content_copy, sqlite_store_url, monkeypatch):
    monkeypatch.setenv("LIEN_LIVE_TOKEN", TOKEN)
    monkeypatch.setenv("LIEN_CONTENT_ROOT", str(content_copy))
    return content_copy


def test_without_the_token_the_editor_shows_only_the_sign_in(presenter, bundle):
    at = open_page("live", "fr", edit="talk")
    text = all_text(at)
    assert bundle.ui["fr"]["editor.heading"] not in text
    assert "short" not in [s.value for s in at.selectbox]
    assert at.text_input(key="live_token_input")


def test_the_presenter_reorders_adds_saves_and_restores_a_talk(presenter, bundle):
    t = bundle.ui["fr"]
    at = open_page("live", "fr", token=TOKEN)
    at.button(key="editor_open").click().run()
    assert t["editor.heading"] in all_text(at)
    at.selectbox[0].select("short")  # in a form: sent with its button
    next(b for b in at.button if b.label == t["editor.open"]).click().run()
    assert not at.exception, [e.value for e in at.exception]
    at.button(key="down_opening_0").click().run()
    save = next(b for b in at.button if b.label == t["editor.save"])
    save.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success, all_text(at)
    talk = talk_of(load_bundle(presenter), "fr", "short")
    assert [s.id for s in talk.slides][:2] == ["slide:home-care", "slide:home-title"]
    restore = next(b for b in at.button if b.label == t["editor.restore"])
    restore.click().run()
    talk = talk_of(load_bundle(presenter), "fr", "short")
    assert [s.id for s in talk.slides][:2] == ["slide:home-title", "slide:home-care"]
