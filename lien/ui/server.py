"""What the web side (lien.web.wiring) needs to know of Streamlit: the presenter token set in
Streamlit's secrets, and the port Streamlit serves on. app.py hands both to lien.web."""

from __future__ import annotations


def secret_token() -> str | None:
    try:
        import streamlit as st

        value = st.secrets.get("live_token")
    except Exception:  # no secrets.toml, or an unreadable one: the drawn token is used
        return None
    return str(value) if value else None


def server_port() -> int:
    from streamlit import config

    return int(config.get_option("server.port"))
