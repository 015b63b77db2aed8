"""The room's page is rendered once for every phone that sees the same thing (lien.web.page_cache),
and each phone still sees its own answer, its language, and the room as it is now."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.testclient import TestClient

from lien.live import tokens
from lien.live.store import current_store
from lien.web import phone as web
from lien.web.compression import Compression
from lien.web.page_cache import RenderedPages

QUESTION = "poll:alliance-weight"


@pytest.fixture
def pages(store_url, monkeypatch):
    monkeypatch.setattr(web, "room_states", web.RoomStates(ttl=0))
    pages = RenderedPages()
    monkeypatch.setattr(web, "room_pages", pages)
    return pages


@pytest.fixture
def app():
    # As the app serves them: our compression outside, Streamlit's gzip inside.
    return Starlette(
        routes=web.participant_routes(),
        middleware=[Middleware(Compression), Middleware(GZipMiddleware, minimum_size=500)],
    )


@pytest.fixture
def room():
    store = current_store()
    room = store.open_room()
    store.open_question(room.code, QUESTION)
    return store.room(room.code)


ADDRESSES = iter(range(1, 10_000))


def phone(app) -> TestClient:
    """A phone of its own network address, as in a room (one address holds few phones)."""
    return TestClient(
        app, follow_redirects=False, client=(f"127.3.0.{next(ADDRESSES) % 250}", 5000)
    )


def answer(client, room, option):
    form = {"option": option, "round": str(room.round), "question": QUESTION}
    sent = client.post(f"/join/{room.code}/answer?lang=fr", data=form)
    assert sent.status_code == 303
    return client.get(sent.headers["location"]).text


def test_phones_joining_while_the_room_shows_the_same_question_share_one_rendered_page(
    pages, app, room, bundle
):
    with phone(app) as first, phone(app) as second, phone(app) as third:
        a = first.get(f"/join/{room.code}?lang=fr")
        b = second.get(f"/join/{room.code}?lang=fr")
        c = third.get(f"/join/{room.code}?lang=en")
        assert a.text == b.text and escape(bundle.polls["fr"][0].prompt) in a.text
        assert '<html lang="en"' in c.text and escape(bundle.polls["en"][0].prompt) in c.text
        assert (pages.rendered, pages.served) == (2, 1)  # French once, English once
        # Each phone still has its own token: a header, not the page.
        name = tokens.cookie_name(room.code)
        assert len({first.cookies[name], second.cookies[name], third.cookies[name]}) == 3


def test_a_shared_page_shows_each_phone_its_own_answer(pages, app, room, bundle):
    with phone(app) as first, phone(app) as second, phone(app) as third:
        for client in (first, second, third):
            client.get(f"/join/{room.code}?lang=fr")
        none, strong = answer(first, room, "none"), answer(second, room, "strong")
        also_strong = answer(third, room, "strong")
    assert re.search(r'value="none" required checked', none)
    assert not re.search(r'value="strong" required checked', none)
    assert re.search(r'value="strong" required checked', strong)
    assert not re.search(r'value="none" required checked', strong)
    assert also_strong == strong  # the same answer: the same page, rendered once
    assert escape(bundle.ui["fr"]["join.saved"]) in none


def test_a_phone_joining_after_the_presenter_moved_on_sees_the_room_as_it_is_now(
    pages, app, room, bundle
):
    with phone(app) as first, phone(app) as later:
        before = first.get(f"/join/{room.code}?lang=en").text
        current_store().reveal(room.code)
        after = later.get(f"/join/{room.code}?lang=en").text
    assert escape(bundle.ui["en"]["join.revealed"]) not in before
    assert escape(bundle.ui["en"]["join.revealed"]) in after
    assert pages.rendered == 2


@pytest.mark.parametrize("accepted", ["br", "gzip", "identity"])
def test_a_shared_page_goes_out_compressed_once_as_the_phone_accepts(pages, app, room, accepted):
    with phone(app) as plain, phone(app) as packed:
        reference = plain.get(f"/join/{room.code}?lang=fr", headers={"accept-encoding": "identity"})
        got = packed.get(f"/join/{room.code}?lang=fr", headers={"accept-encoding": accepted})
    assert reference.headers.get("content-encoding") is None
    assert got.headers.get("content-encoding") == (None if accepted == "identity" else accepted)
    assert "Accept-Encoding" in got.headers["vary"]
    # Decoded once by the client, it is the page itself: nothing packed it a second time.
    assert got.text == reference.text and got.text.startswith("<!doctype html>")
