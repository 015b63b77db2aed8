"""The participants' pages of the live room, and every bad input they must refuse calmly."""

from __future__ import annotations

import re
import sqlite3
import threading
import time

import pytest
from markupsafe import escape
from sqlalchemy import update
from starlette.applications import Starlette
from starlette.testclient import TestClient

from lien.live import tokens
from lien.live.store import current_store, rooms
from lien.web import phone as web

QUESTION = "poll:alliance-weight"


@pytest.fixture
def client(store_url, monkeypatch):
    # Every request reads the room afresh (in the app, at most every STATE_TTL_S).
    monkeypatch.setattr(web, "room_states", web.RoomStates(ttl=0))
    with TestClient(Starlette(routes=web.participant_routes()), follow_redirects=False) as c:
        yield c


@pytest.fixture
def room():
    store = current_store()
    room = store.open_room()
    store.open_question(room.code, QUESTION)
    return store.room(room.code)


def joined(client, room, lang="en") -> str:
    """Open the room's page as a new phone; return the page."""
    answer = client.get(f"/join/{room.code}?lang={lang}")
    assert answer.status_code == 200
    return answer.text


def send(client, room, option="moderate", **overrides):
    form = {"option": option, "round": str(room.round), "question": QUESTION, **overrides}
    return client.post(f"/join/{room.code}/answer?lang=en", data=form)


def test_the_page_asks_the_open_question_in_the_chosen_language(client, room, bundle):
    page = joined(client, room, "fr")
    assert '<html lang="fr"' in page
    assert escape(bundle.polls["fr"][0].prompt) in page
    assert escape(bundle.ui["fr"]["join.open"]) in page
    cookie = client.cookies.get(tokens.cookie_name(room.code))
    assert cookie and len(cookie) >= 16


def test_the_participant_cookie_is_httponly_samesite_lax_and_for_this_room_only(store_url, room):
    with TestClient(Starlette(routes=web.participant_routes())) as fresh:
        header = fresh.get(f"/join/{room.code}").headers["set-cookie"].lower()
    assert "httponly" in header and "samesite=lax" in header
    assert f"path=/join/{room.code.lower()}" in header


def test_an_answer_is_stored_and_a_changed_answer_replaces_it(client, room, bundle):
    joined(client, room)
    first = send(client, room, "none")
    assert first.status_code == 303 and first.headers["location"].endswith("saved=1")
    assert send(client, room, "moderate").status_code == 303
    tally = current_store().tally(room.code)
    assert tally.counts == {"moderate": 1} and tally.participants == 1
    page = client.get(first.headers["location"]).text
    assert escape(bundle.ui["en"]["join.saved"]) in page
    assert re.search(r'value="moderate" required checked', page)


def test_after_the_reveal_the_page_shows_the_right_answer_and_its_explanation(client, room, bundle):
    joined(client, room)
    send(client, room, "strong")
    current_store().reveal(room.code)
    page = joined(client, room)
    poll = bundle.polls["en"][0]
    assert escape(poll.explanation) in page
    assert "Right answer: Moderately" in page
    assert "Your answer: Very strongly" in page


def test_the_state_tells_the_page_when_the_question_changes(client, room, monkeypatch):
    monkeypatch.setattr(web, "room_states", web.RoomStates(ttl=0))
    before = client.get(f"/join/{room.code}/state").json()["version"]
    current_store().close_answers(room.code)
    after = client.get(f"/join/{room.code}/state?since={before}").json()
    assert after["phase"] == "closed" and after["version"] != before


def test_a_waiting_phone_gets_the_change_as_soon_as_the_presenter_makes_it(
    client, room, monkeypatch
):
    monkeypatch.setattr(web, "room_states", web.RoomStates(ttl=0.05))
    before = client.get(f"/join/{room.code}/state").json()["version"]
    timer = threading.Timer(0.5, current_store().reveal, args=(room.code,))
    timer.start()
    started = time.monotonic()
    after = client.get(f"/join/{room.code}/state?since={before}").json()
    waited = time.monotonic() - started
    timer.join()
    assert after["phase"] == "revealed"
    assert 0.4 < waited < 3, waited  # it waited for the reveal, then answered at once


