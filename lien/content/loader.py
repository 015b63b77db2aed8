"""Loads Lien's content (content/) and data (data/), validates them and collects every problem."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from lien.content.bundle import Bundle, flatten
from lien.content.messages import Message, msg, nearest, unknown_id
from lien.content.models import (
    ID_PATTERN,
    IMAGE_MAX_BYTES,
    IMAGE_TYPES,
    JOIN_ITEM,
    Components,
    Deck,
    EffectRow,
    FigureRow,
    Helpline,
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
from lien.content.numbers import (
    SourceValues,
    check_numbers,
    citation_patterns,
    source_values,
)
from lien.content.paths import ROOT
from lien.content.privacy import PRIVACY_GROUP, fill, privacy_texts, unknown_marks
from lien.content.problems import ContentError, field_name, item_label, join_field
from lien.content.reader import Reader
from lien.content.rules import (
    check_links,
    check_raw_html,
    check_slides,
    check_sums,
    check_text_keys,
    check_vignettes,
    fill_languages,
    named_strings,
)
from lien.content.same import SAME_IN_EVERY_LANGUAGE as SAME
from lien.content.wording import (
    ROOM_GROUPS,
    check_causal,
    check_map_labels,
    check_nothing_kept,
    check_page_view_evidence,
    check_same_scale,
    without,
)
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
        reader.add(path, "questions", msg("no_questions"))
        return None
    unknown = sorted(set(data) - {"questions"})
    for key in unknown:
        reader.add(path, key, msg("unknown_key", key=key))
    questions: list[Question] = []
    for index, item in enumerate(items):
        label = item_label("questions", index, item)
        question = reader.model(path, Question, item, prefix=label)
        if question is None:
            continue
        questions.append(question)
        page_text = pages.get(question.page)
        sections = {s.id for s in page_text.sections} if page_text is not None else None
        if question.section and sections is not None and question.section not in sections:
            reader.add(
                path,
                join_field(label, "section"),
                unknown_id("no_section", question.section, sections, page=question.page),
            )
    if len(questions) != len(items):
        return None
    return reader.model(path, QuizBank, {"questions": questions})


def load_data(reader: Reader, root: Path):
    data = root / "data"
    sources = reader.csv_rows(data / "sources.csv", Source)
    sources_readable = data / "sources.csv" not in reader.unreadable
    for source in sources:
        check_raw_html(
            reader,
            data / "sources.csv",
            {f"id '{source.id}'": source.model_dump()},
            fields_are_markdown=False,
        )
        if source.link and not re.match(r"^https?://", source.link):
            reader.add(data / "sources.csv", f"id '{source.id}'.link", msg("link_scheme"))
    ids = [s.id for s in sources]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        reader.add(data / "sources.csv", f"id '{dup}'", msg("twice"))
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
            if sources_readable and row.source_id not in known:
                reader.add(
                    path,
                    f"source_id '{row.source_id}'",
                    unknown_id("no_source", row.source_id, known),
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
            reader.add(data / "effects.csv", f"source_id '{row.source_id}'", msg("r_outside_ci"))
    check_claims(reader, root, sources, tables)
    tables["helplines"] = reader.csv_rows(data / "helplines.csv", Helpline)
    ids = [h.id for h in tables["helplines"]]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        reader.add(data / "helplines.csv", f"id '{dup}'", msg("twice"))
    return sources, tables


def check_claims(reader: Reader, root: Path, sources, tables) -> None:
    """A source that is a claim (status "claim") is never plotted as data: its figures are
    of kind "claim", and no prevalence or effect row comes from it."""
    claims = {s.id for s in sources if s.status == "claim"}
    for row in tables["figures"]:
        if row.source_id in claims and row.kind != "claim":
            reader.add(
                root / "data" / "figures.csv",
                f"id '{row.id}'",
                msg("claim_figure", source=row.source_id, kind=row.kind),
            )
    for name in ("prevalence", "effects"):
        for number, row in enumerate(tables[name], start=2):
            if row.source_id in claims:
                reader.add(
                    root / "data" / f"{name}.csv",
                    f"line {number}",
                    msg("claim_charted", source=row.source_id),
                )


def check_helplines(reader: Reader, content: Path, safety, helplines) -> None:
    """Every line of safety.toml names a number of data/helplines.csv, in its place, and
    every number there is named in every language."""
    by_id = {h.id: h for h in helplines}
    for lang, value in safety.items():
        path = content / lang / "safety.toml"
        named = set()
        for place in value.places:
            for line in place.lines:
                where = f'places "{place.id}", lines "{line.id}"'
                named.add(line.id)
                helpline = by_id.get(line.id)
                if helpline is None:
                    reader.add(path, where, unknown_id("no_helpline", line.id, by_id))
                elif helpline.place != place.id:
                    reader.add(
                        path, where, msg("helpline_place", place=helpline.place, here=place.id)
                    )
        for missing in sorted(set(by_id) - named):
            reader.add(path, "places", msg("helpline_unnamed", id=missing))


# Files holding one record per language: (key, file below content/<lang>/, model).
_RECORDS = (
    ("safety", "safety.toml", Safety),
    ("presenter", "presenter.toml", Presenter),
    ("components", "components.toml", Components),
    ("stress", "stress.toml", StressTexts),
    ("reflection", "reflection.toml", Reflection),
)


def _unknown_fields(model, data: Any) -> set[str]:
    """The fields of `data` that `model` does not know (misspelt), named as problems are."""
    try:
        model.model_validate(data)
    except ValidationError as error:
        return {
            field_name(tuple(e["loc"]), data)
            for e in error.errors()
            if e["type"] == "extra_forbidden"
        }
    return set()


def _read_everywhere(
    reader: Reader,
    content: Path,
    name: str,
    order: list[str],
    source_ids: set[str],
    model=None,
    values: Mapping[str, SourceValues] | None = None,
    citations=None,
    known_keys: set[str] | None = None,
    privacy: Mapping[str, Mapping[str, str]] | None = None,
) -> tuple[dict[str, Any], dict[str, Path]]:
    """One content file of every language, each with what it lacks taken from another.

    A file missing in one language is the other language's meanwhile (a fallback); a file that
    cannot be read is left out, with its syntax error as the only problem about it.
    """
    paths = {lang: content / lang / name for lang in order}
    data: dict[str, Any] = {}
    for lang in order:
        value = reader.toml(paths[lang], missing_ok=True)
        if value is not None:
            data[lang] = value
            check_links(reader, paths[lang], value, source_ids)
            check_raw_html(reader, paths[lang], value)
            if values is not None:
                check_numbers(reader, paths[lang], lang, value, values, named_strings, citations)
            check_wording(reader, paths[lang], lang, value, (privacy or {}).get(lang, {}))
    for lang in order:
        if lang in data or paths[lang] in reader.unreadable:
            continue
        source = next((o for o in order if o in data), None)
        if source is None:
            reader.add(paths[lang], "(file)", msg("file_missing"))
        else:
            reader.soft(paths[lang], "(file)", msg("file_fallback", other=source))
            data[lang] = copy.deepcopy(data[source])
    unknown = {lang: _unknown_fields(model, d) for lang, d in data.items()} if model else {}
    if known_keys is not None:  # a table whose keys are ids (talks.toml: the talks' ids)
        unknown = {lang: set(d) - known_keys for lang, d in data.items()}
    filled = fill_languages(reader, paths, data, order, unknown)
    if privacy:
        filled = {lang: fill(value, privacy.get(lang, {})) for lang, value in filled.items()}
    return filled, paths


def check_wording(
    reader: Reader, path: Path, lang: str, value: Any, privacy: Mapping[str, str]
) -> None:
    """Every text of one file: its {privacy.…} marks name a text, and no causal verb sits
    beside a correlation (lien.content.wording)."""
    for where, text in named_strings(value):
        for key in unknown_marks(text, privacy) if privacy else ():
            reader.add(path, where or "(text)", msg("wording.privacy_mark", key=key))
        check_causal(reader, path, where or "(text)", text, lang)


class _Loading:
    """What every content file is read and checked with, once the site and the data are in."""

    def __init__(self, reader: Reader, root: Path, site: Site) -> None:
        self.reader = reader
        self.content = root / "content"
        self.site = site
        self.sources, self.tables = load_data(reader, root)
        self.source_ids: set[str] = {s.id for s in self.sources}
        if root / "data" / "sources.csv" in reader.unreadable:
            self.source_ids = _ANY_SOURCE  # no follow-on "unknown source" for every link
        default = site.default_language
        self.order = [default] + [x for x in site.languages if x != default]
        # Numbers in prose are held to the data only when the data themselves are sound: a
        # broken row would make every sentence quoting it a follow-on problem.
        data_sound = not any(p.path.startswith("data/") for p in reader.problems)
        tables = self.tables
        self.values = (
            source_values(tables["prevalence"], tables["effects"], tables["figures"])
            if data_sound
            else None
        )
        self.citations = citation_patterns(self.sources)
        # Filled once the interface texts are read; the files read after them are held to it.
        self.privacy: dict[str, dict[str, str]] = {}

    def everywhere(self, name: str, model=None, known_keys=None):
        return _read_everywhere(
            self.reader,
            self.content,
            name,
            self.order,
            self.source_ids,
            model,
            self.values,
            self.citations,
            known_keys,
            self.privacy,
        )

    def records(self, model, name: str) -> tuple[dict[str, Any], dict[str, Path]]:
        """One file of every language as typed records, by language, and the files' paths."""
        data, paths = self.everywhere(name, model)
        return _records(self.reader, model, data, paths), paths


