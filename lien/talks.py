"""A talk in one language: its slides in order, numbered over the whole talk, with their notes.

Built from content (content/talks/<id>.toml and the files its items point to); no Streamlit.
Present mode, the speaker view, the overview, the printable slides and the handout all read a
talk through here, so they number and name its slides the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lien.content import Bundle, per_content
from lien.content.loader import DEFAULT_TALK
from lien.content.models import JOIN_ITEM, OwnSlide, Slide, TalkItem, TalkPart
from lien.keymap import letter
from lien.live.questions import LiveQuestion, live_questions


@dataclass(frozen=True)
class TalkSlide:
    number: int  # 1-based, over the whole talk
    item: TalkItem
    part: TalkPart
    title: str  # as the slide list names it
    notes: str  # Markdown, for the speaker view
    page_slide: Slide | None = None  # a slide of a page
    own: OwnSlide | None = None  # a slide of one's own
    question: LiveQuestion | None = None  # a poll or a quiz question of the live room

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def kind(self) -> str:
        return self.item.kind

    @property
    def page_id(self) -> str | None:
        return self.page_slide.page if self.page_slide is not None else None


@dataclass(frozen=True)
class PartPlan:
    id: str
    title: str
    planned_minutes: float
    numbers: tuple[int, ...]  # the numbers of its slides


@dataclass(frozen=True)
class Talk:
    id: str
    lang: str
    title: str
    slides: tuple[TalkSlide, ...]
    parts: tuple[PartPlan, ...]

    def __len__(self) -> int:
        return len(self.slides)

    def slide(self, number: int) -> TalkSlide:
        return self.slides[clamp(number, len(self.slides)) - 1]

    def number_of(self, item_id: str) -> int | None:
        return next((s.number for s in self.slides if s.id == item_id), None)

    def find(self, number: int, item_id: str | None = None) -> int:
        """Where a position stands in this talk: its item where it still is (the talk may have
        been edited since), else the slide now at its number, or the nearest one."""
        if item_id is not None:
            found = self.number_of(item_id)
            if found is not None:
                return found
        return clamp(number, len(self.slides))

    def first_of_page(self, page_id: str) -> int | None:
        return next((s.number for s in self.slides if s.page_id == page_id), None)

    def page_slide_number(self, page_id: str, nth: int) -> int | None:
        """The talk's number of a page's nth slide (1-based), for links made before talks
        (`/alliance?present=1&slide=3`: the third slide of /alliance)."""
        numbers = [s.number for s in self.slides if s.page_id == page_id]
        if not numbers:
            return None
        return numbers[clamp(nth, len(numbers)) - 1]

    @property
    def planned_minutes(self) -> float:
        return sum(part.planned_minutes for part in self.parts)

    def part_of(self, number: int) -> PartPlan:
        return next(p for p in self.parts if number in p.numbers)

    @property
    def page_ids(self) -> list[str]:
        """The pages this talk shows slides of, in the order it first shows them."""
        return list(dict.fromkeys(s.page_id for s in self.slides if s.page_id))


def clamp(number: int, length: int) -> int:
    return min(max(number, 1), max(length, 1))


def slide_heading(bundle: Bundle, lang: str, slide: Slide) -> str:
    """A page slide's title: its page's title for a title slide, else its section's heading."""
    text = bundle.pages[lang][slide.page]
    if slide.section is None:
        return text.title
    return next(s.heading for s in text.sections if s.id == slide.section)


def _question_notes(texts: Mapping[str, str], question: LiveQuestion) -> str:
    # The keys of the question slide's controls, as lien.keymap binds them.
    keys = {k: letter(f"poll_{k}") for k in ("open", "close", "reveal")}
    notes = texts["present.poll_notes"].format(**keys)
    if question.personal:
        notes += "\n\n" + texts["present.poll_personal_notes"]
    if question.explanation:
        notes += "\n\n" + texts["present.poll_explanation"].format(text=question.explanation)
    return notes


def _build(bundle: Bundle, lang: str, talk_id: str) -> Talk | None:
    plan = bundle.talks.get(talk_id)
    if plan is None:
        return None
    texts = bundle.ui[lang]
    page_slides = {s.id: s for s in bundle.slides.get(lang, ())}
    own = {s.id: s for s in bundle.own_slides.get(lang, ())}
    questions = live_questions(bundle, lang)
    words = bundle.talk_texts[lang][talk_id]
    slides: list[TalkSlide] = []
    parts: list[PartPlan] = []
    for part in plan.parts:
        first = len(slides) + 1
        for item in part.items:
            number = len(slides) + 1
            if item.id == JOIN_ITEM:
                slide = TalkSlide(
                    number,
                    item,
                    part,
                    texts["present.join_title"],
                    texts["present.join_notes"],
                )
            elif item.kind == "slide":
                page_slide = page_slides[item.ref]
                slide = TalkSlide(
                    number,
                    item,
                    part,
                    slide_heading(bundle, lang, page_slide),
                    page_slide.notes,
                    page_slide=page_slide,
                )
            elif item.kind == "own":
                mine = own[item.ref]
                slide = TalkSlide(number, item, part, mine.title, mine.notes, own=mine)
            else:
                question = questions[item.id]
                slide = TalkSlide(
                    number,
                    item,
                    part,
                    f"{texts['live.form_' + question.form]} · {question.prompt}",
                    _question_notes(texts, question),
                    question=question,
                )
            slides.append(slide)
        parts.append(
            PartPlan(
                part.id,
                words.parts[part.id],
                part.planned_minutes,
                tuple(range(first, len(slides) + 1)),
            )
        )
    return Talk(talk_id, lang, words.title, tuple(slides), tuple(parts))


def talk_of(bundle: Bundle, lang: str, talk_id: str | None = None) -> Talk | None:
    """The talk in this language (the default talk when none is named); None when the
    content has no talk of that id. Built once per loaded content."""
    return _talk(bundle, lang, talk_id or DEFAULT_TALK)


_talk = per_content(limit=64)(_build)
