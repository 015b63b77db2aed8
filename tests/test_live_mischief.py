"""A mischievous laptop in the room (issue 21, part B): each of the red team's attacks of
7 December, on loopback, bounded, recovering nothing."""

from __future__ import annotations

import pytest

from lien.live.store import current_store
from tests.helpers.apptest import open_page
from tests.helpers.clock import FakeClock

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
    shown = [h.proto.body for h in at.get("html")]
    assert any("I felt heard" in v for v in shown), shown
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
    from lien.web.origins import same_origin

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

    from lien.web.origins import OwnOriginOnly

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


# --- N6: words are only words ---------------------------------------------------------------

# The red team's spellings of a word on content's block list (polls.toml `hidden_words`).
BLOCKED_SPELLINGS = {
    "plural": "idiots",
    "zero-width space inside": "id\u200biot",
    "soft hyphen inside": "idi\u00adot",
    "Cyrillic look-alike": "\u0456di\u043et",
    "Greek look-alike": "idi\u03bft",
    "fullwidth": "\uff49\uff44\uff49\uff4f\uff54",
    "combining accents": "i\u0301dio\u0300t",
    "mixed precomposed accents": "\u00eddi\u00f4t",
    "inside a phrase": "what an idiot",
    "dotted": "i.d.i.o.t",
    "spaced": "i d i o t",
    "uppercase": "IDIOT",
    "digits for letters": "1d10t",
    "direction control inside": "idi\u202eot",
    "French, dotted": "c.o.n",
    "French, plural with an accent in capitals": "CRÉTINS",
}


def _words_room():
    from starlette.applications import Starlette

    from lien.web import phone as web

    store = current_store()
    room = store.open_room()
    store.open_question(room.code, "poll:trustworthy-carer")
    return Starlette(routes=web.participant_routes()), store, store.room(room.code)


def _phone(app, n: int):
    from starlette.testclient import TestClient

    return TestClient(app, follow_redirects=False, headers={"x-real-ip": f"10.9.0.{n + 1}"})


@pytest.fixture
def phones_app(sqlite_store_url, monkeypatch):
    from lien.live import settings
    from lien.web import phone as web

    monkeypatch.setattr(web, "room_states", web.RoomStates(ttl=0))
    monkeypatch.setattr(settings, "trusted_proxies", lambda: frozenset({"testclient"}))


def _send_words(app, room, n: int, *words: str):
    client = _phone(app, n)
    assert client.get(f"/join/{room.code}?lang=en").status_code == 200
    form = {"round": str(room.round), "question": room.question_id, "option": "words"}
    form |= {f"w{i}": word for i, word in enumerate(words, start=1)}
    return client.post(f"/join/{room.code}/answer?lang=en", data=form)


def test_every_spelling_of_a_blocked_word_is_kept_out_of_the_cloud(phones_app):
    app, store, room = _words_room()
    for n, spelling in enumerate(BLOCKED_SPELLINGS.values()):
        assert _send_words(app, room, n, spelling, "respect").status_code == 303
    words = store.tally(room.code).words
    assert words == {"respect": len(BLOCKED_SPELLINGS)}, sorted(words)  # what reached the cloud


def test_the_block_list_leaves_longer_words_and_ordinary_words_alone(phones_app):
    from lien.live.blocklist import is_blocked

    hidden = frozenset({"con", "conne", "nul", "idiot", "sucks", "crétin", "bitch"})
    harmless = ("confiance", "construire", "écoute", "temps", "stress", "idéal", "succès")
    for word in (*harmless, "cone", "cones", "null", "cool", "bonnet", "nullement"):
        assert not is_blocked(word, hidden), word
    app, store, room = _words_room()
    assert _send_words(app, room, 0, "confiance", "écoute", "ｃａｌｍｅ").status_code == 303
    # Fullwidth letters are stored as the letters they are; nothing invisible is kept.
    assert store.tally(room.code).words == {"confiance": 1, "écoute": 1, "calme": 1}


FLIPPED = "Visit www.example.com \u202eevil\u202c :material/delete: **bold** <b>x</b>"
FLIPPERS = ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u200e")