def test_the_next_phone_page_shows_what_the_presenter_just_did_despite_the_cache(
    client, room, monkeypatch, bundle
):
    # The app's cache (10 s here, far longer than its real STATE_TTL_S): a phone reloading
    # just after the presenter acted in this process must not get the room as it was.
    monkeypatch.setattr(web, "room_states", web.RoomStates(ttl=10))
    store = current_store()
    assert 'name="option" value="moderate"' in joined(client, room)
    store.reveal(room.code)
    assert escape(bundle.ui["en"]["join.revealed"]) in joined(client, room)
    store.open_question(room.code, "poll:trustworthy-carer")
    page = joined(client, room)
    assert 'name="w1"' in page and 'name="option" value="moderate"' not in page
    assert client.get(f"/join/{room.code}/state").json()["phase"] == "open"
    store.pause(room.code)
    assert client.get(f"/join/{room.code}/state").json()["paused"] is True
    # A change another process made (another replica) is read within the cache's lifetime:
    # here, written behind this process's back, it is not seen before the 10 s are over.
    with store.engine.begin() as conn:
        conn.execute(update(rooms).where(rooms.c.code == room.code).values(paused=False))
    assert client.get(f"/join/{room.code}/state").json()["paused"] is True


def test_an_unchanged_room_answers_the_waiting_phone_after_the_long_poll(client, room, monkeypatch):
    monkeypatch.setattr(web, "LONG_POLL_S", 0.3)
    before = client.get(f"/join/{room.code}/state").json()["version"]
    assert client.get(f"/join/{room.code}/state?since={before}").json()["version"] == before


def test_an_unknown_room_code_gets_a_friendly_page(client, bundle):
    for path in ("/join/NOSUCH?lang=en", "/join/%3Cscript%3E?lang=en"):
        answer = client.get(path)
        assert answer.status_code == 404
        assert escape(bundle.ui["en"]["join.unknown_room"]) in answer.text
        assert "<script>" not in answer.text.split("</style>")[1]


def test_an_expired_room_gets_the_same_friendly_page(client, room, bundle):
    store = current_store()
    with store.engine.begin() as conn:  # its 24 hours are over
        conn.execute(update(rooms).values(expires_at=time.time() - 1))
    answer = client.get(f"/join/{room.code}?lang=en")
    assert answer.status_code == 404 and escape(bundle.ui["en"]["join.unknown_room"]) in answer.text


def test_an_answer_to_a_closed_question_is_refused_and_not_stored(client, room, bundle):
    joined(client, room)
    current_store().close_answers(room.code)
    answer = send(client, room)
    assert answer.status_code == 409
    assert escape(bundle.ui["en"]["join.closed_refused"]) in answer.text
    assert current_store().answers(room.code) == []


def test_an_answer_to_the_previous_question_is_refused(client, room, bundle):
    joined(client, room)
    current_store().open_question(room.code, "poll:bordin-elements")
    answer = send(client, room)  # the form of the question shown before
    assert answer.status_code == 409
    assert current_store().answers(room.code) == []


def test_an_unknown_option_is_refused_and_not_stored(client, room, bundle):
    joined(client, room)
    answer = send(client, room, "made-up")
    assert answer.status_code == 400
    assert escape(bundle.ui["en"]["join.bad_option"]) in answer.text
    assert current_store().answers(room.code) == []


def test_an_oversized_request_is_refused(client, room, bundle):
    joined(client, room)
    answer = send(client, room, "moderate", padding="x" * 5000)
    assert answer.status_code == 413
    assert escape(bundle.ui["en"]["join.too_large"]) in answer.text
    assert current_store().answers(room.code) == []


@pytest.mark.parametrize(
    "body, content_type",
    [
        (b"option=moderate", "application/x-www-form-urlencoded"),
        (b"option=moderate&option=none&round=1&question=q", "application/x-www-form-urlencoded"),
        (b"option=moderate&round=one&question=q", "application/x-www-form-urlencoded"),
        (b"\xff\xfe\x00garbage", "application/x-www-form-urlencoded"),
        (b'{"option": "moderate"}', "application/json"),
    ],
)
def test_a_malformed_request_is_refused_and_nothing_is_stored(
    client, room, bundle, body, content_type
):
    joined(client, room)
    answer = client.post(
        f"/join/{room.code}/answer?lang=en", content=body, headers={"content-type": content_type}
    )
    assert answer.status_code == 400
    assert escape(bundle.ui["en"]["join.bad_request"]) in answer.text
    assert current_store().answers(room.code) == []


def test_an_answer_without_the_participant_cookie_is_refused(client, room, bundle):
    answer = send(client, room)  # never opened the page: no cookie
    assert answer.status_code == 400
    assert escape(bundle.ui["en"]["join.no_cookie"]) in answer.text
    assert current_store().answers(room.code) == []


def test_a_flood_from_one_participant_is_refused_and_stored_only_once(client, room, bundle):
    joined(client, room)
    statuses = [send(client, room, option).status_code for option in ["none", "moderate"] * 10]
    assert statuses[: web.FLOOD_LIMIT] == [303] * web.FLOOD_LIMIT
    assert set(statuses[web.FLOOD_LIMIT :]) == {429}
    refused = send(client, room)
    assert escape(bundle.ui["en"]["join.too_fast"]) in refused.text
    assert len(current_store().answers(room.code)) == 1


