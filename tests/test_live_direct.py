"""The phones' room routes are served before Streamlit's own layers (lien.web.direct); every
other request still goes through them."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from lien.live.store import current_store
from lien.web import phone as web
from lien.web.direct import DirectRoutes

QUESTION = "poll:alliance-weight"


class Behind:
    """Stands for Streamlit's layers and router: counts what reaches it."""

    def __init__(self, app):
        self.app, self.seen = app, []

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            self.seen.append((scope["method"], scope["path"]))
        await self.app(scope, receive, send)


@pytest.fixture
def served(store_url, monkeypatch):
    monkeypatch.setattr(web, "room_states", web.RoomStates(ttl=0))

    async def elsewhere(_request):
        return PlainTextResponse("streamlit")

    routes = [*web.participant_routes(), Route("/{rest:path}", elsewhere, methods=["GET", "POST"])]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(DirectRoutes, routes=web.participant_routes()),
            Middleware(Behind),
        ],
    )
    client = TestClient(app, follow_redirects=False)
    client.get("/")  # builds the middleware stack
    stack = app.middleware_stack
    while not isinstance(stack, DirectRoutes):
        stack = stack.app
    return client, stack, stack.app


def test_the_room_s_page_its_state_and_an_answer_skip_the_layers_behind(served):
    client, direct, behind = served
    store = current_store()
    room = store.open_room()
    store.open_question(room.code, QUESTION)
    behind.seen.clear()
    page = client.get(f"/join/{room.code}?lang=fr")
    assert page.status_code == 200 and 'name="round"' in page.text
    state = client.get(f"/join/{room.code}/state")
    assert state.json()["phase"] == "open"
    form = {"option": "none", "round": str(store.room(room.code).round), "question": QUESTION}
    assert client.post(f"/join/{room.code}/answer?lang=fr", data=form).status_code == 303
    assert behind.seen == [] and direct.served == 3
    assert store.tally(room.code).counts == {"none": 1}


def test_every_other_request_goes_through_the_layers_as_before(served):
    client, direct, behind = served
    behind.seen.clear()
    for method, path in [
        ("GET", "/alliance"),
        ("GET", "/joinus"),  # not the phones' prefix
        ("GET", "/join/ABC123/slide"),  # a phone route not served directly
        ("POST", "/join/ABC123"),  # the room's page, with a method it does not take
    ]:
        client.request(method, path)
    assert behind.seen == [
        ("GET", "/alliance"),
        ("GET", "/joinus"),
        ("GET", "/join/ABC123/slide"),
        ("POST", "/join/ABC123"),
    ]
    assert direct.served == 0
