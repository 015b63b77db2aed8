"""Phone pages rendered once and kept, compressed, for every phone that sees the same page.

Measured on 7 Dec 2026 (issue 23), a phone joining the room cost the server about 1 ms of
Jinja rendering and 0.4 ms of compression, on a page (its style and script inline, about
20 kB) that is the same for every phone that joins while the room shows the same thing.
With 200 phones a second arriving, that was a fifth of the server's work. So a page is
rendered once per everything it shows (`key`: the content loaded, the language, the room as
the page shows it, this phone's own answer and votes, the notice above it), kept with its
brotli and gzip forms, and sent as it is to the next phone with the same key. What differs
per phone outside the page (its token, in a cookie) is a header, set by the route as before.

Everything runs on the server's one event loop: plain fields need no lock.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable

from starlette.requests import Request
from starlette.responses import HTMLResponse

from lien.web.compression import MIN_SIZE, chosen_encoding, compression_enabled, packer

__all__ = ["Rendered", "RenderedPages"]

LIMIT = 256  # pages kept: a few rooms × two languages × a few answers each, with room to spare


class Rendered:
    """One page: its HTML, and its compressed forms as they are first asked for."""

    __slots__ = ("html", "packed")

    def __init__(self, html: str):
        self.html = html.encode("utf-8")
        self.packed: dict[str, bytes] = {}

    def body(self, encoding: str | None) -> bytes:
        if encoding is None or len(self.html) < MIN_SIZE:
            return self.html
        if encoding not in self.packed:  # packed once and kept: as hard as a static file
            self.packed[encoding] = packer(encoding, static=True)(self.html)
        return self.packed[encoding]


class RenderedPages:
    """Pages by key, the least recently used dropped past `limit`; counts hits (tests, bench)."""

    def __init__(self, limit: int = LIMIT):
        self.limit = limit
        self.pages: OrderedDict[Hashable, Rendered] = OrderedDict()
        self.rendered = 0  # pages rendered (a miss)
        self.served = 0  # pages served from here (a hit)

    def get(self, key: Hashable, render: Callable[[], str]) -> Rendered:
        page = self.pages.get(key)
        if page is not None:
            self.pages.move_to_end(key)
            self.served += 1
            return page
        page = Rendered(render())
        self.rendered += 1
        self.pages[key] = page
        if len(self.pages) > self.limit:
            self.pages.popitem(last=False)
        return page

    def clear(self) -> None:
        self.pages.clear()


def page_response(request: Request, page: Rendered, status: int = 200, headers=None):
    """The page, compressed as the phone's browser accepts it (brotli, else gzip), so neither
    lien.web.compression nor Streamlit's gzip packs it again."""
    encoding = chosen_encoding(request.scope) if compression_enabled() else None
    if request.method != "GET" or len(page.html) < MIN_SIZE:
        encoding = None
    more = {**(headers or {}), "Vary": "Accept-Encoding"}
    if encoding is not None:
        more["Content-Encoding"] = encoding
    return HTMLResponse(page.body(encoding), status_code=status, headers=more)