def _records(reader: Reader, model, lang_data: Mapping[str, Any], paths: Mapping[str, Path]):
    out = {}
    for lang, data in lang_data.items():
        value = reader.model(paths[lang], model, typeset_tree(data, lang, SAME))
        if value is not None:
            out[lang] = value
    return out


def _read_ui_file(
    load: _Loading, path: Path, lang: str, ui: dict[str, str], ui_paths: dict[str, dict]
) -> bool:
    """One ui*.toml file's texts into `ui`; False when the file cannot be read."""
    reader = load.reader
    data = reader.toml(path)
    if data is None:
        return path not in reader.unreadable
    check_links(reader, path, data, load.source_ids)
    check_raw_html(reader, path, flatten(data))
    if load.values is not None:
        check_numbers(reader, path, lang, flatten(data), load.values, named_strings, load.citations)
    for key, value in flatten(data).items():
        if not isinstance(value, str) or not value.strip():
            reader.add(path, key, msg("empty_text"))
        elif key in ui:
            reader.add(path, key, msg("ui_twice"))
        else:
            ui[key] = typeset(value, lang)
            ui_paths.setdefault(key, {})[lang] = path
    return True


def _load_ui(load: _Loading) -> dict[str, dict[str, str]]:
    """The interface texts of every language, their privacy marks filled in."""
    reader, content = load.reader, load.content
    ui: dict[str, dict[str, str]] = {}
    ui_paths: dict[str, dict[str, Path]] = {}  # text key -> lang -> the ui file holding it
    unreadable_ui: set[str] = set()
    for lang in load.site.languages:
        base = content / lang
        ui[lang] = {}
        # ui.toml, plus one ui-<feature>.toml per feature (ui-charts.toml, ui-quiz.toml …).
        for path in [base / "ui.toml", *sorted(base.glob("ui-*.toml"))]:
            if not _read_ui_file(load, path, lang, ui[lang], ui_paths):
                unreadable_ui.add(lang)
    check_text_keys(reader, content, load.order, ui_paths, ui, unreadable_ui)
    for lang in ui:
        load.privacy[lang] = privacy_texts(ui[lang], lang)
        for key, text in ui[lang].items():
            path = ui_paths.get(key, {}).get(lang, content / lang / "ui.toml")
            ui[lang][key] = _fill_ui_text(reader, path, key, text, lang, load.privacy[lang])
    check_same_scale(reader, content, ui)
    return ui


