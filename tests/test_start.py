"""Into the room without a terminal: the token kept through restarts, the sign-in on the
presenter's own computer (and nowhere else), the network check, and `python -m lien serve`."""

from __future__ import annotations

import html
import os
import re
import stat

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from lien.live import address
from lien.live import presenter_token as token
from lien.serve import choose_port, system_language, words
from lien.web import reach
from lien.web import signin as gate

RIGHT = "a-long-presenter-token-0123"
HERE = ("127.0.0.1", 50000)
ANOTHER_DEVICE = ("127.0.0.2", 50000)  # loopback, but not this computer's own address
PHONE = ("192.168.1.50", 50000)


@pytest.fixture
def app(sqlite_store_url, monkeypatch):
    monkeypatch.setattr(token, "WRONG_DELAY_S", 0.05)
    monkeypatch.setenv(gate.ONCE_ENV, gate.new_once_code())
    monkeypatch.delenv(address.LOCAL_ENV, raising=False)
    monkeypatch.setattr(gate, "_once_used", set())

    async def streamlit_page(request):
        return PlainTextResponse("the Streamlit page")

    return Starlette(
        routes=[
            *gate.presenter_routes(lambda: RIGHT),
            *reach.reach_routes(),
            Route("/start", streamlit_page),
        ],
        middleware=[Middleware(gate.TokenInAddress, expected=lambda: RIGHT)],
    )


def once_code() -> str:
    return os.environ[gate.ONCE_ENV].partition(".")[0]


def presenter_cookie(answer) -> str | None:
    found = re.search(r"lien_presenter=([^;]+)", answer.headers.get("set-cookie", ""))
    return found.group(1) if found else None


# --- the token, kept ------------------------------------------------------------------------


def test_the_token_drawn_on_first_start_is_kept_readable_by_its_owner_only(tmp_path, monkeypatch):
    monkeypatch.setattr(token, "_kept", {})
    first = token.kept_token(tmp_path / "var")
    path = tmp_path / "var" / token.TOKEN_FILE
    assert len(first) >= token.MIN_LENGTH
    assert path.read_text().strip() == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    monkeypatch.setattr(token, "_kept", {})  # a restart: nothing in memory
    assert token.kept_token(tmp_path / "var") == first
    cookie = token.session_cookie(first)
    assert token.cookie_valid(cookie, token.kept_token(tmp_path / "var"))


