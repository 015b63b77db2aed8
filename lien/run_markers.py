"""Where a talk run stands, in a few characters: what a view of it shows (`follow_marker`)
and what its current slide shows of the live room (`run_room_marker`).

The projector and the speaker view draw these markers (lien.ui.follow) and the talk run's
route (lien.web.talk_run) computes the same from the database, so a view redraws itself when
the two differ.
"""

from __future__ import annotations

import hashlib

from lien.content import Bundle
from lien.live.runs import Run
from lien.live.slide_room import room_marker, slide_round
from lien.live.store import current_store
from lien.talks import Talk, talk_of


def follow_marker(talk: Talk, number: int, blank: bool) -> str:
    """What a view shows, in a few characters: the talk's order and the slide's words (so an
    edit shows), the slide's number, the blank screen. The same in every process."""
    slide = talk.slide(number)
    page_text = slide.page_slide.text if slide.page_slide else None
    own_text = slide.own.text if slide.own else None
    ids = [s.id for s in talk.slides]
    words = "\n".join(
        [talk.id, talk.lang, *ids, slide.title, slide.notes, page_text or "", own_text or ""]
    )
    digest = hashlib.sha256(words.encode()).hexdigest()[:12]
    return f"{digest}:{number}:{int(blank)}"


def run_marker(bundle: Bundle, run: Run) -> str | None:
    talk = talk_of(bundle, run.lang, run.talk_id)
    if talk is None:
        return None
    return follow_marker(talk, talk.find(run.slide, run.item_id), run.blank)


def run_room_marker(bundle: Bundle, run: Run) -> str:
    """What the run's current slide shows of its live room ("" on any other slide)."""
    talk = talk_of(bundle, run.lang, run.talk_id)
    if talk is None:
        return ""
    slide = talk.slide(talk.find(run.slide, run.item_id))
    if slide.kind not in ("poll", "quiz", "join"):
        return ""
    question = slide.question if slide.kind != "join" else None
    state = slide_round(current_store(), run.room_code, question.id if question else None)
    return room_marker(state, question)
