"""Present mode (`?present=1&talk=<id>&slide=N`): a talk on the projector, one slide at a time.

The projected picture is the slide alone: the controls appear only when the mouse moves or
a control has the keyboard's focus. Its keys are lien.keymap's, pressed by the projector's
script (lien/static/projector.js) on their buttons.
N is counted over the whole talk; without `talk`, present mode plays the default
talk (`full`) from the first slide of the page it was opened on, and `slide=N` of a link made
before talks is that page's Nth slide.

The position lives in the database (lien.live.runs), keyed by a run id kept in the address
(`run=`), so the speaker view and the phone remote (lien.ui.speaker) follow and move it from
any tab or server process, and a reloaded projector takes up where it was.
"""

from __future__ import annotations

import contextlib
import json

import streamlit as st

from lien import run_markers, static
from lien.keymap import script_keys
from lien.live.rehearsal import forget_empty_room
from lien.live.runs import current_runs, new_run_id, valid_run_id
from lien.live.store import StoreUnavailable
from lien.sitemap import NOTES_PARAM, PRESENT_PARAM, RUN_PARAM, SLIDE_PARAM, TALK_PARAM, page
from lien.talks import Talk, TalkSlide, talk_of
from lien.ui import projector
from lien.ui.follow import FOLLOW_JS, follow_button, follow_marker
from lien.ui.page import content_notice
from lien.ui.poll_slide import join_slide, may_act, poll_controls, poll_slide, room_files
from lien.ui.session import current_view
from lien.ui.talk_files import talk_downloads
from lien.view import View

SHOWN_KEY = "present_shown"  # (talk id, lang, content generation, number, blank)
RUN_KEY = "present_run"
OVERVIEW_KEY = "present_overview"
LEAVE_KEY = "present_leave"
STORE_ERROR_KEY = "present_store_error"

# The stage is the window: type sized to its height (at least 24 px), nothing scrolls.
PROJECTOR_CSS = static.style("projector.css")

# Every key of present mode (lien.keymap: the arrows, Home and End; PageDown, Space and
# PageUp, what clickers send; B, O, Q and Escape; A, S and V on a question slide) presses its
# button through this script. The mouse shows the controls for 2.5 s. A press
# that comes before the buttons are drawn (the browser loads their code after the slide's
# text, on a busy laptop a few hundred milliseconds after the page looks ready) waits for them,
# up to 3 s, instead of being lost; a disabled button (the last slide's Next) drops it.
PROJECTOR_JS = static.script("projector.js").replace("__LIEN_KEYS__", json.dumps(script_keys()))


def mode() -> str:
    """'present', 'notes' or 'read', from the URL."""
    if st.query_params.get(NOTES_PARAM):
        return "notes"
    if st.query_params.get(PRESENT_PARAM) == "1":
        return "present"
    return "read"


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


def _store_error(view: View, error: StoreUnavailable) -> None:
    st.session_state[STORE_ERROR_KEY] = view.t("present.store_down").format(error=error)


def _opening_number(talk: Talk, page_id: str) -> int:
    """Where a fresh projector tab starts: the address's slide, counted over the talk; or,
    without `talk` in the address, the page's Nth slide (links made before talks)."""
    number = _int(st.query_params.get(SLIDE_PARAM))
    if st.query_params.get(TALK_PARAM):
        return talk.find(number or 1)
    found = talk.page_slide_number(page_id, number or 1)
    if found is None:
        found = talk.first_of_page(page_id) or 1
    return found


def _position(view: View, talk: Talk, page_id: str, run_id: str) -> tuple[int, bool]:
    """This run's slide and blank flag: the database's (moved by the remote too), else the
    address's when the tab is fresh or the database cannot be reached."""
    runs = current_runs()
    fresh = st.session_state.get(SHOWN_KEY) is None
    if fresh:
        number = _opening_number(talk, page_id)
        try:
            runs.start(run_id, talk.id, talk.lang, number, talk.slide(number).id)
        except StoreUnavailable as error:
            _store_error(view, error)
        return number, False
    try:
        run = runs.run(run_id)
    except StoreUnavailable as error:
        _store_error(view, error)
        run = None
    if run is None or run.talk_id != talk.id or run.lang != talk.lang:
        number = talk.find(_int(st.query_params.get(SLIDE_PARAM)) or 1)
        try:
            runs.start(run_id, talk.id, talk.lang, number, talk.slide(number).id)
        except StoreUnavailable as error:
            _store_error(view, error)
        return number, False
    number = talk.find(run.slide, run.item_id)
    slide = talk.slide(number)
    if (run.slide, run.item_id) != (number, slide.id):
        # The talk was edited: the run moves to where its slide now is (or the nearest one).
        try:
            runs.move(run_id, number, slide.id, blank=run.blank)
        except StoreUnavailable as error:
            _store_error(view, error)
    return number, run.blank


