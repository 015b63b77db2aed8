"""A mischievous laptop in the room (issue 21, part B): each of the red team's attacks of
7 December, on loopback, bounded, recovering nothing."""

from __future__ import annotations

import pytest

from lien.live.store import current_store
from tests.helpers.apptest import open_page

TOKEN = "test-presenter-token-123"
OPEN = "poll:repair-moment"


@pytest.fixture
def presenter(sqlite_store_url, monkeypatch):
    monkeypatch.setenv("LIEN_LIVE_TOKEN", TOKEN)
    monkeypatch.setenv("LIEN_PUBLIC_URL", "http://192.0.2.10:8501")


def _open_text_room(texts: list[str]):
    store = current_store()
    room = store.open_room()
    store.open_question(room.code, OPEN)
    room = store.room(room.code)
    for n, text in enumerate(texts):
        participant = f"phone-{n:02d}-" + "x" * 10
        assert store.join(room.code, participant) == "joined"
        stored = store.answer(
            room.code, room.round, OPEN, participant, "text", text, status="pending"
        )
        assert stored == "stored"
    return store, room


# --- N4: approve what was seen ------------------------------------------------------------


def test_approving_a_text_approves_the_words_seen_not_the_ones_swapped_in_since(presenter):
    store, room = _open_text_room(["I felt heard"])
    participant = store.tally(room.code).texts[0][0]
    # The phone swaps its text after the presenter read it, just before the click.
    store.answer(room.code, room.round, OPEN, participant, "text", "SWAPPED", status="pending")
    assert not store.set_text_status(
        room.code, room.round, participant, "approved", seen="I felt heard"
    )
    assert store.tally(room.code).texts == ((participant, "SWAPPED", "pending"),)
    # What is on screen now can be approved; a later replacement needs a new approval.
    assert store.set_text_status(room.code, room.round, participant, "approved", seen="SWAPPED")
    store.answer(room.code, room.round, OPEN, participant, "text", "again", status="pending")
    assert store.tally(room.code).texts == ((participant, "again", "pending"),)


def test_a_text_swapped_before_the_presenters_click_is_not_projected_and_the_presenter_is_told(
    presenter,
):
    store, room = _open_text_room(["I felt heard", "Someone listened"])
    at = open_page("live", "en", token=TOKEN, room=room.code)
    shown = [m.value for m in at.markdown]
    assert any("I felt heard" in v for v in shown)
    participant = store.tally(room.code).texts[0][0]
    store.answer(room.code, room.round, OPEN, participant, "text", "SWAPPED", status="pending")
    at.button(key=f"live_ok_{room.round}_{participant}").click().run()
    assert not at.exception
    assert dict((p, (t, s)) for p, t, s in store.tally(room.code).texts)[participant] == (
        "SWAPPED",
        "pending",
    )
    assert any("changed on the phone" in e.value for e in at.error)


# --- N5: no framing, no foreign websocket ---------------------------------------------------


def test_own_origin_is_the_host_the_request_came_to_lan_localhost_or_nginx():
    from lien.live.origins import same_origin

    assert same_origin("http://192.168.1.20:8501", "192.168.1.20:8501")  # a phone on the LAN
    assert same_origin("http://localhost:8501", "localhost:8501")  # the presenter
    assert same_origin("https://talk.example.org", "talk.example.org")  # TLS ended by nginx
    assert same_origin("http://192.168.1.20", "192.168.1.20:80")
    assert same_origin("http://[::1]:8501", "[::1]:8501")
    assert not same_origin("http://127.0.0.1:9999", "127.0.0.1:8501")  # another port
    assert not same_origin("http://localhost:8501", "192.168.1.20:8501")
    assert not same_origin("http://evil.example:8501", "192.168.1.20:8501")
    assert not same_origin("null", "127.0.0.1:8501")
    assert not same_origin("http://127.0.0.1:8501", "")


def test_the_middleware_refuses_a_foreign_websocket_and_adds_framing_headers_everywhere():
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.responses import PlainTextResponse, Response
    from starlette.routing import Route, WebSocketRoute
    from starlette.testclient import TestClient
    from starlette.websockets import WebSocketDisconnect

    from lien.live.origins import OwnOriginOnly

    async def stream(websocket):
        await websocket.accept()
        await websocket.send_text("hello")
        await websocket.close()

    async def page(request):
        return PlainTextResponse("page")

    async def strict(request):
        return Response("phone", headers={"content-security-policy": "default-src 'none'"})

    app = Starlette(
        routes=[
            Route("/", page),
            Route("/join", strict),
            WebSocketRoute("/_stcore/stream", stream),
        ],
        middleware=[Middleware(OwnOriginOnly)],
    )
    client = TestClient(app)  # its requests go to the host "testserver"
    with client.websocket_connect("/_stcore/stream", headers={"origin": "http://testserver"}) as ws:
        assert ws.receive_text() == "hello"
    with (
        pytest.raises(WebSocketDisconnect),
        client.websocket_connect("/_stcore/stream", headers={"origin": "http://testserver:9999"}),
    ):
        pass
    answer = client.get("/")
    assert answer.headers["x-frame-options"] == "SAMEORIGIN"
    assert answer.headers["content-security-policy"] == "frame-ancestors 'self'"
    answer = client.get("/join")
    assert answer.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'self'"