def _fill_ui_text(
    reader: Reader, path: Path, key: str, text: str, lang: str, privacy: Mapping[str, str]
) -> str:
    """One interface text with its privacy marks filled, after its wording is checked."""
    if key.startswith(PRIVACY_GROUP + "."):
        return privacy.get(key, text)
    for mark in unknown_marks(text, privacy):
        reader.add(path, key, msg("wording.privacy_mark", key=mark))
    check_causal(reader, path, key, text, lang)
    check_nothing_kept(reader, path, key, text, lang, key.startswith(ROOM_GROUPS))
    return fill(text, privacy)


def _load_pages(load: _Loading) -> dict[str, dict[str, PageText]]:
    """Each page's text by language; none of them says that nothing is kept."""
    reader = load.reader
    pages: dict[str, dict[str, PageText]] = {lang: {} for lang in load.site.languages}
    for page in PAGES:
        texts, paths = load.records(PageText, f"pages/{page.id}.toml")
        for lang, text in texts.items():
            pages[lang][page.id] = text
            said = load.privacy.get(lang, {}).values()
            check_nothing_kept(reader, paths[lang], "lead", without(text.lead, said), lang, False)
            for section in text.sections:
                words = " ".join(
                    s for s in (section.body, section.claim, section.evidence) if s is not None
                )
                where = f'sections "{section.id}"'
                check_nothing_kept(reader, paths[lang], where, without(words, said), lang, False)
    return pages


