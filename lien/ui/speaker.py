"""The speaker view (`?notes=<run>`): notes, the next slide, the clock and the plan, a remote.

Opened from present mode's "Speaker notes" on the presenter's laptop, or on a phone (390 px)
as a remote: big Previous/Next buttons move the projector, a list jumps to any slide. It reads
the talk run from the database (lien.live.runs) twice a second, so it follows the projector
within a second whichever tab was reloaded, and through another server process.

It needs the presenter token (the live room's). Once given, the address keeps a key to this
run only (`key=`, lien.live.runs.run_key), so a reload of this tab asks no token again.
"""

from __future__ import annotations

import os
import time

import streamlit as st

from lien import run_markers, static
from lien.html import Markup
from lien.keymap import KEYMAP, key_names, name_text
from lien.live import address
from lien.live import presenter_token as token
from lien.live.runs import (
    Run,
    current_runs,
    run_key,
    run_key_matches,
    time_per_item,
    valid_run_id,
)
from lien.live.store import StoreUnavailable
from lien.sitemap import KEY_PARAM, LANG_PARAM, NOTES_PARAM
from lien.talks import Talk, TalkSlide, talk_of
from lien.text import number as decimal
from lien.ui.follow import FOLLOW_JS, follow_button, follow_marker, ticking
from lien.ui.page import content_notice
from lien.ui.poll_slide import poll_controls, room_files, room_guard
from lien.ui.presenter import authorized, signin_in_place
from lien.ui.projector import charts_of
from lien.ui.room_side import moderator_panel, pace_panel
from lien.ui.server import secret_token
from lien.ui.talk_files import talk_downloads
from lien.view import View

SHOWN_KEY = "speaker_shown"  # (talk id, lang, content generation, number, blank)
SIZE_KEY = "speaker_size"
JUMP_KEY = "speaker_jump"
ERROR_KEY = "speaker_error"
NOTE_SIZES = {"s": 20, "m": 26, "l": 32, "xl": 40}  # px

SPEAKER_CSS = static.style("speaker_view.css")


def _allowed(view: View, run_id: str) -> bool:
    """The presenter token, given once (in the address or typed); then the run's key."""
    expected = token.presenter_token(secret_token())
    if run_key_matches(st.query_params.get(KEY_PARAM), expected, run_id):
        return True
    if authorized(view):
        st.query_params[KEY_PARAM] = run_key(expected, run_id)
        return True
    return False


def notes_view(view: View) -> None:
    content_notice(view)
    st.html(SPEAKER_CSS + FOLLOW_JS, unsafe_allow_javascript=True, width="content")
    run_id = st.query_params.get(NOTES_PARAM, "")
    if not valid_run_id(run_id):
        st.title(view.t("present.notes_title"), anchor=False)
        st.warning(view.t("speaker.bad_address"))
        return
    if not _allowed(view, run_id):
        st.title(view.t("present.notes_title"), anchor=False)
        st.markdown(view.t("speaker.token_needed"))
        signin_in_place(view)
        return
    _address_warning(view)
    error = st.session_state.pop(ERROR_KEY, None)
    if error:
        st.error(error, icon=":material/cloud_off:")
    try:
        run = current_runs().run(run_id)
    except StoreUnavailable as failure:
        st.session_state[SHOWN_KEY] = None
        st.error(view.t("present.store_down").format(error=failure), icon=":material/cloud_off:")
        _follow(run_id, "unreachable")
        return
    talk = talk_of(view.bundle, run.lang, run.talk_id) if run is not None else None
    if run is None or talk is None:
        st.session_state[SHOWN_KEY] = None
        st.title(view.t("present.notes_title"), anchor=False)
        st.info(view.t("present.notes_waiting" if run is None else "speaker.talk_gone"))
        _follow(run_id, "waiting")
        return
    number = talk.find(run.slide, run.item_id)
    slide = talk.slide(number)
    # The talk's language, whatever this tab's: its notes and titles are in it.
    _speaker(View(view.bundle, talk.lang), talk, slide, run)
    st.session_state[SHOWN_KEY] = (talk.id, talk.lang, view.bundle.generation, number, run.blank)
    # Last: a run stopped half-way leaves no marker of the new slide, and is asked for again.
    _follow(run_id, run_markers.follow_marker(talk, number, run.blank))


def _address_warning(view: View) -> None:
    """When the join address cannot work, the presenter's own view says so (the projector
    never warns the room): the app listens on this computer only, or it is on no network."""
    if address.bound_to_loopback(st.get_option("server.address")):
        text = f"{view.t('start.loopback')} {view.t('start.loopback_how')}"
    elif not os.environ.get("LIEN_PUBLIC_URL", "").strip() and not address.addresses():
        text = view.t("start.no_network")
    else:
        return
    st.warning(text, icon=":material/wifi_off:")


def _follow(run_id: str, marker: str) -> None:
    follow_marker(marker, run_id, "speaker_follow")
    follow_button("speaker_follow")


