"""No single client takes the room down: the real server closes a client's connections past
its cap and connections that send no headers in time, while a phone is served."""

from __future__ import annotations

import socket
import time
import urllib.request

import pytest

from deploy.launch import streamlit_server


@pytest.fixture(scope="module")
def guarded_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("guarded")
    env = {
        "LIEN_LIVE_TOKEN": "connections-test-token-0123",
        "LIEN_DATA_DIR": str(folder / "var"),
        "LIEN_DATABASE_URL": "",
        "LIEN_CONNECTIONS_PER_CLIENT": "5",
        "LIEN_HEADER_TIMEOUT_S": "1",
    }
    with streamlit_server(env=env, log=folder / "streamlit.log") as server:
        yield server


def idle(port: int, source: str) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(source, 0))
    sock.settimeout(5)
    return sock


def closed_by_server(sock: socket.socket, within: float) -> bool:
    sock.settimeout(within)
    try:
        return sock.recv(1) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def test_connections_past_the_cap_of_one_address_are_closed_and_a_phone_is_served(guarded_app):
    held = [idle(guarded_app.port, "127.0.0.7") for _ in range(5)]
    extra = [idle(guarded_app.port, "127.0.0.7") for _ in range(3)]
    assert all(closed_by_server(sock, 2) for sock in extra)
    with urllib.request.urlopen(f"{guarded_app.url}/join", timeout=5) as phone:
        assert phone.status == 200  # another address: served at once
    for sock in held + extra:
        sock.close()


def test_a_connection_that_sends_no_headers_in_time_is_closed(guarded_app):
    silent = idle(guarded_app.port, "127.0.0.8")
    trickle = idle(guarded_app.port, "127.0.0.8")
    trickle.sendall(b"GET /join HTTP/1.1\r\nHost: x\r\n")  # and never the end of the headers
    started = time.monotonic()
    assert closed_by_server(silent, 4) and closed_by_server(trickle, 4)
    assert time.monotonic() - started < 4
    silent.close()
    trickle.close()


def test_a_kept_alive_connection_is_served_again_and_a_websocket_is_not_cut(guarded_app):
    sock = idle(guarded_app.port, "127.0.0.9")
    for _ in range(2):
        sock.sendall(b"GET /_stcore/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        answer = b""
        for _ in range(10):  # the head and the body may come in two segments
            answer += sock.recv(4096)
            if answer.endswith(b"ok"):
                break
        assert answer.startswith(b"HTTP/1.1 200 OK") and answer.endswith(b"ok")
    sock.close()
    from websockets.sync.client import connect

    with connect(f"ws://127.0.0.1:{guarded_app.port}/_stcore/stream") as ws:
        time.sleep(2.5)  # longer than the header timeout: an open websocket stays open
        ws.ping().wait(5)


_STARTS = """
import asyncio, sys
from uvicorn.protocols.http.auto import AutoHTTPProtocol
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from tests.helpers.loop import run as run_coroutine
from lien.web import wiring  # what app.py imports: nothing is patched yet
classes = (AutoHTTPProtocol, H11Protocol, HttpToolsProtocol)
before = [getattr(c, "_lien_guarded", False) for c in classes]

async def start():
    async with wiring.lifespan(lambda: None, lambda: 8501)(None):
        return [getattr(c, "_lien_guarded", False) for c in classes]

import gc
print(AutoHTTPProtocol.__name__, *before, *run_coroutine(start()))
print(gc.get_threshold()[0], gc.get_freeze_count() > 10_000)
"""


def test_uvicorn_is_guarded_when_the_server_starts_not_when_the_app_is_imported(tmp_path):
    """…and Python's garbage collector is set for a server (wiring.settle_memory)."""
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "LIEN_LIVE_TOKEN": "connections-test-token-0123",
        "LIEN_DATA_DIR": str(tmp_path / "var"),
        "LIEN_DATABASE_URL": "",
    }
    done = subprocess.run(
        [sys.executable, "-c", _STARTS], capture_output=True, text=True, env=env, timeout=120
    )
    # uvicorn ("auto") serves with httptools' protocol, pinned in requirements.txt; both it
    # and h11's are guarded once the server starts, neither before.
    guarded, collector = done.stdout.splitlines()
    assert guarded.split() == ["HttpToolsProtocol", *["False"] * 3, *["True"] * 3], done.stderr
    # And what the server loaded is left out of garbage collection, which runs less often.
    assert collector.split() == ["10000", "True"]


async def _tiny_app(scope, receive, send):
    if scope["type"] != "http":
        return
    headers = [(b"content-type", b"text/plain"), (b"content-length", b"2")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b"ok"})


@pytest.fixture(params=["h11", "httptools"])
def uvicorn_with(request, monkeypatch):
    """A bare uvicorn server with one of its two HTTP protocols, guarded as the app's is."""
    import threading

    import uvicorn

    from deploy.launch import free_port
    from lien.web import connections

    monkeypatch.setenv("LIEN_CONNECTIONS_PER_CLIENT", "3")
    monkeypatch.setenv("LIEN_HEADER_TIMEOUT_S", "1")
    # This server stopping must not tell the other tests' long polls that the app is stopping.
    monkeypatch.setattr(connections, "closing", connections.Closing())
    for protocol_class in connections.protocols():  # as install() does, and only that
        if not getattr(protocol_class, "_lien_guarded", False):
            connections._guard(protocol_class)
    port = free_port()
    config = uvicorn.Config(
        _tiny_app,
        host="127.0.0.1",
        port=port,
        http=request.param,
        lifespan="off",
        log_level="error",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    assert getattr(config.http_protocol_class, "_lien_guarded", False), config.http_protocol_class
    yield port
    server.should_exit = True
    thread.join(10)


def _served(sock: socket.socket) -> bytes:
    sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    answer = b""
    for _ in range(10):
        answer += sock.recv(4096)
        if answer.endswith(b"ok"):
            break
    return answer


def test_each_of_uvicorn_s_protocols_closes_connections_past_the_cap_and_without_headers(
    uvicorn_with,
):
    held = [idle(uvicorn_with, "127.0.0.21") for _ in range(3)]
    extra = idle(uvicorn_with, "127.0.0.21")
    assert closed_by_server(extra, 2)  # a fourth from the same address: closed at once
    other = idle(uvicorn_with, "127.0.0.22")
    for _ in range(2):  # another address, kept alive: served twice
        assert _served(other).startswith(b"HTTP/1.1 200 OK")
    trickle = idle(uvicorn_with, "127.0.0.23")
    trickle.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # and never the end of the headers
    started = time.monotonic()
    assert closed_by_server(trickle, 4) and closed_by_server(held[0], 4)
    assert time.monotonic() - started < 4
    for sock in [*held, extra, other, trickle]:
        sock.close()