def _load_quiz(load: _Loading, pages: Mapping[str, Mapping[str, PageText]]):
    quiz: dict[str, QuizBank] = {}
    data, paths = load.everywhere("quiz.toml", QuizBank)
    for lang, value in data.items():
        bank = load_quiz(load.reader, paths[lang], typeset_tree(value, lang, SAME), pages[lang])
        if bank is not None:
            quiz[lang] = bank
    return quiz


def _load_slides(load: _Loading, pages: Mapping[str, Mapping[str, PageText]]):
    """Each language's slides, and the files they came from."""
    slides: dict[str, tuple[Slide, ...]] = {}
    decks, paths = load.records(Deck, "slides.toml")
    for lang, deck in decks.items():
        slides[lang] = tuple(deck.slides)
        check_slides(load.reader, paths[lang], deck, pages[lang])
        for slide in deck.slides:
            if slide.text:
                where = f'slides "{slide.id}", text'
                check_page_view_evidence(load.reader, paths[lang], where, slide.text, lang)
    return slides, paths


def _load_polls(load: _Loading):
    """Each language's questions for the room, and the words a word cloud never shows."""
    polls: dict[str, tuple[Poll, ...]] = {}
    hidden_words: dict[str, frozenset[str]] = {}
    values, _ = load.records(Polls, "polls.toml")
    for lang, value in values.items():
        polls[lang] = tuple(value.polls)
        hidden_words[lang] = frozenset(
            w.strip().casefold() for w in (value.hidden_words or "").splitlines() if w.strip()
        )
    return polls, hidden_words


def _load_own_slides(load: _Loading):
    """The practitioner's own slides (see load_talks below), and the files they came from."""
    own_slides: dict[str, tuple[OwnSlide, ...]] = {}
    values, paths = load.records(OwnSlides, "my-slides.toml")
    for lang, value in values.items():
        own_slides[lang] = tuple(value.slides)
        check_images(load.reader, paths[lang], value.slides, load.content / MEDIA_FOLDER)
    return own_slides, paths


def _load_talk_texts(load: _Loading) -> dict[str, dict[str, TalkText]]:
    """The talks' titles by language."""
    # A talk's id misspelt in one language's titles is one problem (no talk 'shortt' …), not
    # also a title missing there and one shown in the other language.
    talk_ids = {path.stem for path in (load.content / TALKS_FOLDER).glob("*.toml")}
    data, paths = load.everywhere("talks.toml", known_keys=talk_ids)
    return {
        lang: load_talk_texts(load.reader, paths[lang], lang, value) for lang, value in data.items()
    }


