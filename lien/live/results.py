"""What may be shown of a question's answers: when, and what a small room must not reveal.

One function, `result`, decides for the projector, the presenter's page, the report and the
CSV alike:

- `results = "live"` shows as answers come in, `"after_close"` once answers are closed,
  `"never"` only in the report;
- a personal question shows nothing until answers are closed and at least `min_group` phones
  gave a real answer ("I'd rather not say" does not count; below that, how many more are
  needed); then it shows no count at all, only each category's share of the answers, rounded
  to 5 %, and "fewer than N" for a category too small to show. Words said by too few phones
  are not shown;
- the room's map is a density without a dot per person: a cell too small to show shares its
  quadrant's other small cells' shade, evenly, or adds none when they are too few together;
  a quadrant shows its share only when it is big enough.

Why shares blurred by a little noise, and not exact counts (issue 21): a laptop that answers
for every phone but one can pad each option up to any threshold, so any rule on exact counts
(a threshold, a rounding) has a boundary it can sit on and read one person off. So every figure
of a personal question is computed from counts to which a small random whole number was added
(`Blur`: two-sided geometric noise, as differential privacy does, ε = BLUR_EPSILON per count),
drawn once per close of the round from the room's secret: the same on every screen and every
reread (rereading gains nothing), new when the question is closed again. A category shows when
its blurred count reaches `min_group` and its true count at least half of it, so a lone phone
never shows. With the per-address cap on phones (lien.live.store.Store.join), the padding the
attack needs cannot be placed, and what can be placed reads no better than a guess.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import statistics
from dataclasses import dataclass, field, replace

from lien.live.plain import plain
from lien.live.questions import MAP_CELLS, SKIP, LiveQuestion, fold_plurals, in_room, map_cells
from lien.live.records import Ask, Tally


@dataclass(frozen=True)
class Bar:
    key: str  # option id, scale point, or "skip"
    label: str
    count: int | None  # None: fewer than min_group (a personal question)
    right: bool = False
    share: int | None = None  # a personal question's: % of answers, rounded to 5; no count


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
    quadrants: dict[str, int | None] = field(default_factory=dict)  # personal: shares (%)
    min_group: int = 0
    blurred: bool = False  # a personal question's figures: shares of blurred counts

    @property
    def all_hidden(self) -> bool:
        """Every category too small to show: one sentence says so, not an empty chart."""
        if self.bars:
            return all(bar.count is None for bar in self.bars)
        return self.blurred and bool(self.density) and not any(self.density.values())


BLUR_EPSILON = 0.5  # per count: one changed answer moves two counts, so ε = 1 per answer
SHARE_STEP = 5  # a personal question's shares are rounded to this many percent


class Blur:
    """The noise of one close of one round: a whole number per category, fixed by the room's
    secret, the round and the moment it closed (the same on every reread and every screen)."""

    def __init__(self, secret: str, number: int, closed_at: float | None, epsilon=BLUR_EPSILON):
        self.key = hmac.new(
            (secret or "lien").encode(), f"blur:{number}:{closed_at!r}".encode(), hashlib.sha256
        ).digest()
        self.alpha = math.exp(-epsilon)

    def _uniform(self, label: str, draw: int) -> float:
        digest = hmac.new(self.key, f"{label}:{draw}".encode(), hashlib.sha256).digest()
        return (int.from_bytes(digest[:8], "big") + 0.5) / 2**64  # in (0, 1)

    def noise(self, label: str) -> int:
        """Two-sided geometric: the difference of two geometric draws (P(k) ∝ alpha^|k|)."""
        log_alpha = math.log(self.alpha)
        first = math.floor(math.log(self._uniform(label, 1)) / log_alpha)
        second = math.floor(math.log(self._uniform(label, 2)) / log_alpha)
        return first - second

    def count(self, label: str, true: int) -> int:
        return max(true + self.noise(label), 0)


def blur_of(tally: Tally) -> Blur:
    return Blur(tally.room.secret, tally.number, tally.closed_at)


def _enough(true: int, blurred: int, min_group: int) -> bool:
    """A personal group shows when its blurred count reaches min_group and its true count half
    of it: a lone phone (or three) never shows, whatever the noise."""
    return blurred >= min_group and 2 * true >= min_group


def _share(part: int, whole: int) -> int:
    return int(SHARE_STEP * round(100 * part / whole / SHARE_STEP)) if whole else 0


def scale_median(counts: dict[str, int], points: int) -> float | None:
    values = [p for p in range(1, points + 1) for _ in range(counts.get(str(p), 0))]
    return statistics.median(values) if values else None


def _density(counts: dict[str, float]) -> dict[str, float]:
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


QUADRANTS = (
    "lower_anxiety_lower_avoidance",
    "lower_anxiety_higher_avoidance",
    "higher_anxiety_lower_avoidance",
    "higher_anxiety_higher_avoidance",
)


def _quadrant_cells(name: str) -> list[str]:
    half = MAP_CELLS // 2
    low, high = range(1, half + 1), range(half + 1, MAP_CELLS + 1)
    # Named by the two dimensions only (x: avoidance, y: anxiety): a room, not types.
    xs, ys = {
        "lower_anxiety_lower_avoidance": (low, low),
        "lower_anxiety_higher_avoidance": (high, low),
        "higher_anxiety_lower_avoidance": (low, high),
        "higher_anxiety_higher_avoidance": (high, high),
    }[name]
    return [f"x{x}y{y}" for x in xs for y in ys]


def _map_cells(counts: dict[str, int], min_group: int, blur: Blur) -> dict[str, float]:
    """What the map may shade of each cell: a cell big enough shows its own (blurred) count;
    the other cells of its quadrant share theirs evenly, when together they are big enough;
    else they add no shade, not even to their neighbours. No shade locates a small group."""
    out: dict[str, float] = {}
    for name in QUADRANTS:
        rest = []
        for cell in _quadrant_cells(name):
            true = counts.get(cell, 0)
            blurred = blur.count(cell, true)
            if _enough(true, blurred, min_group):
                out[cell] = blurred
            else:
                rest.append(cell)
        true = sum(counts.get(cell, 0) for cell in rest)
        blurred = blur.count(f"rest:{name}", true)
        for cell in rest:
            out[cell] = blurred / len(rest) if _enough(true, blurred, min_group) else 0.0
    return out


def _quadrants(counts: dict[str, int], question: LiveQuestion, blur) -> dict[str, int | None]:
    """Each quadrant's figure, or None when too small: a count, or (blurred) a share."""
    out: dict[str, int | None] = {}
    whole = sum(blur.count(cell, counts.get(cell, 0)) for cell in map_cells()) if blur else 0
    for name in QUADRANTS:
        count = sum(counts.get(cell, 0) for cell in _quadrant_cells(name))
        if blur is None:
            out[name] = count if count >= question.min_group else None
            continue
        blurred = blur.count(f"quadrant:{name}", count)
        shown = _enough(count, blurred, question.min_group)
        out[name] = _share(blurred, whole) if shown else None
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
    withheld = _withheld(question, tally, phase, for_report)
    if withheld is not None:
        return withheld
    blur = blur_of(tally) if question.personal else None
    revealed = phase == "revealed" or for_report
    if question.form in ("choice", "scale"):
        return _bars(question, tally, blur, skip_label, revealed)
    if question.form == "words":
        return _words(question, tally, blur)
    if question.form == "open":
        texts = tuple(plain(text) for _, text, status in tally.texts if status == "approved")
        return Result(
            "shown", total=_total(question, tally), texts=texts, min_group=question.min_group
        )
    if question.form == "questions":
        listed = ("approved", "answered")
        shown = tuple(replace(a, text=plain(a.text)) for a in tally.asks if a.status in listed)
        shown = tuple(sorted(shown, key=lambda a: (a.status == "answered", -a.votes, a.asked_at)))
        return Result("shown", total=len(shown), asks=shown, min_group=question.min_group)
    return _room_map(question, tally.counts, blur)


