"""The live room's slides in a talk: a poll or quiz question, and how to join the room.

Present mode (lien.ui.present) calls these for a talk's `poll:<id>`, `quiz:<id>` and `join`
items, inside its stage (the whole window, projector type, nothing scrolls).

- `poll_slide(view, question_id, run_id)`: the join QR code and the short address on one line,
  the live count, the question, and its results as the /live page's projector view draws them
  (lien.ui.live.show_result: each question's `results` setting and small-room rule). Once
  revealed, the right answer and the explanation, as on the phones.
- `join_slide(view, run_id)`: how the room joins, with the room's QR code and address.
- `poll_controls(view, question_id, run_id, …)`: open, close and reveal, in present mode's
  hidden control bar (with their keys, lien.keymap) and in the speaker view (buttons only).

One live room per talk run: the first poll opened (or the join slide shown) by the presenter
opens it, and its code goes on the run's row (lien.live.runs), so a reload of the projector,
the speaker view or another replica finds the same room in the same state.

Without the presenter token a poll slide shows the question and "presenter only", and every
action checks the token again on the server (`may_act`): hidden buttons are not the guard.

Its keys, on a question slide only (open, close, reveal), are lien.keymap's, with present
mode's.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from lien import static
from lien.content import Bundle
from lien.keymap import letter
from lien.live import address
from lien.live import presenter_token as token
from lien.live.questions import LiveQuestion, live_questions
from lien.live.results import Result, result
from lien.live.runs import current_runs, run_key_matches
from lien.live.slide_room import SlideRound, answered, room_marker, slide_round
from lien.live.store import StoreUnavailable, current_store
from lien.sitemap import KEY_PARAM
from lien.ui import follow
from lien.ui.live import fault_text, join_line, room_downloads, show_result
from lien.ui.live import room_guard as live_room_guard
from lien.ui.presenter import authorized, signin_in_place
from lien.ui.server import secret_token
from lien.view import View

ERROR_KEY = "poll_slide_error"
STAGE_ITEMS = 5  # free texts or audience questions on the stage at once
STAGE_TEXT = 140  # characters of each
STAGE_WORDS = 24  # words of a word cloud

# Inside present mode's stage: the join line at the top, the question, then its words on the
# left and its results filling the rest of the window on the right.
POLL_CSS = static.style("poll_slide.css")


def _presenter(view: View) -> bool:
    return authorized(view, quiet=True)


def may_act(view: View, run_id: str) -> bool:
    """The server's own check, in every action: this session showed the presenter token (or,
    in the speaker view, holds this run's key)."""
    if _presenter(view):
        return True
    try:
        expected = token.presenter_token(secret_token())
    except token.TokenTooShort:
        return False
    return run_key_matches(st.query_params.get(KEY_PARAM), expected, run_id)


def run_room(run_id: str, *, create: bool, bundle: Bundle | None = None) -> str | None:
    """The run's live room (its code), opened now when `create` and it has none (or it expired)."""
    store, runs = current_store(), current_runs()
    run = runs.run(run_id)
    if run is None:
        return None
    if run.room_code and store.room(run.room_code) is not None:
        return run.room_code
    if not create:
        return None
    if run.room_code:  # expired or deleted: this run gets a new one
        runs.set_room(run_id, None)
    plan = bundle.talks.get(run.talk_id) if bundle is not None else None
    opened = store.open_room(
        min_group=plan.min_group if plan else None,
        max_phones=plan.max_phones if plan else None,
        per_address=plan.phones_per_address if plan else None,
    ).code
    code = runs.claim_room(run_id, opened)
    if code != opened:  # another tab or replica opened one first: keep theirs
        store.delete_room(opened)
    return code


# --- actions (button callbacks: each checks the presenter again) ----------------------------


def _act(view: View, run_id: str, question_id: str, action: str) -> None:
    if not may_act(view, run_id):
        return
    store = current_store()
    try:
        code = run_room(run_id, create=action == "open", bundle=view.bundle)
        if code is None:
            return
        room = store.room(code)
        here = room is not None and room.question_id == question_id and room.phase != "waiting"
        if action == "open" and not here:
            store.open_question(code, question_id)
        elif action == "open" and room.phase == "closed":  # a few more answers, same round
            store.reopen(code)
        elif action == "close" and here and room.phase == "open":
            store.close_answers(code)
        elif action == "reveal" and here and room.phase != "revealed":
            store.reveal(code)
    except StoreUnavailable as error:
        st.session_state[ERROR_KEY] = fault_text(view, error)


