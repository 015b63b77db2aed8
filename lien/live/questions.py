"""The questions a presenter can put to the room: polls (polls.toml), then the quiz bank."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from lien.content import Bundle, per_content
from lien.content.models import DEFAULT_RESULTS, MIN_GROUP_DEFAULT, MIN_GROUP_FLOOR
from lien.live.blocklist import INVISIBLE

SKIP = "skip"  # the option id of "I'd rather not say", offered by every personal question
MAX_WORD = 30  # characters of one word of a word cloud
MAX_TEXT = 280  # characters of a free text or an audience question
MAP_CELLS = 4  # the room's map: a 4 × 4 grid of anxiety × avoidance


@dataclass(frozen=True)
class LiveQuestion:
    id: str  # "poll:<id>": the store keeps this, so it is the same in every language
    kind: str  # "poll" or "quiz"
    prompt: str
    options: tuple[tuple[str, str], ...]  # (option id, text)
    correct: frozenset[str]  # empty for an opinion poll
    explanation: str | None = None
    situation: str | None = None  # a quiz vignette's everyday situation, shown first
    form: str = "choice"  # choice, scale, words, open, questions or map
    scale: int = 0  # points of a scale question (5 or 7)
    low: str | None = None  # what the scale's first point means
    high: str | None = None  # … and its last
    words: int = 3  # words per phone in a word cloud
    fold_plurals: bool = False  # the cloud counts "écoutes" with "écoute"
    results: str = "live"  # when the projector shows them: live, after_close, never
    personal: bool = False
    min_group: int = MIN_GROUP_DEFAULT
    own_group: bool = False  # the question sets its own min_group (a talk's does not apply)

    def option_text(self, option_id: str | None) -> str | None:
        return dict(self.options).get(option_id) if option_id else None

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(option_id for option_id, _ in self.options)

    @property
    def values(self) -> tuple[str, ...]:
        """What a phone may send as its option: ids, scale points, map cells, and "skip"."""
        if self.form == "choice":
            found = self.option_ids
        elif self.form == "scale":
            found = tuple(str(point) for point in range(1, self.scale + 1))
        elif self.form == "map":
            found = tuple(map_cells())
        else:
            found = ()
        return (*found, SKIP) if self.personal else found

    def shows_results(self, phase: str) -> bool:
        """Whether the projector may show this question's results in this phase."""
        if self.results == "never":
            return False
        if self.results == "after_close" or self.personal:
            return phase in ("closed", "revealed")
        return True


def map_cells() -> list[str]:
    """Cell ids of the room's map: 'x1y1' … 'x4y4' (x: avoidance, y: anxiety, low to high)."""
    return [f"x{x}y{y}" for y in range(1, MAP_CELLS + 1) for x in range(1, MAP_CELLS + 1)]


def map_cell(avoidance: float, anxiety: float) -> str:
    """The cell of a point (each score 1–7) on the 4 × 4 map."""

    def index(score: float) -> int:
        return min(MAP_CELLS, max(1, int((score - 1) / 6 * MAP_CELLS) + 1))

    return f"x{index(avoidance)}y{index(anxiety)}"


def normal_word(word: str) -> str:
    """A word as the cloud counts it: trimmed, lower case, accents kept, NFKC (fullwidth
    letters are letters), without the characters nobody sees (zero-width, soft hyphen,
    direction controls)."""
    word = INVISIBLE.sub("", unicodedata.normalize("NFKC", word))
    word = word.strip().strip(".,;:!?\"'«»()").strip()
    return " ".join(word.split()).casefold()[:MAX_WORD]


def fold_plurals(counts: Mapping[str, int]) -> dict[str, int]:
    """The cloud's counts with a plural in -s or -x counted with its singular when both were
    given ("écoutes" with "écoute", "cadeaux" with "cadeau"); a word alone stays as given, so
    "stress" or "temps" never lose their last letter."""
    out = dict(counts)
    for word in sorted(counts, key=len, reverse=True):
        singular = word[:-1]
        if word[-1:] in ("s", "x") and len(singular) >= 2 and singular in out and word in out:
            out[singular] += out.pop(word)
    return out


def normal_words(raw: list[str], most: int) -> list[str]:
    """Up to `most` distinct words, in the order given, empty ones left out."""
    out: list[str] = []
    for item in raw:
        word = normal_word(item)
        if word and word not in out:
            out.append(word)
    return out[:most]


@per_content()
def live_questions(bundle: Bundle, lang: str) -> Mapping[str, LiveQuestion]:
    """Every question of the live room in one language, in the order the talk uses them.

    Built once per loaded content and language, shared read-only: every phone request looks
    its question up here, and building the list costs about 0.5 ms.
    """
    return MappingProxyType(_build(bundle, lang))


def _build(bundle: Bundle, lang: str) -> dict[str, LiveQuestion]:
    out: dict[str, LiveQuestion] = {}
    for poll in bundle.polls.get(lang, ()):
        question = LiveQuestion(
            id=f"poll:{poll.id}",
            kind="poll",
            prompt=poll.prompt,
            options=tuple((o.id, o.text) for o in poll.options),
            correct=frozenset({poll.correct} if poll.correct else ()),
            explanation=poll.explanation,
            form=poll.kind,
            scale=poll.scale or 0,
            low=poll.low,
            high=poll.high,
            words=poll.words,
            fold_plurals=poll.fold_plurals,
            results=poll.results or DEFAULT_RESULTS[poll.kind],
            personal=poll.personal,
            min_group=max(poll.min_group or MIN_GROUP_DEFAULT, MIN_GROUP_FLOOR),
            own_group=poll.min_group is not None,
        )
        out[question.id] = question
    bank = bundle.quiz.get(lang)
    # A room answers with one tap: quiz questions with several right options stay in the quiz.
    for item in bank.questions if bank else ():
        if len(item.right_ids) != 1:
            continue
        question = LiveQuestion(
            id=f"quiz:{item.id}",
            kind="quiz",
            prompt=item.prompt,
            options=tuple((o.id, o.text) for o in item.options),
            correct=item.right_ids,
            explanation=item.explanation,
            situation=item.situation,
        )
        out[question.id] = question
    return out


def in_room(question: LiveQuestion, room_group: int | None) -> LiveQuestion:
    """The question as this room asks it: a personal question that sets no min_group of its
    own takes the room's (the talk's, when the room was opened for one), never below 5."""
    if not question.personal or question.own_group or room_group is None:
        return question
    return replace(question, min_group=max(room_group, MIN_GROUP_FLOOR))
