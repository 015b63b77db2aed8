"""The speaker view's side of the room (issue 24): the phones' pace signal, and the moderator
link for a co-facilitator. Both for the presenter only (the run's key or the token, checked
again in every action: lien.ui.poll_slide.may_act)."""

from __future__ import annotations

import streamlit as st

from lien.live import address
from lien.live.store import StoreUnavailable, current_store, moderators, pace
from lien.sitemap import KEY_PARAM
from lien.ui.poll_slide import may_act, run_room
from lien.view import View

LINK_KEY = "room_side_moderator"  # (room code, token) of the link shown in this session
NOTICE_KEY = "room_side_notice"


def pace_lines(view: View, counts: dict[str, int]) -> list[str]:
    """What the speaker view says of the pace signal: a count per kind from MIN_SHOWN phones,
    else one line saying fewer than that asked (never a number below it)."""
    lines = [
        view.t(f"pace.speaker_{kind}").format(count=pace.shown(counts.get(kind, 0)))
        for kind in pace.KINDS
        if pace.shown(counts.get(kind, 0)) is not None
    ]
    return lines or [view.t("pace.speaker_few")]


@st.fragment(run_every=5.0)
def pace_panel(view: View, run_id: str) -> None:
    """How many phones asked for a slower pace or a moment, in the last two minutes."""
    if not may_act(view, run_id):
        return
    store = current_store()
    try:
        code = run_room(run_id, create=False)
        if code is None:
            return
        counts = pace.counts(store, code)
    except StoreUnavailable:
        return
    with st.container(key="speaker_pace"):
        st.markdown(f"**{view.t('pace.speaker_heading')}**")
        for line in pace_lines(view, counts):
            st.markdown(line)
        st.caption(view.t("pace.speaker_source"))


def moderator_url(code: str, token: str) -> str:
    port = int(st.get_option("server.port") or 8501)
    return f"{address.public_base_url(port)}/moderate/{code}?{KEY_PARAM}={token}"


def _on_room(view: View, run_id: str, act) -> bool:
    """`act(store, code)` on the run's room, for the presenter only (False otherwise); a store
    that is away is said on the panel."""
    if not may_act(view, run_id):
        return False
    try:
        code = run_room(run_id, create=False)
        if code is not None:
            act(current_store(), code)
    except StoreUnavailable as error:
        st.session_state[NOTICE_KEY] = view.t("present.store_down").format(error=error)
    return True


def _make(view: View, run_id: str) -> None:
    def make(store, code: str) -> None:
        st.session_state[LINK_KEY] = (code, moderators.new_link(store, code))

    _on_room(view, run_id, make)


def _revoke(view: View, run_id: str) -> None:
    def revoke(store, code: str) -> None:
        moderators.revoke(store, code)
        st.session_state[NOTICE_KEY] = view.t("moderate.revoked")

    if _on_room(view, run_id, revoke):
        st.session_state.pop(LINK_KEY, None)


def moderator_panel(view: View, run_id: str) -> None:
    """A QR code that makes a phone a moderator of the run's room; withdraw every such link."""
    if not may_act(view, run_id):
        return
    try:
        code = run_room(run_id, create=False)
        working = moderators.links(current_store(), code) if code else 0
    except StoreUnavailable:
        return
    with st.expander(view.t("moderate.speaker_heading"), icon=":material/group:"):
        notice = st.session_state.pop(NOTICE_KEY, None)
        if notice:
            st.info(notice)
        if code is None:
            st.caption(view.t("moderate.no_room"))
            return
        st.caption(view.t("moderate.speaker_help"))
        shown = st.session_state.get(LINK_KEY)
        if shown and shown[0] == code:
            st.image(
                address.qr_svg(moderator_url(*shown)),
                width=240,
                alt=view.t("moderate.qr_alt").format(code=code),
            )
        st.button(
            view.t("moderate.make"),
            key="room_side_make",
            icon=":material/qr_code_2:",
            on_click=_make,
            args=(view, run_id),
        )
        st.caption(view.t("moderate.active").format(count=working))
        st.button(
            view.t("moderate.revoke"),
            key="room_side_revoke",
            icon=":material/link_off:",
            disabled=working == 0,
            on_click=_revoke,
            args=(view, run_id),
        )
