"""Lien's frame around a one-title page: what every page of the app costs before its content.

The page config, the navigation over the eight pages, the header (language switch and the
help popover with the helplines), a title and the footer, drawn by the same functions as
app.py; no page script runs. The benchmark reports it beside the pages, so a reader can see
how much of a page's time is the frame.
"""

import streamlit as st

from lien.ui import frame, nav, page, session

view = session.current_view()
page.page_config(view.t("app.page_title"))
st.navigation(nav.pages_for_run(view), position="top")
frame.header(view)
st.title(view.t("app.name"), anchor=False)
frame.footer(view, "home")
