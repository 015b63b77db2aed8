"""How the projector and the speaker view follow a talk run: a marker of what each shows, a
hidden button that redraws it, and a few lines of script that compare the marker with the
run's state (lien.web.talk_run's route) twice a second and press the button when they differ.

The script also ticks the speaker view's clocks between two redraws.
"""

from __future__ import annotations

import streamlit as st

from lien import static
from lien.html import Markup, escape

FOLLOW_EVERY_MS = 400  # within the second the presenter expects, redraw included

FOLLOW_JS = static.script("follow.js").replace("__LIEN_FOLLOW_EVERY_MS__", str(FOLLOW_EVERY_MS))


def follow_marker(marker: str, run_id: str, button_key: str) -> None:
    """What this view shows, for the script to compare with the run (one small element)."""
    st.html(
        Markup(
            "<span hidden data-lien-follow='{}' data-lien-run='{}' data-lien-button='{}'></span>"
        ).format(marker, run_id, button_key),
        width="content",
    )


def room_marker(marker: str) -> None:
    """What a poll slide shows of the live room, for the same script (lien.live.slide_room)."""
    st.html(Markup("<span hidden data-lien-room='{}'></span>").format(marker), width="content")


def follow_button(key: str) -> None:
    """The hidden button the script presses to redraw the view (its container is hidden by
    the view's CSS: `.st-key-<key>`)."""
    with st.container(key=key, width="content"):
        st.button("↻", key=f"{key}_button")


def ticking(seconds: float, text: str, *, clock: bool = False, decimal: str = ".") -> Markup:
    """An HTML span the script keeps counting from `seconds` (a clock, or minutes)."""
    return Markup(
        "<span data-lien-seconds='{}' data-lien-format='{}' data-lien-decimal='{}'>{}</span>"
    ).format(f"{seconds:.1f}", "clock" if clock else "minutes", decimal, escape(text))
