"""Loads Lien's content (content/) and data (data/), validates them and collects every problem."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lien.content.bundle import Bundle, flatten
from lien.content.models import (
    ID_PATTERN,
    IMAGE_MAX_BYTES,
    IMAGE_TYPES,
    JOIN_ITEM,
    Components,
    Deck,
    EffectRow,
    FigureRow,
    OwnSlide,
    OwnSlides,
    PageText,
    Poll,
    Polls,
    Presenter,
    PrevalenceRow,
    Question,
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
from lien.content.paths import ROOT
from lien.content.problems import ContentError
from lien.content.reader import Reader
from lien.content.rules import (
    check_links,
    check_raw_html,
    check_slides,
    check_sums,
    check_text_keys,
    compare_languages,
)
from lien.content.same import SAME_IN_EVERY_LANGUAGE as SAME
from lien.sitemap import PAGES
from lien.text import typeset, typeset_tree

TALKS_FOLDER = "talks"  # content/talks/<id>.toml: the order of each talk
MEDIA_FOLDER = "media"  # content/media/: the images of one's own slides
DEFAULT_TALK = "full"  # what present mode plays when no talk is named


def load_quiz(
    reader: Reader, path: Path, data: Mapping[str, Any], pages: Mapping[str, PageText]
) -> QuizBank | None:
    """The question bank of one language; each problem names the question by index and id."""
    items = data.get("questions")
    if not isinstance(items, list) or not items:
        reader.add(path, "questions", "no [[questions]] found")
        return None
    unknown = sorted(set(data) - {"questions"})
    for key in unknown:
        reader.add(path, key, "unknown field (check its spelling)")
    questions: list[Question] = []
    for index, item in enumerate(items):
        label = f"questions[{index}]"
        if isinstance(item, Mapping) and "id" in item:
            label += f" (id '{item['id']}')"
        question = reader.model(path, Question, item, prefix=label)
        if question is None:
            continue
        questions.append(question)
        page_text = pages.get(question.page)
        sections = {s.id for s in page_text.sections} if page_text is not None else None
        if question.section and sections is not None and question.section not in sections:
            reader.add(
                path,
                f"{label}, section",
                f"no section '{question.section}' on page '{question.page}'",
            )
    if len(questions) != len(items):
        return None
    return reader.model(path, QuizBank, {"questions": questions})


def load_data(reader: Reader, root: Path):
    data = root / "data"
    sources = reader.csv_rows(data / "sources.csv", Source)
    for source in sources:
        check_raw_html(
            reader,
            data / "sources.csv",
            {f"id '{source.id}'": source.model_dump()},
            fields_are_markdown=False,
        )
        if source.link and not re.match(r"^https?://", source.link):
            reader.add(data / "sources.csv", f"id '{source.id}'.link", "must start with http(s)://")
    ids = [s.id for s in sources]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        reader.add(data / "sources.csv", f"id '{dup}'", "appears more than once")
    known = set(ids)
    tables = {}
    for name, model in (
        ("prevalence", PrevalenceRow),
        ("effects", EffectRow),
        ("figures", FigureRow),
    ):
        path = data / f"{name}.csv"
        rows = reader.csv_rows(path, model)
        for row in rows:
            if row.source_id not in known:
                reader.add(
                    path,
                    f"source_id '{row.source_id}'",
                    "no such source in data/sources.csv",
                )
        tables[name] = rows
    check_sums(
        reader,
        data / "prevalence.csv",
        tables["prevalence"],
        key=lambda r: (r.source_id, r.group),
        value=lambda r: r.percent,
    )
    check_sums(
        reader,
        data / "figures.csv",
        tables["figures"],
        key=lambda r: (r.source_id, r.group),
        value=lambda r: r.value,
    )
    for row in tables["effects"]:
        if (
            row.ci_low is not None
            and row.ci_high is not None
            and not (row.ci_low <= row.r <= row.ci_high)
        ):
            reader.add(
                data / "effects.csv", f"source_id '{row.source_id}'", "r lies outside its CI"
            )
    return sources, tables


def load_bundle(root: Path = ROOT) -> Bundle:
    """Load and validate everything; raise ContentError listing every problem found."""
    reader = Reader(root)
    content = root / "content"
    site, _ = reader.toml_model(content / "site.toml", Site)
    if site is None:
        raise ContentError(reader.problems)
    sources, tables = load_data(reader, root)
    source_ids = {s.id for s in sources}

    ui: dict[str, dict[str, str]] = {}
    pages: dict[str, dict[str, PageText]] = {}
    safety: dict[str, Safety] = {}
    presenter: dict[str, Presenter] = {}
    quiz: dict[str, QuizBank] = {}
    source_texts: dict[str, dict[str, SourceText]] = {}
    components: dict[str, Components] = {}
    slides: dict[str, tuple[Slide, ...]] = {}
    stress: dict[str, StressTexts] = {}
    reflection: dict[str, Reflection] = {}
    polls: dict[str, tuple[Poll, ...]] = {}
    own_slides: dict[str, tuple[OwnSlide, ...]] = {}
    talk_texts: dict[str, dict[str, TalkText]] = {}
    hidden_words: dict[str, frozenset[str]] = {}
    raw: dict[str, dict[str, Any]] = {}  # file key -> lang -> parsed data, for comparisons
    paths: dict[str, dict[str, Path]] = {}
    ui_paths: dict[str, dict[str, Path]] = {}  # text key -> lang -> the ui file holding it

    def remember(key: str, lang: str, path: Path, data: Any) -> None:
        if data is not None:
            raw.setdefault(key, {})[lang] = data
            paths.setdefault(key, {})[lang] = path
            check_links(reader, path, data, source_ids)
            check_raw_html(reader, path, data)

    for lang in site.languages:
        base = content / lang
        ui[lang] = {}
        # ui.toml, plus one ui-<feature>.toml per feature (ui-charts.toml, ui-quiz.toml …).
        for path in [base / "ui.toml", *sorted(base.glob("ui-*.toml"))]:
            data = reader.toml(path)
            if data is None:
                continue
            flat = flatten(data)
            for key, value in flat.items():
                if not isinstance(value, str) or not value.strip():
                    reader.add(path, key, "must be a non-empty text")
                elif key in ui[lang]:
                    reader.add(path, key, "defined twice (also in another ui file)")
                else:
                    ui[lang][key] = typeset(value, lang)
                    ui_paths.setdefault(key, {})[lang] = path
            remember(path.stem, lang, path, flat)

        pages[lang] = {}
        for page in PAGES:
            path = base / "pages" / f"{page.id}.toml"
            text, data = reader.toml_model(path, PageText, lang)
            if text is not None:
                pages[lang][page.id] = text
            remember(f"pages/{page.id}", lang, path, data)

        path = base / "quiz.toml"
        data = reader.toml(path)
        if data is not None:
            bank = load_quiz(reader, path, typeset_tree(data, lang, SAME), pages[lang])
            if bank is not None:
                quiz[lang] = bank
        remember("quiz", lang, path, data)

        path = base / "slides.toml"
        deck, data = reader.toml_model(path, Deck, lang)
        if deck is not None:
            slides[lang] = tuple(deck.slides)
            check_slides(reader, path, deck, pages[lang])
        remember("slides", lang, path, data)

        # The practitioner's own slides and the talks' titles (see load_talks below).
        path = base / "my-slides.toml"
        value, data = reader.toml_model(path, OwnSlides, lang)
        if value is not None:
            own_slides[lang] = tuple(value.slides)
            check_images(reader, path, value.slides, content / MEDIA_FOLDER)
        remember("my-slides", lang, path, data)
        path = base / "talks.toml"
        texts_of_talks, data = load_talk_texts(reader, path, lang)
        if texts_of_talks is not None:
            talk_texts[lang] = texts_of_talks
        remember("talks", lang, path, data)

        path = base / "polls.toml"
        value, data = reader.toml_model(path, Polls, lang)
        if value is not None:
            polls[lang] = tuple(value.polls)
            hidden_words[lang] = frozenset(
                w.strip().casefold() for w in (value.hidden_words or "").splitlines() if w.strip()
            )
        remember("polls", lang, path, data)

        path = base / "sources.toml"
        data = reader.toml(path)
        if data is not None:
            texts = {}
            for sid, item in data.items():
                record = reader.model(path, SourceText, typeset_tree(item, lang), prefix=sid)
                if sid not in source_ids:
                    reader.add(path, sid, "no such source in data/sources.csv")
                if record is not None:
                    texts[sid] = record
            for sid in sorted(source_ids - set(data)):
                reader.add(path, sid, "no sample and measure given for this source")
            source_texts[lang] = texts
        remember("sources", lang, path, data)

        # Files that hold one record each, kept per language as they are.
        for name, model, store in (
            ("safety", Safety, safety),
            ("presenter", Presenter, presenter),
            ("components", Components, components),
            ("stress", StressTexts, stress),
            ("reflection", Reflection, reflection),
        ):
            path = base / f"{name}.toml"
            value, data = reader.toml_model(path, model, lang)
            if value is not None:
                store[lang] = value
            remember(name, lang, path, data)

    for key, by_lang in raw.items():
        if len(by_lang) > 1:
            compare_languages(reader, paths[key], by_lang)
    check_text_keys(reader, content, site.languages, ui_paths)
    stress_values = load_stress_values(reader, content, stress)
    talks = load_talks(
        reader,
        content,
        site.languages,
        {
            "slide": {lang: {s.id for s in deck} for lang, deck in slides.items()},
            "own": {lang: {s.id for s in deck} for lang, deck in own_slides.items()},
            "poll": {lang: {p.id for p in items} for lang, items in polls.items()},
            "quiz": {lang: one_tap_questions(bank) for lang, bank in quiz.items()},
        },
        talk_texts,
    )

    if reader.problems:
        raise ContentError(reader.problems)
    return Bundle(
        site=site,
        ui=ui,
        pages=pages,
        safety=safety,
        presenter=presenter,
        source_texts=source_texts,
        sources=tuple(sources),
        prevalence=tuple(tables["prevalence"]),
        effects=tuple(tables["effects"]),
        figures=tuple(tables["figures"]),
        components=components,
        slides=slides,
        polls=polls,
        hidden_words=hidden_words,
        quiz=quiz,
        stress=stress,
        stress_values=stress_values,
        reflection=reflection,
        talks=talks,
        talk_texts=talk_texts,
        own_slides=own_slides,
        media_dir=content / MEDIA_FOLDER,
    )


def load_stress_values(
    reader: Reader, content: Path, texts: Mapping[str, StressTexts]
) -> StressValues | None:
    """The stress chart's schematic values; each scenario must have its texts, and back."""
    path = content / "stress-illustrative.toml"
    values, _ = reader.toml_model(path, StressValues)
    if values is None:
        return None
    for lang, text in texts.items():
        named = {s.id for s in text.scenarios}
        for scenario in sorted(set(values.scenarios) - named):
            reader.add(path, f"scenarios.{scenario}", f"no text in content/{lang}/stress.toml")
        for scenario in sorted(named - set(values.scenarios)):
            reader.add(
                content / lang / "stress.toml",
                f"scenarios (id '{scenario}')",
                "no values in content/stress-illustrative.toml",
            )
    return values


