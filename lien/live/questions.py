"""The questions a presenter can put to the room: polls (polls.toml), then the quiz bank."""

from __future__ import annotations

from dataclasses import dataclass

from lien.content import Bundle


@dataclass(frozen=True)
class LiveQuestion:
    id: str  # "poll:<id>": the store keeps this, so it is the same in every language
    kind: str  # "poll" or "quiz"
    prompt: str
    options: tuple[tuple[str, str], ...]  # (option id, text)
    correct: frozenset[str]  # empty for an opinion poll
    explanation: str | None = None
    situation: str | None = None  # a quiz vignette's everyday situation, shown first

    def option_text(self, option_id: str | None) -> str | None:
        return dict(self.options).get(option_id) if option_id else None

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(option_id for option_id, _ in self.options)


def live_questions(bundle: Bundle, lang: str) -> dict[str, LiveQuestion]:
    """Every question of the live room in one language, in the order the talk uses them."""
    out: dict[str, LiveQuestion] = {}
    for poll in bundle.polls.get(lang, ()):
        question = LiveQuestion(
            id=f"poll:{poll.id}",
            kind="poll",
            prompt=poll.prompt,
            options=tuple((o.id, o.text) for o in poll.options),
            correct=frozenset({poll.correct} if poll.correct else ()),
            explanation=poll.explanation,
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