def _speaker(view: View, talk: Talk, slide: TalkSlide, run: Run) -> None:
    run_id, blank = run.run_id, run.blank
    part = talk.part_of(slide.number)
    st.markdown(
        f"**{slide.number} / {len(talk)}** · {part.title} · {talk.title}"
        + (f" · :material/tv_off: **{view.t('speaker.screen_blank')}**" if blank else "")
    )
    _remote(view, talk, slide, run_id, blank)
    if slide.question is not None:  # open, close and reveal from the phone too
        with st.container(key="speaker_poll", horizontal=True, gap="small"):
            poll_controls(view, slide.id, run_id, prefix="speaker_poll", show_keys=False)
    room_guard(view, run_id, "speaker_room")  # new phones joining too fast: one click stops them
    pace_panel(view, run_id)  # the phones' "a little slower" and "I need a moment", from 3
    now, following = st.columns([3, 2], gap="large")
    with now:
        with st.container(key="speaker_slide"):
            st.caption(view.t("speaker.now"))
            st.subheader(slide.title, anchor=False)
            st.markdown(_preview(view, slide))
            _page_image(view, slide)
        size = st.segmented_control(
            view.t("speaker.size"),
            options=list(NOTE_SIZES),
            format_func=lambda s: view.t(f"speaker.size_{s}"),
            default="l",
            required=True,
            key=SIZE_KEY,
            bind="query-params",
        )
        px = NOTE_SIZES.get(size or "l", NOTE_SIZES["l"])
        st.html(
            f"<style>.st-key-speaker_notes :is(p, li) {{ font-size: {px}px !important;"
            f" line-height: 1.45; }}</style>",
            width="content",
        )
        with st.container(key="speaker_notes"):
            st.markdown(slide.notes)
    with following:
        if slide.number < len(talk):
            upcoming = talk.slide(slide.number + 1)
            st.markdown(f"**{view.t('present.up_next')}** {upcoming.title}")
            st.caption(_preview(view, upcoming))
        _clock_and_plan(view, talk, slide, run)
        numbers = [s.number for s in talk.slides]
        # One list per loaded content: after an edit mid-talk the browser still holds the old
        # list's choice (a label of a slide that may be gone) and reports it as a change.
        jump_key = f"{JUMP_KEY}_{view.bundle.generation}"
        st.session_state[jump_key] = slide.number
        st.selectbox(
            view.t("speaker.jump"),
            numbers,
            format_func=lambda n: f"{n} · {talk.slide(n).title}",
            key=jump_key,
            on_change=_jump,
            args=(view, talk, run_id, jump_key),
        )
        st.button(
            view.t("speaker.restart"),
            key="speaker_restart",
            icon=":material/restart_alt:",
            on_click=_restart,
            args=(view, talk, run_id),
        )
        _phone(view, run_id)
        moderator_panel(view, run_id)
        talk_downloads(view, talk.id, "speaker")
        room_files(view, run_id, "speaker_room")
        key_help(view)


def key_lines(view: View) -> list[tuple[str, str]]:
    """The projector's keys (lien.keymap) in the view's language: (keys, what they do)."""
    return [
        (
            ", ".join(name_text(name, view.texts) for name in key_names(binding)),
            view.t(f"keys.{binding.action}"),
        )
        for binding in KEYMAP
    ]


def key_help(view: View) -> None:
    """The projector's keys, folded: the presenter looks them up, the notes stay in view."""
    rows = "\n".join(f"| {keys} | {does} |" for keys, does in key_lines(view))
    with st.expander(view.t("keys.heading"), icon=":material/keyboard:", key="speaker_keys"):
        st.markdown(
            f"{view.t('keys.intro')}\n\n"
            f"| {view.t('keys.col_keys')} | {view.t('keys.col_action')} |\n|---|---|\n{rows}"
        )


def _page_image(view: View, slide: TalkSlide) -> None:
    """A page of one's own deck: the picture itself, whole, the column's width."""
    own = slide.own
    if own is None or not own.image_only or view.bundle.media_dir is None:
        return
    path = view.bundle.media_dir / (own.image or "")
    if path.is_file():
        st.image(str(path), width="stretch", alt=own.image_alt)


def _preview(view: View, slide: TalkSlide) -> str:
    """What the room sees on a slide, in a few lines."""
    if slide.question is not None:
        return "\n".join(f"- {text}" for _, text in slide.question.options)
    if slide.own is not None:
        return view.markdown(slide.own.text or "")
    if slide.page_slide is not None:
        lines = [view.markdown(slide.page_slide.text or "")]
        lines += [
            f":material/bar_chart: {view.t(chart.title_key)}"
            for chart in charts_of(view, slide.page_slide)
        ]
        return "\n\n".join(line for line in lines if line)
    return view.t("present.join_intro")


