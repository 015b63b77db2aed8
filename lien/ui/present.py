"""Present mode (`?present=1`): one slide at a time in big type, keys to move, speaker notes.

The slides of each page come from content/<lang>/slides.toml. The speaker notes open in a
separate view (`?notes=<talk>`) that follows the presenter's current slide, for a second screen.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass

import streamlit as st

from lien.content.models import Slide
from lien.layout import slide_parts
from lien.sitemap import NOTES_PARAM, PAGES, PRESENT_PARAM, SLIDE_PARAM, page
from lien.ui.page import page_frame
from lien.ui.sections import render
from lien.view import View

TALK_KEY = "present_talk"

# Big type for a 1920×1080 projector: body text 34 px (at least 24 px is required).
_PROJECTOR_CSS = """
<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 1500px; padding-top: 2.5rem; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] :is(p, li) {
  font-size: 34px; line-height: 1.45;
}
[data-testid="stMain"] h1 { font-size: 68px; line-height: 1.15; }
[data-testid="stMain"] :is(button, [data-testid^="stBaseLinkButton"])
  [data-testid="stMarkdownContainer"] p { font-size: 24px; }
@media (max-width: 1500px) {
  [data-testid="stMain"] :is(button, [data-testid^="stBaseLinkButton"])
    [data-testid="stMarkdownContainer"] p { font-size: 20px; }
}
/* The stage fills the window above the controls, so they stay on screen at 1280×720 too. */
[data-testid="stLayoutWrapper"]:has(> .st-key-present_stage), .st-key-present_stage {
  max-height: calc(100vh - 9.5rem) !important; min-height: 12rem;
}
</style>
"""


def mode() -> str:
    """'present', 'notes' or 'read', from the URL."""
    if st.query_params.get(NOTES_PARAM):
        return "notes"
    if st.query_params.get(PRESENT_PARAM) == "1":
        return "present"
    return "read"


@dataclass(frozen=True)
class Position:
    lang: str
    page_id: str
    number: int  # 1-based
    at: float


@st.cache_resource
def _positions() -> tuple[dict[str, Position], threading.Lock]:
    # Shared by every session of this server: the presenter's tab writes its slide here and
    # the notes tab reads it. Keyed by a random talk id, so two talks never mix.
    return {}, threading.Lock()


def publish(talk: str, position: Position) -> None:
    table, lock = _positions()
    with lock:
        table[talk] = position


def position_of(talk: str) -> Position | None:
    table, lock = _positions()
    with lock:
        return table.get(talk)


def neighbour(view: View, page_id: str, number: int, step: int) -> tuple[str, int] | None:
    """The slide `step` away (±1), crossing into the previous or next page's deck."""
    deck = view.bundle.deck(view.lang, page_id)
    target = number + step
    if 1 <= target <= len(deck):
        return page_id, target
    order = [p.id for p in PAGES if view.bundle.deck(view.lang, p.id)]
    index = order.index(page_id) + step
    if not 0 <= index < len(order):
        return None
    other = order[index]
    return other, 1 if step > 0 else len(view.bundle.deck(view.lang, other))


def current_number(deck: list[Slide]) -> int:
    raw = st.query_params.get(SLIDE_PARAM, "1")
    number = int(raw) if raw.isdigit() else 1
    return min(max(number, 1), len(deck))


def _go(view: View, page_id: str, target: tuple[str, int] | None) -> None:
    if target is None:
        return
    other, number = target
    if other == page_id:
        st.query_params[SLIDE_PARAM] = str(number)
        st.rerun()
    st.switch_page(
        page(other).script,
        query_params={"lang": view.lang, PRESENT_PARAM: "1", SLIDE_PARAM: str(number)},
    )


def _exit() -> None:
    for key in (PRESENT_PARAM, SLIDE_PARAM):
        if key in st.query_params:
            del st.query_params[key]


def slide_view(view: View, page_id: str) -> None:
    """The current slide of this page, in big type, with previous/next on the arrow keys."""
    page_frame(view)
    st.html(_PROJECTOR_CSS, width="content")
    deck = view.bundle.deck(view.lang, page_id)
    if not deck:
        st.title(view.page(page_id).title)
        st.info(view.t("present.no_slides"))
        st.button(view.t("present.exit"), key="present_exit", on_click=_exit)
        return
    number = current_number(deck)
    if st.query_params.get(SLIDE_PARAM) != str(number):
        st.query_params[SLIDE_PARAM] = str(number)
    talk = st.session_state.setdefault(TALK_KEY, secrets.token_urlsafe(8))
    publish(talk, Position(view.lang, page_id, number, time.time()))

    # A fixed-height stage keeps the controls in one place from slide to slide; its CSS
    # (_PROJECTOR_CSS) sizes it to the window.
    body = st.container(height=720, border=False, key="present_stage")
    back, counter, forward, notes, leave = st.columns([2, 2, 2, 3, 3], vertical_alignment="center")
    counter.markdown(f"**{number} / {len(deck)}**")
    for column, step, name, key, icon in (
        (back, -1, "previous", "left", "arrow_back"),
        (forward, +1, "next", "right", "arrow_forward"),
    ):
        target = neighbour(view, page_id, number, step)
        if column.button(
            view.t(f"present.{name}"),
            key=f"present_{name}",
            shortcut=key,
            disabled=target is None,
            icon=f":material/{icon}:",
        ):
            _go(view, page_id, target)
    notes.link_button(
        view.t("present.open_notes"),
        f"{view.href(page_id)}&{NOTES_PARAM}={talk}",
        icon=":material/speaker_notes:",
    )
    leave.button(
        view.t("present.exit"),
        key="present_exit",
        on_click=_exit,
        shortcut="q",
        icon=":material/close:",
    )
    with body:
        show_slide(view, deck[number - 1])


def show_slide(view: View, slide: Slide) -> None:
    render(view, slide_parts(view.page(slide.page), slide))


def notes_view(view: View) -> None:
    """Speaker notes for a second screen, following the presenter's current slide."""
    page_frame(view)
    st.html(_PROJECTOR_CSS, width="content")
    st.title(view.t("present.notes_title"), anchor=False)
    _follow(view, st.query_params.get(NOTES_PARAM, ""))


@st.fragment(run_every=1)
def _follow(view: View, talk: str) -> None:
    position = position_of(talk)
    if position is None:
        st.info(view.t("present.notes_waiting"))
        return
    deck = view.bundle.deck(position.lang, position.page_id)
    slide = deck[position.number - 1]
    st.markdown(f"**{position.number} / {len(deck)} · {view.t(f'nav.{position.page_id}')}**")
    st.header(_slide_heading(view, position.lang, slide), anchor=False)
    st.markdown(slide.notes)
    following = position.number < len(deck) and deck[position.number]
    if following:
        st.caption(f"{view.t('present.up_next')} {_slide_heading(view, position.lang, following)}")


def _slide_heading(view: View, lang: str, slide: Slide) -> str:
    text = view.bundle.pages[lang][slide.page]
    if slide.section is None:
        return text.title
    return next(s.heading for s in text.sections if s.id == slide.section)
