"""How the projector and the speaker view follow a talk run: a marker of what each shows, a
hidden button that redraws it, and a few lines of script that compare the marker with the
run's state (lien.web.talk_run's route) twice a second and press the button when they differ.

The script also ticks the speaker view's clocks between two redraws.
"""

from __future__ import annotations

import streamlit as st

from lien.html import Markup, escape

FOLLOW_EVERY_MS = 400  # within the second the presenter expects, redraw included

FOLLOW_JS = (
    """
<script>
(function () {
  if (window.__lienFollow) return;
  window.__lienFollow = true;
  let lastClick = 0, clickedOn = null, busy = false;
  const running = () => {
    const app = document.querySelector('[data-testid=stApp]');
    return app && app.dataset.testScriptState === 'running';
  };
  async function follow() {
    const marker = document.querySelector('[data-lien-follow]');
    if (!marker || busy) return;
    busy = true;
    try {
      const url = new URL('./talk-run/' + encodeURIComponent(marker.dataset.lienRun),
                          document.baseURI);
      const answer = await fetch(url, {cache: 'no-store'});
      if (!answer.ok) return;
      const state = await answer.json();
      const shown = document.querySelector('[data-lien-follow]');
      if (!shown) return;
      // A poll slide of the presenter also draws what it shows of the live room.
      const room = document.querySelector('[data-lien-room]');
      const mine = shown.dataset.lienFollow + '|' + (room ? room.dataset.lienRoom : '');
      const theirs = state.shown + '|' + (room ? (state.room || 'none') : '');
      if (mine === theirs || running()) return;
      // A redraw asked for and not drawn yet is on its way (asked again after 1.5 s).
      if (mine === clickedOn && Date.now() - lastClick < 1500) return;
      const button = document.querySelector(
        '.st-key-' + shown.dataset.lienButton + ' button');
      if (button) {
        lastClick = Date.now();
        clickedOn = mine;
        button.click();
      }
    } catch (error) {
      // The server is out of reach for a moment: the next poll asks again.
    } finally {
      busy = false;
    }
  }
  function clocks() {
    for (const node of document.querySelectorAll('[data-lien-seconds]')) {
      if (!node.lienSeen) node.lienSeen = Date.now();
      const seconds = Number(node.dataset.lienSeconds) + (Date.now() - node.lienSeen) / 1000;
      if (node.dataset.lienFormat === 'clock') {
        const s = Math.floor(seconds);
        node.textContent = String(Math.floor(s / 60)).padStart(2, '0') + ':'
          + String(s % 60).padStart(2, '0');
      } else {
        node.textContent = (seconds / 60).toFixed(1).replace('.', node.dataset.lienDecimal);
      }
    }
  }
  setInterval(follow, """
    + str(FOLLOW_EVERY_MS)
    + """);
  setInterval(clocks, 1000);
})();
</script>
"""
)


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
