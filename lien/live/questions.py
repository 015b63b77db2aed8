"""The questions a presenter can put to the room, from content/<lang>/polls.toml."""

from __future__ import annotations

from dataclasses import dataclass

from lien.content import Bundle


@dataclass(frozen=True)
class LiveQuestion:
    id: str  # "poll:<id>": the store keeps this, so it is the same in every language
    kind: str  # "poll" (or "quiz" once the quiz bank is offered)
    prompt: str
    options: tuple[tuple[str, str], ...]  # (option id, text)
    correct: frozenset[str]  # empty for an opinion poll
    explanation: str | None = None

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
    return out
