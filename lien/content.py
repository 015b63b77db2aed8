"""Loads Lien's content (content/) and data (data/), validates them and collects every problem."""

from __future__ import annotations

import csv
import os
import re
import threading
import time
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from lien.models import (
    Components,
    Deck,
    EffectRow,
    FigureRow,
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
)
from lien.problems import ContentError, Problem, from_validation_error
from lien.site import PAGE_IDS, PAGES

ROOT = Path(__file__).resolve().parent.parent


def content_stamp(root: Path) -> tuple[float, int]:
    """Changes whenever a content or data file changes, so edits show without a restart."""
    latest, count = 0.0, 0
    for folder in (root / "content", root / "data"):
        for path in folder.rglob("*"):
            if path.is_file():
                latest = max(latest, path.stat().st_mtime)
                count += 1
    return latest, count


def content_root() -> Path:
    """Where content/ and data/ are read: the repository, or LIEN_CONTENT_ROOT when set."""
    return Path(os.environ.get("LIEN_CONTENT_ROOT") or ROOT)


M = TypeVar("M", bound=BaseModel)

# Fields whose value must be the same in every language (ids, numbers, links to code).
SAME_IN_EVERY_LANGUAGE = frozenset(
    {
        "id",
        "number",
        "covers",
        "block",
        "correct",
        "topic",
        "page",
        "kind",
        "section",
        "dimension",
        "reverse",
    }
)
LINK_PATTERN = re.compile(r"\]\((page|source):([^)#\s]*)")