def test_a_phones_text_is_stored_and_shown_to_phones_without_direction_controls(phones_app):
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from lien.web import phone as web

    app = Starlette(routes=web.participant_routes())
    store = current_store()
    room = store.open_room()
    store.open_question(room.code, "poll:room-questions")
    room = store.room(room.code)
    client = TestClient(app, follow_redirects=False, headers={"x-real-ip": "10.9.1.1"})
    assert client.get(f"/join/{room.code}?lang=en").status_code == 200
    form = {"round": str(room.round), "question": room.question_id, "text": FLIPPED}
    assert client.post(f"/join/{room.code}/ask?lang=en", data=form).status_code == 303
    ask = store.tally(room.code).asks[0]
    assert ask.text == "Visit www.example.com evil :material/delete: **bold** <b>x</b>"
    store.set_ask_status(room.code, ask.id, "approved")
    page = client.get(f"/join/{room.code}?lang=en").text  # other phones see approved questions
    assert "Visit www.example.com evil :material/delete: **bold** &lt;b&gt;x&lt;/b&gt;" in page
    assert "example.com</a>" not in page and 'href="http://www.example' not in page


def test_the_report_and_the_csv_show_texts_as_plain_text_without_direction_controls(
    phones_app, bundle
):
    from lien.live import export

    store, room = _open_text_room([FLIPPED] + [f"Ordinary answer {n}" for n in range(7)])
    for participant, text, _ in store.tally(room.code).texts:
        store.set_text_status(room.code, room.round, participant, "approved", seen=text)
    store.close_answers(room.code)
    report = export.room_report(store, bundle, "en", room.code)
    page = export.report_html(report, bundle, "en", None)
    sheet = export.answers_csv(
        store.answers(room.code), room.code, bundle=bundle, lang="en", report=report, store=store
    )
    for shown in (page, sheet):
        assert "www.example.com" in shown
        assert not any(c in shown for c in FLIPPERS)
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page
    assert 'href="http://www.example.com' not in page


# --- N8: a clock that jumps -----------------------------------------------------------------

DAY = 24 * 3600.0


def _room_of_twenty(store, fake: FakeClock):
    from lien.web.phone import FLOOD

    room = store.open_room()
    store.open_question(room.code, "poll:alliance-weight")
    room = store.room(room.code)
    for n in range(20):
        fake.wait(3)
        phone = f"clock-{n:02d}-" + "x" * 10
        assert store.join(room.code, phone) == "joined"
        assert (
            store.answer(room.code, room.round, room.question_id, phone, "moderate", flood=FLOOD)
            == "stored"
        )
    return room


def _stored(store, code: str) -> int:
    tally = store.tally(code)
    return 0 if tally is None else tally.answered


@pytest.mark.parametrize("jump", [25 * 3600.0, -DAY], ids=["a day forward", "a day back"])
def test_a_clock_that_jumps_mid_talk_leaves_the_room_open_to_its_phones(store_url, jump):
    from lien.live.store import Store

    fake = FakeClock()
    store = Store(store_url, wall=fake.wall, monotonic=fake.monotonic)
    room = _room_of_twenty(store, fake)
    left = room.expires_at - fake.now
    fake.wait(60)
    fake.now += jump  # the computer's clock is set a day off; the talk goes on
    assert store.room(room.code) is not None  # phones do not get "Room not found"
    assert store.join(room.code, "late-phone-" + "y" * 8) == "joined"
    assert (
        store.answer(room.code, room.round, room.question_id, "late-phone-" + "y" * 8, "moderate")
        == "stored"
    )
    assert _stored(store, room.code) == 21
    # Its remaining life is what it was (the jump neither adds nor takes a day), within the
    # bound: never kept beyond twice its lifetime after it opened, by the clock.
    expected = left - 60
    if jump > 0:
        expected = min(expected, room.created_at + 2 * DAY - fake.now)
    assert store.room(room.code).expires_at - fake.now == pytest.approx(expected, abs=1)
    store.dispose()


