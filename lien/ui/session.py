"""Who is reading: this run's content and language, as one View."""

from __future__ import annotations

import streamlit as st

from lien.content import BUNDLES, Bundle, ContentError, content_root
from lien.sitemap import LANG_PARAM
from lien.text import accepted_languages, choose_language
from lien.ui.page import show_problems
from lien.view import View

LANG_KEY = "lang"
SWITCH_KEY = "lang_switch"


def bundle_or_stop() -> Bundle:
    """The validated content. A broken edit while the app runs keeps the last content that
    loaded (the pages say so discreetly, /live lists the problems); only when nothing ever
    loaded, a calm page lists the problems, then the run stops."""
    try:
        return BUNDLES.get(content_root(), keep_last_good=True)
    except ContentError as error:
        show_problems(error.problems)
        st.stop()
        raise  # unreachable: st.stop() ends the run


def _browser_languages() -> list[str]:
    header = st.context.headers.get("Accept-Language") if st.context.headers else None
    tags = accepted_languages(header)
    return tags or ([st.context.locale] if st.context.locale else [])


def run_language(bundle: Bundle) -> str:
    """The language of this run: the URL's `lang`, else this session's, else the browser's.

    The choice is written back to the URL on every run, so it stays there from page to page
    and any view can be shared as a link.
    """
    requested = st.query_params.get(LANG_PARAM)
    lang = choose_language(
        bundle.languages,
        bundle.site.default_language,
        requested=requested,
        remembered=st.session_state.get(LANG_KEY),
        browser=_browser_languages(),
    )
    st.session_state[LANG_KEY] = lang
    if requested != lang:
        st.query_params[LANG_PARAM] = lang
    return lang


def switch_language() -> None:
    """on_change of the language switch: the chosen language for this session and the URL."""
    chosen = st.session_state[SWITCH_KEY]
    st.session_state[LANG_KEY] = chosen
    st.query_params[LANG_PARAM] = chosen


def current_view() -> View:
    """The view of this rerun: the validated content in the reader's language."""
    bundle = bundle_or_stop()
    return View(bundle, run_language(bundle))
