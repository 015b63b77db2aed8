"""Who is the presenter: the one gate for /live, present mode's room controls and the remote.

The presenter proves it with the presenter token (kept in the data folder and shown on the
start page and the console, or configured, at least 16 characters), or, on the computer that
runs the app, with one click (`signin_in_place`: checked on the server against the
connection's own address, never on another device or through a proxy). A browser that
showed it gets the presenter cookie (HttpOnly, SameSite=Strict, set by lien.web.signin), so a
reload, a closed tab or a second tab needs no token retyped; the token itself never stays in
the address or the history. Every part of the app that acts for the presenter asks
`authorized(view)`. Wrong guesses wait a second and are limited per network address in the
store.
"""

from __future__ import annotations

import contextlib
import json
import time

import streamlit as st

from lien import static
from lien.live import presenter_token as token
from lien.live.address import from_this_computer
from lien.live.store import StoreUnavailable, current_store
from lien.sitemap import TOKEN_PARAM
from lien.ui.server import secret_token
from lien.view import View

AUTH_KEY = "live_authorized"
TOKEN_INPUT_KEY = "live_token_input"
REMEMBER_KEY = "live_remember"  # signed in by a click: the browser is to keep the cookie


def _address() -> str:
    forwarded = st.context.headers.get("x-real-ip")
    return forwarded or st.context.ip_address or "local"


def _guess_allowed() -> bool:
    try:
        return current_store().allow(f"presenter:{_address()}", *token.GUESSES)
    except StoreUnavailable:
        return True  # the delay still slows guesses while the database is away


def _remember_this_browser(expected: str) -> None:
    """Ask the server for the HttpOnly presenter cookie (a signed value, never the token)."""
    value = token.session_cookie(expected)  # letters, digits, '.', '-', '_' only
    st.html(
        static.script("presenter_cookie.js").replace("__LIEN_COOKIE__", json.dumps(value)),
        unsafe_allow_javascript=True,
        width="content",
    )


def authorized(view: View, *, quiet: bool = False) -> bool:
    """True when this session or this browser has shown the presenter token.

    A wrong token is said so, unless `quiet` (a view that only hides its controls)."""
    st.session_state.setdefault(AUTH_KEY, False)
    if st.session_state[AUTH_KEY]:
        if st.session_state.pop(REMEMBER_KEY, False):
            with contextlib.suppress(token.TokenTooShort):
                _remember_this_browser(token.presenter_token(secret_token()))
        return True
    try:
        expected = token.presenter_token(secret_token())
    except token.TokenTooShort as error:
        if not quiet:
            st.error(
                view.t("live.token_short").format(length=error.length, minimum=token.MIN_LENGTH)
            )
        return False
    if token.cookie_valid(st.context.cookies.get(token.COOKIE), expected):
        st.session_state[AUTH_KEY] = True
        return True
    given = st.query_params.get(TOKEN_PARAM) or st.session_state.get(TOKEN_INPUT_KEY)
    return bool(given) and _token_given(view, given, expected, quiet=quiet)


def _token_given(view: View, given: str, expected: str, *, quiet: bool) -> bool:
    """A token typed or in the address: signs this browser in when it is the right one."""
    if not _guess_allowed():
        time.sleep(token.WRONG_DELAY_S)
        if not quiet:
            st.error(view.t("live.token_slow"))
        return False
    if token.token_matches(given, expected):
        st.session_state[AUTH_KEY] = True
        # In a browser, lien.web.signin answers ?token=… before Streamlit; here only for
        # clients that reach the script with it (and tests): it leaves the address.
        st.query_params.pop(TOKEN_PARAM, None)
        _remember_this_browser(expected)
        return True
    time.sleep(token.WRONG_DELAY_S)
    if not quiet:
        st.error(view.t("live.token_wrong"))
    return False


def token_form(view: View) -> None:
    """Where the presenter types the token (the page's text says how to get one)."""
    st.text_input(view.t("live.token_label"), key=TOKEN_INPUT_KEY, type="password")


def _peer() -> str | None:
    """The websocket's remote address. st.context.ip_address says None for 127.0.0.1 and ::1
    as for no connection at all, which this check must tell apart: Streamlit's own record of
    the connection is read instead (None when there is none, as under AppTest)."""
    try:
        from streamlit.runtime.context import _get_client_context

        client = _get_client_context()
    except (ImportError, RuntimeError):
        return None
    return getattr(client, "remote_ip", None) if client is not None else None


def on_this_computer() -> bool:
    """This session's browser runs on the computer that runs the app (no proxy between)."""
    return from_this_computer(_peer(), st.context.headers or {})


def _sign_in_here() -> None:
    """The one-click sign-in's callback: checked again here, on the server."""
    if on_this_computer():
        st.session_state[AUTH_KEY] = True
        st.session_state[REMEMBER_KEY] = True


def signin_in_place(view: View, *, key: str = "signin_here") -> None:
    """A way in where the presenter stands: on this computer one click; anywhere the token."""
    if on_this_computer():
        st.button(
            view.t("signin.here_button"),
            key=key,
            type="primary",
            icon=":material/login:",
            on_click=_sign_in_here,
        )
    token_form(view)
