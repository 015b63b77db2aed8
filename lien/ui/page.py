"""What every view needs in the browser: page config, <html lang>, the frame's CSS, and the
calm page shown when content cannot be read."""

from __future__ import annotations

import base64
from collections.abc import Iterable

import streamlit as st

from lien.content import ROOT, Problem
from lien.view import View

# Shown when content itself cannot be read, so these few words cannot come from content.
_BROKEN = {
    "title": "Lien : contenu à corriger · content to fix",
    "intro": (
        "L'application ne peut pas s'afficher : des fichiers de contenu contiennent des erreurs. "
        "Rien n'est perdu ; corrigez les points ci-dessous puis rechargez la page.\n\n"
        "The app cannot be shown: some content files contain errors. Nothing is lost; fix the "
        "points below, then reload the page."
    ),
    "hint": "python -m lien check",
}

# Streamlit fades captions with opacity 0.6, which puts their links near 3:1 on white. A solid
# dark grey and a dark blue keep captions and their links at WCAG 2.2 AA (over 7:1).
FRAME_CSS = (
    "<style>[data-testid='stCaptionContainer'] { opacity: 1 !important; color: #4A4A4A; }"
    "[data-testid='stCaptionContainer'] a { color: #084C7A !important; }"
    # Page links keep their one line and cut it on a phone or a slide: let them wrap.
    "[data-testid='stPageLink-NavLink'] :is(span, p) { white-space: normal !important;"
    " overflow: visible !important; text-overflow: clip !important; }"
    "[data-testid='stPageLink-NavLink'] { height: auto !important; }</style>"
)

# A local icon, inlined: a Material icon name would make the browser fetch it from the
# internet, and a file path would be read and registered again on every run.
FAVICON = "data:image/png;base64," + base64.b64encode(
    (ROOT / "assets" / "favicon.png").read_bytes()
).decode("ascii")


def page_config(title: str) -> None:
    st.set_page_config(page_title=title, page_icon=FAVICON, layout="centered")


def page_frame(view: View) -> None:
    """The page's language for screen readers, and readable captions."""
    # Screen readers pick their voice from <html lang>, which Streamlit leaves at "en".
    # The code comes from the validated list of languages, never from the reader.
    st.html(
        f"<script>document.documentElement.lang = {view.lang!r};</script>{FRAME_CSS}",
        unsafe_allow_javascript=True,
        width="content",
    )


def show_problems(problems: Iterable[Problem]) -> None:
    """The calm page listing what to fix, when content cannot be read at all."""
    page_config(_BROKEN["title"])
    st.title(_BROKEN["title"])
    st.markdown(_BROKEN["intro"])
    st.code("\n".join(str(p) for p in problems), language=None, wrap_lines=True)
    st.caption(_BROKEN["hint"])