@pytest.mark.parametrize("jump", [25 * 3600.0, -DAY], ids=["a day forward", "a day back"])
def test_a_restart_with_a_clock_a_day_off_keeps_the_room_and_its_twenty_answers(store_url, jump):
    from lien.live.store import Store

    fake = FakeClock()
    store = Store(store_url, wall=fake.wall, monotonic=fake.monotonic)
    room = _room_of_twenty(store, fake)
    store.dispose()
    fake.now += 300 + jump  # stopped; the clock is a day off when the app starts again
    fake.running = 5.0  # a new process
    again = Store(store_url, wall=fake.wall, monotonic=fake.monotonic)
    again.purge_expired()  # what the app does at start (lien.web.wiring.lifespan)
    assert _stored(again, room.code) == 20  # 0 of 20 before
    assert again.room(room.code) is not None
    again.dispose()


def test_a_room_is_still_deleted_once_twice_its_lifetime_has_passed_on_the_clock(store_url):
    from lien.live.store import Store

    fake = FakeClock()
    store = Store(store_url, wall=fake.wall, monotonic=fake.monotonic)
    room = _room_of_twenty(store, fake)
    store.dispose()
    fake.now += 3 * DAY  # three days later: no clock error can explain that much
    fake.running = 5.0
    again = Store(store_url, wall=fake.wall, monotonic=fake.monotonic)
    assert again.purge_expired() == 1
    assert again.room(room.code) is None and again.answers(room.code) == []
    again.dispose()


def test_a_room_left_running_past_its_lifetime_closes_on_time(store_url):
    from lien.live.store import Store

    fake = FakeClock()
    store = Store(store_url, wall=fake.wall, monotonic=fake.monotonic)
    room = _room_of_twenty(store, fake)
    fake.wait(DAY)  # a real day passes, the app running: the room's 24 hours are over
    assert store.room(room.code) is None
    assert store.purge_expired() == 1
    store.dispose()


def test_a_clock_that_jumps_mid_talk_keeps_the_talk_run_and_its_room(store_url):
    from lien.live.runs import Runs, new_run_id
    from lien.live.store import Store

    fake = FakeClock()
    store = Store(store_url, wall=fake.wall, monotonic=fake.monotonic)
    runs = Runs(store)
    run_id = new_run_id()
    runs.start(run_id, "workshop", "fr", 3, "join")
    room = _room_of_twenty(store, fake)
    runs.set_room(run_id, room.code)
    fake.wait(60)
    fake.now += 25 * 3600
    runs.start(new_run_id(), "short", "fr", 1, "join")  # purges the runs that stopped moving
    assert runs.run(run_id) is not None and runs.run(run_id).room_code == room.code
    store.dispose()


def test_two_replicas_that_see_the_same_jump_move_the_room_once(store_url):
    from lien.live.store import Store

    fake = FakeClock()
    first = Store(store_url, wall=fake.wall, monotonic=fake.monotonic)
    second = Store(store_url, wall=fake.wall, monotonic=fake.monotonic)
    room = _room_of_twenty(first, fake)
    assert second.room(room.code) is not None
    fake.wait(60)
    fake.now -= DAY  # back a day: no bound applies, the move is exactly the jump
    ends = [first.room(room.code).expires_at, second.room(room.code).expires_at]
    assert ends == [room.expires_at - DAY] * 2
    first.dispose()
    second.dispose()


def test_an_audience_question_is_only_text_on_the_poll_slide(monkeypatch, sqlite_store_url):
    from tests.test_poll_slides import TOKEN as SLIDE_TOKEN
    from tests.test_poll_slides import projector, the_run

    monkeypatch.setenv("LIEN_LIVE_TOKEN", SLIDE_TOKEN)
    at = projector("poll:room-questions")
    at.button(key="poll_slide_open").click().run()
    store, code = current_store(), the_run(at).room_code
    room = store.room(code)
    store.join(code, "phone-slide-" + "x" * 8)
    store.ask(code, room.round, room.question_id, "phone-slide-" + "x" * 8, FLIPPED)
    store.set_ask_status(code, store.tally(code).asks[0].id, "approved")
    at.run()
    assert not at.exception
    drawn = [h.proto.body for h in at.get("html") if "www.example.com" in h.proto.body]
    assert len(drawn) == 1
    assert "www.example.com evil :material/delete: **bold** &lt;b&gt;x&lt;/b&gt;" in drawn[0]
    assert not any(c in drawn[0] for c in FLIPPERS)
    assert not [m.value for m in at.markdown if "example.com" in m.value]  # never Markdown
