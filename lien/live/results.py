"""What may be shown of a question's answers: when, and what a small room must not reveal.

One function, `result`, decides for the projector, the presenter's page, the report and the
CSV alike:

- `results = "live"` shows as answers come in, `"after_close"` once answers are closed,
  `"never"` only in the report;
- a personal question shows nothing until answers are closed and at least `min_group` phones
  answered (below that, how many more are needed); then every category with fewer than
  `min_group` answers reads "fewer than N", and no total is shown, so that no number lets a
  reader work a small group out. Words said by fewer than `min_group` phones are not shown;
- the room's map is a density without a dot per person, shown by quadrant figures only where a
  quadrant holds at least `min_group` phones.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field, replace

from lien.live.plain import plain
from lien.live.questions import MAP_CELLS, SKIP, LiveQuestion, fold_plurals, in_room, map_cells
from lien.live.store import Ask, Tally


@dataclass(frozen=True)
class Bar:
    key: str  # option id, scale point, or "skip"
    label: str
    count: int | None  # None: fewer than min_group (a personal question)
    right: bool = False


@dataclass(frozen=True)
class Result:
    state: str  # "shown", "hidden" (not yet: after close), "never", "short" (too few phones)
    needed: int = 0  # phones still needed before a personal question shows anything
    bars: tuple[Bar, ...] = ()
    total: int | None = None  # None when a total would give a small group away
    median: float | None = None
    words: tuple[tuple[str, int], ...] = ()
    texts: tuple[str, ...] = ()  # approved free texts
    asks: tuple[Ask, ...] = ()  # approved (and answered) audience questions, by votes
    density: dict[str, float] = field(default_factory=dict)  # map cell -> 0..1, smoothed
    quadrants: dict[str, int | None] = field(default_factory=dict)
    min_group: int = 0


def _guarded(count: int, question: LiveQuestion) -> int | None:
    return count if not question.personal or count >= question.min_group else None


def scale_median(counts: dict[str, int], points: int) -> float | None:
    values = [p for p in range(1, points + 1) for _ in range(counts.get(str(p), 0))]
    return statistics.median(values) if values else None


def _density(counts: dict[str, int]) -> dict[str, float]:
    """Each cell's share of the room, smoothed over its neighbours: no cell shows one phone."""
    grid = {(x, y): counts.get(f"x{x}y{y}", 0) for x in range(1, 5) for y in range(1, 5)}
    smooth = {}
    for (x, y), _ in grid.items():
        total = weight = 0.0
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                near = grid.get((x + dx, y + dy))
                if near is not None:
                    w = 1.0 if dx == dy == 0 else 0.5
                    total += w * near
                    weight += w
        smooth[f"x{x}y{y}"] = total / weight
    top = max(smooth.values()) or 1.0
    return {cell: round(value / top, 3) for cell, value in smooth.items()}


def _quadrants(counts: dict[str, int], question: LiveQuestion) -> dict[str, int | None]:
    half = MAP_CELLS // 2
    out = {}
    for name, xs, ys in (
        ("secure", range(1, half + 1), range(1, half + 1)),
        ("dismissing", range(half + 1, MAP_CELLS + 1), range(1, half + 1)),
        ("preoccupied", range(1, half + 1), range(half + 1, MAP_CELLS + 1)),
        ("fearful", range(half + 1, MAP_CELLS + 1), range(half + 1, MAP_CELLS + 1)),
    ):
        count = sum(counts.get(f"x{x}y{y}", 0) for x in xs for y in ys)
        out[name] = count if count >= question.min_group else None
    return out


def result(
    question: LiveQuestion,
    tally: Tally,
    *,
    skip_label: str = "",
    for_report: bool = False,
    phase: str | None = None,
) -> Result:
    """What may be shown of this round: on the projector, or (for_report) afterwards."""
    question = in_room(question, tally.room.min_group)
    phase = phase or tally.room.phase
    answered = tally.answered if question.form != "questions" else len(tally.asks)
    if not for_report:
        if question.results == "never":
            return Result("never", min_group=question.min_group)
        if not question.shows_results(phase):
            return Result("hidden", min_group=question.min_group)
    closed = phase in ("closed", "revealed") or for_report
    if question.personal and (answered < question.min_group or not closed):
        needed = max(question.min_group - answered, 0)
        return Result("short" if closed else "hidden", needed, min_group=question.min_group)
    counts = tally.counts
    total = None if question.personal else answered
    if question.form in ("choice", "scale"):
        keys = question.values
        labels = dict(question.options)
        if question.form == "scale":
            labels = {str(p): str(p) for p in range(1, question.scale + 1)}
        labels[SKIP] = skip_label
        revealed = phase == "revealed" or for_report
        bars = tuple(
            Bar(
                key,
                labels.get(key, key),
                _guarded(counts.get(key, 0), question),
                right=revealed and key in question.correct,
            )
            for key in keys
        )
        median = None
        if question.form == "scale":
            scored = sum(counts.get(str(p), 0) for p in range(1, question.scale + 1))
            if not question.personal or scored >= question.min_group:
                median = scale_median(counts, question.scale)
        return Result("shown", bars=bars, total=total, median=median, min_group=question.min_group)
    if question.form == "words":
        floor = question.min_group if question.personal else 1
        said = fold_plurals(tally.words) if question.fold_plurals else tally.words
        words = sorted(
            ((w, n) for w, n in said.items() if n >= floor),
            key=lambda item: (-item[1], item[0]),
        )
        return Result("shown", total=total, words=tuple(words), min_group=question.min_group)
    if question.form == "open":
        texts = tuple(plain(text) for _, text, status in tally.texts if status == "approved")
        return Result("shown", total=total, texts=texts, min_group=question.min_group)
    if question.form == "questions":
        listed = ("approved", "answered")
        shown = tuple(replace(a, text=plain(a.text)) for a in tally.asks if a.status in listed)
        shown = tuple(sorted(shown, key=lambda a: (a.status == "answered", -a.votes, a.asked_at)))
        return Result("shown", total=len(shown), asks=shown, min_group=question.min_group)
    cells = {cell: counts.get(cell, 0) for cell in map_cells()}
    return Result(
        "shown",
        density=_density(cells),
        quadrants=_quadrants(cells, question),
        total=None,
        min_group=question.min_group,
    )