def test_without_a_configured_token_the_kept_one_opens_the_room(tmp_path, monkeypatch):
    monkeypatch.setattr(token, "_kept", {})
    monkeypatch.setenv("LIEN_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("LIEN_LIVE_TOKEN", raising=False)
    kept = token.presenter_token(None)
    assert kept == (tmp_path / token.TOKEN_FILE).read_text().strip()
    monkeypatch.setenv("LIEN_LIVE_TOKEN", RIGHT)  # a configured one still wins
    assert token.presenter_token(None) == RIGHT


def test_a_too_short_kept_token_is_replaced(tmp_path, monkeypatch):
    monkeypatch.setattr(token, "_kept", {})
    (tmp_path / token.TOKEN_FILE).write_text("short\n")
    assert len(token.kept_token(tmp_path)) >= token.MIN_LENGTH


# --- this computer, and no other -------------------------------------------------------------


def test_this_computer_is_127_0_0_1_without_a_proxy_and_never_another_loopback_address(
    monkeypatch,
):
    monkeypatch.delenv(address.LOCAL_ENV, raising=False)
    monkeypatch.setattr(address, "_interface_addresses", lambda: [("wlan0", "192.168.1.20")])
    assert address.from_this_computer("127.0.0.1", {})
    assert address.from_this_computer("::1", {})
    assert address.from_this_computer("192.168.1.20", {})  # its own Wi-Fi address
    assert not address.from_this_computer("127.0.0.2", {})
    assert not address.from_this_computer("192.168.1.50", {})
    assert not address.from_this_computer(None, {})
    assert not address.from_this_computer("127.0.0.1", {"x-real-ip": "192.168.1.50"})  # nginx
    assert not address.from_this_computer("127.0.0.1", {"x-forwarded-for": "10.0.0.3"})
    monkeypatch.setenv(address.LOCAL_ENV, "0")  # deploy/ turns it off
    assert not address.from_this_computer("127.0.0.1", {})


def test_the_one_time_link_signs_in_this_computer_once(app):
    client = TestClient(app, follow_redirects=False, client=HERE)
    answer = client.get(f"/presenter/here?once={once_code()}&next=%2Fstart%3Flang%3Dfr")
    assert answer.status_code == 200
    assert token.cookie_valid(presenter_cookie(answer), RIGHT)
    assert 'data-next="/start?lang=fr"' in answer.text
    assert once_code() not in answer.text
    again = client.get(f"/presenter/here?once={once_code()}&next=%2Fstart")
    assert again.status_code == 403 and presenter_cookie(again) is None
    # Used or expired, the page offers the click instead (this is the presenter's computer).
    assert 'action="/presenter/here' in again.text


def test_the_one_time_link_is_refused_from_another_device(app, bundle):
    for device in (ANOTHER_DEVICE, PHONE):
        client = TestClient(app, follow_redirects=False, client=device)
        answer = client.get(f"/presenter/here?once={once_code()}&next=%2Fstart")
        assert answer.status_code == 403 and presenter_cookie(answer) is None
        assert 'action="/presenter/here' not in answer.text  # no one-click button there
        assert 'type="password"' in answer.text  # the token, as before
    # Refused elsewhere, the code was not spent: the presenter's own browser still gets in.
    here = TestClient(app, follow_redirects=False, client=HERE)
    assert presenter_cookie(here.get(f"/presenter/here?once={once_code()}")) is not None


def test_the_one_time_link_is_refused_through_a_proxy(app):
    client = TestClient(app, follow_redirects=False, client=HERE)
    answer = client.get(f"/presenter/here?once={once_code()}", headers={"x-real-ip": "10.1.1.9"})
    assert answer.status_code == 403 and presenter_cookie(answer) is None


def test_a_wrong_or_expired_code_signs_nobody_in(app, monkeypatch):
    client = TestClient(app, follow_redirects=False, client=HERE)
    assert presenter_cookie(client.get("/presenter/here?once=not-the-code")) is None
    assert presenter_cookie(client.get("/presenter/here")) is None
    monkeypatch.setenv(gate.ONCE_ENV, f"{once_code()}.1000")  # expired long ago
    assert presenter_cookie(client.get(f"/presenter/here?once={once_code()}")) is None


def test_the_click_signs_in_this_computer_from_this_site_only(app):
    client = TestClient(app, follow_redirects=False, client=HERE)
    own = {"origin": "http://testserver"}
    answer = client.post("/presenter/here", data={"next": "/live?room=K7P2QX"}, headers=own)
    assert answer.status_code == 200 and token.cookie_valid(presenter_cookie(answer), RIGHT)
    assert 'data-next="/live?room=K7P2QX"' in answer.text
    foreign = client.post("/presenter/here", headers={"origin": "http://evil.example"})
    assert foreign.status_code == 403 and presenter_cookie(foreign) is None
    no_origin = client.post("/presenter/here")  # not a browser's form
    assert no_origin.status_code == 403 and presenter_cookie(no_origin) is None
    elsewhere = TestClient(app, follow_redirects=False, client=ANOTHER_DEVICE)
    refused = elsewhere.post("/presenter/here", headers={"origin": "http://testserver"})
    assert refused.status_code == 403 and presenter_cookie(refused) is None


def test_the_sign_in_page_offers_the_click_on_this_computer_only(app, bundle):
    here = TestClient(app, client=HERE).get("/presenter?lang=fr").text
    assert bundle.ui["fr"]["signin.here_button"] in html.unescape(here)
    for device in (ANOTHER_DEVICE, PHONE):
        text = html.unescape(TestClient(app, client=device).get("/presenter?lang=fr").text)
        assert bundle.ui["fr"]["signin.here_button"] not in text


# --- the network check -----------------------------------------------------------------------


def test_the_wifi_address_comes_first_and_virtual_networks_last(monkeypatch):
    monkeypatch.setattr(
        address,
        "_interface_addresses",
        lambda: [
            ("lo", "127.0.0.1"),
            ("docker0", "172.17.0.1"),
            ("eth0", "192.168.1.20"),
            ("wlp2s0", "192.168.43.5"),
            ("", "192.168.43.5"),
        ],
    )
    assert [a.ip for a in address.addresses()] == ["192.168.43.5", "192.168.1.20", "172.17.0.1"]
    assert address.lan_address() == "192.168.43.5"


def test_an_app_bound_to_loopback_is_told_from_one_phones_can_reach():
    for bound in ("127.0.0.1", "localhost", "::1", "127.0.0.5"):
        assert address.bound_to_loopback(bound), bound
    for bound in (None, "", "0.0.0.0", "::", "192.168.1.20"):
        assert not address.bound_to_loopback(bound), bound


def test_a_phone_opening_the_check_is_recorded_with_the_address_it_used(app, bundle, monkeypatch):
    monkeypatch.delenv("LIEN_PUBLIC_URL", raising=False)
    address.forget_reached()
    try:
        path = address.check_path()
        mine = TestClient(app, client=HERE).get(f"{path}?lang=fr")
        assert bundle.ui["fr"]["start.check_this_computer"] in html.unescape(mine.text)
        assert address.reached() is None  # the laptop itself proves nothing about the Wi-Fi
        phone = TestClient(app, client=PHONE, base_url="http://192.168.43.5:8611")
        answer = phone.get(f"{path}?lang=fr")
        assert answer.status_code == 200
        assert bundle.ui["fr"]["start.check_phone_ok"] in html.unescape(answer.text)
        assert address.reached().base_url == "http://192.168.43.5:8611"
        # The join slide, the questions and the handout now show the address that worked.
        assert address.public_base_url(8611) == "http://192.168.43.5:8611"
        old = phone.get("/phone-check/an-old-code")
        assert old.status_code == 404
    finally:
        address.forget_reached()


# --- python -m lien serve --------------------------------------------------------------------


def test_the_console_speaks_the_system_language_french_by_default():
    assert system_language({"LANG": "en_GB.UTF-8"}) == "en"
    assert system_language({"LANG": "fr_FR.UTF-8"}) == "fr"
    assert system_language({"LANG": "de_DE.UTF-8"}) == "fr"
    assert system_language({"LC_ALL": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}) == "en"
    assert words("fr")["serve.stop"].startswith("Pour arrêter Lien")
    assert words("en")["serve.stop"].startswith("To stop Lien")


def test_a_taken_port_gives_the_next_free_one():
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        chosen = choose_port(port, "127.0.0.1")
    assert chosen is not None and chosen != port
