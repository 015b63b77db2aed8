"""Scoring the self-reflection: answers 1–7 to a point (avoidance, anxiety) on the map."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from lien.content.models import Statement

SCALE = (1, 2, 3, 4, 5, 6, 7)
# Below LOW or above HIGH a tendency is described as lower or higher; between, as middling.
LOW, HIGH = 3.5, 4.5
Level = Literal["low", "middle", "high"]


def keyed(answer: int, reverse: bool) -> int:
    """A reverse-keyed answer counts the other way round: 7 -> 1, 6 -> 2 … 4 stays 4."""
    if answer not in SCALE:
        raise ValueError(f"an answer runs from 1 to 7, not {answer!r}")
    return SCALE[-1] + SCALE[0] - answer if reverse else answer


def dimension_score(
    statements: Sequence[Statement], answers: Mapping[str, int], dimension: str
) -> float | None:
    """Mean keyed answer of one dimension's statements; None until all of them are answered."""
    mine = [s for s in statements if s.dimension == dimension]
    if not mine or any(answers.get(s.id) is None for s in mine):
        return None
    return sum(keyed(answers[s.id], s.reverse) for s in mine) / len(mine)


def map_point(
    statements: Sequence[Statement], answers: Mapping[str, int]
) -> tuple[float, float] | None:
    """(avoidance, anxiety), the map's (x, y), each 1–7; None until every statement is answered."""
    avoidance = dimension_score(statements, answers, "avoidance")
    anxiety = dimension_score(statements, answers, "anxiety")
    if avoidance is None or anxiety is None:
        return None
    return round(avoidance, 2), round(anxiety, 2)


def level(score: float) -> Level:
    if score < LOW:
        return "low"
    if score > HIGH:
        return "high"
    return "middle"
