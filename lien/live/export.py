"""A room's answers as CSV, for the presenter."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from lien.live.store import AnswerRow


def answers_csv(rows: list[AnswerRow], room_code: str) -> str:
    """Every answer of a room as CSV: one row per participant per question."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["room", "round", "question_id", "participant", "option_id", "answered_at"])
    for row in rows:
        when = datetime.fromtimestamp(row.answered_at, UTC).isoformat(timespec="seconds")
        writer.writerow(
            [room_code, row.round, row.question_id, row.participant, row.option_id, when]
        )
    return out.getvalue()
