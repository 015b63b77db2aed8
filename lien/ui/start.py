"""The presenter's start page (`/start`), which the starters open signed in.

1. The network: the address phones will use, right for how the app was started (bound to
   this computer only, it says phones cannot come and how to start it for the Wi-Fi); a QR
   code to test with one's own phone, and "a phone reached this computer" within a second or
   two (lien.web.reach records it; a fragment re-reads it every second); until then, what to
   try when no phone arrives.
2. The talk: choose one; open the projector and the speaker view, the phone remote's QR code.
3. The room: this talk's live room, opened now or resumed from an earlier start.
"""

from __future__ import annotations

import os
import time

import streamlit as st

from lien.live import address, export
from lien.live.runs import current_runs, new_run_id, run_key, valid_run_id
from lien.live.store import StoreUnavailable, current_store
from lien.sitemap import (
    KEY_PARAM,
    LANG_PARAM,
    NOTES_PARAM,
    PRESENT_PARAM,
    ROOM_PARAM,
    RUN_PARAM,
    TALK_PARAM,
)
from lien.talks import Talk, talk_of
from lien.text import number as decimal
from lien.ui.live import fault_text
from lien.ui.poll_slide import run_room
from lien.ui.presenter import authorized, signin_in_place
from lien.ui.server import secret_token
from lien.ui.speaker import remote_url
from lien.view import View

TALK_KEY = "start_talk"
CHECK_ADDRESS_KEY = "start_check_address"
ERROR_KEY = "start_error"
CHECK_EVERY_S = 1.0


def _port() -> int:
    return int(st.get_option("server.port") or 8501)


def _talks(view: View) -> dict[str, Talk]:
    found = {}
    for talk_id in view.bundle.talks:
        talk = talk_of(view.bundle, view.lang, talk_id)
        if talk is not None:
            found[talk_id] = talk
    return found


def _run_id() -> str:
    """This page's talk run, kept in its address so a reload finds the same one."""
    run_id = st.query_params.get(RUN_PARAM)
    if not valid_run_id(run_id):
        run_id = new_run_id()
        st.query_params[RUN_PARAM] = run_id
    return run_id


@st.fragment(run_every=CHECK_EVERY_S)
def _check_status(view: View) -> None:
    """Whether a phone reached this computer: re-read every second."""
    seen = address.reached()
    if seen is not None:
        at = time.strftime("%H:%M:%S", time.localtime(seen.at))
        st.success(
            view.t("start.check_ok").format(time=at, address=seen.base_url),
            icon=":material/check_circle:",
        )
        return
    st.info(view.t("start.check_waiting"), icon=":material/hourglass_top:")
    st.markdown(f"**{view.t('start.advice_title')}**\n\n{view.t('start.advice')}")


def network(view: View) -> None:
    st.subheader(view.t("start.network"), anchor=False)
    port = _port()
    if address.bound_to_loopback(st.get_option("server.address")):
        st.error(view.t("start.loopback"), icon=":material/wifi_off:")
        st.markdown(view.t("start.loopback_how"))
        return
    if os.environ.get("LIEN_PUBLIC_URL", "").strip():
        st.markdown(f"{view.t('start.phones_at')} `{address.public_base_url(port)}`")
        st.caption(view.t("start.public_url"))
        return
    found = [a.ip for a in address.addresses()]
    if not found:
        st.error(view.t("start.no_network"), icon=":material/wifi_off:")
        return
    base = address.public_base_url(port)
    st.markdown(f"{view.t('start.phones_at')} `{base}`")
    chosen = found[0]
    if len(found) > 1:
        st.caption(view.t("start.other_addresses"))
        chosen = st.radio(
            view.t("start.address_choice"),
            found,
            key=CHECK_ADDRESS_KEY,
            horizontal=True,
            format_func=lambda ip: f"http://{ip}:{port}",
        )
    target = f"http://{chosen}:{port}{address.check_path()}?{LANG_PARAM}={view.lang}"
    qr, status = st.columns([1, 3], vertical_alignment="top")
    with qr:
        st.image(
            address.qr_svg(target),
            width=200,
            alt=view.t("start.check_qr_alt").format(address=target),
        )
    with status:
        st.markdown(view.t("start.check_how"))
        _check_status(view)


def _open_room(view: View, run_id: str) -> None:
    try:
        run_room(run_id, create=True, bundle=view.bundle)
    except StoreUnavailable as error:
        st.session_state[ERROR_KEY] = fault_text(view, error)


def _resume_room(view: View, run_id: str, code: str) -> None:
    try:
        runs = current_runs()
        runs.set_room(run_id, None)
        runs.claim_room(run_id, code)
    except StoreUnavailable as error:
        st.session_state[ERROR_KEY] = fault_text(view, error)