class Reader:
    """Reads files below a root, turning every failure into a Problem instead of raising."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def add(self, path: Path | str, field_: str, reason: str) -> None:
        shown = self.rel(path) if isinstance(path, Path) else path
        self.problems.append(Problem(shown, field_, reason))

    def toml(self, path: Path) -> dict[str, Any] | None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.add(path, "(file)", "file is missing")
            return None
        except UnicodeDecodeError as exc:
            self.add(path, "(file)", f"not UTF-8 text ({exc.reason} at byte {exc.start})")
            return None
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            message = str(exc)
            where = re.search(r"\(at line (\d+), column (\d+)\)", message)
            reason = re.sub(r"\s*\(at line.*\)$", "", message)
            if where:
                self.add(path, f"line {where.group(1)}", f"TOML syntax error: {reason}")
            else:
                self.add(path, "(file)", f"TOML syntax error: {reason}")
            return None

    def model(self, path: Path, model: type[M], data: Any, prefix: str = "") -> M | None:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            self.problems.extend(from_validation_error(self.rel(path), exc, prefix))
            return None

    def toml_model(self, path: Path, model: type[M]) -> tuple[M | None, dict | None]:
        data = self.toml(path)
        if data is None:
            return None, None
        return self.model(path, model, data), data

    def csv_rows(self, path: Path, model: type[M]) -> list[M]:
        """Rows of a tidy CSV as records; empty cells are missing values."""
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle))
        except FileNotFoundError:
            self.add(path, "(file)", "file is missing")
            return []
        except (UnicodeDecodeError, csv.Error) as exc:
            self.add(path, "(file)", f"cannot be read as CSV: {exc}")
            return []
        records = []
        for number, row in enumerate(rows, start=2):  # line 1 is the header
            if None in row:
                self.add(path, f"line {number}", "more cells than the header has columns")
                continue
            data = {k: v for k, v in row.items() if v is not None and v.strip() != ""}
            record = self.model(path, model, data, prefix=f"line {number}")
            if record is not None:
                records.append(record)
        return records


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
    # The alliance's components, families and qualities (content/<lang>/components.toml).
    components: Mapping[str, Components] = field(default_factory=dict)
    slides: Mapping[str, tuple[Slide, ...]] = field(default_factory=dict)
    # Questions for the live room of a talk (content/<lang>/polls.toml), in file order.
    polls: Mapping[str, tuple[Poll, ...]] = field(default_factory=dict)
    # The quiz's question bank, per language (content/<lang>/quiz.toml).
    quiz: Mapping[str, QuizBank] = field(default_factory=dict)
    # The attachment charts' texts per language, and the stress chart's schematic values.
    stress: Mapping[str, StressTexts] = field(default_factory=dict)
    stress_values: StressValues | None = None
    # The self-reflection's statements, per language.
    reflection: Mapping[str, Reflection] = field(default_factory=dict)

    def deck(self, lang: str, page_id: str) -> list[Slide]:
        """The slides of one page, in order, for present mode."""
        return [s for s in self.slides.get(lang, ()) if s.page == page_id]

    @property
    def languages(self) -> list[str]:
        return list(self.site.languages)

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    def figure(self, figure_id: str) -> FigureRow:
        return next(f for f in self.figures if f.id == figure_id)

    def text_count(self, lang: str) -> int:
        return len(self.ui[lang]) + sum(
            len(list(iter_strings(p.model_dump()))) for p in self.pages[lang].values()
        )

    def summary(self) -> str:
        lang = self.site.default_language
        return (
            f"content OK: {len(self.languages)} languages ({', '.join(self.languages)}), "
            f"{len(PAGES)} pages, {self.text_count(lang)} texts per language, "
            f"{len(self.prevalence) + len(self.effects) + len(self.figures)} figures, "
            f"{len(self.sources)} sources"
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


def compare_languages(reader: Reader, paths: Mapping[str, Path], data: Mapping[str, Any]) -> None:
    """Report every text present in one language and missing or empty in another."""
    languages = list(data)
    for lang in languages:
        for other in languages:
            if other != lang:
                _compare(reader, paths[other], data[lang], data[other], lang, other, "")


def _compare(reader: Reader, path: Path, ours: Any, theirs: Any, lang: str, other: str, where: str):
    if isinstance(ours, Mapping):
        theirs = theirs if isinstance(theirs, Mapping) else {}
        for key, value in ours.items():
            name = f"{where}.{key}" if where else str(key)
            if key not in theirs or theirs[key] in ("", None):
                if value not in ("", None, [], {}):
                    reader.add(path, name, f"missing in '{other}' but present in '{lang}'")
                continue
            if key in SAME_IN_EVERY_LANGUAGE and value != theirs[key]:
                if lang < other:  # report a mismatch once, not once per direction
                    reader.add(
                        path, name, f"differs from '{lang}' ({value!r} here: {theirs[key]!r})"
                    )
                continue
            _compare(reader, path, value, theirs[key], lang, other, name)
    elif isinstance(ours, list):
        theirs = theirs if isinstance(theirs, list) else []
        for index, item in enumerate(ours):
            label = f"{where}[{index}]"
            if isinstance(item, Mapping) and "id" in item:
                label += f" (id '{item['id']}')"
                match = [t for t in theirs if isinstance(t, Mapping) and t.get("id") == item["id"]]
                if not match:
                    reader.add(path, label, f"missing in '{other}' but present in '{lang}'")
                    continue
                _compare(reader, path, item, match[0], lang, other, label)
            elif index >= len(theirs):
                reader.add(path, label, f"missing in '{other}' but present in '{lang}'")
            else:
                _compare(reader, path, item, theirs[index], lang, other, label)


def check_links(reader: Reader, path: Path, data: Any, source_ids: set[str]) -> None:
    for where, text in iter_strings(data):
        for kind, target in LINK_PATTERN.findall(text):
            known = PAGE_IDS if kind == "page" else source_ids
            if target not in known:
                noun = "page" if kind == "page" else "source"
                reader.add(path, where or "(text)", f"link to unknown {noun} '{target}'")


def check_slides(reader: Reader, path: Path, deck: Deck, pages: Mapping[str, PageText]) -> None:
    seen: set[str] = set()
    for index, slide in enumerate(deck.slides):
        where = f"slides[{index}] (id '{slide.id}')"
        if slide.id in seen:
            reader.add(path, where, "slide id appears twice")
        seen.add(slide.id)
        if slide.page not in PAGE_IDS:
            reader.add(path, f"{where}.page", f"unknown page '{slide.page}'")
        elif (
            slide.section is not None
            and slide.page in pages
            and slide.section not in {s.id for s in pages[slide.page].sections}
        ):
            reason = f"page '{slide.page}' has no section '{slide.section}'"
            reader.add(path, f"{where}.section", reason)


def _check_sums(reader: Reader, path: Path, rows, key, value) -> None:
    totals: dict[tuple, float] = {}
    for row in rows:
        if row.partition == "main":
            totals[key(row)] = totals.get(key(row), 0.0) + value(row)
    for group, total in totals.items():
        if abs(total - 100) > 0.5:
            reader.add(
                path,
                " / ".join(str(g) for g in group),
                f"category percentages add up to {total:g}, not 100 (± 0.5)",
            )


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
    _check_sums(
        reader,
        data / "prevalence.csv",
        tables["prevalence"],
        key=lambda r: (r.source_id, r.group),
        value=lambda r: r.percent,
    )
    _check_sums(
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
    raw: dict[str, dict[str, Any]] = {}  # file key -> lang -> parsed data, for comparisons
    paths: dict[str, dict[str, Path]] = {}

    def remember(key: str, lang: str, path: Path, data: Any) -> None:
        if data is not None:
            raw.setdefault(key, {})[lang] = data
            paths.setdefault(key, {})[lang] = path
            check_links(reader, path, data, source_ids)

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
                    ui[lang][key] = value
            remember(path.stem, lang, path, flat)

        pages[lang] = {}
        for page in PAGES:
            path = base / "pages" / f"{page.id}.toml"
            text, data = reader.toml_model(path, PageText)
            if text is not None:
                pages[lang][page.id] = text
            remember(f"pages/{page.id}", lang, path, data)

        path = base / "quiz.toml"
        data = reader.toml(path)
        if data is not None:
            bank = load_quiz(reader, path, data, pages[lang])
            if bank is not None:
                quiz[lang] = bank
        remember("quiz", lang, path, data)

        path = base / "slides.toml"
        deck, data = reader.toml_model(path, Deck)
        if deck is not None:
            slides[lang] = tuple(deck.slides)
            check_slides(reader, path, deck, pages[lang])
        remember("slides", lang, path, data)

        path = base / "polls.toml"
        value, data = reader.toml_model(path, Polls)
        if value is not None:
            polls[lang] = tuple(value.polls)
        remember("polls", lang, path, data)

        path = base / "sources.toml"
        data = reader.toml(path)
        if data is not None:
            texts = {}
            for sid, item in data.items():
                record = reader.model(path, SourceText, item, prefix=sid)
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
            value, data = reader.toml_model(path, model)
            if value is not None:
                store[lang] = value
            remember(name, lang, path, data)

    for key, by_lang in raw.items():
        if len(by_lang) > 1:
            compare_languages(reader, paths[key], by_lang)
    stress_values = load_stress_values(reader, content, stress)

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
        quiz=quiz,
        stress=stress,
        stress_values=stress_values,
        reflection=reflection,
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


class BundleCache:
    """The validated content of each content root, shared by every session and request.

    Edits show without a restart: the files' stamp is taken again at most every `every_s`
    seconds (walking the folders costs a few milliseconds, too much for every page load under
    a room's load), and a new stamp reloads the content. A broken edit is kept as its
    ContentError, so it is raised (and shown) without being reloaded on every load.
    """

    def __init__(self, every_s: float = 2.0) -> None:
        self.every_s = every_s
        self._lock = threading.Lock()
        # root -> (when the stamp was taken, the stamp, the bundle or the content's error)
        self._entries: dict[Path, tuple[float, tuple[float, int], Bundle | ContentError]] = {}
        self._last_good: dict[Path, Bundle] = {}

    def get(self, root: Path, keep_last_good: bool = False) -> Bundle:
        """The content under `root`; ContentError when it is broken, unless `keep_last_good`
        and it loaded once before (a talk in progress keeps the content it started with)."""
        with self._lock:
            now = time.monotonic()
            entry = self._entries.get(root)
            if entry is None or now - entry[0] >= self.every_s:
                stamp = content_stamp(root)
                if entry is not None and entry[1] == stamp:
                    entry = (now, stamp, entry[2])
                else:
                    try:
                        loaded: Bundle | ContentError = load_bundle(root)
                    except ContentError as error:
                        loaded = error
                    entry = (now, stamp, loaded)
                self._entries[root] = entry
            result = entry[2]
            if isinstance(result, Bundle):
                self._last_good[root] = result
                return result
            if keep_last_good and root in self._last_good:
                return self._last_good[root]
        raise result


BUNDLES = BundleCache()
