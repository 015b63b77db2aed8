"""What `streamlit run app.py` serves beside the pages: the participants' routes, the token."""

from __future__ import annotations

from contextlib import asynccontextmanager

from lien.live.presenter import presenter_token
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
    yield None
