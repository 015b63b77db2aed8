"""The st.Page objects of Lien's pages: built once per set of titles, copied for each run.

Building a file page costs a few path lookups on disk (Streamlit resolves the script path and
checks that it is a file). Under a room's load those system calls cost more than the rest of
the navigation, so the pages are built once per language and every run gets shallow copies:
st.navigation marks the page it picks as callable on the object itself, so two sessions must
never share one.
"""

from __future__ import annotations

import copy
import threading

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from lien.content import ROOT
from lien.sitemap import PAGES, START_PATH, START_SCRIPT
from lien.view import View

_MAX_SETS = 8  # languages, times the few title edits a running server may see
_built: dict[tuple[str, ...], dict[str, StreamlitPage]] = {}
_lock = threading.Lock()


def _titles(view: View) -> tuple[str, ...]:
    return tuple(view.t(f"nav.{spec.id}") for spec in PAGES)


def _pages(view: View) -> dict[str, StreamlitPage]:
    titles = _titles(view)
    with _lock:
        pages = _built.get(titles)
        if pages is None:
            if len(_built) >= _MAX_SETS:
                _built.clear()
            pages = {
                spec.id: st.Page(
                    # Absolute: the pages are found whichever script runs the navigation.
                    str(ROOT / spec.script),
                    title=title,
                    icon=spec.icon,
                    url_path=spec.url_path or None,
                    default=spec.url_path == "",
                )
                for spec, title in zip(PAGES, titles, strict=True)
            }
            # The presenter's start page: reached by its address, not in the menu.
            pages[START_PATH] = st.Page(
                str(ROOT / START_SCRIPT),
                title=view.t("start.title"),
                icon=":material/rocket_launch:",
                url_path=START_PATH,
                visibility="hidden",
            )
            _built[titles] = pages
    return pages


def pages_for_run(view: View) -> list[StreamlitPage]:
    """This run's pages for st.navigation, titled in the view's language."""
    return [copy.copy(page) for page in _pages(view).values()]


def page_object(view: View, page_id: str) -> StreamlitPage:
    """A registered page for st.page_link (which only reads it), without a disk lookup."""
    return _pages(view)[page_id]
