"""A broken content file never reaches a phone as an error (issue 19, req 4).

When the app starts with a file it cannot use, every phone route answers a calm "one moment"
page in the phone's language (503, Retry-After, coming back by itself), the terminal names
the file without a traceback, and the room comes back once the file is fixed.
"""

from __future__ import annotations

import os
import time
import urllib.error
import urllib.request

import pytest
from markupsafe import escape
from starlette.applications import Starlette
from starlette.testclient import TestClient

from deploy.launch import streamlit_server
from lien.content import BUNDLES
from lien.content.messages import say
from lien.live.store import current_store
from lien.web import phone as web
from tests.helpers import edit

QUESTION = "poll:alliance-weight"
BREAKS = {
    "a curly quote": ("content/fr/polls.toml", 'prompt = "', "prompt = “"),
    "an unknown key": ("content/fr/polls.toml", "prompt =", "promt ="),
    "a missing file": ("content/site.toml", None, None),
}


def phone_requests(code: str) -> list[tuple[str, str, str | None]]:
    """(method, address, language asked) for every participant route of lien/web/phone.py."""
    form = {"round": "1", "question": QUESTION}
    return [
        ("GET", "/join", None),
        ("GET", "/join?lang=en", "en"),
        ("GET", f"/join?code={code}", None),
        ("GET", f"/join/{code}", None),
        ("GET", f"/join/{code}?lang=en", "en"),
        ("GET", f"/join/{code}/state", None),
        ("GET", f"/join/{code}/state?since=1:open:x:", None),
        ("POST", f"/join/{code}/answer?lang=en", "en", {**form, "option": "none"}),
        ("POST", f"/join/{code}/ask", None, {**form, "text": "Une question"}),
        ("POST", f"/join/{code}/vote", None, {**form, "ask": "1"}),
    ]


def break_(root, what: str) -> None:
    path, old, new = BREAKS[what]
    if old is None:
        (root / path).unlink()
    else:
        edit(root / path, old, new)


@pytest.fixture
def broken_room(content_copy, sqlite_store_url, monkeypatch):
    """A room opened before the start, and the app reading `content_copy`."""
    monkeypatch.setenv("LIEN_CONTENT_ROOT", str(content_copy))
    monkeypatch.setattr(BUNDLES, "every_s", 0)
    monkeypatch.setattr(web, "room_states", web.RoomStates(ttl=0))
    store = current_store()
    room = store.open_room()
    store.open_question(room.code, QUESTION)
    return content_copy, room.code


def assert_calm(status: int, headers, body: str, path: str, lang: str) -> None:
    assert status == 503, (path, status, body[:300])
    assert headers.get("retry-after") == str(web.CALM_RETRY_S), path
    if path.split("?")[0].endswith("/state"):
        assert '"unavailable"' in body  # phone.js waits and asks again
        return
    assert f'<html lang="{lang}"' in body, path
    assert say("phone.title", lang) in body
    assert 'http-equiv="refresh"' in body  # it comes back by itself, without JavaScript
    assert "Traceback" not in body and ".toml" not in body and "Error" not in body


@pytest.mark.parametrize("what", list(BREAKS))
def test_every_phone_route_answers_the_calm_page_while_a_file_is_broken(broken_room, what):
    root, code = broken_room
    break_(root, what)
    client = TestClient(Starlette(routes=web.participant_routes()), follow_redirects=False)
    for method, path, lang, *form in phone_requests(code):
        answer = client.request(method, path, data=form[0] if form else None)
        assert_calm(answer.status_code, answer.headers, answer.text, path, lang or "fr")


def test_a_phone_s_calm_page_speaks_its_browser_s_language_and_an_answer_goes_back_to_the_room(
    broken_room,
):
    root, code = broken_room
    break_(root, "a curly quote")
    client = TestClient(Starlette(routes=web.participant_routes()), follow_redirects=False)
    page = client.get(f"/join/{code}", headers={"accept-language": "en-GB,en;q=0.9"}).text
    assert '<html lang="en"' in page and escape(say("phone.wait", "en")) in page
    form = {"round": "1", "question": QUESTION, "option": "none"}
    posted = client.post(f"/join/{code}/answer", data=form).text
    assert escape(say("phone.not_sent", "fr")) in posted  # not stored, and it says so
    assert f'content="{web.CALM_RETRY_S};url=/join/{code}?lang=fr"' in posted


