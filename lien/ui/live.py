"""The presenter's live room page in Streamlit: token gate, room, controls, live results."""

from __future__ import annotations

import streamlit as st

from lien.charts.live_answers import answers_figure, share_right
from lien.layout import sections_parts, title_parts
from lien.live import address, export, settings
from lien.live.questions import LiveQuestion, live_questions
from lien.live.store import Store, StoreUnavailable, current_store
from lien.ui.page import problems_panel
from lien.ui.presenter import authorized, token_form
from lien.ui.sections import render
from lien.view import View

ROOM_KEY = "live_room"
QUESTION_KEY = "live_question"
ERROR_KEY = "live_error"
NOTICE_KEY = "live_notice"
REFRESH_S = 1.5  # the chart is at most this old, within the 2 s the presenter expects


def _act(view: View, action, *args) -> None:
    """Run a store action from a button; a database failure becomes a message, not a crash."""
    try:
        action(*args)
    except StoreUnavailable as error:
        st.session_state[ERROR_KEY] = view.t("live.db_down").format(error=error)


def _open_room(view: View, store: Store) -> None:
    try:
        st.session_state[ROOM_KEY] = store.open_room().code
    except StoreUnavailable as error:
        st.session_state[ERROR_KEY] = view.t("live.db_down").format(error=error)


def _next(view: View, store: Store, code: str, ids: list[str]) -> None:
    current = st.session_state.get(QUESTION_KEY)
    index = ids.index(current) + 1 if current in ids else 0
    if index < len(ids):
        st.session_state[QUESTION_KEY] = ids[index]
        _act(view, store.open_question, code, ids[index])


def _delete(view: View, store: Store, code: str) -> None:
    try:
        store.delete_room(code)
    except StoreUnavailable as error:
        st.session_state[ERROR_KEY] = view.t("live.db_down").format(error=error)
        return
    st.session_state.pop(ROOM_KEY, None)
    st.session_state[NOTICE_KEY] = view.t("live.deleted")


def _room_header(view: View, code: str) -> None:
    port = int(st.get_option("server.port") or 8501)
    join = address.join_address(address.public_base_url(port), code)
    qr, where = st.columns([1, 2], vertical_alignment="center")
    with qr:
        st.image(address.qr_svg(join), alt=view.t("live.qr_alt").format(address=join), width=240)
    with where:
        st.markdown(f"{view.t('live.join_at')}")
        st.markdown(f"## `{join}`")
        st.caption(view.t("live.address_hint"))


def _controls(view: View, store: Store, code: str, questions: dict[str, LiveQuestion]) -> None:
    ids = list(questions)
    st.session_state.setdefault(QUESTION_KEY, ids[0] if ids else None)
    st.selectbox(
        view.t("live.question_label"),
        ids,
        key=QUESTION_KEY,
        format_func=lambda qid: (
            f"{view.t('live.kind_' + questions[qid].kind)} · {questions[qid].prompt}"
        ),
    )
    row = st.columns(3)
    row[0].button(
        view.t("live.open_question"),
        key="live_open_question",
        type="primary",
        icon=":material/play_arrow:",
        on_click=lambda: _act(view, store.open_question, code, st.session_state[QUESTION_KEY]),
    )
    row[1].button(
        view.t("live.close"),
        key="live_close",
        icon=":material/stop:",
        on_click=lambda: _act(view, store.close_answers, code),
    )
    row[2].button(
        view.t("live.reveal"),
        key="live_reveal",
        icon=":material/visibility:",
        on_click=lambda: _act(view, store.reveal, code),
    )
    row = st.columns(3)
    row[0].button(
        view.t("live.next"),
        key="live_next",
        icon=":material/skip_next:",
        on_click=lambda: _next(view, store, code, ids),
    )
    # Both delete answers: a second click, in a popover, guards against a slip mid-talk.
    with row[1].popover(view.t("live.reset"), icon=":material/restart_alt:"):
        st.button(
            view.t("live.reset_confirm"),
            key="live_reset",
            type="primary",
            on_click=lambda: _act(view, store.reset, code),
        )
    with row[2].popover(view.t("live.delete"), icon=":material/delete:"):
        st.button(
            view.t("live.delete_confirm"),
            key="live_delete",
            type="primary",
            on_click=lambda: _delete(view, store, code),
        )
    st.download_button(
        view.t("live.export"),
        data=lambda: export.answers_csv(store.answers(code), code),
        file_name=f"lien-live-{code}.csv",
        mime="text/csv",
        key="live_export",
        icon=":material/download:",
        on_click="ignore",
    )


@st.fragment(run_every=REFRESH_S)
def live_results(view: View, store: Store, code: str, questions: dict[str, LiveQuestion]) -> None:
    """Participants, answers and the bar chart, re-read from the store every REFRESH_S."""
    try:
        tally = store.tally(code)
    except StoreUnavailable as error:
        st.error(view.t("live.db_down").format(error=error), icon=":material/cloud_off:")
        return
    if tally is None:
        st.warning(view.t("live.room_gone"))
        return
    room = tally.room
    counts = st.columns(3)
    counts[0].metric(view.t("live.participants"), tally.participants)
    counts[1].metric(view.t("live.answered"), tally.answered)
    question = questions.get(room.question_id or "")
    if question is None:
        st.info(view.t("live.no_question"))
        return
    revealed = room.phase == "revealed"
    if revealed:
        share = share_right(tally, question)
        counts[2].metric(
            view.t("live.share_right"),
            f"{share:.0%}" if share is not None else "—",
            help=None if question.correct else view.t("live.no_right_answer"),
        )
    if question.situation:
        st.markdown(question.situation)
    st.markdown(f"**{view.t('live.phase_' + room.phase)}** · {question.prompt}")
    figure = answers_figure(
        question,
        tally,
        axis_title=view.t("live.chart_axis"),
        revealed=revealed,
        right_mark=view.t("live.right_mark"),
    )
    st.plotly_chart(figure, key="live_chart", config={"displayModeBar": False}, width="stretch")
    summary = "; ".join(f"{text}: {tally.counts.get(oid, 0)}" for oid, text in question.options)
    st.caption(view.t("live.chart_alt").format(counts=summary))


def render_live(view: View) -> None:
    text = view.page("live")
    render(view, title_parts(text))
    if authorized(view, quiet=True):
        problems_panel(view)  # a content edit to fix: the presenter sees what, the room goes on
    if not authorized(view):
        # The page's sections explain how to get the token: shown only to who has none.
        render(view, sections_parts(text))
        token_form(view)
        return

    store = current_store()
    questions = live_questions(view.bundle, view.lang)
    for key, show in ((ERROR_KEY, st.error), (NOTICE_KEY, st.success)):
        if st.session_state.get(key):
            show(st.session_state.pop(key))
    code = st.session_state.get(ROOM_KEY)
    hours = settings.room_lifetime_seconds() / 3600
    if not code:
        st.markdown(view.t("live.intro"))
        st.button(
            view.t("live.open_room"),
            key="live_open_room",
            type="primary",
            icon=":material/meeting_room:",
            on_click=lambda: _open_room(view, store),
        )
        st.caption(view.t("live.stored").format(hours=f"{hours:g}"))
        return
    _room_header(view, code)
    _controls(view, store, code, questions)
    live_results(view, store, code, questions)
    st.caption(view.t("live.stored").format(hours=f"{hours:g}"))
