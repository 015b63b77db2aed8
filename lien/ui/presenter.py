"""Who is the presenter: the one gate for /live, present mode's room controls and the remote.

The presenter proves it once per browser session with the presenter token (printed at start, or
configured); every part of the app that acts for the presenter asks `authorized(view)`.
"""

from __future__ import annotations

import streamlit as st

from lien.live import token
from lien.ui.server import secret_token
from lien.view import View

AUTH_KEY = "live_authorized"
TOKEN_INPUT_KEY = "live_token_input"


def authorized(view: View, *, quiet: bool = False) -> bool:
    """True when this session has shown the presenter token (in the URL or typed).

    A wrong token is said so, unless `quiet` (a view that only hides its controls)."""
    st.session_state.setdefault(AUTH_KEY, False)
    if st.session_state[AUTH_KEY]:
        return True
    expected = token.presenter_token(secret_token())
    given = st.query_params.get("token") or st.session_state.get(TOKEN_INPUT_KEY)
    if given and token.token_matches(given, expected):
        st.session_state[AUTH_KEY] = True
        # The token leaves the address bar, which the projector shows.
        st.query_params.pop("token", None)
        return True
    if given and not quiet:
        st.error(view.t("live.token_wrong"))
    return False


def token_form(view: View) -> None:
    """Where the presenter types the token (the page's text says how to get one)."""
    st.text_input(view.t("live.token_label"), key=TOKEN_INPUT_KEY, type="password")
