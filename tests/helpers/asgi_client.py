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

import httpx2


class _InPlace(httpx2.BaseTransport):
    def __init__(self, app, client: tuple[str, int]) -> None:
        self._loop = asyncio.new_event_loop()
        self._asgi = httpx2.ASGITransport(app=app, client=client)

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        async def send() -> httpx2.Response:
            response = await self._asgi.handle_async_request(request)
            body = b"".join([chunk async for chunk in response.aiter_raw()])  # still encoded
            return httpx2.Response(
                response.status_code, headers=response.headers, content=body, request=request
            )

        # In a worker that has run browser tests, Playwright's loop is marked as running on
        # this thread (it waits in a greenlet between two calls): step aside for the request.
        outer = asyncio._get_running_loop()
        asyncio._set_running_loop(None)
        try:
            return self._loop.run_until_complete(send())
        finally:
            asyncio._set_running_loop(outer)

    def close(self) -> None:
        self._loop.close()


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
