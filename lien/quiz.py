"""The quiz's logic, without Streamlit: drawing a round, shuffling options, scoring, review."""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from lien.content.models import QUIZ_TOPICS, Question, QuizBank, QuizOption

ROUND_SIZE = 8
# Answers of a round: question id -> the ids of the options the reader chose.
Answers = Mapping[str, Collection[str]]


@dataclass(frozen=True)
class DrawnQuestion:
    """A question of a round and the order its options are shown in."""

    id: str
    option_ids: tuple[str, ...]


@dataclass(frozen=True)
class Round:
    seed: int
    questions: tuple[DrawnQuestion, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions)


@dataclass(frozen=True)
class Feedback:
    """What the reader learns right after answering one question."""

    right: bool
    wrong_chosen: tuple[QuizOption, ...]  # chosen, but wrong: each shows why it is wrong
    missed: tuple[QuizOption, ...]  # right, but not chosen ("select all" questions)


@dataclass(frozen=True)
class TopicScore:
    topic: str
    right: int
    asked: int


@dataclass(frozen=True)
class ReviewRow:
    number: int  # 1-based position in the round
    question: Question
    chosen: tuple[QuizOption, ...]  # in the order they were shown
    right_options: tuple[QuizOption, ...]
    right: bool


def new_seed() -> int:
    """A seed for a round nobody asked to fix; small enough to read out in a talk."""
    return random.SystemRandom().randrange(1, 100_000)


def shuffled_option_ids(question: Question, rng: random.Random) -> tuple[str, ...]:
    """Every option of the question, in a seeded random order; true/false stays true, false.

    Options are sorted by id before shuffling so that the order does not depend on how a
    language's file lists them: the same seed gives the same order in every language.
    """
    if question.kind == "true_false":
        return ("true", "false")
    ids = sorted(o.id for o in question.options)
    rng.shuffle(ids)
    return tuple(ids)


def draw_round(bank: QuizBank, n: int = ROUND_SIZE, seed: int | None = None) -> Round:
    """n questions spread over the topics (one per topic before any topic gets a second).

    The same seed gives the same questions, in the same order, with the same option order,
    in every language (questions are matched by id, never by their place in a file).
    """
    seed = new_seed() if seed is None else seed
    rng = random.Random(seed)
    by_topic: dict[str, list[Question]] = {}
    for question in sorted(bank.questions, key=lambda q: q.id):
        by_topic.setdefault(question.topic, []).append(question)
    topics = sorted(by_topic)
    for topic in topics:
        rng.shuffle(by_topic[topic])
    rng.shuffle(topics)
    picked: list[Question] = []
    while len(picked) < n and any(by_topic.values()):
        for topic in topics:
            if by_topic[topic] and len(picked) < n:
                picked.append(by_topic[topic].pop())
    return Round(
        seed=seed,
        questions=tuple(DrawnQuestion(q.id, shuffled_option_ids(q, rng)) for q in picked),
    )


def is_right(question: Question, chosen: Collection[str]) -> bool:
    """The rule for every kind: right when the chosen set is exactly the set of right options.

    For single choice, true/false and vignettes that is the one right option. For "select
    all that apply" there is no partial credit: one point only when every right option is
    chosen and no wrong one (the page states this rule).
    """
    return frozenset(chosen) == question.right_ids


def feedback(question: Question, chosen: Collection[str], shown: tuple[str, ...]) -> Feedback:
    chosen_set = frozenset(chosen)
    ordered = [question.option(i) for i in shown]
    return Feedback(
        right=is_right(question, chosen_set),
        wrong_chosen=tuple(o for o in ordered if o.id in chosen_set and not o.correct),
        missed=tuple(o for o in ordered if o.correct and o.id not in chosen_set),
    )


def score(bank: QuizBank, round_: Round, answers: Answers) -> int:
    """Points of a round: one per question answered right, unanswered questions count zero."""
    return sum(
        is_right(bank.question(q.id), answers[q.id]) for q in round_.questions if q.id in answers
    )


def score_per_topic(bank: QuizBank, round_: Round, answers: Answers) -> list[TopicScore]:
    """Right answers and questions asked, per topic of the round, in the topics' fixed order."""
    asked: dict[str, int] = {}
    right: dict[str, int] = {}
    for drawn in round_.questions:
        question = bank.question(drawn.id)
        asked[question.topic] = asked.get(question.topic, 0) + 1
        if drawn.id in answers and is_right(question, answers[drawn.id]):
            right[question.topic] = right.get(question.topic, 0) + 1
    return [TopicScore(t, right.get(t, 0), asked[t]) for t in QUIZ_TOPICS if t in asked]


def review_rows(bank: QuizBank, round_: Round, answers: Answers) -> list[ReviewRow]:
    rows = []
    for number, drawn in enumerate(round_.questions, start=1):
        question = bank.question(drawn.id)
        chosen = frozenset(answers.get(drawn.id, ()))
        shown = [question.option(i) for i in drawn.option_ids]
        rows.append(
            ReviewRow(
                number=number,
                question=question,
                chosen=tuple(o for o in shown if o.id in chosen),
                right_options=tuple(o for o in shown if o.correct),
                right=is_right(question, chosen),
            )
        )
    return rows


def pages_to_revisit(rows: list[ReviewRow]) -> list[tuple[str, str | None]]:
    """(page id, section id) that teach what was missed, each once, in the round's order."""
    seen: list[tuple[str, str | None]] = []
    for row in rows:
        target = (row.question.page, row.question.section)
        if not row.right and target not in seen:
            seen.append(target)
    return seen