def _load_source_texts(load: _Loading) -> dict[str, dict[str, SourceText]]:
    """Each study's sample and measure in words, by language; every study has them."""
    reader, source_ids = load.reader, load.source_ids
    source_texts: dict[str, dict[str, SourceText]] = {}
    data, paths = _read_everywhere(reader, load.content, "sources.toml", load.order, source_ids)
    for lang, value in data.items():
        texts = {}
        for sid, item in value.items():
            record = reader.model(paths[lang], SourceText, typeset_tree(item, lang), prefix=sid)
            if sid not in source_ids:
                reader.add(paths[lang], sid, unknown_id("no_source", sid, source_ids))
            if record is not None:
                texts[sid] = record
        if source_ids is not _ANY_SOURCE:
            for sid in sorted(source_ids - set(value)):
                reader.add(paths[lang], sid, msg("source_text_missing"))
        source_texts[lang] = texts
    return source_texts


def load_bundle(root: Path = ROOT) -> Bundle:
    """Load and validate everything; raise ContentError listing every problem found.

    Texts missing in one language are taken from another (the default first) and listed in
    the bundle's `problems`: the check fails on them, the app keeps every page.
    """
    reader = Reader(root)
    content = root / "content"
    site, _ = reader.toml_model(content / "site.toml", Site)
    if site is None:
        raise ContentError(reader.problems)
    load = _Loading(reader, root, site)
    ui = _load_ui(load)
    pages = _load_pages(load)
    quiz = _load_quiz(load, pages)
    slides, slide_paths = _load_slides(load, pages)
    polls, hidden_words = _load_polls(load)
    own_slides, own_paths = _load_own_slides(load)
    talk_texts = _load_talk_texts(load)
    source_texts = _load_source_texts(load)
    stores: dict[str, dict[str, Any]] = {}
    for key, name, model in _RECORDS:
        data, paths = _read_everywhere(reader, content, name, load.order, load.source_ids, model)
        stores[key] = _records(reader, model, data, paths)

    stress_values = load_stress_values(reader, content, stores["stress"])
    check_helplines(reader, content, stores["safety"], load.tables["helplines"])
    check_vignettes(reader, content, quiz, ui)
    talks = load_talks(
        reader,
        content,
        load.order,
        {
            "slide": {lang: {s.id for s in deck} for lang, deck in slides.items()},
            "own": {lang: {s.id for s in deck} for lang, deck in own_slides.items()},
            "poll": {lang: {p.id for p in items} for lang, items in polls.items()},
            "quiz": {lang: one_tap_questions(bank) for lang, bank in quiz.items()},
        },
        talk_texts,
    )
    written_in = excuse_one_language_talks(reader, content, load.order, talks)

    check_map_labels(reader, content, ui, polls)
    check_room_slides(reader, slides, own_slides, slide_paths, own_paths, load.privacy)

    if reader.problems:
        # Every problem, the texts shown from another language too: all are the editor's to fix.
        raise ContentError([*reader.problems, *reader.fallbacks])
    tables = load.tables
    return Bundle(
        site=site,
        ui=ui,
        pages=pages,
        safety=stores["safety"],
        presenter=stores["presenter"],
        source_texts=source_texts,
        sources=tuple(load.sources),
        prevalence=tuple(tables["prevalence"]),
        effects=tuple(tables["effects"]),
        figures=tuple(tables["figures"]),
        helplines=tuple(tables["helplines"]),
        components=stores["components"],
        slides=slides,
        polls=polls,
        quiz=quiz,
        stress=stores["stress"],
        stress_values=stress_values,
        reflection=stores["reflection"],
        hidden_words=hidden_words,
        talks=talks,
        talk_texts=talk_texts,
        own_slides=own_slides,
        media_dir=content / MEDIA_FOLDER,
        written_in=written_in,
        problems=tuple(sorted(set(reader.fallbacks))),
    )


