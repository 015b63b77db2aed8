"""The live room's slides in a talk: a poll or quiz question, and how to join the room.

Present mode (lien.ui.present) calls these two functions for a talk's `poll:<id>`, `quiz:<id>`
and `join` items, inside its stage (the whole window, projector type, nothing scrolls). They are
the interface between present mode and the live room: keep their signatures.

- `poll_slide(view, question_id, run_id)`: `question_id` is a live question's id
  (lien.live.questions.LiveQuestion.id, "poll:<id>" or "quiz:<id>"); `run_id` is the talk run
  (lien.live.runs: its row has a nullable `room_code` for the live room of that run).
- `join_slide(view, run_id)`: how the room joins.

Keys already taken by present mode (do not bind them here): → ← PageDown PageUp Space Home End
B (blank) O (overview) Q (leave); Streamlit reserves C and R. Widget keys here should start
with "poll_slide_" or "join_slide_"; present mode's start with "present_".

For now (before the live room's part): the question and its options in projector type and,
without the presenter token, a note that its controls are the presenter's; the join slide
gives the join address.
"""

from __future__ import annotations

import streamlit as st

from lien.live import address
from lien.live.questions import live_questions
from lien.ui.presenter import authorized
from lien.view import View


def poll_slide(view: View, question_id: str, run_id: str) -> None:
    """A poll or quiz question of the live room, for the projector."""
    question = live_questions(view.bundle, view.lang).get(question_id)
    if question is None:  # the content changed under a running talk: present mode moves on
        st.title(view.t("present.question_gone"), anchor=False)
        return
    st.title(question.prompt, anchor=False)
    if question.situation:
        st.markdown(question.situation)
    letters = "ABCDEFGH"
    st.markdown(
        "\n".join(f"- **{letters[i]}** · {text}" for i, (_, text) in enumerate(question.options))
    )
    if not authorized(view, quiet=True):
        st.caption(view.t("present.presenter_only"))


def join_slide(view: View, run_id: str) -> None:
    """How the room joins the live room from their phones."""
    port = int(st.get_option("server.port") or 8501)
    join = f"{address.public_base_url(port)}/join"
    st.title(view.t("present.join_title"), anchor=False)
    st.markdown(view.t("present.join_intro"))
    st.markdown(f"## `{join}`")
    st.markdown(view.t("present.join_code"))
