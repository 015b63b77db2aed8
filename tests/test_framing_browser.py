"""No page of the app can be framed by another origin, another port of this same computer
included, and Streamlit's websocket refuses such an origin (issue 21, N5)."""

from __future__ import annotations

import base64
import http.client
import os
import re
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from deploy.launch import free_port
from tests.conftest import LIVE_TOKEN

pytestmark = pytest.mark.browser


def _get(base: str, path: str, headers: dict[str, str] | None = None):
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.request("GET", path, headers=headers or {})
    answer = conn.getresponse()
    body = answer.read()
    conn.close()
    return answer, body


def _refuses_framing(answer) -> bool:
    """'self' at most: X-Frame-Options SAMEORIGIN or DENY, and frame-ancestors 'self' or
    'none' in the Content-Security-Policy."""
    xfo = (answer.getheader("x-frame-options") or "").upper()
    csp = answer.getheader("content-security-policy") or ""
    ancestors = re.search(r"frame-ancestors ([^;]+)", csp)
    return (
        xfo in ("SAMEORIGIN", "DENY")
        and bool(ancestors)
        and (ancestors.group(1).strip() in ("'self'", "'none'"))
    )


def test_every_route_family_refuses_to_be_framed_by_another_origin(app_server):
    base = app_server.url
    _, index = _get(base, "/")
    script = re.search(rb'src="\.?/?(static/js/[^"]+\.js)"', index).group(1).decode()
    paths = [
        "/",  # Streamlit's page
        "/attachment",  # a page's own path
        "/live",
        "/?present=1&talk=workshop",
        "/?present=notes&talk=workshop",
        f"/{script}",  # Streamlit's static files
        "/favicon.png",
        "/_stcore/health",
        "/_stcore/host-config",
        "/join",  # the phones' routes
        "/join/ZZZZZZ",
        "/join/ZZZZZZ/state",
        "/presenter",  # the presenter's sign-in
        "/talk-run/not-a-run",  # where a talk stands
        "/no-such-page.txt",
    ]
    open_to_framing = []
    for path in paths:
        answer, _ = _get(base, path)
        if not _refuses_framing(answer):
            open_to_framing.append((path, answer.status))
    assert open_to_framing == []


def _handshake(base: str, origin: str | None, host: str | None = None) -> int:
    """The HTTP status of a websocket handshake on /_stcore/stream from this Origin."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        lines = [
            "GET /_stcore/stream HTTP/1.1",
            f"Host: {host or parts.netloc}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}",
            "Sec-WebSocket-Version: 13",
            "Sec-WebSocket-Protocol: streamlit",
        ]
        if origin is not None:
            lines.append(f"Origin: {origin}")
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        status_line = sock.recv(4096).split(b"\r\n", 1)[0].decode()
    return int(status_line.split()[1])


def test_streamlits_websocket_refuses_another_port_of_this_computer(app_server):
    base = app_server.url
    port = urlsplit(base).port
    assert _handshake(base, base) == 101  # the app's own page
    assert _handshake(base, f"http://localhost:{port}", host=f"localhost:{port}") == 101
    for origin in (
        f"http://127.0.0.1:{free_port()}",  # another port of the same computer
        f"http://localhost:{port}",  # another host name than the one asked
        "http://192.0.2.66",
        "null",  # a sandboxed frame or a file
    ):
        assert _handshake(base, origin) == 403, origin


class _Framer(BaseHTTPRequestHandler):
    target = ""

    def do_GET(self):
        page = (
            "<!doctype html><title>framer</title>"
            f'<iframe id="present" src="{self.target}/?present=1&talk=workshop" '
            'width="800" height="600"></iframe>'
            f'<iframe id="live" src="{self.target}/live" width="800" height="600"></iframe>'
            f'<iframe id="notes" src="{self.target}/?present=notes&talk=workshop" '
            'width="800" height="600"></iframe>'
        )
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(page.encode())

    def log_message(self, *args):
        pass


def test_a_page_on_another_loopback_port_frames_present_mode_and_live_and_gets_nothing(
    app_server, browser
):
    handler = type("Framer", (_Framer,), {"target": app_server.url})
    framer = ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=framer.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        # The presenter is signed in in this browser: the framing page would get the cookie.
        page = context.new_page()
        page.goto(f"{app_server.url}/live?token={LIVE_TOKEN}")
        page.wait_for_url(re.compile(r"/live$"), timeout=60_000)
        page.goto(f"http://127.0.0.1:{framer.server_port}/")
        page.wait_for_load_state("load")
        page.wait_for_timeout(3000)  # time for a framed app to draw anything at all
        frames = [f for f in page.frames if f != page.main_frame]
        assert len(frames) == 3
        for frame in frames:
            # Blocked: Chromium shows its error page in the frame, nothing of the app.
            assert not frame.url.startswith(app_server.url), frame.url
            assert frame.locator("[data-testid='stApp']").count() == 0
    finally:
        context.close()
        framer.shutdown()
