"""What a talk's poll slide shows of its run's live room, without Streamlit.

A talk run has one live room (its code on the run's row, lien.live.runs). A poll slide shows
its question's latest round in that room: the current one when the room is asking this
question, else the last earlier round of it (closed, or revealed), else nothing yet
("waiting"). `room_marker` sums up what the slide shows in a few characters; the projector
draws it and lien.web.talk_run's route computes the same, so the projector redraws when an answer
arrives, from whichever server process.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from lien.live.questions import LiveQuestion
from lien.live.results import result
from lien.live.store import Room, Store, Tally


@dataclass(frozen=True)
class SlideRound:
    room: Room
    current: bool  # the room is asking this question now
    phase: str  # "waiting" (not asked in this room yet), "open", "closed" or "revealed"
    tally: Tally | None  # the question's latest round; None when it was never asked

    @property
    def participants(self) -> int:
        return self.room.participants


def slide_round(store: Store, code: str | None, question_id: str | None) -> SlideRound | None:
    """The run's room as a slide of this question shows it (None: no room, or it expired).
    With no question (the join slide): the room alone."""
    room = store.room(code) if code else None
    if room is None:
        return None
    if question_id is None:
        return SlideRound(room, False, "waiting", None)
    if room.question_id == question_id and room.phase != "waiting":
        return SlideRound(room, True, room.phase, store.tally(room.code))
    earlier = [r for r in store.rounds(room.code) if r.question_id == question_id]
    if not earlier:
        return SlideRound(room, False, "waiting", None)
    last = earlier[-1]
    phase = "revealed" if last.revealed_at is not None else "closed"
    return SlideRound(room, False, phase, store.tally(room.code, round_=last.round))


def answered(question: LiveQuestion, tally: Tally) -> int:
    """The count a slide shows beside the participants (audience questions: how many asked)."""
    return len(tally.asks) if question.form == "questions" else tally.answered


def room_marker(state: SlideRound | None, question: LiveQuestion | None) -> str:
    """What the slide shows of the room, in a few characters: the same in every process.

    Only what the slide shows goes in (a personal question's slide shows no count, so neither
    does its marker: it does not change as answers arrive), keyed with the room's secret, so
    that nobody can work a count out of it by trying every possible one."""
    if state is None:
        return "none"
    room = state.room
    personal = question is not None and question.personal
    words = [room.code, state.phase, str(state.current), str(room.paused)]
    if not personal:
        words.append(str(room.participants))
    if question is not None and state.tally is not None:
        shown = result(question, state.tally, phase=state.phase)
        if not personal:
            words.append(str(answered(question, state.tally)))
        words.append(repr(shown))
    key = (room.secret or room.code).encode()
    return hmac.new(key, "\n".join(words).encode(), hashlib.sha256).hexdigest()[:12]
