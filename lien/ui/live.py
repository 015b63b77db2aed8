"""The presenter's live room page in Streamlit: the rooms still open, one room's controls, and
the projector view (`/live?screen=1&room=CODE`: QR code, address, question, results, count).

The room shown is in the address (`?room=CODE`), so a reload, a second tab or another device
of the presenter comes back to it; the rooms still open are listed to resume any of them.
"""

from __future__ import annotations

import contextlib
import re
from datetime import tzinfo
from zoneinfo import ZoneInfo

import streamlit as st

from lien import static
from lien.charts.live_answers import density_figure, result_figure, share_right
from lien.layout import sections_parts, title_parts
from lien.live import address, export, settings
from lien.live.cloud import cloud_html
from lien.live.plain import said_html, said_line
from lien.live.questions import LiveQuestion, live_questions
from lien.live.results import Result, result
from lien.live.room_talk import talk_first, talk_of_room
from lien.live.slide_room import answered
from lien.live.store import Room, Store, StoreUnavailable, Tally, current_store
from lien.sitemap import EDIT_PARAM, LANG_PARAM, ROOM_PARAM, SCREEN_PARAM
from lien.talks import talk_of
from lien.text import decimal, percent
from lien.ui.page import problems_panel
from lien.ui.presenter import authorized, on_this_computer, signin_in_place
from lien.ui.sections import render
from lien.ui.talk_editor import talk_editor
from lien.view import View

QUESTION_KEY = "live_question"
ERROR_KEY = "live_error"
NOTICE_KEY = "live_notice"
REFRESH_S = 1.5  # the chart is at most this old, within the 2 s the presenter expects
CODE = re.compile(r"^[A-Z0-9]{4,12}$")

# The projector view fills a 1920×1080 or 1280×720 window without scrolling: the QR code and
# the address on one line at the top, the question and its results below, in projector type.
_SCREEN_CSS = static.style("live_screen.css")


# A projector's chart in a window narrower than 760 px (a phone, a small tablet) is drawn with
# each bar's name above it: beside it, the names took the whole width.
NARROW_CSS = static.style("live_narrow.css")


def _zone() -> tzinfo | None:
    """The presenter's time zone (the browser's), else this computer's."""
    name = st.context.timezone
    try:
        return ZoneInfo(name) if name else None
    except (KeyError, ValueError):
        return None


def fault_text(view: View, error: StoreUnavailable) -> str:
    """The app's own message for what went wrong with the room's database."""
    if error.reason == "full":
        return view.t("live.fault_full").format(where=error.where or settings.data_dir())
    if error.reason == "folder":
        return view.t("live.fault_folder").format(where=error.where or settings.data_dir())
    if error.reason == "file":
        return view.t("live.fault_file").format(where=error.where)
    return view.t("live.db_down").format(error=error)


def _act(view: View, action, *args, **kwargs):
    """Run a store action from a button; a database failure becomes a message, not a crash."""
    try:
        return action(*args, **kwargs)
    except StoreUnavailable as error:
        st.session_state[ERROR_KEY] = fault_text(view, error)
        return None


def _approve_text(view: View, store: Store, room: Room, participant: str, seen: str) -> None:
    """Approve the text on screen; one replaced since stays waiting, and the presenter is told."""
    done = _act(
        view, store.set_text_status, room.code, room.round, participant, "approved", seen=seen
    )
    if done is False:
        st.session_state[ERROR_KEY] = view.t("live.text_changed")


def current_code() -> str | None:
    raw = st.query_params.get(ROOM_PARAM, "")
    code = raw.strip().upper()
    return code if CODE.match(code) else None


def _open_room(view: View, store: Store) -> None:
    try:
        st.query_params[ROOM_PARAM] = store.open_room().code
    except StoreUnavailable as error:
        st.session_state[ERROR_KEY] = fault_text(view, error)


def _resume(code: str) -> None:
    st.query_params[ROOM_PARAM] = code
    st.session_state.pop(QUESTION_KEY, None)


def _leave() -> None:
    st.query_params.pop(ROOM_PARAM, None)


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
        st.session_state[ERROR_KEY] = fault_text(view, error)
        return
    _leave()
    st.session_state[NOTICE_KEY] = view.t("live.deleted")


def join_line(view: View, code: str) -> tuple[str, str]:
    """The room's join address and the QR code's SVG."""
    port = int(st.get_option("server.port") or 8501)
    join = address.join_address(address.public_base_url(port), code)
    return join, address.qr_svg(join)