def check_room_slides(reader, slides, own_slides, slide_paths, own_paths, privacy) -> None:
    """No slide says that nothing is kept, in its text or its notes: any slide may play in a
    talk whose live room keeps the audience's answers (a talk of one's own included)."""
    for decks, paths in ((slides, slide_paths), (own_slides, own_paths)):
        for lang, deck in decks.items():
            said = privacy.get(lang, {}).values()
            for slide in deck:
                words = without(f"{slide.text or ''}\n\n{slide.notes}", said)
                check_nothing_kept(reader, paths[lang], f'slides "{slide.id}"', words, lang, True)


class _AnySource(frozenset):
    """Every source id, when data/sources.csv cannot be read (so none is reported unknown)."""

    def __contains__(self, item: object) -> bool:
        return True


_ANY_SOURCE = _AnySource()


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
            reader.add(path, f"scenarios.{scenario}", msg("stress_no_text", lang=lang))
        for scenario in sorted(named - set(values.scenarios)):
            reader.add(
                content / lang / "stress.toml",
                f"scenarios (id '{scenario}')",
                msg("stress_no_values"),
            )
    return values


# --- talks ------------------------------------------------------------------------------
# A talk's order is language-neutral (content/talks/<id>.toml); its titles are per language
# (content/<lang>/talks.toml), as are the slides it points to and one's own slides
# (content/<lang>/my-slides.toml). Every problem is "file: field: reason".

_ITEM_FILES = {
    "slide": ("noun.slide", "slides.toml"),
    "own": ("noun.own", "my-slides.toml"),
    "poll": ("noun.poll", "polls.toml"),
    "quiz": ("noun.quiz", "quiz.toml"),
}


def one_tap_questions(bank: QuizBank) -> set[str]:
    """The quiz questions the live room can ask: those with exactly one right option."""
    return {q.id for q in bank.questions if len(q.right_ids) == 1}


def load_talk_texts(
    reader: Reader, path: Path, lang: str, data: Mapping[str, Any]
) -> dict[str, TalkText]:
    """Each talk's title and part titles in one language, by talk id."""
    texts: dict[str, TalkText] = {}
    for talk_id, item in typeset_tree(data, lang, SAME).items():
        record = reader.model(path, TalkText, item, prefix=talk_id)
        if record is not None:
            texts[talk_id] = record
    return texts


def _empty_talk(reader: Reader, path: Path, data: Mapping[str, Any]) -> bool:
    """Report a talk without items in words a practitioner reads (not pydantic's)."""
    parts = data.get("parts")
    if not isinstance(parts, list) or not parts:
        reader.add(path, "parts", msg("talk_empty"))
        return True
    empty = False
    for index, part in enumerate(parts):
        if isinstance(part, Mapping) and part.get("items") in (None, []):
            label = item_label("parts", index, part)
            reader.add(path, join_field(label, "items"), msg("part_empty"))
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
    for path in sorted(folder.glob("*.toml")):
        plan = _load_talk(reader, path, languages, known)
        if plan is not None:
            talks[path.stem] = plan
    if not (folder / f"{DEFAULT_TALK}.toml").exists():
        reader.add(folder / f"{DEFAULT_TALK}.toml", "(file)", msg("default_talk_missing"))
    for lang in languages:
        given = texts.get(lang)
        if given is not None:
            _check_talk_titles(reader, content / lang / "talks.toml", lang, given, talks, languages)
    # The default talk first, then the others by name.
    return dict(sorted(talks.items(), key=lambda entry: (entry[0] != DEFAULT_TALK, entry[0])))


def _load_talk(
    reader: Reader,
    path: Path,
    languages: list[str],
    known: Mapping[str, Mapping[str, set[str]]],
) -> TalkPlan | None:
    """One talk's file, checked; None when it cannot be used."""
    if not re.fullmatch(ID_PATTERN, path.stem):
        reader.add(path, "(file)", msg("talk_file_name"))
        return None
    data = reader.toml(path)
    if data is None or _empty_talk(reader, path, data):
        return None
    plan = reader.model(path, TalkPlan, data)
    if plan is None:
        return None
    for lang in plan.languages or ():
        if lang not in languages:
            reader.add(
                path,
                "languages",
                msg("talk_language", lang=lang, languages=", ".join(languages)),
            )
    _check_items(reader, path, plan, talk_languages(plan, languages), known)
    return plan