def test_a_phone_comes_back_by_itself_once_the_file_is_fixed(broken_room, bundle):
    root, code = broken_room
    path = root / "content" / "fr" / "polls.toml"
    good = path.read_text(encoding="utf-8")
    break_(root, "a curly quote")
    client = TestClient(Starlette(routes=web.participant_routes()), follow_redirects=False)
    assert client.get(f"/join/{code}").status_code == 503
    path.write_text(good, encoding="utf-8")
    page = client.get(f"/join/{code}")
    assert page.status_code == 200
    assert bundle.ui["fr"]["join.title"] in page.text


def test_a_file_broken_while_the_room_runs_leaves_phones_on_the_last_content(broken_room):
    """A reload with a broken file: phones keep the content that loaded, with no error."""
    root, code = broken_room
    client = TestClient(Starlette(routes=web.participant_routes()), follow_redirects=False)
    assert client.get(f"/join/{code}").status_code == 200  # the content loads once
    break_(root, "a curly quote")
    for method, path, _lang, *form in phone_requests(code):
        answer = client.request(method, path, data=form[0] if form else None)
        assert answer.status_code < 500, (path, answer.status_code)
        assert answer.status_code != 503 or path.endswith("/state"), path
    assert client.get(f"/join/{code}").status_code == 200


def test_a_missing_translation_is_no_error_either(broken_room):
    """content/fr/polls.toml gone: the French phones read the English questions meanwhile."""
    root, code = broken_room
    (root / "content" / "fr" / "polls.toml").unlink()
    client = TestClient(Starlette(routes=web.participant_routes()), follow_redirects=False)
    assert client.get(f"/join/{code}").status_code == 200
    assert client.get("/join?lang=en").status_code == 200


def fetch(url: str, form: dict | None = None) -> tuple[int, dict, str]:
    data = None
    if form is not None:
        from urllib.parse import urlencode

        data = urlencode(form).encode()
    request = urllib.request.Request(url, data=data)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, dict(answer.headers.items()), answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items()), error.read().decode()


def test_a_start_with_curly_quotes_gives_phones_the_calm_page_until_the_file_is_fixed(
    content_copy, sqlite_store_url, tmp_path
):
    """The real app, started with the broken file: the path phones take, app start included."""
    store = current_store()
    code = store.open_room().code
    store.open_question(code, QUESTION)
    env = {
        "LIEN_CONTENT_ROOT": str(content_copy),
        "LIEN_DATA_DIR": os.environ["LIEN_DATA_DIR"],
        "LIEN_DATABASE_URL": "",
        "LIEN_LIVE_TOKEN": "calm-phones-presenter-token",
    }
    polls = content_copy / "content" / "fr" / "polls.toml"
    good = polls.read_text(encoding="utf-8")
    edit(polls, 'prompt = "', "prompt = “")
    log = tmp_path / "streamlit.log"
    with streamlit_server(env=env, log=log) as server:
        for method, path, lang, *form in phone_requests(code):
            status, headers, body = fetch(server.url + path, form[0] if method == "POST" else None)
            headers = {k.lower(): v for k, v in headers.items()}
            assert_calm(status, headers, body, path, lang or "fr")
        printed = log.read_text(encoding="utf-8")
        assert "Traceback" not in printed
        named = [line for line in printed.splitlines() if "content/fr/polls.toml" in line]
        assert len(named) == 1, printed
        polls.write_text(good, encoding="utf-8")
        deadline = time.monotonic() + 20
        while (status := fetch(f"{server.url}/join/{code}")[0]) != 200:
            assert time.monotonic() < deadline, status
            time.sleep(0.5)
    assert "Traceback" not in log.read_text(encoding="utf-8")
