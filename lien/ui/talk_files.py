"""A talk's files to download: its slides to print (with or without notes), its handout.

The slides are a web page that opens the browser's print window as soon as it is opened
(where "Save as PDF" is one click); the buttons say so, rather than promising a PDF.

Each file is built when the presenter clicks (a callable), once per loaded content, language
and talk, and shared by every session.
"""

from __future__ import annotations

import streamlit as st

from lien.handout import handout_html
from lien.live import address
from lien.printout import slides_html
from lien.view import View


@st.cache_resource(max_entries=12, show_spinner=False, hash_funcs={View: View.cache_key})
def _slides(view: View, talk_id: str, notes: bool, join: str) -> bytes:
    return slides_html(view, talk_id, notes=notes, join_address=join).encode("utf-8")


@st.cache_resource(max_entries=8, show_spinner=False, hash_funcs={View: View.cache_key})
def _handout(view: View, talk_id: str, join: str) -> bytes:
    return handout_html(view, talk_id, join_address=join).encode("utf-8")


def join_address() -> str:
    port = int(st.get_option("server.port") or 8501)
    return f"{address.public_base_url(port)}/join"


def talk_downloads(view: View, talk_id: str, key: str) -> None:
    """The slides to print, the same with notes, and the talk's handout."""
    join = join_address()
    with st.container(horizontal=True, gap="small", key=f"{key}_files"):
        for notes, label in ((False, "present.print"), (True, "present.print_notes")):
            st.download_button(
                view.t(label),
                data=lambda notes=notes: _slides(view, talk_id, notes, join),
                file_name=f"lien-{talk_id}-{view.lang}{'-notes' if notes else ''}.html",
                mime="text/html",
                help=view.t("present.print_help"),
                icon=":material/print:",
                key=f"{key}_print{'_notes' if notes else ''}",
                on_click="ignore",
            )
        st.download_button(
            view.t("present.handout"),
            data=lambda: _handout(view, talk_id, join),
            file_name=f"lien-handout-{talk_id}-{view.lang}.html",
            mime="text/html",
            icon=":material/print:",
            key=f"{key}_handout",
            on_click="ignore",
        )