# --- moves (button callbacks: they run before the script, which then reads the position) ----


def _move(view: View, talk: Talk, run_id: str, number: int) -> None:
    slide = talk.slide(number)
    st.query_params[SLIDE_PARAM] = str(slide.number)
    st.session_state[OVERVIEW_KEY] = False
    try:
        current_runs().move(run_id, slide.number, slide.id)
    except StoreUnavailable as error:
        _store_error(view, error)
        # Without the database the address holds the position: the next run reads it there.
        st.session_state[SHOWN_KEY] = None


def _step(view: View, talk: Talk, run_id: str, step: int) -> None:
    shown = st.session_state.get(SHOWN_KEY)
    current = shown[3] if shown else 1
    _move(view, talk, run_id, current + step)


def _blank(view: View, run_id: str) -> None:
    shown = st.session_state.get(SHOWN_KEY)
    blank = not (shown[4] if shown else False)
    try:
        current_runs().set_blank(run_id, blank)
    except StoreUnavailable as error:
        _store_error(view, error)


def _toggle_overview() -> None:
    st.session_state[OVERVIEW_KEY] = not st.session_state.get(OVERVIEW_KEY, False)


def _leave(page_id: str, run_id: str | None = None, view: View | None = None) -> None:
    """Q, Escape or the Exit button: back to the page. The presenter leaving, a room no phone
    joined goes (a rehearsal leaves no empty room behind: lien.live.rehearsal)."""
    st.session_state[LEAVE_KEY] = page_id
    if run_id and view is not None and may_act(view, run_id):
        # A database that cannot be used: the room expires by itself; leaving still works.
        with contextlib.suppress(StoreUnavailable):
            forget_empty_room(run_id)


# --- the projector ---------------------------------------------------------------------------


def slide_view(view: View, page_id: str) -> None:
    """The talk's current slide on the whole window, the hidden controls, the keys."""
    content_notice(view)
    st.html(PROJECTOR_CSS + PROJECTOR_JS + FOLLOW_JS, unsafe_allow_javascript=True, width="content")
    talk_id = st.query_params.get(TALK_PARAM)
    talk = talk_of(view.bundle, view.lang, talk_id)
    if talk is None:
        _unknown_talk(view, talk_id or "", page_id)
        return
    run_id = st.query_params.get(RUN_PARAM)
    if not valid_run_id(run_id):
        run_id = st.session_state.get(RUN_KEY) or new_run_id()
        st.query_params[RUN_PARAM] = run_id
    st.session_state[RUN_KEY] = run_id
    if st.query_params.get(TALK_PARAM) != talk.id:
        number = _opening_number(talk, page_id)
        st.query_params[TALK_PARAM] = talk.id
        st.query_params[SLIDE_PARAM] = str(number)
        st.session_state[SHOWN_KEY] = None
    _projector(talk.id, page_id, run_id)


@st.fragment
def _projector(talk_id: str, page_id: str, run_id: str) -> None:
    """The slide, the blank screen, the controls: a key press reruns this alone (not the
    page's frame and navigation), which is what the presenter waits for. It reads the content
    again each time, so an edit shows at the next slide (or at once, see lien.ui.follow)."""
    view = current_view()
    leave_to = st.session_state.pop(LEAVE_KEY, None)
    if leave_to is not None:
        st.session_state[SHOWN_KEY] = None
        st.switch_page(page(leave_to).script, query_params={"lang": view.lang})
    talk = talk_of(view.bundle, view.lang, talk_id)
    if talk is None:  # the talk's file was removed mid-talk
        _unknown_talk(view, talk_id, page_id)
        return
    number, blank = _position(view, talk, page_id, run_id)
    if st.query_params.get(SLIDE_PARAM) != str(number):
        st.query_params[SLIDE_PARAM] = str(number)
    slide = talk.slide(number)
    if st.session_state.get(OVERVIEW_KEY, False):
        _overview(view, talk, run_id)
    else:
        with st.container(height=1000, border=False, key="present_stage"):
            show_slide(view, talk, slide, run_id)
    if blank:
        with st.container(key="present_blank"):
            st.html("<span></span>", width="content")
    _controls(view, talk, slide, run_id, page_id)
    st.session_state[SHOWN_KEY] = (talk.id, talk.lang, view.bundle.generation, number, blank)
    # Last: a run stopped half-way leaves the previous marker, and is asked for again.
    follow_marker(run_markers.follow_marker(talk, number, blank), run_id, "present_follow")