def _check_talk_titles(
    reader: Reader,
    path: Path,
    lang: str,
    given: Mapping[str, TalkText],
    talks: Mapping[str, TalkPlan],
    languages: list[str],
) -> None:
    """One language's talks.toml: a title for each talk written in it and for each of its
    parts, and no title for a talk or a part that does not exist."""
    for talk_id, plan in talks.items():
        if lang not in talk_languages(plan, languages):
            continue  # a talk in other languages needs no words in this one
        text = given.get(talk_id)
        if text is None:
            reader.add(path, talk_id, msg("talk_title_missing", talk=talk_id))
            continue
        for part in plan.parts:
            if part.id not in text.parts:
                where = join_field(talk_id, "parts", part.id)
                reader.add(path, where, msg("part_title_missing"))
        for part_id in sorted(set(text.parts) - {p.id for p in plan.parts}):
            reader.add(
                path,
                join_field(talk_id, "parts", part_id),
                unknown_id("no_part", part_id, [p.id for p in plan.parts], file=f"{talk_id}.toml"),
            )
    for talk_id in sorted(set(given) - set(talks)):
        reader.add(path, talk_id, unknown_id("no_talk", talk_id, talks))


def talk_languages(plan: TalkPlan, languages: list[str]) -> list[str]:
    """The languages a talk is written in, in the site's order: those it declares, else all."""
    if plan.languages is None:
        return list(languages)
    return [lang for lang in languages if lang in plan.languages] or list(languages)


# Where a one-language talk's own words live, by kind of item: (file, list of the file).
_OWN_WORDS = {"own": ("my-slides.toml", "slides"), "poll": ("polls.toml", "polls")}


def excuse_one_language_talks(
    reader: Reader,
    content: Path,
    languages: list[str],
    talks: Mapping[str, TalkPlan],
) -> dict[str, tuple[str, ...]]:
    """A talk that declares its languages (`languages = ["fr"]`) needs its own slides, its
    questions and its titles in those only: the texts other languages show from it are not
    missing translations (no problem for the check, no notice on the pages).

    Returns what is written only in some languages: item ids ("own:x", "poll:x") and talk
    ids ("talk:x"), each with the languages it is written in, for a phone in another language
    to say so. Only items that every talk using them leaves untranslated are excused: an item
    a bilingual talk shows still needs every language."""
    excused: dict[str, set[str]] = {}  # item id -> languages it need not be in
    for talk_id, plan in talks.items():
        others = set(languages) - set(talk_languages(plan, languages))
        excused[f"talk:{talk_id}"] = others
        for _part, item in plan.items:
            if item.kind in _OWN_WORDS:
                excused[item.id] = excused.get(item.id, others) & others
    # Each excused item's field, named as the fallbacks name it (by the same functions, so
    # that a change in how fields are named changes both): file -> field -> item id.
    fields: dict[str, dict[str, str]] = {"talks.toml": {}}
    for item_id in excused:
        kind, _, ref = item_id.partition(":")
        if kind == "talk":
            fields["talks.toml"][ref] = item_id
        else:
            file_name, list_name = _OWN_WORDS[kind]
            fields.setdefault(file_name, {})[item_label(list_name, 0, {"id": ref})] = item_id
    written_in: dict[str, tuple[str, ...]] = {}
    kept = []
    for problem in reader.fallbacks:
        lang, item_id, whole = _fallback_item(problem, content, reader, languages, fields)
        if item_id is None or lang not in excused.get(item_id, ()):
            kept.append(problem)
            continue
        if whole:
            have = written_in.get(item_id, tuple(languages))
            written_in[item_id] = tuple(x for x in have if x != lang)
    reader.fallbacks[:] = kept
    return written_in


