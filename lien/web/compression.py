"""Text on the wire, compressed: an ASGI middleware in front of the whole app.

Streamlit gzips its dynamic responses but deliberately sends its static bundles and the root
document as they are (they are content-hashed and cached for a year, and compressing them
per request costs CPU on every hit). On a venue's Wi-Fi the first load is what hurts: a
phone's first /alliance was 8 MB, Plotly's bundle alone 4.7 MB (1.4 MB gzipped). So here a
static file is compressed once, on its first request, in a worker thread, and the result is
kept in memory for every later phone; other text responses that leave uncompressed are
compressed as they go. `LIEN_COMPRESSION=off` turns it off (the benchmark's "before").
"""

from __future__ import annotations

import asyncio
import gzip
import os
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

try:  # brotli packs Plotly's bundle to 1.18 MB where gzip gives 1.42 MB
    import brotli
except ImportError:  # pragma: no cover - pinned in requirements.txt; gzip alone still works
    brotli = None

__all__ = ["Compression", "compression_enabled"]

# Below this, gzip's header and the extra work are not worth it.
MIN_SIZE = 1024
# What one response may be buffered to for compression; larger ones pass as they are.
MAX_SIZE = 32 * 1024 * 1024
# Memory kept for compressed static files (Streamlit's and Plotly's bundles: about 6 MB).
CACHE_BYTES = 96 * 1024 * 1024
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
    "application/wasm",
    "font/ttf",
    "application/x-font-ttf",
)


def compression_enabled() -> bool:
    return os.environ.get("LIEN_COMPRESSION", "").strip().lower() not in {"off", "0", "no"}


def chosen_encoding(scope: Scope) -> str | None:
    """ "br" or "gzip" when the browser accepts it (brotli first), else None."""
    for name, value in scope.get("headers", ()):
        if name == b"accept-encoding":
            accepted = set()
            for part in value.lower().split(b","):
                token, _, params = part.partition(b";")
                if params.strip().replace(b" ", b"") in (b"q=0", b"q=0.0", b"q=0.00"):
                    continue
                accepted.add(token.strip())
            if brotli is not None and b"br" in accepted:
                return "br"
            if accepted & {b"gzip", b"*"}:
                return "gzip"
    return None


def packer(encoding: str, static: bool) -> Callable[[bytes], bytes]:
    """How a body is packed: harder for static files, packed once; lighter per request."""
    if encoding == "br":
        quality = 9 if static else 5
        return lambda body: brotli.compress(body, quality=quality)
    level = 9 if static else 6
    return lambda body: gzip.compress(body, level, mtime=0)


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    return next((value for key, value in headers if key.lower() == name), None)


def _is_static(path: str) -> bool:
    return path.startswith("/static/")


@dataclass(frozen=True)
class Compressed:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class StaticCache:
    """Compressed static files by path, least recently used first out past CACHE_BYTES."""

    def __init__(self, limit: int = CACHE_BYTES):
        self.limit = limit
        self.entries: OrderedDict[str, Compressed] = OrderedDict()
        self.size = 0
        self.locks: dict[str, asyncio.Lock] = {}

    def get(self, key: str) -> Compressed | None:
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
        return entry

    def put(self, key: str, entry: Compressed) -> None:
        if len(entry.body) > self.limit:
            return
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= len(old.body)
        self.entries[key] = entry
        self.size += len(entry.body)
        while self.size > self.limit:
            _, dropped = self.entries.popitem(last=False)
            self.size -= len(dropped.body)

    def lock(self, key: str) -> asyncio.Lock:
        return self.locks.setdefault(key, asyncio.Lock())


class Compression:
    """Gzip for browsers that accept it: static files compressed once and kept, the rest as
    it goes. Responses already encoded, partial (Range), streamed events, HEAD and
    conditional requests (answered 304 downstream) pass untouched."""

    def __init__(self, app: ASGIApp, enabled: bool | None = None):
        self.app = app
        self.enabled = compression_enabled() if enabled is None else enabled
        self.cache = StaticCache()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        encoding = self._encoding(scope)
        if encoding is None:
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if _is_static(path):
            key = f"{encoding} {path}?{scope.get('query_string', b'').decode('latin-1')}"
            cached = self.cache.get(key)
            if cached is None:
                async with self.cache.lock(key):  # the first phones wait for one compression
                    cached = self.cache.get(key)
                    if cached is None:
                        cached = await self._compressed(scope, receive, send, encoding, True)
                        if cached is None:
                            return  # already sent as it was
                        self.cache.put(key, cached)
            await _send(send, cached)
            return
        compressed = await self._compressed(scope, receive, send, encoding, False)
        if compressed is not None:
            await _send(send, compressed)

    def _encoding(self, scope: Scope) -> str | None:
        if not self.enabled or scope["type"] != "http" or scope["method"] != "GET":
            return None
        headers = scope.get("headers", ())
        if any(name in (b"range", b"if-none-match", b"if-modified-since") for name, _ in headers):
            return None
        return chosen_encoding(scope)

    async def _compressed(
        self, scope: Scope, receive: Receive, send: Send, encoding: str, static: bool
    ) -> Compressed | None:
        """Run the app; its response compressed (None when it was sent on unchanged)."""
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        passing = False

        async def capture(message: Message) -> None:
            nonlocal start, size, passing
            if passing:
                await send(message)
                return
            if message["type"] == "http.response.start":
                start = message
                headers = list(message.get("headers", ()))
                kind = (_header(headers, b"content-type") or b"").decode("latin-1").lower()
                length = _header(headers, b"content-length")
                if (
                    message["status"] != 200
                    or _header(headers, b"content-encoding") is not None
                    or not kind.startswith(COMPRESSIBLE)
                    or (length is not None and not MIN_SIZE <= int(length) <= MAX_SIZE)
                ):
                    passing = True
                    await send(message)
                return
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
                if size > MAX_SIZE or (
                    not message.get("more_body", False) and size < MIN_SIZE
                ):  # too large to hold, or too small to be worth it: as it is, at once
                    passing = True
                    await send(start)
                    await send(
                        {
                            "type": "http.response.body",
                            "body": b"".join(chunks),
                            "more_body": message.get("more_body", False),
                        }
                    )
                return
            await send(message)

        await self.app(scope, receive, capture)
        if passing or start is None:
            return None
        body = b"".join(chunks)
        pack = packer(encoding, static)
        # A large body is packed in a worker thread: the event loop keeps serving meanwhile.
        packed = await run_in_threadpool(pack, body) if len(body) > 256 * 1024 else pack(body)
        headers = [
            (name, value)
            for name, value in start.get("headers", ())
            if name.lower() not in (b"content-length", b"vary")
        ]
        vary = _header(list(start.get("headers", ())), b"vary")
        headers += [
            (b"content-encoding", encoding.encode()),
            (b"content-length", str(len(packed)).encode()),
            (b"vary", (vary + b", Accept-Encoding") if vary else b"Accept-Encoding"),
        ]
        return Compressed(start["status"], headers, packed)


async def _send(send: Send, response: Compressed) -> None:
    await send(
        {"type": "http.response.start", "status": response.status, "headers": response.headers}
    )
    await send({"type": "http.response.body", "body": response.body})
