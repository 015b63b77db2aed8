"""An HTTP client that runs an ASGI app on an event loop of the calling thread.

Starlette's TestClient runs the app on another thread and hands every message across through
anyio's portal: the red team's tests send thousands of requests, and most of their time went
in those hand-overs (a cProfile of 5,890 requests: 13 of 24 s waiting on the portal's locks;
a loop on a thread of its own, one hand-over per request, was no faster). This one awaits the
app in place. It keeps cookies and does not follow redirects, as the tests'
TestClient(follow_redirects=False) did; the app's lifespan is not run (the phone routes have
none).
"""

from __future__ import annotations

import asyncio
import contextlib

import httpx2

# Every transport still open: the app's worker threads live as long as their transport, and
# a thread left waiting keeps Python from exiting, so the suite closes what a test left open
# (close_left_open(), from tests/conftest.py after each test).
_OPEN: list[_InPlace] = []


class _InPlace(httpx2.BaseTransport):
    def __init__(self, app, client: tuple[str, int]) -> None:
        self._loop = asyncio.new_event_loop()
        self._asgi = httpx2.ASGITransport(app=app, client=client)
        self._requests: asyncio.Queue | None = None
        self._host: asyncio.Task | None = None
        _OPEN.append(self)

    async def _serve(self) -> None:
        """The loop's one lasting task: it awaits the app for every request. The app's
        worker threads (anyio's, for the store) belong to this task and live as long as it;
        awaited from a task per request, they were started and stopped for each request."""
        while True:
            request, done = await self._requests.get()
            try:
                response = await self._asgi.handle_async_request(request)
                body = b"".join([chunk async for chunk in response.aiter_raw()])  # still encoded
                done.set_result(
                    httpx2.Response(
                        response.status_code,
                        headers=response.headers,
                        content=body,
                        request=request,
                    )
                )
            except BaseException as error:  # the test sees it, as in place
                # Any of them: a cancellation raised inside the app would otherwise end this
                # task, and every later request would wait forever on a future never set.
                done.set_exception(error)

    def _run(self, awaitable):
        # In a worker that has run browser tests, Playwright's loop is marked as running on
        # this thread (it waits in a greenlet between two calls): step aside for the request.
        outer = asyncio._get_running_loop()
        asyncio._set_running_loop(None)
        try:
            return self._loop.run_until_complete(awaitable)
        finally:
            asyncio._set_running_loop(outer)

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        if self._host is None:
            self._requests = asyncio.Queue()
            self._host = self._loop.create_task(self._serve())
        done = self._loop.create_future()
        self._requests.put_nowait((request, done))
        return self._run(done)

    def close(self) -> None:
        if self._loop.is_closed():
            return
        if self._host is not None:
            self._host.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                self._run(self._host)  # its worker threads are told to stop as it ends
        self._loop.close()
        if self in _OPEN:
            _OPEN.remove(self)


def close_left_open() -> None:
    """Close every in-place client a test left open, with the app's worker threads."""
    for transport in list(_OPEN):
        transport.close()


def in_place_client(
    app, client: tuple[str, int] = ("testclient", 50000), headers: dict[str, str] | None = None
) -> httpx2.Client:
    """A client of `app` from `client` (the peer address the app sees), on this thread, that
    sends `headers` with every request."""
    return httpx2.Client(
        transport=_InPlace(app, client),
        base_url="http://testserver",
        follow_redirects=False,
        headers=headers,
    )