def room_header(view: View, code: str, *, qr_width: int = 200, hint: bool = True) -> None:
    """The QR code and the short address on one line."""
    join, svg = join_line(view, code)
    qr, where = st.columns([1, 5], vertical_alignment="center")
    with qr:
        st.image(svg, alt=view.t("live.qr_alt").format(address=join), width=qr_width)
    with where:
        st.markdown(f"{view.t('live.join_at')} `{join}`")
        if hint:
            st.caption(view.t("live.address_hint"))


def _room_list(view: View, store: Store, rooms: list[Room], zone: tzinfo | None) -> None:
    st.markdown(view.t("live.intro"))
    st.button(
        view.t("live.open_room"),
        key="live_open_room",
        type="primary",
        icon=":material/meeting_room:",
        on_click=lambda: _open_room(view, store),
    )
    if not rooms:
        return
    st.subheader(view.t("live.rooms_open"), anchor=False)
    for room in rooms[:12]:
        line, action = st.columns([4, 1], vertical_alignment="center")
        line.markdown(
            view.t("live.room_line").format(
                code=room.code,
                opened=export.local(room.created_at, zone)[:16],
                participants=room.participants,
            )
        )
        action.button(
            view.t("live.resume"),
            key=f"live_resume_{room.code}",
            on_click=_resume,
            args=(room.code,),
            icon=":material/login:",
        )


class _Row:
    """Places in one row of buttons that wraps (a horizontal container): each takes its
    label's width, so none is cut ("Appro…") in a narrow window; row[n] is the nth place."""

    def __init__(self, key: str):
        self.box = st.container(key=key, horizontal=True, gap="small")

    def __getitem__(self, _index: int):
        return self.box.container(width="content")


def _row(key: str) -> _Row:
    return _Row(key)


def _said_row(key: str):
    """A free text or an audience question, its buttons beside it at their labels' width."""
    box = st.container(key=key, horizontal=True, vertical_alignment="center", gap="small")
    return (
        box.container(width="stretch"),
        box.container(width="content"),
        box.container(width="content"),
    )