# --- talks ------------------------------------------------------------------------------
# A talk's order is language-neutral (content/talks/<id>.toml); its titles are per language
# (content/<lang>/talks.toml), as are the slides it points to and one's own slides
# (content/<lang>/my-slides.toml). Every problem is "file: field: reason".

_ITEM_FILES = {
    "slide": ("slide", "slides.toml"),
    "own": ("slide of your own", "my-slides.toml"),
    "poll": ("poll", "polls.toml"),
    "quiz": ("quiz question with one right answer", "quiz.toml"),
}


def one_tap_questions(bank: QuizBank) -> set[str]:
    """The quiz questions the live room can ask: those with exactly one right option."""
    return {q.id for q in bank.questions if len(q.right_ids) == 1}


def load_talk_texts(
    reader: Reader, path: Path, lang: str
) -> tuple[dict[str, TalkText] | None, dict | None]:
    """Each talk's title and part titles in one language, by talk id (and the file as read)."""
    data = reader.toml(path)
    if data is None:
        return None, None
    texts: dict[str, TalkText] = {}
    for talk_id, item in typeset_tree(data, lang, SAME).items():
        record = reader.model(path, TalkText, item, prefix=talk_id)
        if record is not None:
            texts[talk_id] = record
    return texts, data


def _empty_talk(reader: Reader, path: Path, data: Mapping[str, Any]) -> bool:
    """Report a talk without items in words a practitioner reads (not pydantic's)."""
    parts = data.get("parts")
    if not isinstance(parts, list) or not parts:
        reader.add(path, "parts", "the talk is empty: give it at least one [[parts]] with items")
        return True
    empty = False
    for index, part in enumerate(parts):
        if isinstance(part, Mapping) and part.get("items") in (None, []):
            label = f"parts[{index}]" + (f" (id '{part['id']}')" if "id" in part else "")
            reader.add(path, f"{label}.items", "this part is empty: give it at least one item")
            empty = True
    return empty


