"""The red team's in-place client (tests/helpers/asgi_client.py): the app's worker threads are
kept from one request to the next, and gone once the client is closed."""

from __future__ import annotations

import asyncio
import threading

import anyio.to_thread
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from tests.helpers.asgi_client import close_left_open, in_place_client


def _app() -> Starlette:
    async def hop(_request):
        name = await anyio.to_thread.run_sync(lambda: threading.current_thread().name)
        ident = await anyio.to_thread.run_sync(threading.get_ident)
        return PlainTextResponse(f"{name} {ident}")

    async def broken(_request):
        raise LookupError("the app's own error")

    async def cancelled(_request):
        raise asyncio.CancelledError

    return Starlette(
        routes=[Route("/hop", hop), Route("/broken", broken), Route("/cancelled", cancelled)]
    )


def _workers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "AnyIO worker thread"]


def _left(before: set[threading.Thread]) -> set[threading.Thread]:
    """The worker threads started since `before` that have not ended within 5 s: a closed
    client tells its threads to stop, and each ends when it next wakes."""
    for thread in set(_workers()) - before:
        thread.join(timeout=5)
    return set(_workers()) - before


def test_one_worker_thread_serves_every_request_and_none_is_left_after_close():
    before = set(_workers())
    with in_place_client(_app()) as client:
        answers = {client.get("/hop").text for _ in range(30)}
        assert len(answers) == 1, answers  # one thread, kept: not one started per request
        assert len(set(_workers()) - before) == 1
    assert _left(before) == set()


def test_the_app_s_exception_reaches_the_test_and_the_client_still_serves():
    with in_place_client(_app()) as client:
        try:
            client.get("/broken")
        except LookupError as error:
            assert str(error) == "the app's own error"
        else:
            raise AssertionError("the app's exception was swallowed")
        assert client.get("/hop").status_code == 200


def test_a_client_left_open_is_closed_with_its_threads_by_the_suite():
    before = set(_workers())
    client = in_place_client(_app())
    assert client.get("/hop").status_code == 200
    assert len(set(_workers()) - before) == 1
    close_left_open()
    assert _left(before) == set()


def test_a_cancellation_inside_the_app_reaches_the_test_and_the_client_still_serves():
    with in_place_client(_app()) as client:
        try:
            client.get("/cancelled")
        except asyncio.CancelledError:
            pass
        else:
            raise AssertionError("the cancellation was swallowed")
        assert client.get("/hop").status_code == 200