def poll_controls(
    view: View, question_id: str, run_id: str, *, prefix: str, show_keys: bool = True
) -> None:
    """Open, close and reveal this question, for the presenter only (nothing otherwise)."""
    if not may_act(view, run_id):
        return
    state = None
    try:
        state = slide_round(current_store(), run_room(run_id, create=False), question_id)
    except StoreUnavailable as error:
        st.session_state[ERROR_KEY] = fault_text(view, error)
    current = state is not None and state.current
    phase = state.phase if current else None
    # A: open it, or reopen it once closed (its answers kept: a personal question that needs
    # a few more answers gets them from its slide).
    reopen = current and phase == "closed"
    for action, icon, disabled in (
        ("open", "play_arrow", current and not reopen),
        ("close", "stop", phase != "open"),
        ("reveal", "visibility", not current or phase == "revealed"),
    ):
        key = letter(f"poll_{action}")
        label = view.t(
            "present.poll_reopen" if action == "open" and reopen else f"present.poll_{action}"
        )
        st.button(
            f"{label} ({key})" if show_keys else label,
            key=f"{prefix}_{action}",
            icon=f":material/{icon}:",
            disabled=disabled,
            type="primary" if action == "open" and not disabled else "secondary",
            on_click=_act,
            args=(view, run_id, question_id, action),
        )
    error = st.session_state.pop(ERROR_KEY, None)
    if error:
        st.markdown(f":material/cloud_off: {error}")


@st.fragment(run_every=2.0)
def room_guard(view: View, run_id: str, prefix: str) -> None:
    """The run's room: new phones joining too fast, and the switch that stops them (the
    speaker view; /live has the same)."""
    if not may_act(view, run_id):
        return
    store = current_store()
    try:
        code = run_room(run_id, create=False)
        room = store.room(code) if code else None
    except StoreUnavailable:
        return
    if room is not None:
        live_room_guard(view, store, room, prefix)


def room_files(view: View, run_id: str, prefix: str) -> None:
    """The run's room report and CSV (present mode's overview, the speaker view)."""
    if not may_act(view, run_id):
        return
    try:
        code = run_room(run_id, create=False)
    except StoreUnavailable:
        return
    if code is not None:
        with st.container(horizontal=True, gap="small", key=f"{prefix}_files"):
            room_downloads(view, current_store(), code, prefix)


# --- the slides --------------------------------------------------------------------------------


def _head(view: View, code: str, counts: str) -> None:
    """The QR code, the short address on one line, the live count beneath it."""
    join, svg = join_line(view, code)
    with st.container(
        key="poll_slide_head", horizontal=True, vertical_alignment="center", gap="medium"
    ):
        st.image(svg, alt=view.t("live.qr_alt").format(address=join), width=160)
        with st.container(key="poll_slide_where", gap=None):
            st.markdown(f"{view.t('live.join_at')} `{join}`")
            st.markdown(counts)


def _counts(view: View, question: LiveQuestion, state: SlideRound) -> str:
    # A personal question shows no count at all: its live count would show a vote arrive in
    # a small room, and the room's size beside its groups would bound the hidden ones.
    words = [] if question.personal else [f"{view.t('live.participants')} **{state.participants}**"]
    if state.tally is not None and not question.personal:
        words.append(f"{view.t('live.answered')} **{answered(question, state.tally)}**")
    if state.room.paused:
        words.append(f"*{view.t('live.screen_pause')}*")
    elif state.tally is not None:
        words.append(f"*{view.t('live.phase_' + state.phase)}*")
    return " · ".join(words)


def _what_to_do(view: View, question: LiveQuestion) -> str:
    """The question's own words for the room: its options, its scale, what phones send."""
    ui = view.bundle.ui[view.lang]
    if question.form == "choice":
        return "\n".join(f"- {text}" for _, text in question.options)
    if question.form == "scale":
        return ui["join.scale_help"].format(
            low=question.low, points=question.scale, high=question.high
        )
    if question.form == "words":
        return ui["join.words_help"].format(count=question.words)
    if question.form == "open":
        return ui["join.open_help"]
    if question.form == "questions":
        return ui["join.ask_help"]
    return ui["join.map_what"]


def _words(view: View, question: LiveQuestion, revealed: bool, results: bool) -> None:
    """Beside the results: the situation, what to answer; once revealed, the right answer
    and the explanation (what was read before gives them its room)."""
    explained = revealed and bool(question.explanation)
    if question.situation and not explained:
        st.markdown(question.situation)
    if revealed and question.correct:
        right = ", ".join(question.option_text(c) or c for c in sorted(question.correct))
        st.markdown(f"**{view.t('join.right_answer').format(option=right)}**")
    elif question.form == "scale" or not (revealed and results):
        st.markdown(_what_to_do(view, question))
    if explained:
        st.markdown(question.explanation)


def _short(text: str) -> str:
    if len(text) <= STAGE_TEXT:
        return text
    return text[:STAGE_TEXT].rsplit(" ", 1)[0] + " …"


