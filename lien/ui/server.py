"""What `streamlit run app.py` serves beside the pages: the participants' routes, the token."""

from __future__ import annotations

import sys
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.concurrency import run_in_threadpool

from lien.live import settings
from lien.live.store import StoreUnavailable, current_store
from lien.live.token import presenter_token
from lien.live.web import participant_routes

__all__ = ["lifespan", "participant_routes"]


def secret_token() -> str | None:
    try:
        import streamlit as st

        value = st.secrets.get("live_token")
    except Exception:  # no secrets.toml, or an unreadable one: the drawn token is used
        return None
    return str(value) if value else None


@asynccontextmanager
async def lifespan(_app):
    """At start: print the presenter token (drawn now unless one is configured)."""
    from streamlit import config

    port = config.get_option("server.port")
    presenter_token(secret_token(), announce_url=f"http://localhost:{port}/live")
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
