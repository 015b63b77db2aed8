"""Everything `streamlit run app.py` serves beside the pages, in one place: the routes of every
family, the middleware in its order, and what happens when the server starts.

app.py calls `routes`, `middleware` and `lifespan`, giving them what only Streamlit knows
(lien.ui.server: the token in its secrets, its port), so this package never imports lien.ui.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.routing import Route

from lien.live import settings
from lien.live.presenter_token import MIN_LENGTH, TokenTooShort, presenter_token
from lien.live.store import StoreUnavailable, current_store
from lien.web import connections
from lien.web.compression import Compression
from lien.web.direct import DirectRoutes
from lien.web.follow_along import follow_along_routes
from lien.web.hello import hello_routes
from lien.web.index_page import index_routes
from lien.web.moderate import moderator_routes
from lien.web.origins import OwnOriginOnly
from lien.web.pace_signal import pace_routes
from lien.web.phone import participant_routes
from lien.web.reach import reach_routes
from lien.web.shedding import Shedding
from lien.web.signin import TokenInAddress, presenter_routes
from lien.web.talk_run import talk_run_routes

Secret = Callable[[], "str | None"]  # the presenter token configured in Streamlit's secrets


def expected_token(secret: Secret) -> Callable[[], str]:
    """The presenter token as the routes ask for it: the configured one, else the kept one."""
    return lambda: presenter_token(secret())


def routes(secret: Secret) -> list[Route]:
    """Every route beside the pages: the phones' (/join/…: the room, the slide it follows, the
    welcome and helplines pages, the pace signal), a moderator's (/moderate/…), the presenter's
    sign-in (/presenter…), the network check's page for a phone (/phone-check/…), where a talk
    run stands (/talk-run/…), and the HTML page of "/" and every page's path."""
    expected = expected_token(secret)
    return [
        *participant_routes(),
        *follow_along_routes(),
        *hello_routes(),
        *pace_routes(),
        *moderator_routes(),
        *presenter_routes(expected),
        *reach_routes(),
        *talk_run_routes(expected),
        *index_routes(),
    ]


def middleware(secret: Secret) -> list[Middleware]:
    """Outermost first: framing headers and the websocket's origin on every request; then
    the phones' routes kept within capacity (503 and Retry-After past it, lien.web.shedding);
    then compression (whatever the rest answers goes out compressed to a browser that accepts it);
    then the phones' room routes served directly, before Streamlit's own layers
    (lien.web.direct); then the token in a page's address (lien.web.origins,
    lien.web.compression, lien.web.signin)."""
    return [
        Middleware(OwnOriginOnly),
        Middleware(Shedding),
        Middleware(Compression),
        Middleware(DirectRoutes, routes=participant_routes()),
        Middleware(TokenInAddress, expected=expected_token(secret)),
    ]


def lifespan(secret: Secret, port: Callable[[], int]):
    """What the server does when it starts, before it accepts a connection: uvicorn given the
    limits Streamlit does not set (lien.web.connections), the presenter token printed (drawn
    now unless one is configured), expired rooms deleted."""

    @asynccontextmanager
    async def started(_app):
        connections.install()
        try:
            presenter_token(secret(), announce_url=f"http://localhost:{port()}/live")
        except TokenTooShort as error:
            print(
                f"Lien /live: the configured presenter token has {error.length} characters; it "
                f"needs at least {MIN_LENGTH}. Set a longer one (live_token in .streamlit/"
                "secrets.toml or LIEN_LIVE_TOKEN): until then nobody can present.",
                file=sys.stderr,
            )
        await run_in_threadpool(purge_expired_rooms)
        settle_memory()
        yield None

    return started


GC_THRESHOLDS = (10_000, 10, 10)  # Python's default: (700, 10, 10)


def settle_memory() -> None:
    """Python's garbage collector, set for a server with thousands of phones connected.

    Measured on 7 Dec 2026 (issue 23, a run of 2,000 phones in 10 s): about a thousand young
    collections, each walking every object still alive since the last one (the requests in
    flight), and ten full ones, each walking every object the process holds (Streamlit,
    Plotly, pandas: 150 to 190 ms each). So what the server loaded to start, which never
    becomes garbage, is left out of collections from now on (gc.freeze), and the collector
    runs once per 10,000 new objects rather than 700: the same garbage is found, a little
    later, in a fraction of the walks. Objects are freed by their reference counts as
    before; only cycles wait for the collector.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def purge_expired_rooms() -> None:
    """Delete expired rooms at start, without creating a database nobody has used yet."""
    url = settings.database_url()
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return
    try:
        current_store().purge_expired()
    except StoreUnavailable as error:  # the app still starts; the presenter will see why
        print(f"Lien live room: database not reachable at start ({error})", file=sys.stderr)
