"""The presenter's gate: the token exchanged for an HttpOnly cookie, never left in the address."""

from __future__ import annotations

import re
import time

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from lien.live import presenter_token as token
from lien.web import signin as gate
from tests.helpers.apptest import open_page

RIGHT = "a-long-presenter-token-0123"


@pytest.fixture
def app(sqlite_store_url, monkeypatch):
    monkeypatch.setattr(token, "WRONG_DELAY_S", 0.05)

    async def streamlit_page(request):
        return PlainTextResponse("the Streamlit page")

    return Starlette(
        routes=[*gate.presenter_routes(lambda: RIGHT), Route("/live", streamlit_page)],
        middleware=[Middleware(gate.TokenInAddress, expected=lambda: RIGHT)],
    )


def test_the_console_link_sets_an_httponly_strict_cookie_and_replaces_the_address(app):
    client = TestClient(app, follow_redirects=False)
    answer = client.get(f"/live?lang=en&token={RIGHT}")
    assert answer.status_code == 200
    cookie = answer.headers["set-cookie"].lower()
    assert "lien_presenter=" in cookie and "httponly" in cookie
    assert "samesite=strict" in cookie and "path=/" in cookie
    assert 'data-next="/live?lang=en"' in answer.text  # the address without the token
    assert RIGHT not in answer.text
    assert "history.replaceState" in answer.text and "location.replace" in answer.text
    assert "script-src 'sha256-" in answer.headers["content-security-policy"]
    value = re.search(r"lien_presenter=([^;]+)", answer.headers["set-cookie"]).group(1)
    assert token.cookie_valid(value, RIGHT)


def test_a_page_without_a_token_goes_to_streamlit_untouched(app):
    assert TestClient(app).get("/live?lang=en").text == "the Streamlit page"


def test_a_wrong_token_waits_and_gets_the_sign_in_form(app, bundle):
    client = TestClient(app, follow_redirects=False)
    started = time.monotonic()
    answer = client.get("/live?token=not-the-token-at-all")
    assert time.monotonic() - started >= token.WRONG_DELAY_S
    assert answer.status_code == 403
    assert "set-cookie" not in answer.headers
    assert 'type="password"' in answer.text


def test_guesses_are_limited_per_address_even_the_right_one_after_five_wrong(app):
    client = TestClient(app, follow_redirects=False)
    statuses = [
        client.post("/presenter", data={"token": f"wrong-{n:020d}"}).status_code for n in range(5)
    ]
    assert statuses == [403] * 5
    refused = client.post("/presenter", data={"token": RIGHT})
    assert refused.status_code == 429 and "set-cookie" not in refused.headers


def test_the_right_token_is_not_counted_as_a_guess(app):
    """A presenter signs in the projector, the speaker view, the phone remote… more than five
    times from one laptop: each right token is let in, and the five wrong guesses an address
    has are still all there after."""
    client = TestClient(app, follow_redirects=False)
    for _ in range(8):
        answer = client.post("/presenter", data={"token": RIGHT})
        assert answer.status_code == 200 and "lien_presenter=" in answer.headers["set-cookie"]
    statuses = [
        client.post("/presenter", data={"token": f"wrong-{n:020d}"}).status_code for n in range(6)
    ]
    assert statuses == [403] * 5 + [429]


def test_the_sign_in_form_refuses_a_post_from_another_origin(app):
    client = TestClient(app, follow_redirects=False)
    answer = client.post(
        "/presenter", data={"token": RIGHT}, headers={"origin": "http://testserver:9999"}
    )
    assert answer.status_code == 403 and "set-cookie" not in answer.headers


def test_the_cookie_route_takes_only_a_value_the_token_signed(app):
    client = TestClient(app)
    assert client.post("/presenter/cookie", content=b"123.abc.def").status_code == 403
    good = token.session_cookie(RIGHT)
    answer = client.post("/presenter/cookie", content=good.encode())
    assert answer.status_code == 204 and "httponly" in answer.headers["set-cookie"].lower()


def test_a_cookie_expires_and_a_new_token_voids_it():
    value = token.session_cookie(RIGHT, now=1000)
    assert token.cookie_valid(value, RIGHT, now=1000 + 3600)
    assert not token.cookie_valid(value, RIGHT, now=1000 + 25 * 3600)
    assert not token.cookie_valid(value, "another-token-of-16-chars", now=1001)


def test_the_next_address_never_leads_to_another_host():
    assert gate._next("//evil.example/x") == "/live"
    assert gate._next("https://evil.example/") == "/live"
    assert gate._next("/alliance?present=1") == "/alliance?present=1"


def test_a_configured_token_under_16_characters_opens_nothing_and_says_why(
    sqlite_store_url, monkeypatch, bundle
):
    monkeypatch.setenv("LIEN_LIVE_TOKEN", "short-token")
    at = open_page("live", "en", token="short-token")
    assert not at.exception
    assert at.error[0].value == bundle.ui["en"]["live.token_short"].format(length=11, minimum=16)
    assert not [b for b in at.button if b.key == "live_open_room"]
