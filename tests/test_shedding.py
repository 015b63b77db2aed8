"""Past capacity, slower, never broken: the phones' routes shed load with 503 and Retry-After
(lien.web.shedding), and the server accepts no more connections than it has files for
(lien.web.connections). None of these tests is timed."""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from lien.web import connections, shedding
from lien.web.shedding import Shedding
from tests.helpers.loop import run as run_coroutine


def held_app(release: asyncio.Event, started: list[str]) -> Starlette:
    """Phone routes that hold every request until `release` (a server at its limit)."""

    async def page(request):
        started.append(request.url.path)
        await release.wait()
        return PlainTextResponse("room")

    async def broken(request):
        raise RuntimeError("never reached while shedding")

    return Starlette(
        routes=[
            Route("/join/{code}", page),
            Route("/join/{code}/state", page),
            Route("/join/{code}/answer", page, methods=["POST"]),
            Route("/elsewhere", broken),
        ]
    )


def shed_app(app, **options) -> Shedding:
    options.setdefault("open_connections", lambda: 0)
    options.setdefault("busy_page", lambda scope, wait: (b"text/plain", b"one moment"))
    return Shedding(app, **options)


@dataclass
class Answer:
    status_code: int
    headers: dict[str, str] = field(default_factory=dict)
    text: str = ""


async def call(app, method: str, path: str) -> Answer:
    """One request through the ASGI app, as uvicorn would make it."""
    parts = urlsplit(path)
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": parts.path,
        "raw_path": parts.path.encode(),
        "query_string": parts.query.encode(),
        "headers": [(b"host", b"phone.test")],
        "client": ("127.0.0.1", 5000),
        "server": ("phone.test", 80),
    }
    answer, body = Answer(0), []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        if message["type"] == "http.response.start":
            answer.status_code = message["status"]
            answer.headers = {k.decode(): v.decode() for k, v in message["headers"]}
        else:
            body.append(message.get("body", b""))

    await app(scope, receive, send)
    answer.text = b"".join(body).decode()
    return answer


async def gather_statuses(app, requests) -> list[Answer]:
    return await asyncio.gather(*(call(app, method, path) for method, path in requests))


def test_past_its_line_a_phone_route_answers_503_with_retry_after_and_never_500():
    async def scenario():
        release, started = asyncio.Event(), []
        app = shed_app(held_app(release, started), in_flight=2, budget=16)  # line: 16 // 4
        tasks = [
            asyncio.create_task(
                call(app, "POST", "/join/ABCDEF/answer")
                if n % 2
                else call(app, "GET", "/join/AB12")
            )
            for n in range(10)
        ]
        while app.shed < 4:  # 2 served, 4 in line: the other 4 are told to come back
            await asyncio.sleep(0.01)
        assert (app.in_flight, app.queued) == (2, 4)
        release.set()
        return await asyncio.gather(*tasks), app

    answers, app = run_coroutine(scenario())
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200] * 6 + [503] * 4
    for shed in (a for a in answers if a.status_code == 503):
        assert 1 <= int(shed.headers["retry-after"]) <= 2
        assert shed.headers["connection"] == "close"
        assert shed.text == "one moment"
    assert (app.in_flight, app.queued) == (0, 0)


def test_an_answer_that_waits_too_long_in_line_is_told_to_come_back(monkeypatch):
    monkeypatch.setattr(shedding, "QUEUE_S", 0.05)

    async def scenario():
        release, started = asyncio.Event(), []
        app = shed_app(held_app(release, started), in_flight=1, budget=400)
        first = asyncio.create_task(gather_statuses(app, [("GET", "/join/AB12")]))
        while not started:
            await asyncio.sleep(0.01)
        second = await gather_statuses(app, [("POST", "/join/AB12/answer")])
        release.set()
        return (await first)[0], second[0]

    first, second = run_coroutine(scenario())
    assert first.status_code == 200
    assert second.status_code == 503 and "retry-after" in second.headers


def test_long_polls_past_half_the_budget_are_told_to_come_back_in_a_few_seconds():
    async def scenario():
        release, started = asyncio.Event(), []
        app = shed_app(held_app(release, started), budget=8)
        polls = [("GET", f"/join/AB12/state?since=1:open:q{n}") for n in range(6)]
        task = asyncio.create_task(gather_statuses(app, polls))
        while len(started) < 4 or app.shed < 2:
            await asyncio.sleep(0.01)
        release.set()
        return await task

    answers = run_coroutine(scenario())
    assert sorted(a.status_code for a in answers) == [200] * 4 + [503] * 2
    for shed in (a for a in answers if a.status_code == 503):
        assert shedding.RETRY_POLL_S[0] <= int(shed.headers["retry-after"]) <= 20


def test_a_process_holding_all_the_connections_it_can_turns_every_phone_away_politely():
    async def scenario():
        release, started = asyncio.Event(), []
        release.set()
        app = shed_app(held_app(release, started), budget=100, open_connections=lambda: 100)
        requests = [("GET", "/join/AB12"), ("POST", "/join/AB12/answer")]
        return await gather_statuses(app, [*requests, ("GET", "/join/AB12/state?since=x")])

    answers = run_coroutine(scenario())
    assert [a.status_code for a in answers] == [503, 503, 503]
    assert all("retry-after" in a.headers for a in answers)


def test_a_crowded_process_closes_each_phone_connection_after_its_answer():
    async def scenario():
        release = asyncio.Event()
        release.set()
        app = shed_app(held_app(release, []), budget=100, open_connections=lambda: 60)
        return await gather_statuses(app, [("GET", "/join/AB12")])

    (answer,) = run_coroutine(scenario())
    assert answer.status_code == 200 and answer.headers["connection"] == "close"