def _fallback_item(
    problem,
    content: Path,
    reader: Reader,
    languages: list[str],
    fields: Mapping[str, Mapping[str, str]],
) -> tuple[str | None, str | None, bool]:
    """The language a fallback is in, the excused item it is about (None if none), and
    whether the whole item is missing (not just one of its fields)."""
    for lang in languages:
        folder = reader.rel(content / lang)
        if not problem.path.startswith(folder + "/"):
            continue
        named = fields.get(problem.path[len(folder) + 1 :], {})
        for field_, item_id in named.items():
            if problem.field == field_:
                return lang, item_id, True
            if problem.field.startswith(join_field(field_, "x")[:-1]):
                return lang, item_id, False
        return lang, None, False
    return None, None, False


def _check_items(
    reader: Reader,
    path: Path,
    plan: TalkPlan,
    languages: list[str],
    known: Mapping[str, Mapping[str, set[str]]],
) -> None:
    seen: dict[str, Message] = {}
    for p, part in enumerate(plan.parts):
        for i, item in enumerate(part.items):
            where = join_field(
                item_label("parts", p, {"id": part.id}), item_label("items", i, {"id": item.id})
            )
            if item.id in seen:
                reader.add(path, where, msg("item_twice", item=item.id, also=seen[item.id]))
                continue
            seen[item.id] = msg("item_place", number=i + 1, part=part.id)
            if item.id == JOIN_ITEM:
                continue
            noun, file_name = _ITEM_FILES[item.kind]
            by_lang = known.get(item.kind, {})
            if any(lang not in by_lang for lang in languages):
                # That file could not be read in some language: its own problem is the one
                # to fix first, not every item of every talk that points into it.
                continue
            have = [lang for lang in languages if item.ref in by_lang.get(lang, set())]
            if not have:
                lang = languages[0]
                reason = msg(
                    "unknown_item",
                    id=item.ref,
                    item=item.id,
                    noun=msg(noun),
                    file=f"content/{lang}/{file_name}",
                )
                near = nearest(item.ref, by_lang[lang])
                if near:
                    reason = msg("near", reason=reason, suggestion=f"{item.kind}:{near}")
                reader.add(path, where, reason)
                continue
            for lang in languages:
                if lang not in have:
                    reader.add(
                        path,
                        where,
                        msg(
                            "item_missing_in",
                            item=item.id,
                            lang=lang,
                            noun=msg(noun),
                            ref=item.ref,
                            file=f"content/{lang}/{file_name}",
                        ),
                    )


# How each kind of image file begins (its first bytes): a renamed file is not taken for one.
IMAGE_MAGIC = {
    "PNG": lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"),
    "JPEG": lambda head: head.startswith(b"\xff\xd8\xff"),
    "WebP": lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP",
}


def check_images(reader: Reader, path: Path, slides: list[OwnSlide], media: Path) -> None:
    """Each image of one's own slides: a PNG, JPEG or WebP file in content/media/, not too big."""
    for index, slide in enumerate(slides):
        if slide.image is None:
            continue
        where = join_field(item_label("slides", index, {"id": slide.id}), "image")
        name = slide.image
        kind = IMAGE_TYPES.get(Path(name).suffix.lower())
        if "/" in name or "\\" in name or name.startswith("."):
            reader.add(path, where, msg("image_path", name=name, folder=f"content/{MEDIA_FOLDER}/"))
            continue
        if kind is None:
            reader.add(path, where, msg("image_type", name=name))
            continue
        file = media / name
        if not file.is_file():
            images = [f.name for f in media.glob("*") if f.suffix.lower() in IMAGE_TYPES]
            reader.add(
                path,
                where,
                unknown_id("no_image", name, images, folder=f"content/{MEDIA_FOLDER}/"),
            )
            continue
        size = file.stat().st_size
        if size > IMAGE_MAX_BYTES:
            reader.add(
                path,
                where,
                msg(
                    "image_size",
                    name=name,
                    size=round(size / 1024 / 1024, 1),
                    most=IMAGE_MAX_BYTES // 1024 // 1024,
                ),
            )
            continue
        with file.open("rb") as handle:
            head = handle.read(16)
        if not IMAGE_MAGIC[kind](head):
            reader.add(path, where, msg("image_inside", name=name, kind=kind))
