"""Which talk a live room belongs to (issue 24): a room opened by present mode is a talk run's
(lien.live.runs keeps its code), so /live lists that talk's questions first, in the talk's
order (its "Next question" follows the talk), then every other question."""

from __future__ import annotations

from sqlalchemy import select

from lien.content import Bundle
from lien.live.questions import LiveQuestion
from lien.live.runs import current_runs, talk_runs
from lien.live.store import normal_code
from lien.talks import talk_of


def talk_of_room(code: str) -> str | None:
    """The talk of the run that most recently used this room, or None (a room of /live's own)."""
    runs = current_runs()
    with runs._begin(write=False) as conn:
        row = conn.execute(
            select(talk_runs.c.talk_id)
            .where(talk_runs.c.room_code == normal_code(code))
            .order_by(talk_runs.c.updated_at.desc())
            .limit(1)
        ).first()
    return row.talk_id if row else None


def talk_first(
    bundle: Bundle, lang: str, questions: dict[str, LiveQuestion], talk_id: str | None
) -> dict[str, LiveQuestion]:
    """The questions, the talk's own first in the talk's order, then the others as they were."""
    talk = talk_of(bundle, lang, talk_id) if talk_id else None
    if talk is None:
        return questions
    own = [s.id for s in talk.slides if s.question is not None and s.id in questions]
    ordered = {qid: questions[qid] for qid in dict.fromkeys(own)}
    ordered.update((qid, q) for qid, q in questions.items() if qid not in ordered)
    return ordered