def test_other_routes_are_not_counted_nor_shed():
    async def scenario():
        app = shed_app(
            Starlette(routes=[Route("/", lambda r: PlainTextResponse("home"))]),
            budget=100,
            open_connections=lambda: 500,
        )
        return await gather_statuses(app, [("GET", "/")])

    (answer,) = run_coroutine(scenario())
    assert answer.status_code == 200 and answer.text == "home"


@pytest.mark.parametrize(("lang", "method"), [("fr", "GET"), ("en", "GET"), ("en", "POST")])
def test_the_busy_page_says_one_moment_in_the_phone_s_language(bundle, lang, method):
    from lien.web.phone import busy_page

    scope = {
        "type": "http",
        "method": method,
        "path": "/join/abc123" + ("/answer" if method == "POST" else ""),
        "query_string": f"lang={lang}".encode(),
        "headers": [],
    }
    page = busy_page(scope, 4)
    ui = bundle.ui[lang]
    assert f"<title>{ui['join.one_moment']}</title>" in page
    if method == "GET":
        assert ui["join.busy"].split(" ")[0] in page
        assert 'http-equiv="refresh" content="4;url=/join/abc123?lang=' + lang in page
    else:  # an answer not taken: not sent again by itself without JavaScript
        assert "refresh" not in page
        assert f'href="/join/ABC123?lang={lang}"' in page


def test_the_phone_page_carries_its_one_moment_words_for_its_script(store_url, bundle):
    from starlette.testclient import TestClient

    from lien.live.store import current_store
    from lien.web import phone as web

    store = current_store()
    room = store.open_room()
    store.open_question(room.code, "poll:alliance-weight")
    room = store.room(room.code)
    with TestClient(Starlette(routes=web.participant_routes())) as client:
        page = client.get(f"/join/{room.code}?lang=fr").text
        answer = client.post(
            f"/join/{room.code}/answer?lang=fr",
            data={"option": "strong", "round": str(room.round), "question": "poll:alliance-weight"},
            headers={"Accept": "application/json"},
        )
    sending = bundle.ui["fr"]["join.sending"]
    assert f'data-sending="{sending}"' in page
    assert sending.startswith("Un instant…")
    assert answer.json() == {"stored": True, "next": f"/join/{room.code}?lang=fr&saved=1"}


def test_the_server_accepts_no_more_connections_than_its_open_files_allow(monkeypatch):
    """Connections past the budget wait unaccepted in the system's queue (no file taken)
    and are taken as soon as others close: none is refused, none fails with Errno 24."""
    connections._gate_accepts()
    accepted: list[asyncio.Transport] = []

    class Hold(asyncio.Protocol):
        def connection_made(self, transport):
            accepted.append(transport)

    async def scenario():
        server = await asyncio.get_running_loop().create_server(Hold, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(5)]
        room = connections.open_files() + 2  # two more files than open now
        monkeypatch.setattr(connections, "budget", lambda: room)
        for _ in range(40):
            await asyncio.sleep(0.01)
        held = len(accepted)
        accepted[0].close()
        accepted[1].close()
        for _ in range(100):
            await asyncio.sleep(0.01)
            if len(accepted) == 4:
                break
        later = len(accepted)
        monkeypatch.setattr(connections, "budget", lambda: 10_000)
        for _ in range(100):
            await asyncio.sleep(0.01)
            if len(accepted) == 5:
                break
        for transport in accepted:
            transport.close()
        for client in clients:
            client.close()
        server.close()
        await server.wait_closed()
        return held, later, len(accepted)

    assert run_coroutine(scenario()) == (2, 4, 5)


def test_phones_waiting_for_a_change_share_one_watcher_per_room(store_url, monkeypatch):
    """A waiting phone costs nothing until its room changes: one watcher per room reads the
    state for all of them (before, each phone woke twice a second), and wakes them all."""
    from lien.live.store import current_store
    from lien.web import phone as web

    store = current_store()
    room = store.open_room()
    store.open_question(room.code, "poll:alliance-weight")
    states = web.RoomStates(ttl=0.05)
    wakes = []
    sleep = connections.closing.wait

    async def counted(seconds):
        wakes.append(seconds)
        return await sleep(seconds)

    monkeypatch.setattr(connections.closing, "wait", counted)

    async def scenario():
        loop = asyncio.get_running_loop()
        waiting = [asyncio.create_task(states.changed(room.code, 10)) for _ in range(100)]
        await asyncio.sleep(0.5)
        quiet = len(wakes)
        started = loop.time()
        await asyncio.to_thread(store.reveal, room.code)
        await asyncio.gather(*waiting)
        return quiet, loop.time() - started

    quiet, woke_after = run_coroutine(scenario())
    assert quiet <= 15  # 0.5 s at 0.05 s: one watcher's ticks, not 100 phones' (1,000)
    assert woke_after < 5  # all 100 woke on the reveal, not at their 10 s deadline


def test_the_busy_page_is_drawn_once_per_language_address_and_wait(bundle):
    from lien.web import phone

    def scope(lang, path="/join/abc123"):
        return {
            "type": "http",
            "method": "GET",
            "path": path,
            "query_string": f"lang={lang}".encode(),
            "headers": [],
        }

    phone._busy_pages.clear()
    first = phone.busy_page(scope("fr"), 3)
    assert phone.busy_page(scope("fr"), 3) is first  # past capacity: not drawn again
    assert phone.busy_page(scope("fr"), 5) is not first  # the wait it names differs
    english = phone.busy_page(scope("en"), 3)
    assert bundle.ui["en"]["join.one_moment"] in english
    assert "3;url=/join/other1?lang=fr" in phone.busy_page(scope("fr", "/join/other1"), 3)
