"""The frame around every page: the language switch and the helplines on top, the footer."""

from __future__ import annotations

import streamlit as st

from lien.sitemap import PAGES, PRESENT_PARAM
from lien.ui.blocks.common import safety_lines
from lien.ui.page import content_notice
from lien.ui.session import SWITCH_KEY, switch_language
from lien.view import View

HELP_KEY = "lien_help"  # lien.web.index_page's CSS places it by its class, st-key-lien_help


def header(view: View) -> None:
    """The language switch and the helplines, at the top of every page."""
    content_notice(view)
    st.session_state[SWITCH_KEY] = view.lang
    # The switch and the help button share one row without a container around them (every
    # block is a message on every load): the page's CSS (lien.web.index_page) sets the help
    # button, by its key, at the right end of the switch's row.
    st.segmented_control(
        view.t("lang.label"),
        options=view.bundle.languages,
        format_func=lambda code: view.t(f"lang.{code}"),
        key=SWITCH_KEY,
        on_change=switch_language,
        required=True,
        label_visibility="collapsed",
    )
    with st.popover(view.t("safety.button"), icon=":material/support:", key=HELP_KEY):
        safety_lines(view)


def footer(view: View, page_id: str) -> None:
    # Plain text, not st.caption: the caption's faded grey puts its links under AA contrast.
    # The rule and the text are one element.
    st.markdown(
        "---\n\n"
        f"{view.t('footer.disclaimer')} [{view.t('footer.sources_link')}]({view.href('sources')})"
        f" · [{view.t('present.start')}]({view.href(page_id)}&{PRESENT_PARAM}=1)"
    )


def page_id_of(navigation_page) -> str:
    """The id of the page st.navigation chose for this run (the start page counts as the live
    room's: its footer's links are the same)."""
    return next((s.id for s in PAGES if s.url_path == navigation_page.url_path), "live")
