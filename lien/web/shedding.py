"""Past capacity, slower, never broken: the phones' routes shed load politely.

Measured on 7 Dec 2026, 2,000 phones arriving in 10 s broke one process: 679 errors seen by
phones (`GET 500`, `POST 500`, connections reset or closed unanswered). The cause was not the
database: every phone held its connection open (a keep-alive connection, then a long poll of
up to 20 s), 2,000 phones needed 2,000 open files, and the process had 1,024. Past that,
`accept()` failed (asyncio logged 288,000 tracebacks in one run, and stopped accepting for a
second each time) and any file the app opened failed too (`OSError: Too many open files`
while checking content: the 500s). lien.web.connections now accepts a connection only while
there is a file for it; this module keeps the phones within what the process can serve.

An ASGI middleware in front of the phones' routes (/join…), telling phones to come back
rather than failing them:

- **Connections within the open-file budget** (lien.web.connections.budget: the open-file
  limit less a reserve for the app's own files). Past half of it, every phone response
  closes its connection (`Connection: close`: no idle keep-alive held), and a phone's "has
  anything changed?" is told to come back in 8 to 20 s (503 with `Retry-After`) instead of
  holding a connection for 20 s. Past the whole budget, every phone request is answered 503
  with `Retry-After` and its connection closed.
- **A bounded line for answers and pages.** LIEN_PHONE_IN_FLIGHT (default 32) are served at
  once; the others wait their turn in the order they came (waiting costs no CPU, and each is
  served once: a 503 and a retry would cost the server the request twice). The line is
  bounded: longer than a quarter of the budget, or a wait past QUEUE_S, and the phone is
  told to come back (503, `Retry-After`).

A request turned away never touches the database. The phone's page
(lien/live/templates/phone.js) sends answers again by itself after `Retry-After`, with a
growing wait, and says "one moment…" meanwhile; without JavaScript, a page asked for comes
back by itself (a refresh after `Retry-After`) and an answer not taken says to send it again.
"""

from __future__ import annotations

import asyncio
import os
import random

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["Shedding", "in_flight_limit"]

PREFIX = "/join"
DEFAULT_IN_FLIGHT = 32  # about the threads that serve them (anyio's 40)
QUEUE_S = 10.0  # the longest an answer or a page waits for its turn before a 503
# Seconds a shed phone is told to wait: short for an answer or a page (a person is
# waiting), longer and spread for "has anything changed?" (nobody is waiting on it).
RETRY_ANSWER_S = (1, 2)
RETRY_POLL_S = (8, 20)


def in_flight_limit() -> int:
    try:
        value = int(os.environ.get("LIEN_PHONE_IN_FLIGHT", DEFAULT_IN_FLIGHT))
    except ValueError:
        value = DEFAULT_IN_FLIGHT
    return max(value, 1)


def _open_connections() -> int:
    from lien.web import connections

    return connections.open_count()


def _header(scope: Scope, name: bytes) -> bytes:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value
    return b""


def _is_long_poll(scope: Scope) -> bool:
    return scope["path"].endswith("/state") and b"since=" in scope.get("query_string", b"")


class Shedding:
    """ASGI middleware: the phones' routes within the process's connections and work."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        in_flight: int | None = None,
        budget: int | None = None,
        open_connections=None,
        busy_page=None,
    ):
        self.app = app
        self.limit = in_flight_limit() if in_flight is None else in_flight
        self._budget = budget
        self._open = open_connections or _open_connections
        self._busy_page = busy_page or _busy_page
        self.in_flight = 0  # answers and pages being served now
        self.queued = 0  # answers and pages waiting for their turn
        self.waiting = 0  # long polls held now
        self.shed = 0  # requests answered 503 so far (the presenter's log, the benchmark)
        self._turn: asyncio.Semaphore | None = None

    @property
    def budget(self) -> int:
        from lien.web import connections

        return connections.budget() if self._budget is None else self._budget

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        budget, held = self.budget, self._open()
        poll = _is_long_poll(scope)
        crowded = held >= budget // 2
        if held >= budget:
            await self._refuse(scope, send, RETRY_POLL_S if poll else RETRY_ANSWER_S)
            return
        if poll:
            if self.waiting >= max(budget // 2, 1):
                await self._refuse(scope, send, RETRY_POLL_S)
                return
            self.waiting += 1
            try:
                await self.app(scope, receive, _closing(send) if crowded else send)
            finally:
                self.waiting -= 1
            return
        # Answers and pages take turns: LIMIT at once, the others wait in line (served in
        # the order they came, each once). A line longer than a quarter of the budget, or a
        # wait past QUEUE_S, is told to come back.
        if self._turn is None:
            self._turn = asyncio.Semaphore(self.limit)
        if self.queued >= max(budget // 4, 1):
            await self._refuse(scope, send, RETRY_ANSWER_S)
            return
        if self._turn.locked():  # no turn free: wait in line (a timer only then)
            self.queued += 1
            try:
                async with asyncio.timeout(QUEUE_S):
                    await self._turn.acquire()
            except TimeoutError:
                await self._refuse(scope, send, RETRY_ANSWER_S)
                return
            finally:
                self.queued -= 1
        else:
            await self._turn.acquire()  # free: taken at once, in the order requests came
        self.in_flight += 1
        try:
            await self.app(scope, receive, _closing(send) if crowded else send)
        finally:
            self.in_flight -= 1
            self._turn.release()

    async def _refuse(self, scope: Scope, send: Send, seconds: tuple[int, int]) -> None:
        """503, Retry-After, and the connection closed: nothing held for a phone told to wait."""
        self.shed += 1
        wait = random.randint(*seconds)
        kind, body = self._busy_page(scope, wait)
        headers = [
            (b"content-type", kind),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(wait).encode()),
            (b"cache-control", b"no-store"),
            (b"connection", b"close"),
            (b"x-content-type-options", b"nosniff"),
            (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
        ]
        await send({"type": "http.response.start", "status": 503, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _closing(send: Send) -> Send:
    async def closing_send(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = [(k, v) for k, v in message.get("headers", ()) if k.lower() != b"connection"]
            message = {**message, "headers": [*headers, (b"connection", b"close")]}
        await send(message)

    return closing_send


def _busy_page(scope: Scope, wait: int) -> tuple[bytes, bytes]:
    """(content type, body) of a shed request, in the phone's language."""
    if _is_long_poll(scope) or b"application/json" in _header(scope, b"accept"):
        return b"application/json", b'{"error": "busy"}'
    from lien.web.phone import busy_page  # the phone pages' templates and words

    return b"text/html; charset=utf-8", busy_page(scope, wait).encode()