def _answered(question: LiveQuestion, tally: Tally) -> int:
    return tally.answered if question.form != "questions" else len(tally.asks)


def _total(question: LiveQuestion, tally: Tally) -> int | None:
    """The count of answers shown beside a result: none for a personal question."""
    return None if question.personal else _answered(question, tally)


def _withheld(question: LiveQuestion, tally: Tally, phase: str, for_report: bool) -> Result | None:
    """The result when this round shows nothing yet (never, hidden, too few), else None."""
    if not for_report:
        if question.results == "never":
            return Result("never", min_group=question.min_group)
        if not question.shows_results(phase):
            return Result("hidden", min_group=question.min_group)
    if not question.personal:
        return None
    closed = phase in ("closed", "revealed") or for_report
    if not closed:
        return Result("hidden", min_group=question.min_group)
    # Only real answers unlock a result: "I'd rather not say" shows no one's answer. The
    # count is exact, so the presenter knows how many more to ask for; what it tells
    # (whether one more person answered) is said in docs/live-room.md.
    real = _answered(question, tally) - tally.counts.get(SKIP, 0)
    if real < question.min_group:
        return Result("short", question.min_group - real, min_group=question.min_group)
    return None


def _bars(question: LiveQuestion, tally: Tally, blur, skip_label: str, revealed: bool) -> Result:
    """A choice's or a scale's bars: counts, or (blurred) shares of the options shown."""
    counts = tally.counts
    keys = question.values
    labels = dict(question.options)
    if question.form == "scale":
        labels = {str(p): str(p) for p in range(1, question.scale + 1)}
    labels[SKIP] = skip_label
    if blur is None:
        bars = tuple(
            Bar(
                key,
                labels.get(key, key),
                counts.get(key, 0),
                right=revealed and key in question.correct,
            )
            for key in keys
        )
        median = scale_median(counts, question.scale) if question.form == "scale" else None
        total = _total(question, tally)
        return Result("shown", bars=bars, total=total, median=median, min_group=question.min_group)
    blurred = {key: blur.count(key, counts.get(key, 0)) for key in keys}
    whole = sum(blurred.values())
    shown_keys = {
        key for key in keys if _enough(counts.get(key, 0), blurred[key], question.min_group)
    }
    bars = tuple(
        Bar(
            key,
            labels.get(key, key),
            blurred[key] if key in shown_keys else None,
            right=revealed and key in question.correct,
            share=_share(blurred[key], whole) if key in shown_keys else None,
        )
        for key in keys
    )
    median = None
    if question.form == "scale":
        points = {str(p): blurred[str(p)] for p in range(1, question.scale + 1)}
        if sum(points.values()) >= question.min_group:
            median = scale_median(points, question.scale)
    return Result(
        "shown",
        bars=bars,
        total=None,
        median=median,
        min_group=question.min_group,
        blurred=True,
    )


def _words(question: LiveQuestion, tally: Tally, blur) -> Result:
    """The words said, each with how often: those too rare to show left out (blurred)."""
    said = fold_plurals(tally.words) if question.fold_plurals else tally.words
    if blur is None:
        kept = dict(said)
    else:
        kept = {}
        for word, n in said.items():
            blurred = blur.count(f"word:{word}", n)
            if _enough(n, blurred, question.min_group):
                kept[word] = blurred
    words = sorted(kept.items(), key=lambda item: (-item[1], item[0]))
    return Result(
        "shown",
        total=_total(question, tally),
        words=tuple(words),
        min_group=question.min_group,
        blurred=blur is not None,
    )


def _room_map(question: LiveQuestion, counts: dict[str, int], blur) -> Result:
    """The room's map: a density of the cells, and each quadrant's figure."""
    cells = {cell: counts.get(cell, 0) for cell in map_cells()}
    if blur is not None:
        cells = _map_cells(cells, question.min_group, blur)
    return Result(
        "shown",
        density=_density(cells),
        quadrants=_quadrants(counts, question, blur),
        total=None,
        min_group=question.min_group,
        blurred=blur is not None,
    )
