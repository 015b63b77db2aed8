"""Which talk a live room belongs to (issue 24): a room opened by present mode is a talk run's
(lien.live.runs keeps its code), so /live lists that talk's questions first, in the talk's
order (its "Next question" follows the talk), then every other question."""

from __future__ import annotations

from sqlalchemy import select

from lien.live.questions import LiveQuestion
from lien.live.runs import current_runs, talk_runs
from lien.live.store import normal_code


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


def talk_first(questions: dict[str, LiveQuestion], own: list[str]) -> dict[str, LiveQuestion]:
    """The questions, the talk's own (`own`: its question ids, in its order) first, then the
    others as they were."""
    ordered = {qid: questions[qid] for qid in dict.fromkeys(own) if qid in questions}
    ordered.update((qid, q) for qid, q in questions.items() if qid not in ordered)
    return ordered