def _for_stage(shown: Result) -> Result:
    """What fits the stage: the first texts and questions (by votes), each cut short, and the
    most given words (the report has them all)."""
    asks = tuple(replace(a, text=_short(a.text)) for a in shown.asks[:STAGE_ITEMS])
    texts = tuple(_short(t) for t in shown.texts[:STAGE_ITEMS])
    return replace(shown, asks=asks, texts=texts, words=shown.words[:STAGE_WORDS])


def _signed_out(view: View, question: LiveQuestion) -> None:
    """The question as a slide for a browser without the presenter's token, and the sign-in."""
    st.title(question.prompt, anchor=False)
    if question.situation:
        st.markdown(question.situation)
    st.markdown(_what_to_do(view, question))
    st.caption(view.t("present.presenter_only"))
    with st.container(key="poll_slide_signin", width=520):
        signin_in_place(view, key="poll_slide_signin_here")


def _round(view: View, run_id: str, question_id: str):
    """The run's room and its round of this question, or None (said) when the store fails."""
    try:
        return slide_round(current_store(), run_room(run_id, create=False), question_id)
    except StoreUnavailable as error:
        st.warning(fault_text(view, error), icon=":material/cloud_off:")
        return None


def poll_slide(view: View, question_id: str, run_id: str) -> None:
    """A poll or quiz question of the live room, for the projector."""
    question = live_questions(view.bundle, view.lang).get(question_id)
    if question is None:  # the content changed under a running talk: present mode moves on
        st.title(view.t("present.question_gone"), anchor=False)
        return
    if not _presenter(view):
        _signed_out(view, question)
        return
    st.html(POLL_CSS, width="content")
    state = _round(view, run_id, question_id)
    if state is not None:
        _head(view, state.room.code, _counts(view, question, state))
    with st.container(key="poll_slide_question"):
        st.title(question.prompt, anchor=False)
    shown = None
    if state is not None and state.tally is not None:
        shown = result(question, state.tally, skip_label=view.t("join.skip"), phase=state.phase)
    revealed = state is not None and state.phase == "revealed"
    listed = shown is not None and shown.state == "shown" and question.form in ("open", "questions")
    # A chart or a list drawn beside the words; else (not open yet, results after the close…)
    # the words take the stage's width, and a line under them says why there is no chart.
    drawn = shown is not None and shown.state == "shown" and not shown.all_hidden

    def results() -> None:
        show_result(
            view,
            question,
            state.tally,
            _for_stage(shown),
            key="poll_slide_chart",
            projector=True,
            fit=True,
        )

    with st.container(key="poll_slide_body", horizontal=True, gap="large"):
        if not listed:  # a list of texts takes the stage's width
            with st.container(key="poll_slide_words" if drawn else "poll_slide_alone"):
                _words(view, question, revealed, shown is not None and shown.state == "shown")
                if shown is not None and shown.blurred and not shown.all_hidden:
                    # What a personal question's figures are, and why (the chart fills the
                    # other column to its foot).
                    st.caption(view.t("live.blurred_note").format(n=shown.min_group))
                if shown is not None and not drawn:
                    results()
        if drawn:
            with st.container(key="poll_slide_figure", height=600, border=False):
                results()
    follow.room_marker(room_marker(state, question))


def join_slide(view: View, run_id: str) -> None:
    """How the room joins the live room from their phones: for the presenter, the run's room
    (opened now if it has none) with its QR code and address; otherwise the join page."""
    st.html(POLL_CSS, width="content")
    st.title(view.t("present.join_title"), anchor=False)
    code = None
    if _presenter(view):
        try:
            code = run_room(run_id, create=True, bundle=view.bundle)
        except StoreUnavailable as error:
            st.warning(fault_text(view, error), icon=":material/cloud_off:")
    st.markdown(view.t("present.join_intro" if code is None else "present.join_scan"))
    if code is None:
        port = int(st.get_option("server.port") or 8501)
        st.markdown(f"## `{address.public_base_url(port)}/join`")
        st.markdown(view.t("present.join_code"))
        if not _presenter(view):
            st.caption(view.t("signin.in_place"))
            with st.container(key="join_slide_signin", width=520):
                signin_in_place(view, key="join_slide_signin_here")
        return
    join, svg = join_line(view, code)
    with st.container(
        key="join_slide_where", horizontal=True, vertical_alignment="center", gap="large"
    ):
        st.image(svg, alt=view.t("live.qr_alt").format(address=join), width=360)
        with st.container(gap=None):
            st.markdown(f"`{join}`")
            try:
                state = slide_round(current_store(), code, None)
            except StoreUnavailable:
                state = None
            if state is not None:
                st.markdown(f"{view.t('live.participants')} **{state.participants}**")
    follow.room_marker(room_marker(state, None))