def test_the_flood_limit_lets_a_participant_answer_again_after_a_pause(clocked_store):
    store, clock = clocked_store
    assert store.allow("p", 2, 0.2)
    clock.wait(1)
    assert store.allow("p", 2, 0.2)
    clock.wait(1)
    assert not store.allow("p", 2, 0.2)
    clock.wait(28)
    assert store.allow("p", 2, 0.2)


def test_a_database_fault_asks_participants_to_retry_and_keeps_earlier_answers(
    tmp_path, monkeypatch, bundle
):
    monkeypatch.setenv("LIEN_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("LIEN_DATABASE_URL", raising=False)
    from lien.live import store as store_module

    store = store_module.Store(str(store_module.settings.database_url()), busy_ms=50)
    monkeypatch.setattr(web, "current_store", lambda: store)
    monkeypatch.setattr(web, "room_states", web.RoomStates(ttl=0))
    room = store.open_room()
    store.open_question(room.code, QUESTION)
    room = store.room(room.code)
    with TestClient(Starlette(routes=web.participant_routes()), follow_redirects=False) as c:
        joined(c, room)
        assert send(c, room, "none").status_code == 303
        other = TestClient(Starlette(routes=web.participant_routes()), follow_redirects=False)
        joined(other, room)
        blocker = sqlite3.connect(tmp_path / "live.sqlite3", isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")  # the database stops taking writes
        try:
            refused = send(other, room, "strong")
            assert refused.status_code == 503
            assert refused.headers["retry-after"]
            assert escape(bundle.ui["en"]["join.unavailable"]) in refused.text
            newcomer = TestClient(Starlette(routes=web.participant_routes()))
            assert newcomer.get(f"/join/{room.code}?lang=en").status_code == 503
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        assert send(other, room, "strong").status_code == 303  # retry works once it is back
    assert store.tally(room.code).counts == {"none": 1, "strong": 1}
    store.dispose()


def test_the_code_box_sends_the_participant_to_the_room(client, room):
    answer = client.get(f"/join?code={room.code.lower()}&lang=en")
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/join/{room.code}?lang=en"


def test_the_room_offers_the_polls_then_the_quiz_questions_with_one_right_answer(bundle):
    from lien.live.questions import live_questions

    for lang in bundle.languages:
        questions = live_questions(bundle, lang)
        polls = [q for q in questions.values() if q.kind == "poll"]
        assert [q.id for q in polls] == [f"poll:{p.id}" for p in bundle.polls[lang]]
        quiz = [q for q in questions.values() if q.kind == "quiz"]
        single = [q for q in bundle.quiz[lang].questions if len(q.right_ids) == 1]
        assert [q.id for q in quiz] == [f"quiz:{q.id}" for q in single]
        assert all(len(q.correct) == 1 and q.explanation for q in quiz)
        assert list(questions)[: len(polls)] == [q.id for q in polls]


def test_a_quiz_vignette_shows_its_situation_on_the_phone(client, bundle):
    vignette = next(q for q in bundle.quiz["en"].questions if q.kind == "vignette")
    store = current_store()
    room = store.open_room()
    store.open_question(room.code, f"quiz:{vignette.id}")
    page = client.get(f"/join/{room.code}?lang=en").text
    assert escape(vignette.situation) in page and escape(vignette.prompt) in page


def test_the_phone_pages_come_from_templates_and_web_py_writes_no_html_tag():
    import ast
    from pathlib import Path

    source = Path(web.__file__).read_text(encoding="utf-8")
    strings = [
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    assert not [s for s in strings if re.search(r"<[a-z]+[ >]", s)]
    folder = Path(web.__file__).parents[1] / "live" / "templates"
    assert {"base.html", "room.html", "message.html", "code.html"} <= {
        p.name for p in folder.glob("*.html")
    }


def test_markup_in_a_poll_is_shown_as_text_on_the_phone(client, room, bundle, monkeypatch):
    from dataclasses import replace

    from lien.live import questions

    real = questions.live_questions

    def with_markup(b, lang):
        found = dict(real(b, lang))  # a copy: the shared one is read-only
        first = found[QUESTION]
        found[QUESTION] = replace(first, prompt='<img src=x onerror="alert(1)"> Q')
        return found

    monkeypatch.setattr(web, "live_questions", with_markup)
    page = joined(client, room)
    assert "<img" not in page
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; Q" in page