def show_slide(view: View, talk: Talk, slide: TalkSlide, run_id: str) -> None:
    """One slide of a talk, as the projector shows it."""
    if slide.kind in ("poll", "quiz"):
        poll_slide(view, slide.id, run_id)
    elif slide.kind == "join":
        join_slide(view, run_id)
    elif slide.own is not None:
        projector.own_slide(view, slide.own)
    elif slide.page_slide is not None:
        projector.page_slide(view, slide.page_slide)


def _unknown_talk(view: View, talk_id: str, page_id: str) -> None:
    with st.container(height=1000, border=False, key="present_stage"):
        st.title(view.t("present.unknown_talk_title"), anchor=False)
        st.markdown(
            view.t("present.unknown_talk").format(
                talk=talk_id, talks=", ".join(f"`{t}`" for t in view.bundle.talks)
            )
        )
        st.button(
            view.t("present.exit"),
            key="present_exit",
            on_click=_leave,
            args=(page_id,),
            icon=":material/close:",
        )


def _controls(view: View, talk: Talk, slide: TalkSlide, run_id: str, page_id: str) -> None:
    """One row of buttons, hidden from the projected picture; each bound to its key."""
    number, last = slide.number, len(talk)
    with st.container(
        key="present_controls", horizontal=True, vertical_alignment="center", gap="small"
    ):
        for name, icon, target, disabled in (
            ("first", "first_page", 1, number == 1),
            ("previous", "arrow_back", None, number == 1),
            ("next", "arrow_forward", None, number == last),
            ("last", "last_page", last, number == last),
        ):
            with st.container(key=f"present_{name}", width="content"):
                st.button(
                    view.t(f"present.{name}"),
                    key=f"present_{name}_button",
                    disabled=disabled,
                    icon=f":material/{icon}:",
                    on_click=_step if target is None else _move,
                    args=(view, talk, run_id, -1 if name == "previous" else 1)
                    if target is None
                    else (view, talk, run_id, target),
                )
        st.markdown(f"**{number} / {last}**")
        st.button(
            view.t("present.blank"),
            key="present_blank_button",
            icon=":material/tv_off:",
            on_click=_blank,
            args=(view, run_id),
        )
        st.button(
            view.t("present.overview"),
            key="present_overview_button",
            icon=":material/grid_view:",
            on_click=_toggle_overview,
        )
        st.link_button(
            view.t("present.open_notes"),
            f"{view.href(page_id)}&{NOTES_PARAM}={run_id}",
            icon=":material/speaker_notes:",
        )
        st.button(
            view.t("present.exit"),
            key="present_exit",
            on_click=_leave,
            args=(slide.page_id or page_id, run_id, view),
            icon=":material/close:",
        )
        if slide.kind in ("poll", "quiz"):
            # A for open, S for stop (close), V for reveal: this slide's question only.
            poll_controls(view, slide.id, run_id, prefix="poll_slide")
        error = st.session_state.pop(STORE_ERROR_KEY, None)
        if error:
            st.markdown(f":material/cloud_off: {error}")
        follow_button("present_follow")


def _overview(view: View, talk: Talk, run_id: str) -> None:
    """Every slide of the talk by part, to jump to one (O or the button brings it back)."""
    with st.container(height=1000, border=False, key="present_stage"):
        st.title(talk.title, anchor=False)
        talk_downloads(view, talk.id, "present")
        room_files(view, run_id, "present_room")
        with st.container(key="present_overview", height="stretch"):
            for part in talk.parts:
                st.header(part.title, anchor=False)
                with st.container(horizontal=True, gap="small"):
                    for number in part.numbers:
                        slide = talk.slide(number)
                        st.button(
                            f"{number}. {slide.title}",
                            key=f"present_go_{number}",
                            on_click=_move,
                            args=(view, talk, run_id, number),
                            width=360,
                        )
