"""A page of Lien replayed with none of Lien's code: the floor of what its elements cost.

bench/floor.py captures one load of a page (its elements as the browser receives them:
Markdown bodies, chart specs, widgets' labels and options, blocks and fragments) into a JSON
file, and this app draws the same elements with Streamlit's own calls, in the same order and
the same blocks, inside Lien's frame (the same functions as bench/frame_app.py). What it
costs beyond the frame is what Streamlit charges for the elements themselves, whatever code
chooses them: the floor the page's own cost can come down to while it shows the same things.
Charts are handed over as Lien hands its cached ones (lien.ui.chart.frozen: their JSON
written once), so the floor does not count Plotly's work that the app already avoids.
"""

import os

import streamlit as st

from bench import replay
from lien.ui import frame, nav, page, session

view = session.current_view()
page.page_config(view.t("app.page_title"))
st.navigation(nav.pages_for_run(view), position="top")
frame.header(view)
replay.draw(replay.items(os.environ["LIEN_REPLAY"]))
frame.footer(view, "home")
