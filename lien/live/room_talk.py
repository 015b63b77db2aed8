"""Which talk a live room belongs to (issue 24): a room opened by present mode is a talk run's
(lien.live.runs keeps its code), so /live lists that talk's questions first, in the talk's
order (its "Next question" follows the talk), then every other question."""

from __future__ import annotations

from lien.live.questions import LiveQuestion
from lien.live.runs import current_runs
from lien.live.store import normal_code


def talk_of_room(code: str) -> str | None:
    """The talk of the run that most recently used this room, or None (a room of /live's own)."""
    run = current_runs().run_of_room(normal_code(code))
    return run.talk_id if run else None


def talk_first(questions: dict[str, LiveQuestion], own: list[str]) -> dict[str, LiveQuestion]:
    """The questions, the talk's own (`own`: its question ids, in its order) first, then the
    others as they were."""
    ordered = {qid: questions[qid] for qid in dict.fromkeys(own) if qid in questions}
    ordered.update((qid, q) for qid, q in questions.items() if qid not in ordered)
    return ordered
