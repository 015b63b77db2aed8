"""No framing by another origin, no websocket from another origin (ASGI middleware on st.App).

A page on another port of the same computer is another origin, and the browser sends it the
presenter's cookie: framed, present mode or /live could be clicked through (clickjacking of
open, close, reset, delete, export); connected to Streamlit's websocket, it could drive a
session. Streamlit itself accepts any origin whose host is localhost or this machine's
address, whatever the port. So, on every response of the app (Streamlit's pages, its static
files and endpoints, the phones' and the presenter's routes):

- `X-Frame-Options: SAMEORIGIN` and a Content-Security-Policy with `frame-ancestors 'self'`
  (a response that already forbids framing altogether, as the phone pages do, keeps it);
- a websocket whose Origin is not the address the request came to (its Host: the LAN
  address for phones, localhost for the presenter, nginx's address behind nginx) is refused
  before Streamlit sees it (HTTP 403).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

FRAME_ANCESTORS = b"frame-ancestors 'self'"
DEFAULT_PORTS = {"http": "80", "https": "443", "ws": "80", "wss": "443"}


def _netloc(value: str, scheme: str) -> str:
    """host:port in lower case, the scheme's default port written out."""
    value = value.strip().lower()
    if value.startswith("["):  # IPv6: [::1]:8501
        host, _, rest = value.partition("]")
        host += "]"
        port = rest.removeprefix(":")
    else:
        host, _, port = value.partition(":")
    return f"{host}:{port or DEFAULT_PORTS.get(scheme, '80')}"


def same_origin(origin: str, host: str) -> bool:
    """Whether a browser's Origin names the host (and port) the request was sent to.

    The scheme is not compared: behind a proxy that ends TLS (https to the browser, http to
    the app) the two differ for one and the same site; the port, with its default filled in,
    is."""
    if not origin or not host or origin == "null":
        return False
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        return False
    mine = _netloc(host, parts.scheme)
    return _netloc(parts.netloc, parts.scheme) == mine


class OwnOriginOnly:
    """ASGI middleware: the framing headers on every response, foreign websockets refused."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            headers = dict(scope.get("headers") or ())
            origin = headers.get(b"origin")
            host = headers.get(b"host", b"").decode("latin-1")
            if origin is not None and not same_origin(origin.decode("latin-1"), host):
                # Closing before accepting: the server answers the handshake with 403.
                await send({"type": "websocket.close", "code": 1008})
                return
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def framed_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _with_frame_headers(list(message.get("headers") or ()))
            await send(message)

        await self.app(scope, receive, framed_send)


def _with_frame_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    names = {name.lower() for name, _ in headers}
    if b"x-frame-options" not in names:
        headers.append((b"x-frame-options", b"SAMEORIGIN"))
    if b"content-security-policy" not in names:
        headers.append((b"content-security-policy", FRAME_ANCESTORS))
        return headers
    result = []
    for name, value in headers:
        if name.lower() == b"content-security-policy" and b"frame-ancestors" not in value:
            value = value.rstrip(b"; ") + b"; " + FRAME_ANCESTORS
        result.append((name, value))
    return result
