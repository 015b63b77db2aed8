"""Participants' texts are only text, on every screen.

A phone's words, free text or question reaches the projector, the poll slide, /live, the
speaker view, the report, the CSV and other phones. There it must read as typed, and do
nothing else: no link (`www.example.com`), no icon (`:material/delete:`), no Markdown, no
HTML, and no direction control that flips the rest of the line (U+202A–U+202E, U+2066–U+2069,
U+200E, U+200F, U+061C). Texts are cleaned when stored and again when shown (a room stored
by an earlier version), and drawn on Streamlit's pages as escaped HTML, never as Markdown
(`said_html`), each one isolated (`<bdi>`) so that a right-to-left text stays in its place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lien.html import escape

# Direction controls, which change how a line is drawn and show nothing, and the control
# characters but tab and line ends (the CSV keeps a word cloud's words one per line).
CONTROLS = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def plain(text: str) -> str:
    """The text without direction or control characters (what it says is kept)."""
    return CONTROLS.sub("", text)


def said_html(items: Iterable[tuple[str, str]], css_class: str = "lien-said") -> str:
    """A list of participants' texts for st.html: each (text, what follows it, ours: votes or
    a mark), the text escaped and isolated, no Markdown anywhere."""
    lines = [f"<li><bdi>{escape(plain(text))}</bdi>{escape(after)}</li>" for text, after in items]
    return f'<ul class="{css_class}">{"".join(lines)}</ul>'


def said_line(text: str, after: str = "") -> str:
    """One participant's text as a paragraph for st.html (the presenter's list on /live)."""
    return f'<p class="lien-said"><bdi>{escape(plain(text))}</bdi>{escape(after)}</p>'
