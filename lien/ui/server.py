"""What `streamlit run app.py` serves beside the pages: the phones' routes, the presenter's
gate, the token, and the limits Streamlit's server does not set itself."""

from __future__ import annotations

import sys
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware

from lien.compression import Compression
from lien.live import connections, settings
from lien.live.gate import TokenInAddress, presenter_routes
from lien.live.origins import OwnOriginOnly
from lien.live.reach import reach_routes
from lien.live.store import StoreUnavailable, current_store
from lien.live.token import MIN_LENGTH, TokenTooShort, presenter_token
from lien.live.web import participant_routes
from lien.shedding import Shedding
from lien.ui.index_page import index_routes

__all__ = ["lifespan", "middleware", "participant_routes", "routes"]

# Before Streamlit starts its server: the limits it does not set itself (lien.live.connections).
connections.install()


def secret_token() -> str | None:
    try:
        import streamlit as st

        value = st.secrets.get("live_token")
    except Exception:  # no secrets.toml, or an unreadable one: the drawn token is used
        return None
    return str(value) if value else None


def expected_token() -> str:
    return presenter_token(secret_token())


def routes() -> list:
    """The phones' routes (/join/…), the presenter's sign-in (/presenter), the network
    check's page for a phone (/phone-check/…), and the HTML page of "/" and every page's path
    (lien.ui.index_page)."""
    return [
        *participant_routes(),
        *presenter_routes(expected_token),
        *reach_routes(),
        *index_routes(),
    ]


def middleware() -> list[Middleware]:
    """Outermost first: framing headers and the websocket's origin on every request; then
    the phones' routes kept within capacity (503 and Retry-After past it, lien.shedding); then
    compression (whatever the rest answers goes out compressed to a browser that accepts it);
    then the token in a page's address (lien.live.origins, lien.compression, lien.live.gate)."""
    return [
        Middleware(OwnOriginOnly),
        Middleware(Shedding),
        Middleware(Compression),
        Middleware(TokenInAddress, expected=expected_token),
    ]


@asynccontextmanager
async def lifespan(_app):
    """At start: print the presenter token (drawn now unless one is configured)."""
    from streamlit import config

    port = config.get_option("server.port")
    try:
        presenter_token(secret_token(), announce_url=f"http://localhost:{port}/live")
    except TokenTooShort as error:
        print(
            f"Lien /live: the configured presenter token has {error.length} characters; it "
            f"needs at least {MIN_LENGTH}. Set a longer one (live_token in .streamlit/"
            "secrets.toml or LIEN_LIVE_TOKEN): until then nobody can present.",
            file=sys.stderr,
        )
    await run_in_threadpool(purge_expired_rooms)
    yield None


def purge_expired_rooms() -> None:
    """Delete expired rooms at start, without creating a database nobody has used yet."""
    url = settings.database_url()
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return
    try:
        current_store().purge_expired()
    except StoreUnavailable as error:  # the app still starts; the presenter will see why
        print(f"Lien live room: database not reachable at start ({error})", file=sys.stderr)
