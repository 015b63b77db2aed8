"""The loaded content: everything the app shows, validated, per language where it is text."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from lien.content.models import (
    Components,
    EffectRow,
    FigureRow,
    Helpline,
    OwnSlide,
    PageText,
    Poll,
    Presenter,
    PrevalenceRow,
    QuizBank,
    Reflection,
    Safety,
    Site,
    Slide,
    Source,
    SourceText,
    StressTexts,
    StressValues,
    TalkPlan,
    TalkText,
)
from lien.sitemap import PAGES

_GENERATIONS = itertools.count(1)


@dataclass(frozen=True)
class Bundle:
    """Everything the app shows, validated, per language where it is text."""

    site: Site
    ui: Mapping[str, Mapping[str, str]]
    pages: Mapping[str, Mapping[str, PageText]]
    safety: Mapping[str, Safety]
    presenter: Mapping[str, Presenter]
    source_texts: Mapping[str, Mapping[str, SourceText]]
    sources: tuple[Source, ...]
    prevalence: tuple[PrevalenceRow, ...]
    effects: tuple[EffectRow, ...]
    figures: tuple[FigureRow, ...]
    # Numbers to call, with their cost, hours, source and date checked (data/helplines.csv).
    helplines: tuple[Helpline, ...]
    # The alliance's components, families and qualities (content/<lang>/components.toml).
    components: Mapping[str, Components]
    slides: Mapping[str, tuple[Slide, ...]]
    # Questions for the live room of a talk (content/<lang>/polls.toml), in file order.
    polls: Mapping[str, tuple[Poll, ...]]
    # The quiz's question bank, per language (content/<lang>/quiz.toml).
    quiz: Mapping[str, QuizBank]
    # The attachment charts' texts per language, and the stress chart's schematic values.
    stress: Mapping[str, StressTexts]
    stress_values: StressValues
    # The self-reflection's statements, per language.
    reflection: Mapping[str, Reflection]
    # Talks: each one's order (content/talks/<id>.toml, the default talk first), its titles
    # per language (content/<lang>/talks.toml), and one's own slides per language
    # (content/<lang>/my-slides.toml) with the folder of their images.
    talks: Mapping[str, TalkPlan] = field(default_factory=dict)
    talk_texts: Mapping[str, Mapping[str, TalkText]] = field(default_factory=dict)
    own_slides: Mapping[str, tuple[OwnSlide, ...]] = field(default_factory=dict)
    media_dir: Path | None = field(default=None, compare=False)
    # What one-language talks (`languages = ["fr"]`) write in some languages only: item ids
    # ("own:x", "poll:x") and talks ("talk:x"), each with the languages it is written in.
    # Other languages show it as written (no notice); a phone says which language it is in.
    written_in: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Texts missing in one language and shown from another meanwhile: the check fails on
    # them, the app keeps running and tells the editor (lien.content.problems.Problem).
    problems: tuple = field(default=(), compare=False)
    # Which load this is: a new number for every load, the cache key of "this content".
    generation: int = field(default_factory=lambda: next(_GENERATIONS), compare=False)
    # Words a live room's word cloud never shows, per language (polls.toml `hidden_words`).
    hidden_words: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def deck(self, lang: str, page_id: str) -> list[Slide]:
        """The slides of one page, in order, for present mode."""
        return [s for s in self.slides.get(lang, ()) if s.page == page_id]

    @property
    def languages(self) -> list[str]:
        return list(self.site.languages)

    def source(self, source_id: str) -> Source:
        return self.sources_by_id[source_id]

    @cached_property
    def sources_by_id(self) -> Mapping[str, Source]:
        return {s.id: s for s in self.sources}

    @cached_property
    def helplines_by_id(self) -> Mapping[str, Helpline]:
        return {h.id: h for h in self.helplines}

    def figure(self, figure_id: str) -> FigureRow:
        return next(f for f in self.figures if f.id == figure_id)

    def text_count(self, lang: str) -> int:
        return len(self.ui[lang]) + sum(
            len(list(iter_strings(p.model_dump()))) for p in self.pages[lang].values()
        )

    def summary(self, lang: str = "en") -> str:
        """The check's one line when all is well, in `lang`."""
        from lien.content.messages import say
        from lien.text import count

        default = self.site.default_language
        return say(
            "check.ok",
            lang,
            languages=count(len(self.languages), lang),
            names=", ".join(self.languages),
            pages=count(len(PAGES), lang),
            texts=count(self.text_count(default), lang),
            figures=count(len(self.prevalence) + len(self.effects) + len(self.figures), lang),
            sources=count(len(self.sources), lang),
        )


def flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """{'nav': {'home': 'Accueil'}} -> {'nav.home': 'Accueil'}."""
    out: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flatten(value, name + "."))
        else:
            out[name] = value
    return out


def iter_strings(value: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every string inside nested dicts and lists, with its field path."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from iter_strings(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from iter_strings(item, f"{where}[{index}]")