def talk_and_room(view: View) -> None:
    st.subheader(view.t("start.talk"), anchor=False)
    talks = _talks(view)
    if not talks:
        return
    talk = _chosen_talk(view, talks)
    run_id = _run_id()
    runs, store = current_runs(), current_store()
    try:
        run = runs.run(run_id)
        if run is None or run.talk_id != talk.id or run.lang != talk.lang:
            run = runs.start(run_id, talk.id, talk.lang, 1, talk.slide(1).id)
    except StoreUnavailable as error:
        st.error(fault_text(view, error), icon=":material/cloud_off:")
        return
    lang = f"{LANG_PARAM}={view.lang}"
    projector = f"/?{PRESENT_PARAM}=1&{TALK_PARAM}={talk.id}&{RUN_PARAM}={run_id}&{lang}"
    expected_key = run_key(_token(), run_id)
    speaker = f"/?{NOTES_PARAM}={run_id}&{KEY_PARAM}={expected_key}&{lang}"
    with st.container(horizontal=True, gap="small"):
        st.link_button(view.t("start.projector"), projector, type="primary", icon=":material/cast:")
        st.link_button(view.t("start.speaker"), speaker, icon=":material/speaker_notes:")
    st.caption(view.t("start.projector_help"))
    with st.expander(view.t("start.remote"), icon=":material/smartphone:"):
        st.image(
            address.qr_svg(remote_url(view.lang, run_id)),
            width=220,
            alt=view.t("speaker.phone_qr_alt"),
        )
        st.caption(view.t("start.remote_help"))

    _room_part(view, store, run, run_id)


def _chosen_talk(view: View, talks):
    """The talk chosen in the list (the address's first, else the first), kept in the address."""
    ids = list(talks)
    wanted = st.query_params.get(TALK_PARAM)
    if st.session_state.get(TALK_KEY) not in ids:
        st.session_state[TALK_KEY] = wanted if wanted in ids else ids[0]
    talk_id = st.selectbox(
        view.t("start.talk_label"),
        ids,
        key=TALK_KEY,
        format_func=lambda i: view.t("start.talk_line").format(
            title=talks[i].title, minutes=decimal(talks[i].planned_minutes, view.lang, 0)
        ),
    )
    talk = talks[talk_id]
    if st.query_params.get(TALK_PARAM) != talk_id:
        st.query_params[TALK_PARAM] = talk_id
    return talk


def _room_part(view: View, store, run, run_id: str) -> None:
    """The talk's room: the one it has (to manage on /live), or open one, or resume another."""
    lang = f"{LANG_PARAM}={view.lang}"
    st.subheader(view.t("start.room"), anchor=False)
    error = st.session_state.pop(ERROR_KEY, None)
    if error:
        st.error(error, icon=":material/cloud_off:")
    try:
        code = run.room_code if run.room_code and store.room(run.room_code) else None
        room = store.room(code) if code else None
        others = [r for r in store.open_rooms() if r.code != code] if room is None else []
    except StoreUnavailable as error:
        st.error(fault_text(view, error), icon=":material/cloud_off:")
        return
    if room is not None:
        st.markdown(
            view.t("start.room_this").format(code=room.code, participants=room.participants)
        )
        st.link_button(
            view.t("start.room_manage"),
            f"/live?{ROOM_PARAM}={room.code}&{lang}",
            icon=":material/podium:",
        )
        return
    st.markdown(view.t("start.room_none"))
    st.button(
        view.t("start.room_open"),
        key="start_room_open",
        icon=":material/meeting_room:",
        on_click=_open_room,
        args=(view, run_id),
    )
    if others:
        st.caption(view.t("start.room_resume_intro"))
        for other in others[:6]:
            opened = export.local(other.created_at, None)[:16]
            st.button(
                view.t("start.room_resume").format(
                    code=other.code, participants=other.participants
                ),
                key=f"start_resume_{other.code}",
                help=opened,
                icon=":material/login:",
                on_click=_resume_room,
                args=(view, run_id, other.code),
            )


def _token() -> str:
    from lien.live import presenter_token as token

    return token.presenter_token(secret_token())


def other_device(view: View) -> None:
    with st.expander(view.t("start.other_device"), icon=":material/devices:"):
        st.caption(view.t("start.other_device_help"))
        st.code(_token(), language=None)


def render_start(view: View) -> None:
    st.title(view.t("start.title"), anchor=False)
    if not authorized(view, quiet=True):
        st.markdown(view.t("start.signin_needed"))
        signin_in_place(view)
        return
    st.markdown(view.t("start.intro"))
    network(view)
    talk_and_room(view)
    other_device(view)