def load_talks(
    reader: Reader,
    content: Path,
    languages: list[str],
    known: Mapping[str, Mapping[str, set[str]]],
    texts: Mapping[str, Mapping[str, TalkText]],
) -> dict[str, TalkPlan]:
    """Every talk of content/talks/, checked against what each language has."""
    folder = content / TALKS_FOLDER
    talks: dict[str, TalkPlan] = {}
    files = sorted(folder.glob("*.toml"))
    for path in files:
        talk_id = path.stem
        if not re.fullmatch(ID_PATTERN, talk_id):
            reader.add(
                path, "(file)", "a talk's file name is its id: lower-case letters, digits, -"
            )
            continue
        data = reader.toml(path)
        if data is None or _empty_talk(reader, path, data):
            continue
        plan = reader.model(path, TalkPlan, data)
        if plan is None:
            continue
        _check_items(reader, path, plan, languages, known)
        talks[talk_id] = plan
    if not (folder / f"{DEFAULT_TALK}.toml").exists():
        reader.add(
            folder / f"{DEFAULT_TALK}.toml",
            "(file)",
            "file is missing: present mode plays this talk when no other is named",
        )
    for lang in languages:
        path = content / lang / "talks.toml"
        given = texts.get(lang)
        if given is None:
            continue
        for talk_id, plan in talks.items():
            text = given.get(talk_id)
            if text is None:
                reader.add(path, talk_id, f"missing: the talk '{talk_id}' needs its title here")
                continue
            for part in plan.parts:
                if part.id not in text.parts:
                    reader.add(
                        path, f"{talk_id}.parts.{part.id}", "missing: this part needs a title"
                    )
            for part_id in sorted(set(text.parts) - {p.id for p in plan.parts}):
                reader.add(
                    path,
                    f"{talk_id}.parts.{part_id}",
                    f"no part '{part_id}' in content/talks/{talk_id}.toml",
                )
        for talk_id in sorted(set(given) - set(talks)):
            reader.add(path, talk_id, f"no talk '{talk_id}' in content/talks/ (check its spelling)")
    # The default talk first, then the others by name.
    return dict(sorted(talks.items(), key=lambda entry: (entry[0] != DEFAULT_TALK, entry[0])))


