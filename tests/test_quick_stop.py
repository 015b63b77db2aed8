"""The app stops in under 2 s with a room of phones waiting on its long poll (issue 19,
req 6), and every answer it acknowledged is still in the store afterwards."""

from __future__ import annotations

import os
import signal
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest

from deploy.launch import streamlit_server
from lien.live.store import Store, forget_stores, settings

QUESTION = "poll:alliance-weight"
PHONES = 50
LIMIT_S = 2.0


def request(port: int, text: str, phone: int, timeout: float = 30) -> bytes:
    """One raw HTTP/1.1 request on a fresh connection from the phone's own loopback address
    (127.0.1.N: each phone is one device); the whole answer."""
    source = (f"127.0.1.{phone + 1}", 0)
    with socket.create_connection(("127.0.0.1", port), timeout, source) as sock:
        sock.sendall(text.encode())
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
            if b"\r\n\r\n" in answer:
                head, _, body = answer.partition(b"\r\n\r\n")
                for line in head.split(b"\r\n"):
                    length = line.lower().startswith(b"content-length:")
                    if length and len(body) >= int(line.split(b":")[1]):
                        return answer
        return answer


def get(port: int, path: str, phone: int, cookie: str = "") -> bytes:
    extra = f"Cookie: {cookie}\r\n" if cookie else ""
    return request(port, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{extra}\r\n", phone)


def cookie_of(answer: bytes) -> str:
    for line in answer.split(b"\r\n\r\n")[0].split(b"\r\n"):
        if line.lower().startswith(b"set-cookie:"):
            return line.split(b":", 1)[1].split(b";")[0].strip().decode()
    raise AssertionError(answer[:500])


def post_answer(port: int, code: str, phone: int, cookie: str, option: str) -> bytes:
    body = urlencode({"option": option, "round": "1", "question": QUESTION})
    return request(
        port,
        f"POST /join/{code}/answer HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n{body}",
        phone,
    )


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_the_app_stops_in_under_2_s_with_50_phones_waiting_and_keeps_every_saved_answer(
    tmp_path, monkeypatch, how
):
    data = tmp_path / "var"
    monkeypatch.setenv("LIEN_DATA_DIR", str(data))
    monkeypatch.delenv("LIEN_DATABASE_URL", raising=False)
    forget_stores()
    store = Store(settings.database_url())
    code = store.open_room().code
    store.open_question(code, QUESTION)
    version = f"1:open:{QUESTION}:"
    assert store.room(code).round == 1
    env = {
        "LIEN_DATA_DIR": str(data),
        "LIEN_DATABASE_URL": "",
        "LIEN_LIVE_TOKEN": "quick-stop-presenter-token",
    }
    with streamlit_server(env=env, log=tmp_path / "streamlit.log") as server:
        port = server.port
        cookies = [cookie_of(get(port, f"/join/{code}", n)) for n in range(PHONES)]
        options = ["none", "moderate", "strong"]
        saved = {
            cookie: option
            for n, cookie in enumerate(cookies[:10])
            if b'"stored":true' in post_answer(port, code, n, cookie, option := options[n % 3])
        }
        assert len(saved) == 10
        with ThreadPoolExecutor(PHONES) as pool:
            waiting = [
                pool.submit(get, port, f"/join/{code}/state?since={version}", n, cookie)
                for n, cookie in enumerate(cookies)
            ]
            time.sleep(2.0)  # every phone is now waiting on the long poll
            assert not any(w.done() for w in waiting)
            started = time.monotonic()
            os.kill(server.pid, how)
            deadline = started + 30
            while True:
                try:
                    os.kill(server.pid, 0)
                    waited = os.waitpid(server.pid, os.WNOHANG)
                    if waited[0] == server.pid:
                        break
                except ChildProcessError:
                    break
                assert time.monotonic() < deadline
                time.sleep(0.02)
            took = time.monotonic() - started
            answers = [w.result(timeout=30) for w in waiting]
    print(f"stopped in {took:.2f} s with {PHONES} phones waiting")
    assert took < LIMIT_S, f"stopping took {took:.1f} s"
    # The phones were told to come back later, not given an error page.
    assert all(a == b"" or a.startswith((b"HTTP/1.1 503", b"HTTP/1.1 200")) for a in answers)
    forget_stores()  # read again from the file the stopped app left
    tally = Store(settings.database_url()).tally(code)
    forget_stores()
    counts = {}
    for option in saved.values():
        counts[option] = counts.get(option, 0) + 1
    assert tally.counts == counts