def _remote(view: View, talk: Talk, slide: TalkSlide, run_id: str, blank: bool) -> None:
    """Big Previous and Next (side by side, even on a phone) and the blank screen."""
    with st.container(key="speaker_remote", horizontal=True, gap="small"):
        st.button(
            view.t("present.previous"),
            key="speaker_previous",
            icon=":material/arrow_back:",
            disabled=slide.number == 1,
            on_click=_move,
            args=(view, talk, run_id, slide.number - 1),
            width="stretch",
        )
        st.button(
            view.t("present.next"),
            key="speaker_next",
            type="primary",
            icon=":material/arrow_forward:",
            disabled=slide.number == len(talk),
            on_click=_move,
            args=(view, talk, run_id, slide.number + 1),
            width="stretch",
        )
    st.button(
        view.t("speaker.unblank" if blank else "speaker.blank"),
        key="speaker_blank",
        icon=":material/tv_off:",
        on_click=_set_blank,
        args=(view, run_id, not blank),
    )


def _move(view: View, talk: Talk, run_id: str, number: int) -> None:
    target = talk.slide(number)
    try:
        current_runs().move(run_id, target.number, target.id)
    except StoreUnavailable as error:
        st.session_state[ERROR_KEY] = view.t("present.store_down").format(error=error)


def _jump(view: View, talk: Talk, run_id: str, key: str) -> None:
    """The list's choice, when it is one of this talk's slides (anything else is ignored:
    the projector never moves on a value the presenter did not pick)."""
    number = st.session_state.get(key)
    if isinstance(number, int) and 1 <= number <= len(talk):
        _move(view, talk, run_id, number)


def _set_blank(view: View, run_id: str, blank: bool) -> None:
    try:
        current_runs().set_blank(run_id, blank)
    except StoreUnavailable as error:
        st.session_state[ERROR_KEY] = view.t("present.store_down").format(error=error)


def _restart(view: View, talk: Talk, run_id: str) -> None:
    try:
        current_runs().restart_clock(run_id)
    except StoreUnavailable as error:
        st.session_state[ERROR_KEY] = view.t("present.store_down").format(error=error)


def remote_url(lang: str, run_id: str) -> str:
    """The speaker view of this run for the presenter's phone, with the run's key."""
    port = int(st.get_option("server.port") or 8501)
    expected = token.presenter_token(secret_token())
    return (
        f"{address.public_base_url(port)}/?{LANG_PARAM}={lang}&{NOTES_PARAM}={run_id}"
        f"&{KEY_PARAM}={run_key(expected, run_id)}"
    )


def _phone(view: View, run_id: str) -> None:
    """The address of this view for the presenter's phone, as a QR code (made here)."""
    url = remote_url(view.lang, run_id)
    with st.expander(view.t("speaker.phone"), icon=":material/smartphone:"):
        st.image(address.qr_svg(url), width=220, alt=view.t("speaker.phone_qr_alt"))
        st.caption(view.t("speaker.phone_hint"))


def _minutes(value: float, lang: str) -> str:
    return decimal(value, lang, 1 if value % 1 else 0)


def _clock_and_plan(view: View, talk: Talk, slide: TalkSlide, run: Run) -> None:
    """The time since the run started and, per part, the minutes planned and taken; the page's
    script keeps the clock and the current part's minutes counting between two redraws."""
    now = time.time()
    try:
        spent = time_per_item(current_runs().steps(run.run_id), now)
    except StoreUnavailable:
        spent = {}
    lang = view.lang
    comma = "," if decimal(0.5, lang, 1) == "0,5" else "."
    current = talk.part_of(slide.number).id
    rows = []
    for part in talk.parts:
        actual = sum(spent.get(talk.slide(n).id, 0.0) for n in part.numbers)
        minutes = decimal(actual / 60, lang, 1)
        here = part.id == current
        rows.append(
            Markup("<tr{}><td>{}</td><td class='n'>{}</td><td class='n'>{}</td></tr>").format(
                Markup(" class='now'") if here else "",
                Markup("▶ ") + part.title if here else part.title,
                _minutes(part.planned_minutes, lang),
                ticking(actual, minutes, decimal=comma) if here else minutes,
            )
        )
    elapsed = max(now - run.started_at, 0.0)
    clock = ticking(elapsed, f"{int(elapsed) // 60:02d}:{int(elapsed) % 60:02d}", clock=True)
    planned = view.t("speaker.planned").format(minutes=_minutes(talk.planned_minutes, lang))
    st.html(
        Markup(
            "<div class='lien-plan'><p class='clock'>{} · {}</p><table>"
            "<thead><tr><th>{}</th><th class='n'>{}</th><th class='n'>{}</th></tr></thead>"
            "<tbody>{}</tbody></table></div>"
        ).format(
            clock,
            planned,
            view.t("speaker.col_part"),
            view.t("speaker.col_planned"),
            view.t("speaker.col_actual"),
            Markup("").join(rows),
        ),
        width="stretch",
    )