def _check_items(
    reader: Reader,
    path: Path,
    plan: TalkPlan,
    languages: list[str],
    known: Mapping[str, Mapping[str, set[str]]],
) -> None:
    seen: dict[str, str] = {}
    for p, part in enumerate(plan.parts):
        for i, item in enumerate(part.items):
            where = f"parts[{p}] (id '{part.id}').items[{i}]"
            if item.id in seen:
                reader.add(path, where, f"item '{item.id}' appears twice (also {seen[item.id]})")
                continue
            seen[item.id] = where
            if item.id == JOIN_ITEM:
                continue
            noun, file_name = _ITEM_FILES[item.kind]
            by_lang = known.get(item.kind, {})
            have = [lang for lang in languages if item.ref in by_lang.get(lang, set())]
            if not have:
                lang = languages[0]
                reader.add(
                    path,
                    where,
                    f"unknown item '{item.id}': no {noun} '{item.ref}' in "
                    f"content/{lang}/{file_name}",
                )
                continue
            for lang in languages:
                if lang in by_lang and lang not in have:
                    reader.add(
                        path,
                        where,
                        f"item '{item.id}' is missing in '{lang}': no {noun} '{item.ref}' in "
                        f"content/{lang}/{file_name}",
                    )


_MAGIC = {
    "PNG": lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"),
    "JPEG": lambda head: head.startswith(b"\xff\xd8\xff"),
    "WebP": lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP",
}


def check_images(reader: Reader, path: Path, slides: list[OwnSlide], media: Path) -> None:
    """Each image of one's own slides: a PNG, JPEG or WebP file in content/media/, not too big."""
    for index, slide in enumerate(slides):
        if slide.image is None:
            continue
        where = f"slides[{index}] (id '{slide.id}').image"
        name = slide.image
        kind = IMAGE_TYPES.get(Path(name).suffix.lower())
        if "/" in name or "\\" in name or name.startswith("."):
            reader.add(path, where, f"'{name}': give a file name of content/{MEDIA_FOLDER}/ only")
            continue
        if kind is None:
            reader.add(path, where, f"'{name}' is not a PNG, JPEG or WebP image")
            continue
        file = media / name
        if not file.is_file():
            reader.add(path, where, f"no file '{name}' in content/{MEDIA_FOLDER}/")
            continue
        size = file.stat().st_size
        if size > IMAGE_MAX_BYTES:
            reader.add(
                path,
                where,
                f"'{name}' is {size / 1024 / 1024:.1f} MB: at most "
                f"{IMAGE_MAX_BYTES // 1024 // 1024} MB (save it smaller)",
            )
            continue
        with file.open("rb") as handle:
            head = handle.read(16)
        if not _MAGIC[kind](head):
            reader.add(path, where, f"'{name}' is named as a {kind} image but is not one inside")
