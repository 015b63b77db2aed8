"""A mischievous phone on the same Wi-Fi: each finding of the live-room issue, refused.

Each test reproduces one finding on the routes themselves (Starlette's TestClient) and
asserts what the honest phone gets meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import secrets

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from lien.live import settings, tokens
from lien.live.store import Store, current_store
from lien.web import phone as web
from tests.helpers.asgi_client import in_place_client

QUESTION = "poll:alliance-weight"


def post_scope(room) -> dict:
    """An ASGI request of a phone's answer, for driving the app without a client."""
    return {
        "type": "http",
        "method": "POST",
        "path": f"/join/{room.code}/answer",
        "raw_path": f"/join/{room.code}/answer".encode(),
        "query_string": b"",
        "headers": [(b"content-type", b"application/x-www-form-urlencoded"), (b"host", b"x")],
        "client": ("192.0.2.1", 5000),
        "server": ("x", 80),
        "scheme": "http",
        "root_path": "",
        "http_version": "1.1",
    }


def run_async(coroutine):
    """Run a coroutine on a loop of its own thread (Playwright may hold this thread's loop)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.fixture
def app(store_url, monkeypatch):
    monkeypatch.setattr(web, "room_states", web.RoomStates(ttl=0))
    # The tests speak as a proxy on this machine would, naming each client's address.
    monkeypatch.setattr(settings, "trusted_proxies", lambda: frozenset({"testclient"}))
    return Starlette(routes=web.participant_routes())


@pytest.fixture
def room(app):
    store = current_store()
    room = store.open_room()
    store.open_question(room.code, QUESTION)
    return store.room(room.code)


def phone(app, address="192.0.2.10"):
    return in_place_client(app, headers={"x-real-ip": address})


def answer(client, room, option="moderate", **headers):
    form = {"option": option, "round": str(room.round), "question": QUESTION}
    return client.post(f"/join/{room.code}/answer?lang=en", data=form, headers=headers)


def test_rotated_forged_cookies_are_refused_and_store_nothing(app, room):
    forger = phone(app, "192.0.2.66")
    name = tokens.cookie_name(room.code)
    statuses = set()
    for _ in range(200):
        forged = f"{secrets.token_urlsafe(12)}.{secrets.token_urlsafe(18)}"
        forger.cookies.set(name, forged, path=f"/join/{room.code}")
        statuses.add(answer(forger, room).status_code)
    assert statuses == {400}
    assert current_store().answers(room.code) == []
    assert current_store().tally(room.code).participants == 0


def test_a_token_of_another_room_is_refused_in_this_one(app, room):
    store = current_store()
    other = store.open_room()
    store.open_question(other.code, QUESTION)
    other = store.room(other.code)
    honest = phone(app)
    assert honest.get(f"/join/{other.code}").status_code == 200
    token = honest.cookies.get(tokens.cookie_name(other.code))
    thief = phone(app, "192.0.2.67")
    thief.cookies.set(tokens.cookie_name(room.code), token, path=f"/join/{room.code}")
    assert answer(thief, room).status_code == 400
    assert store.answers(room.code) == []


def test_a_thousand_cookieless_joins_from_one_address_mint_few_participants(app, room):
    flooder = phone(app, "192.0.2.99")
    honest = phone(app, "192.0.2.10")
    statuses = []
    for number in range(1000):
        flooder.cookies.clear()
        statuses.append(flooder.get(f"/join/{room.code}").status_code)
        if number == 500:  # the honest phone arrives mid-flood
            assert honest.get(f"/join/{room.code}").status_code == 200
            assert answer(honest, room).status_code == 303
    joined = statuses.count(200)
    # Too fast (429), else past the room's phones per address (403): two phones in all.
    assert set(statuses) == {200, 403, 429}
    assert joined == settings.phones_per_address() == 2, joined
    tally = current_store().tally(room.code)
    assert tally.participants == joined + 1
    assert tally.counts == {"moderate": 1}


def test_the_room_takes_no_more_phones_than_its_cap(app, room, monkeypatch):
    monkeypatch.setenv("LIEN_ROOM_MAX_PARTICIPANTS", "3")
    statuses = [phone(app, f"192.0.2.{n}").get(f"/join/{room.code}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 503, 503]
    assert current_store().tally(room.code).participants == 3


def test_the_flood_limit_and_the_join_cap_hold_across_two_replicas(store_url, monkeypatch):
    """Two app processes on one database: each with its own store, routes and caches."""
    monkeypatch.setattr(settings, "trusted_proxies", lambda: frozenset({"testclient"}))
    monkeypatch.setenv("LIEN_ROOM_MAX_PARTICIPANTS", "4")
    first, second = Store(store_url), Store(store_url)
    room = first.open_room()
    first.open_question(room.code, QUESTION)
    room = first.room(room.code)
    apps = []
    for store in (first, second):
        module_store = store

        class Replica(Starlette):
            pass

        apps.append((Replica(routes=web.participant_routes()), module_store))

    def on(index: int):
        app, store = apps[index]
        monkeypatch.setattr(web, "current_store", lambda: store)
        monkeypatch.setattr(web, "room_states", web.RoomStates(ttl=0))
        return app

    client = TestClient(on(0), follow_redirects=False, headers={"x-real-ip": "192.0.2.5"})
    assert client.get(f"/join/{room.code}").status_code == 200
    statuses = []
    for attempt in range(12):
        client.app = on(attempt % 2)  # the load balancer alternates replicas
        statuses.append(answer(client, room, ["none", "moderate"][attempt % 2]).status_code)
    assert statuses[: web.FLOOD_LIMIT] == [303] * web.FLOOD_LIMIT
    assert set(statuses[web.FLOOD_LIMIT :]) == {429}
    joins = []
    for n in range(6):
        client.app = on(n % 2)
        client.cookies.clear()
        client.headers["x-real-ip"] = f"192.0.2.{20 + n}"
        joins.append(client.get(f"/join/{room.code}").status_code)
    assert joins == [200, 200, 200, 503, 503, 503]  # 4 in all, whichever replica counted
    assert second.tally(room.code).participants == 4
    first.dispose()
    second.dispose()


@pytest.mark.parametrize("path", ["/join", "/join/{code}", "/join/{code}/state", "/join/NOSUCH"])
def test_every_phone_response_sends_the_security_headers(app, room, path):
    response = phone(app).get(path.format(code=room.code))
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
    assert "unsafe-inline" not in policy and "http" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"


def test_the_page_s_own_style_and_script_are_the_ones_the_policy_allows(app, room):
    import base64
    import hashlib
    import re

    response = phone(app).get(f"/join/{room.code}")
    policy = response.headers["content-security-policy"]
    for tag in ("style", "script"):
        body = re.search(rf"<{tag}>(.*?)</{tag}>", response.text, re.S).group(1)
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy


def test_a_post_from_a_page_of_another_port_is_refused(app, room, bundle):
    honest = phone(app)
    honest.get(f"/join/{room.code}")
    assert answer(honest, room, "none", origin="http://testserver").status_code == 303
    refused = answer(honest, room, "strong", origin="http://testserver:8502")
    assert refused.status_code == 403
    assert refused.text.count(str(web.Markup.escape(bundle.ui["en"]["join.foreign"]))) == 1
    assert answer(honest, room, "strong", origin="null").status_code == 403
    assert current_store().tally(room.code).counts == {"none": 1}


@pytest.mark.parametrize("round_", ["²", "1" * 20, "-1", "1e3", "٣"])
def test_odd_numbers_in_a_form_get_a_400_never_a_500(app, room, round_):
    honest = phone(app)
    honest.get(f"/join/{room.code}")
    form = {"option": "none", "round": round_, "question": QUESTION}
    assert honest.post(f"/join/{room.code}/answer", data=form).status_code == 400
    vote = {"ask": round_, "round": "1", "question": QUESTION}
    assert honest.post(f"/join/{room.code}/vote", data=vote).status_code == 400


def test_an_odd_content_length_or_a_huge_since_gets_a_400(app, room):
    honest = phone(app)
    honest.get(f"/join/{room.code}")
    answer_ = honest.post(
        f"/join/{room.code}/answer",
        content=b"option=none",
        headers={
            "content-type": "application/x-www-form-urlencoded",
            "content-length": "²".encode(),
        },
    )
    assert answer_.status_code in (400, 413)
    assert honest.get(f"/join/{room.code}/state?since={'x' * 500}").status_code == 400


def test_a_phone_that_goes_away_mid_request_is_logged_in_one_line(app, room, caplog):
    messages = iter([{"type": "http.request", "body": b"option=", "more_body": True}])

    async def receive():
        try:
            return next(messages)
        except StopIteration:
            return {"type": "http.disconnect"}

    sent = []

    async def send(message):
        sent.append(message)

    scope = post_scope(room)
    with caplog.at_level(logging.INFO, logger="lien.live"):
        run_async(app(scope, receive, send))
    lines = [r for r in caplog.records if r.name == "lien.live"]
    assert len(lines) == 1 and "went away" in lines[0].getMessage()
    assert lines[0].exc_info is None
    assert sent[0]["status"] == 400


def test_a_body_that_trickles_in_is_dropped_after_the_body_timeout(app, room, monkeypatch):
    monkeypatch.setattr(web, "BODY_TIMEOUT_S", 0.2)

    async def receive():
        await asyncio.sleep(5)
        return {"type": "http.disconnect"}

    sent = []

    async def send(message):
        sent.append(message)

    scope = post_scope(room)
    run_async(asyncio.wait_for(app(scope, receive, send), 3))
    assert sent[0]["status"] == 408


def test_a_paused_room_tells_the_phones_and_refuses_answers_keeping_earlier_ones(app, room, bundle):
    honest = phone(app)
    honest.get(f"/join/{room.code}")
    assert answer(honest, room, "none").status_code == 303
    current_store().pause(room.code)
    page = honest.get(f"/join/{room.code}?lang=en").text
    assert str(web.Markup.escape(bundle.ui["en"]["join.paused"])) in page
    refused = answer(honest, room, "strong")
    assert refused.status_code == 409
    current_store().pause(room.code, False)
    assert current_store().tally(room.code).counts == {"none": 1}
    assert answer(honest, room, "strong").status_code == 303


def test_the_phone_s_language_choice_wins_over_its_browser_s(app, room):
    honest = phone(app)
    french_browser = {"accept-language": "fr-FR,fr;q=0.9"}
    assert 'lang="fr"' in honest.get(f"/join/{room.code}", headers=french_browser).text
    assert 'lang="en"' in honest.get(f"/join/{room.code}?lang=en", headers=french_browser).text
    assert 'lang="en"' in honest.get(f"/join/{room.code}", headers=french_browser).text
