"""Participants' texts are plain text on the presenter's screens, in Chromium: no link, no
icon, no Markdown, no direction control (issue 21, N7)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lien.live.store import Store
from tests.conftest import LIVE_TOKEN
from tests.helpers.browser import wait_until_ready

pytestmark = pytest.mark.browser

# Stored as is (as an earlier version stored it): what is shown must still be only text.
MISCHIEF = "Visit www.example.com :material/delete: **bold** [x](http://e.org) \u202eevil\u202c end"
SEEN = "Visit www.example.com :material/delete: **bold** [x](http://e.org) evil end"
FLIPPERS = ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068")


def _only_text(page, needle: str) -> None:
    """Every place on the page showing `needle` shows the text as typed, and nothing more."""
    items = page.locator(":is(li, p.lien-said)", has_text=needle)
    expect(items.first).to_be_visible(timeout=30_000)
    for n in range(items.count()):
        item = items.nth(n)
        assert item.locator("a, strong, [data-testid='stIconMaterial'], img").count() == 0
        content = item.text_content()
        assert SEEN in content
        assert not any(c in content for c in FLIPPERS)


def test_a_mischievous_text_and_question_are_only_text_on_live_and_the_projector(
    app_server, browser
):
    store = Store(f"sqlite:///{app_server.data_dir / 'live.sqlite3'}")
    room = store.open_room()
    store.open_question(room.code, "poll:repair-moment")
    round_ = store.room(room.code).round
    for n in range(8):  # a personal question: shown from 8 answers on, once closed
        phone = f"plain-{n:02d}-" + "x" * 10
        store.join(room.code, phone)
        text = MISCHIEF if n == 0 else f"Ordinary answer {n}"
        store.answer(room.code, round_, "poll:repair-moment", phone, "text", text, status="pending")
        store.set_text_status(room.code, round_, phone, "approved", seen=text)
    store.close_answers(room.code)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{app_server.url}/live?lang=en&token={LIVE_TOKEN}")
        page.wait_for_url(lambda url: "/live" in url and "token" not in url)
        page.goto(f"{app_server.url}/live?lang=en&screen=1&room={room.code}")
        wait_until_ready(page)
        _only_text(page, "www.example.com")  # the projector's view
        page.goto(f"{app_server.url}/live?lang=en&room={room.code}")
        wait_until_ready(page)
        _only_text(page, "www.example.com")  # the presenter's list, where texts are approved
        # An audience question, the same way.
        store.open_question(room.code, "poll:room-questions")
        round_ = store.room(room.code).round
        store.ask(room.code, round_, "poll:room-questions", "plain-00-" + "x" * 10, MISCHIEF)
        ask = store.tally(room.code).asks[0]
        store.set_ask_status(room.code, ask.id, "approved")
        page.goto(f"{app_server.url}/live?lang=en&screen=1&room={room.code}")
        wait_until_ready(page)
        _only_text(page, "www.example.com")
    finally:
        context.close()
        store.delete_room(room.code)
        store.dispose()