def _controls(view: View, store: Store, room: Room, questions: dict[str, LiveQuestion]) -> None:
    code = room.code
    ids = list(questions)
    if st.session_state.get(QUESTION_KEY) not in ids:
        st.session_state[QUESTION_KEY] = room.question_id if room.question_id in ids else ids[0]
    st.selectbox(
        view.t("live.question_label"),
        ids,
        key=QUESTION_KEY,
        format_func=lambda qid: (
            f"{view.t('live.form_' + questions[qid].form)} · {questions[qid].prompt}"
        ),
    )
    # Rows that wrap rather than columns: every label whole at 1280 px and on a laptop.
    row = _row("live_moves")
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
    row[3].button(
        view.t("live.next"),
        key="live_next",
        icon=":material/skip_next:",
        on_click=lambda: _next(view, store, code, ids),
    )
    row = _row("live_room_actions")
    row[0].button(
        view.t("live.resume_room") if room.paused else view.t("live.pause"),
        key="live_pause",
        icon=":material/play_circle:" if room.paused else ":material/pause_circle:",
        on_click=lambda: _act(view, store.pause, code, not room.paused),
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
    row[3].button(view.t("live.leave"), key="live_leave", icon=":material/logout:", on_click=_leave)
    row = _row("live_files")
    room_downloads(view, store, code, "live", (row[0], row[1]))
    row[2].link_button(
        view.t("live.projector"),
        f"/live?{SCREEN_PARAM}=1&{ROOM_PARAM}={code}&{LANG_PARAM}={view.lang}",
        icon=":material/cast:",
    )


def room_downloads(view: View, store: Store, code: str, prefix: str, places=None) -> None:
    """The room's results report (HTML, printable) and its answers (CSV), built on click, in
    the presenter's time zone and language."""
    zone = _zone()

    def report_html() -> str:
        report = export.room_report(store, view.bundle, view.lang, code)
        return export.report_html(report, view.bundle, view.lang, zone) if report else ""

    def answers_csv() -> str:
        report = export.room_report(store, view.bundle, view.lang, code)
        return export.answers_csv(
            store.answers(code), code, bundle=view.bundle, lang=view.lang, report=report, zone=zone
        )

    first, second = places or (st.container(width="content"), st.container(width="content"))
    first.download_button(
        view.t("live.report"),
        data=report_html,
        file_name=f"lien-room-{code}.html",
        mime="text/html",
        key=f"{prefix}_report",
        icon=":material/description:",
        on_click="ignore",
    )
    second.download_button(
        view.t("live.export"),
        data=answers_csv,
        file_name=f"lien-live-{code}.csv",
        mime="text/csv",
        key=f"{prefix}_export",
        icon=":material/download:",
        on_click="ignore",
    )


def show_result(
    view: View,
    question: LiveQuestion,
    tally: Tally,
    shown: Result,
    *,
    key: str,
    projector: bool,
    fit: bool = False,
) -> None:
    """The question's results as the projector may show them (lien.live.results rules).

    `fit`: the chart takes its container's height (a poll slide of a talk, lien.ui.poll_slide)."""
    if shown.state == "never":
        st.info(view.t("live.results_never"))
        return
    if shown.state == "hidden":
        st.info(view.t("live.results_after_close"))
        return
    if shown.state == "short":
        st.info(view.t("live.results_short").format(n=shown.min_group, more=shown.needed))
        return
    if shown.all_hidden:  # one sentence, not a chart of "fewer than N" on every bar
        st.info(view.t("live.results_all_hidden").format(n=shown.min_group))
        return
    fewer = view.t("live.fewer_than").format(n=shown.min_group)
    _figures(view, question, shown, fewer, key=key, projector=projector, fit=fit)
    if shown.blurred and not fit:  # a personal question: what its figures are, and why
        st.caption(view.t("live.blurred_note").format(n=shown.min_group))  # (a slide: beside)


# The last figures built, by what they show. The presenter's page and the projector redraw
# their results every REFRESH_S; a Plotly figure takes tens of milliseconds to build (bench.live
# under 1,000 phones: 30 % of the server's CPU went to rebuilding the same bars), so a chart
# whose bars have not changed is built once. Only the bars and their words make a figure.
_FIGURES: dict[tuple, object] = {}


def _result_figure(shown: Result, lang: str, fit: bool, **words):
    key = (
        shown.bars,
        shown.blurred,
        lang,
        fit,
        *sorted((name, value) for name, value in words.items() if name != "share_text"),
    )
    figure = _FIGURES.get(key)
    if figure is None:
        if len(_FIGURES) > 64:
            _FIGURES.clear()
        figure = _FIGURES[key] = result_figure(shown, **words)
    return figure


def _bar_figures(view: View, shown: Result, fewer: str, *, key, projector, fit) -> None:
    """A choice's or a scale's bars, their text alternative, and a scale's median."""
    font = 24 if projector else 18
    words = {
        "axis_title": view.t("live.share_axis" if shown.blurred else "live.chart_axis"),
        "fewer_text": fewer,
        "right_mark": view.t("live.right_mark"),
        "share_text": lambda share: percent(share, view.lang, 0),
    }
    # The presenter's page (a laptop or a phone) names each bar above it; the projector's
    # names beside them, and above them too in a narrow window (NARROW_CSS).
    figure = _result_figure(
        shown, view.lang, fit, **words, font_px=font, fill=projector, stacked=not projector
    )
    narrow = _result_figure(shown, view.lang, fit, **words, stacked=True) if projector else None

    def said(bar) -> str:
        if bar.count is None:
            return fewer
        return percent(bar.share, view.lang, 0) if shown.blurred else str(bar.count)

    summary = "; ".join(
        view.t("live.chart_alt_item").format(label=bar.label, count=said(bar)) for bar in shown.bars
    )
    alt = view.t("live.chart_alt").format(counts=summary)
    _chart(figure, key, alt, projector, fit, narrow)
    if shown.median is not None:
        st.markdown(view.t("live.median").format(value=decimal(shown.median, view.lang)))


def _figures(
    view: View, question: LiveQuestion, shown: Result, fewer: str, *, key, projector, fit
) -> None:
    if question.form in ("choice", "scale"):
        _bar_figures(view, shown, fewer, key=key, projector=projector, fit=fit)
    elif question.form == "words":
        if shown.words:
            label = view.t("live.cloud_alt").format(
                words=", ".join(f"{w} ({n})" for w, n in shown.words[:40])
            )
            st.html(cloud_html(shown.words, label, largest=110 if projector else 64))
        else:
            st.info(view.t("live.no_words"))
    elif question.form == "open":
        if shown.texts:
            st.html(said_html((text, "") for text in shown.texts))
        else:
            st.info(view.t("live.no_texts"))
    elif question.form == "questions":
        if shown.asks:
            lines = []
            for ask in shown.asks:
                mark = " ✓" if ask.status == "answered" else ""
                votes = view.t("join.votes").format(count=ask.votes)
                lines.append((ask.text, f" · {votes}{mark}"))
            st.html(said_html(lines))
        else:
            st.info(view.t("live.no_asks"))
    else:
        figure = density_figure(
            shown,
            x_title=view.t("attachment.map.axis_avoidance"),
            y_title=view.t("attachment.map.axis_anxiety"),
            font_px=24 if projector else 18,
            fill=projector,
        )
        _chart(figure, key, view.t("live.map_alt"), projector, fit)


def _chart(figure, key: str, alt: str, projector: bool, fit: bool = False, narrow=None) -> None:
    """A results chart; on the projector it fills a box sized to the window (_SCREEN_CSS), or
    with `fit` the height of its container. `narrow`: the same results drawn for a window
    narrower than 760 px, shown there instead (NARROW_CSS)."""
    if narrow is not None:
        st.html(NARROW_CSS, width="content")
        with st.container(key=f"{key}_wide"):
            _chart(figure, key, alt, projector, fit)
        with st.container(key=f"{key}_narrow"):
            st.plotly_chart(
                narrow,
                key=f"{key}_narrow_chart",
                config={"displayModeBar": False, "staticPlot": True},
                width="stretch",
                theme=None,
                alt=alt,
            )
        return
    if fit:  # a picture the height of its box: no hover, no toolbar
        figure.update_layout(height=None)
        st.plotly_chart(
            figure,
            key=key,
            config={"displayModeBar": False, "staticPlot": True, "responsive": True},
            width="stretch",
            height="stretch",
            theme=None,
            alt=alt,
        )
        return
    if projector:
        with st.container(key="live_screen_box"):
            st.plotly_chart(
                figure,
                key=key,
                config={"displayModeBar": False},
                width="stretch",
                alt=alt,
            )
        return
    st.plotly_chart(figure, key=key, config={"displayModeBar": False}, width="stretch")
    st.caption(alt)


def _moderation(view: View, store: Store, question: LiveQuestion, tally: Tally) -> None:
    """What the presenter decides on: words to hide, texts and audience questions to approve."""
    if question.form == "words" and (tally.words or tally.hidden):
        _moderate_words(view, store, tally)
    if question.form == "open":
        _moderate_texts(view, store, tally)
    if question.form == "questions":
        _moderate_asks(view, store, tally)


def _moderate_words(view: View, store: Store, tally: Tally) -> None:
    """The words said, those chosen hidden from the cloud (and back)."""
    room = tally.room
    hidden = sorted(tally.hidden)
    chosen = st.multiselect(
        view.t("live.hide_words"),
        sorted(set(tally.words) | set(hidden)),
        default=hidden,
        key=f"live_hidden_{room.code}_{room.round}",
    )
    for word in set(chosen) - set(hidden):
        _act(view, store.hide_word, room.code, room.round, word, True)
    for word in set(hidden) - set(chosen):
        _act(view, store.hide_word, room.code, room.round, word, False)


def _moderate_texts(view: View, store: Store, tally: Tally) -> None:
    """Each free text not hidden, to approve (as read on screen) or to hide."""
    room = tally.room
    for participant, text, status in tally.texts:
        if status == "hidden":
            continue
        line, approve, hide = _said_row(f"live_text_{room.round}_{participant}")
        line.html(said_line(text, " ✓" if status == "approved" else ""))
        if status != "approved":
            approve.button(
                view.t("live.approve"),
                key=f"live_ok_{room.round}_{participant}",
                # Bound to the text on screen: a text replaced since is not approved.
                on_click=lambda p=participant, seen=text: _approve_text(view, store, room, p, seen),
            )
        hide.button(
            view.t("live.hide"),
            key=f"live_hide_{room.round}_{participant}",
            on_click=lambda p=participant: _act(
                view, store.set_text_status, room.code, room.round, p, "hidden"
            ),
        )


def _moderate_asks(view: View, store: Store, tally: Tally) -> None:
    """Each audience question not hidden: approve it, mark it answered, or hide it."""
    room = tally.room
    for ask in tally.asks:
        if ask.status == "hidden":
            continue
        line, first, second = _said_row(f"live_ask_{ask.id}")
        votes = view.t("join.votes").format(count=ask.votes)
        line.html(said_line(ask.text, f" · {votes} · {view.t('live.ask_' + ask.status)}"))
        if ask.status == "pending":
            first.button(
                view.t("live.approve"),
                key=f"live_ask_ok_{ask.id}",
                on_click=lambda a=ask.id: _act(
                    view, store.set_ask_status, room.code, a, "approved"
                ),
            )
        elif ask.status == "approved":
            first.button(
                view.t("live.answered_mark"),
                key=f"live_ask_done_{ask.id}",
                on_click=lambda a=ask.id: _act(
                    view, store.set_ask_status, room.code, a, "answered"
                ),
            )
        second.button(
            view.t("live.hide"),
            key=f"live_ask_hide_{ask.id}",
            on_click=lambda a=ask.id: _act(view, store.set_ask_status, room.code, a, "hidden"),
        )


def _counts(view: View, question: LiveQuestion | None, tally: Tally, column) -> None:
    first, second = column
    first.metric(view.t("live.participants"), tally.participants)
    if question is not None and question.personal:
        return  # a live count of a personal question shows a vote arrive in a small room
    second.metric(
        view.t("live.answered"), tally.answered if question is None else answered(question, tally)
    )


def room_guard(view: View, store: Store, room: Room, prefix: str) -> None:
    """New phones: a warning when they join faster than a real room's, and one click to stop
    them (and one to let them in again); the phones already in go on answering."""
    count, seconds = settings.JOIN_ALERT
    if room.joins_closed:
        st.warning(view.t("live.joins_stopped"), icon=":material/door_front:")
        st.button(
            view.t("live.reopen_joins"),
            key=f"{prefix}_reopen_joins",
            icon=":material/door_open:",
            on_click=lambda: _act(view, store.stop_joins, room.code, False),
        )
        return
    try:
        recent = store.recent_joins(room.code, seconds)
    except StoreUnavailable:
        recent = 0
    fast = recent > count
    if fast:
        st.error(
            view.t("live.join_alert").format(count=recent, seconds=decimal(seconds, view.lang)),
            icon=":material/warning:",
        )
    st.button(
        view.t("live.stop_joins"),
        key=f"{prefix}_stop_joins",
        type="primary" if fast else "secondary",
        icon=":material/door_front:",
        on_click=lambda: _act(view, store.stop_joins, room.code, True),
    )


@st.fragment(run_every=REFRESH_S)
def live_results(view: View, store: Store, code: str, questions: dict[str, LiveQuestion]) -> None:
    """Participants, answers and the results, re-read from the store every REFRESH_S."""
    try:
        tally = store.tally(code)
        store.probe()  # a full disk or a read-only file shows here, not only on phones
    except StoreUnavailable as error:
        st.error(fault_text(view, error), icon=":material/cloud_off:")
        return
    if tally is None:
        st.warning(view.t("live.room_gone"))
        return
    room = tally.room
    counts = st.columns(3)
    question = questions.get(room.question_id or "")
    _counts(view, question, tally, counts[:2])
    room_guard(view, store, room, "live")
    if room.paused:
        st.warning(view.t("live.paused_note"), icon=":material/pause_circle:")
    if question is None:
        st.info(view.t("live.no_question"))
        return
    revealed = room.phase == "revealed"
    if revealed and question.form == "choice" and not question.personal:
        share = share_right(tally, question)
        counts[2].metric(
            view.t("live.share_right"),
            percent(100 * share, view.lang, 0) if share is not None else "—",
            help=None if question.correct else view.t("live.no_right_answer"),
        )
    if question.situation:
        st.markdown(question.situation)
    st.markdown(f"**{view.t('live.phase_' + room.phase)}** · {question.prompt}")
    shown = result(question, tally, skip_label=view.t("join.skip"))
    show_result(view, question, tally, shown, key="live_chart", projector=False)
    if revealed and question.explanation:
        st.markdown(question.explanation)
    _moderation(view, store, question, tally)


@st.fragment(run_every=REFRESH_S)
def screen_results(view: View, store: Store, code: str, questions: dict[str, LiveQuestion]) -> None:
    """The projector's picture of the room: question, results, count; no control."""
    try:
        tally = store.tally(code)
    except StoreUnavailable:
        st.markdown(f"## {view.t('live.screen_pause')}")  # the presenter's page says why
        return
    if tally is None:
        st.markdown(f"## {view.t('live.room_gone')}")
        return
    room = tally.room
    question = questions.get(room.question_id or "")
    with st.container(key="live_screen_body"):
        if question is None or room.phase == "waiting":
            st.markdown(f"## {view.t('live.screen_waiting')}")
            st.metric(view.t("live.participants"), tally.participants)
            return
        if room.paused:
            st.markdown(f"## {view.t('live.screen_pause')}")
            return
        st.markdown(f"## {question.prompt}")
        counts = []
        if not question.personal:  # no count beside a personal question's groups (poll_slide)
            counts.append(f"{view.t('live.participants')} **{tally.participants}**")
            counts.append(f"{view.t('live.answered')} **{answered(question, tally)}**")
        counts.append(f"*{view.t('live.phase_' + room.phase)}*")
        st.markdown(" · ".join(counts))
        shown = result(question, tally, skip_label=view.t("join.skip"))
        show_result(view, question, tally, shown, key="live_screen_chart", projector=True)
        if room.phase == "revealed" and question.explanation:
            st.markdown(question.explanation)


def render_screen(view: View, store: Store, code: str | None, questions) -> None:
    st.html(_SCREEN_CSS, width="content")
    if code is None:
        st.markdown(f"## {view.t('live.screen_no_room')}")
        return
    with st.container(key="live_screen_head"):
        room_header(view, code, qr_width=170, hint=False)
    screen_results(view, store, code, questions)


def _signin(view: View, text, screen: bool) -> None:
    """/live before the presenter signs in: the way in, and the page's sections for the room."""
    if screen:  # a projector window after a restart: the way in, right here
        st.markdown(f"## {view.t('live.presenter_only')}")
        signin_in_place(view)
        return
    # The page's sections tell the room how to join; the presenter signs in below.
    render(view, sections_parts(text))
    with st.expander(
        view.t("signin.in_place"), icon=":material/login:", expanded=on_this_computer()
    ):
        signin_in_place(view)


def _no_room(view: View, store: Store, rooms, zone, *, gone: bool) -> None:
    """/live with no room chosen: the rooms still open, how long rooms are kept, the editor."""
    if gone:
        st.warning(view.t("live.room_gone"))
    _room_list(view, store, rooms, zone)
    hours = settings.room_lifetime_seconds() / 3600
    st.caption(view.t("live.stored").format(hours=decimal(hours, view.lang)))
    if st.button(view.t("editor.open_link"), icon=":material/edit_note:", key="editor_open"):
        st.query_params[EDIT_PARAM] = "talk"
        st.rerun()


def render_live(view: View) -> None:
    text = view.page("live")
    screen = st.query_params.get(SCREEN_PARAM) == "1"
    if not screen:
        render(view, title_parts(text))
        if authorized(view, quiet=True):
            problems_panel(view)  # a content edit to fix: the presenter sees it, the room goes on
    if not authorized(view):
        _signin(view, text, screen)
        return

    if st.query_params.get(EDIT_PARAM) == "talk":  # shape a talk (lien.ui.talk_editor)
        talk_editor(view)
        return
    store = current_store()
    questions = live_questions(view.bundle, view.lang)
    code = current_code()
    if screen:
        render_screen(view, store, code, questions)
        return
    for key, show in ((ERROR_KEY, st.error), (NOTICE_KEY, st.success)):
        if st.session_state.get(key):
            show(st.session_state.pop(key))
    hours = settings.room_lifetime_seconds() / 3600
    zone = _zone()
    try:
        room = store.room(code) if code else None
        rooms = [] if room else store.open_rooms()
    except StoreUnavailable as error:
        st.error(fault_text(view, error), icon=":material/cloud_off:")
        rooms, room = [], None
    if room is None:
        _no_room(view, store, rooms, zone, gone=bool(code))
        return
    room_header(view, room.code)
    # A talk's room: that talk's questions first, in its order (lien.live.room_talk).
    with contextlib.suppress(StoreUnavailable):
        talk_id = talk_of_room(room.code)
        talk = talk_of(view.bundle, view.lang, talk_id) if talk_id else None
        own = [s.id for s in talk.slides if s.question is not None] if talk else []
        questions = talk_first(questions, own)
    _controls(view, store, room, questions)
    live_results(view, store, room.code, questions)
    until = export.local(room.expires_at, zone)[:16]
    st.caption(
        view.t("live.stored").format(hours=decimal(hours, view.lang))
        + " "
        + view.t("live.kept_until").format(until=until)
    )
