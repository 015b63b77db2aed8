"""Shaping a talk without a file editor: the operations a talk editor offers, on the files.

A draft holds the files a talk is made of, as tomlkit documents (so comments and layout stay):
the talk's order (content/talks/<id>.toml), its titles (content/<lang>/talks.toml) and one's
own slides (content/<lang>/my-slides.toml), plus the images added. Each operation changes the
draft; `save_draft` writes it through lien.talk_writer (checked like `python -m lien check`,
atomically, the previous versions kept). No Streamlit here: an editor page calls these.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import tomlkit
from tomlkit.items import AoT
from tomlkit.toml_document import TOMLDocument

from lien.content.bundle import Bundle
from lien.content.loader import IMAGE_MAGIC, MEDIA_FOLDER, TALKS_FOLDER
from lien.content.messages import Message, msg
from lien.content.models import IMAGE_MAX_BYTES, IMAGE_TYPES
from lien.content.problems import Problem
from lien.talk_writer import block, inline_list, new_table, read_toml, save, toml_text
from lien.talks import slide_heading


class EditRefused(Exception):
    """An edit that cannot be made: `reason` says which ("image_type", "image_size")."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


@dataclass
class Draft:
    root: Path
    talk_id: str
    talk: TOMLDocument
    titles: dict[str, TOMLDocument]  # lang -> content/<lang>/talks.toml
    own: dict[str, TOMLDocument]  # lang -> content/<lang>/my-slides.toml
    media: dict[str, bytes] = field(default_factory=dict)  # new images, by file name
    # lang -> content/<lang>/polls.toml (the room's questions), read when first changed
    polls: dict[str, TOMLDocument] = field(default_factory=dict)

    @property
    def content(self) -> Path:
        return self.root / "content"

    def parts(self) -> list[tuple[str, list[str]]]:
        """The talk's parts, each with its item ids, in order."""
        return [
            (str(part["id"]), [_item_id(item) for item in part["items"]])
            for part in self.talk.get("parts", [])
        ]

    def changes(self) -> dict[Path, bytes]:
        out = {self.content / TALKS_FOLDER / f"{self.talk_id}.toml": toml_text(self.talk)}
        for lang, document in self.titles.items():
            out[self.content / lang / "talks.toml"] = toml_text(document)
        for lang, document in self.own.items():
            out[self.content / lang / "my-slides.toml"] = toml_text(document)
        for lang, document in self.polls.items():
            out[self.content / lang / "polls.toml"] = toml_text(document)
        for name, data in self.media.items():
            out[self.content / MEDIA_FOLDER / name] = data
        return out


def _item_id(item) -> str:
    return str(item) if isinstance(item, str) else str(item["id"])


def open_draft(
    root: Path, bundle: Bundle, talk_id: str, start_from: str | None = None, lang: str = "fr"
) -> Draft:
    """The talk `talk_id` as it is on disk; a new one copies `start_from` (a shipped talk) or
    starts from nothing (then in `lang` only, a one-language talk)."""
    content = root / "content"
    path = content / TALKS_FOLDER / f"{talk_id}.toml"
    titles = {x: read_toml(content / x / "talks.toml") for x in bundle.languages}
    own = {x: read_toml(content / x / "my-slides.toml") for x in bundle.languages}
    if path.exists():
        return Draft(root, talk_id, read_toml(path), titles, own)
    if start_from is not None:
        talk = read_toml(content / TALKS_FOLDER / f"{start_from}.toml")
        for x in bundle.languages:
            if start_from in titles[x]:
                titles[x].add(tomlkit.nl())
                titles[x].add(talk_id, copy.deepcopy(titles[x][start_from]))
        return Draft(root, talk_id, talk, titles, own)
    talk = tomlkit.document()
    talk.add("languages", [lang])
    return Draft(root, talk_id, talk, {lang: titles[lang]}, {lang: own[lang]})


def languages_of(draft: Draft) -> list[str]:
    declared = draft.talk.get("languages")
    return [str(x) for x in declared] if declared else list(draft.titles)


def set_title(draft: Draft, lang: str, title: str) -> None:
    titles = draft.titles[lang]
    if draft.talk_id not in titles:
        titles.add(tomlkit.nl())
        titles.add(draft.talk_id, tomlkit.table())
    titles[draft.talk_id]["title"] = title


def follow_along(draft: Draft) -> bool:
    """Whether the phones of the talk's room show the projected slide (absent: they do)."""
    return bool(draft.talk.get("follow_along", True))


def set_follow_along(draft: Draft, on: bool) -> None:
    """Phones follow the slides, or not: written only when off (`follow_along = false`),
    removed when set back on, the rest of the file as it was."""
    if on:
        if "follow_along" in draft.talk:
            del draft.talk["follow_along"]
        return
    draft.talk["follow_along"] = False


def add_part(draft: Draft, part_id: str, titles: Mapping[str, str]) -> None:
    """A new part at the end, with its title in each of the talk's languages."""
    parts = draft.talk.setdefault("parts", tomlkit.aot())
    parts.append(new_table({"id": part_id, "items": inline_list([])}))
    for lang in languages_of(draft):
        set_title(draft, lang, _title_of(draft, lang) or draft.talk_id)
        table = draft.titles[lang][draft.talk_id]
        table.setdefault("parts", tomlkit.table(is_super_table=True))
        table["parts"][part_id] = titles.get(lang) or next(iter(titles.values()))


def _title_of(draft: Draft, lang: str) -> str | None:
    table = draft.titles[lang].get(draft.talk_id)
    return str(table["title"]) if table is not None and "title" in table else None


def _items(draft: Draft, part_id: str):
    for part in draft.talk.get("parts", []):
        if part["id"] == part_id:
            return part["items"]
    raise KeyError(part_id)


def add_item(draft: Draft, part_id: str, item_id: str, minutes: float | None = None) -> None:
    item = tomlkit.inline_table()
    item["id"] = item_id
    if minutes is not None:
        item["minutes"] = minutes
    _items(draft, part_id).append(item)


def move_item(draft: Draft, part_id: str, index: int, step: int) -> int:
    """Move an item up (step -1) or down (+1) in its part; returns where it now is."""
    items = _items(draft, part_id)
    target = min(max(index + step, 0), len(items) - 1)
    if target != index:
        values = [copy.deepcopy(items[i]) for i in range(len(items))]
        values.insert(target, values.pop(index))
        for i, value in enumerate(values):
            items[i] = value
    return target


def remove_item(draft: Draft, part_id: str, index: int) -> None:
    del _items(draft, part_id)[index]


def set_minutes(draft: Draft, part_id: str, index: int, minutes: float | None) -> None:
    items = _items(draft, part_id)
    item = tomlkit.inline_table()
    item["id"] = _item_id(items[index])
    if minutes is not None:
        item["minutes"] = minutes
    items[index] = item


def image_kind(name: str, data: bytes) -> str:
    """The image's type, checked by its name and its bytes; EditRefused otherwise."""
    kind = IMAGE_TYPES.get(Path(name).suffix.lower())
    if kind is None or not IMAGE_MAGIC[kind](data[:16]):
        raise EditRefused("image_type")
    if len(data) > IMAGE_MAX_BYTES:
        raise EditRefused("image_size")
    return kind


def set_own_slide(
    draft: Draft,
    slide_id: str,
    words: Mapping[str, Mapping[str, str]],
    image: tuple[str, bytes] | None = None,
) -> None:
    """Write one's own slide in each language given (`words[lang]`: title, text, notes,
    image_alt), with an uploaded image (file name, bytes) when given."""
    if image is not None:
        image_kind(*image)
        name = f"{slide_id}{Path(image[0]).suffix.lower()}"
        draft.media[name] = image[1]
    for lang, given in words.items():
        slides = draft.own[lang].setdefault("slides", tomlkit.aot())
        values: dict[str, object] = {"id": slide_id, "title": given["title"]}
        if given.get("text"):
            values["text"] = block(given["text"])
        if image is not None:
            values["image"] = name
            values["image_alt"] = given["image_alt"]
        values["notes"] = block(given["notes"])
        index = next((i for i, s in enumerate(slides) if s["id"] == slide_id), None)
        if index is None:
            slides.append(new_table(values))
        else:
            kept = slides[index]
            # Without a new image the slide keeps its own (and a page of one's deck stays one);
            # its words about the image change when given.
            keep = ("image", "image_alt", "image_only")
            for key in [k for k in kept if k not in values and k not in keep]:
                del kept[key]
            if image is None and "image" in kept and given.get("image_alt"):
                values["image_alt"] = given["image_alt"]
            for key, value in values.items():
                kept[key] = value


def save_draft(draft: Draft) -> list[Path]:
    """Write the draft (refused with its problems when the check would fail)."""
    return save(draft.root, draft.changes())


@dataclass(frozen=True)
class LibraryEntry:
    item_id: str  # "slide:<id>", "poll:<id>", "own:<id>"
    title: str
    first_line: str
    page: str | None = None


def library(bundle: Bundle, lang: str, query: str = "") -> list[LibraryEntry]:
    """What a talk can take, found by page and title: Lien's slides, the room's questions and
    one's own slides, each with its title and first line."""
    entries = []
    for slide in bundle.slides.get(lang, ()):
        text = (slide.text or "").strip().splitlines()
        entries.append(
            LibraryEntry(
                f"slide:{slide.id}",
                slide_heading(bundle, lang, slide),
                text[0] if text else "",
                slide.page,
            )
        )
    for poll in bundle.polls.get(lang, ()):
        entries.append(LibraryEntry(f"poll:{poll.id}", poll.prompt, ""))
    for own in bundle.own_slides.get(lang, ()):
        text = (own.text or "").strip().splitlines()
        entries.append(LibraryEntry(f"own:{own.id}", own.title, text[0] if text else ""))
    words = query.casefold().split()

    def found(e: LibraryEntry) -> bool:
        haystack = f"{e.page or ''} {e.title} {e.first_line} {e.item_id}".casefold()
        return all(w in haystack for w in words)

    return [e for e in entries if found(e)]


# --- parts and their planned minutes ---------------------------------------------------------


def part_title(draft: Draft, part_id: str, lang: str) -> str:
    table = draft.titles.get(lang, {}).get(draft.talk_id)
    parts = table.get("parts", {}) if table is not None else {}
    return str(parts.get(part_id, ""))


def set_part_title(draft: Draft, part_id: str, lang: str, title: str) -> None:
    set_title(draft, lang, _title_of(draft, lang) or draft.talk_id)
    table = draft.titles[lang][draft.talk_id]
    table.setdefault("parts", tomlkit.table(is_super_table=True))
    table["parts"][part_id] = title


def new_part_id(draft: Draft) -> str:
    """An id for a new part: part-1, part-2 … (the first not taken)."""
    taken = {part_id for part_id, _ in draft.parts()}
    number = len(taken) + 1
    while f"part-{number}" in taken:
        number += 1
    return f"part-{number}"


def remove_part(draft: Draft, part_id: str) -> None:
    """The part and its items leave the talk (the slides and questions stay in their files)."""
    parts = draft.talk["parts"]
    index = next(i for i, part in enumerate(parts) if part["id"] == part_id)
    del parts[index]
    for lang in draft.titles:
        table = draft.titles[lang].get(draft.talk_id)
        if table is not None and part_id in table.get("parts", {}):
            del table["parts"][part_id]


def shift_item(draft: Draft, part_id: str, index: int, step: int) -> tuple[str, int]:
    """Up (-1) or down (+1); the first item of a part goes up to the end of the part before,
    the last one down to the start of the next. Returns the item's part and place."""
    ids = [p for p, _ in draft.parts()]
    items = _items(draft, part_id)
    here = ids.index(part_id)
    if 0 <= index + step < len(items):
        return part_id, move_item(draft, part_id, index, step)
    target = here + step
    if not 0 <= target < len(ids):
        return part_id, index
    value = copy.deepcopy(items[index])
    del items[index]
    other = _items(draft, ids[target])
    if step < 0:
        other.append(value)
        return ids[target], len(other) - 1
    other.insert(0, value)
    return ids[target], 0


def item_minutes(draft: Draft, part_id: str, index: int) -> float | None:
    item = _items(draft, part_id)[index]
    if isinstance(item, str) or "minutes" not in item:
        return None
    return float(item["minutes"])


def planned_minutes(draft: Draft, part_id: str) -> float:
    """A part's plan: the sum of its items' minutes (as lien.content.models.TalkPart)."""
    items = _items(draft, part_id)
    return sum(item_minutes(draft, part_id, i) or 0 for i in range(len(items)))


# --- one's own slides, to edit ----------------------------------------------------------------


def own_slide_words(draft: Draft, slide_id: str) -> dict[str, dict[str, str]]:
    """An own slide's words in each language the draft has it in (title, text, notes,
    image_alt, image): what the editor's fields start from."""
    out = {}
    for lang, document in draft.own.items():
        for slide in document.get("slides", []):
            if slide["id"] == slide_id:
                out[lang] = {
                    key: str(slide.get(key, "")).strip("\n")
                    for key in ("title", "text", "notes", "image_alt", "image")
                }
    return out


# --- questions of the live room (content/<lang>/polls.toml) ------------------------------------

RESULTS = ("live", "after_close", "never")


@dataclass
class QuestionSettings:
    """What a question is, the same in every language (polls.toml's settings)."""

    kind: str = "choice"  # one of lien.content.models.POLL_KINDS
    correct: int | None = None  # the right option's place (0 the first); None: an opinion
    scale: int | None = None  # 5 or 7 points (scale)
    words: int = 3  # words per phone (words)
    fold_plurals: bool = False  # the cloud counts "écoutes" with "écoute" (words)
    results: str | None = None  # live, after_close, never; None: the kind's default
    personal: bool = False
    min_group: int | None = None  # a personal question's smallest group shown; None: the talk's


@dataclass
class QuestionWords:
    """A question's words in one language."""

    prompt: str = ""
    options: list[str] = field(default_factory=list)  # texts, in order (choice)
    low: str = ""  # what the scale's first point means
    high: str = ""  # … and its last
    explanation: str = ""  # shown to all once revealed


def _polls(draft: Draft, lang: str) -> TOMLDocument:
    if lang not in draft.polls:
        draft.polls[lang] = read_toml(draft.content / lang / "polls.toml")
    return draft.polls[lang]


def _poll_table(draft: Draft, lang: str, poll_id: str):
    for poll in _polls(draft, lang).get("polls", []):
        if poll["id"] == poll_id:
            return poll
    return None


def question_of(draft: Draft, poll_id: str) -> tuple[QuestionSettings, dict[str, QuestionWords]]:
    """A question as the files have it: its settings and its words per language."""
    settings = QuestionSettings()
    words: dict[str, QuestionWords] = {}
    for lang in languages_of(draft):
        poll = _poll_table(draft, lang, poll_id)
        if poll is None:
            continue
        options = list(poll.get("options", []))
        ids = [str(o["id"]) for o in options]
        if not words:
            correct = poll.get("correct")
            settings = QuestionSettings(
                kind=str(poll.get("kind", "choice")),
                correct=ids.index(str(correct)) if correct in ids else None,
                scale=int(poll["scale"]) if "scale" in poll else None,
                words=int(poll.get("words", 3)),
                fold_plurals=bool(poll.get("fold_plurals", False)),
                results=str(poll["results"]) if "results" in poll else None,
                personal=bool(poll.get("personal", False)),
                min_group=int(poll["min_group"]) if "min_group" in poll else None,
            )
        words[lang] = QuestionWords(
            prompt=str(poll.get("prompt", "")),
            options=[str(o.get("text", "")) for o in options],
            low=str(poll.get("low", "")),
            high=str(poll.get("high", "")),
            explanation=str(poll.get("explanation", "")),
        )
    return settings, words


def option_ids(texts: list[str], before: list[tuple[str, str]] = ()) -> list[str]:
    """Ids for a question's options: an option whose text is unchanged keeps its id (the
    answers already given stay counted), a new one gets one made from its words."""
    kept = {text: option_id for option_id, text in before}
    out: list[str] = []
    for number, text in enumerate(texts, start=1):
        found = kept.get(text)
        if found is None or found in out:
            found = _slug(text) or f"option-{number}"
            base, n = found, 1
            while found in out or found in kept.values() or found == "skip":
                n += 1
                found = f"{base}-{n}"
        out.append(found)
    return out


def _slug(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = [w for w in "".join(c if c.isalnum() else " " for c in plain).split() if w]
    return "-".join(words)[:30].strip("-")


def question_values(
    poll_id: str, settings: QuestionSettings, words: QuestionWords, ids: list[str]
) -> dict[str, object]:
    """One language's [[polls]] table, written as the shipped questions are: only the fields
    the kind uses, defaults left out."""
    kind = settings.kind
    values: dict[str, object] = {"id": poll_id}
    if kind != "choice":
        values["kind"] = kind
    values["prompt"] = words.prompt.strip()
    values.update(_kind_values(settings, words, ids))
    if words.explanation.strip():
        values["explanation"] = words.explanation.strip()
    if settings.results is not None:
        values["results"] = settings.results
    if settings.personal or kind == "map":
        values["personal"] = True
        if settings.min_group is not None:
            values["min_group"] = settings.min_group
    if kind == "choice":
        values["options"] = _options_table(ids, words.options)
    return values


def _kind_values(
    settings: QuestionSettings, words: QuestionWords, ids: list[str]
) -> dict[str, object]:
    """The fields of a question's own kind: a scale's size and ends, how many words and
    whether plurals fold (when not the default), a choice's right option."""
    kind = settings.kind
    values: dict[str, object] = {}
    if kind == "scale":
        values["scale"] = settings.scale or 0
        values["low"] = words.low.strip()
        values["high"] = words.high.strip()
    if kind == "words":
        if settings.words != 3:
            values["words"] = settings.words
        if settings.fold_plurals:
            values["fold_plurals"] = True
    if kind == "choice" and settings.correct is not None and settings.correct < len(ids):
        values["correct"] = ids[settings.correct]
    return values


def _options_table(ids: list[str], texts: list[str]) -> AoT:
    """A choice's [[polls.options]]: each option's id and its words."""
    options = tomlkit.aot()
    for option_id, text in zip(ids, texts, strict=True):
        option = tomlkit.table()
        option.add("id", option_id)
        option.add("text", text.strip())
        options.append(option)
    return options


def question_problems(
    poll_id: str, settings: QuestionSettings, words: Mapping[str, QuestionWords]
) -> tuple[Problem, ...]:
    """What the check would say of this question alone, each problem named by the field it
    is about (prompt, options, correct, scale, low, high, words, personal, min_group …)."""
    from pydantic import ValidationError

    from lien.content.models import Poll
    from lien.content.problems import from_validation_error

    problems: list[Problem] = []
    counts = {len([t for t in w.options if t.strip()]) for w in words.values()}
    if settings.kind == "choice" and len(counts) > 1:
        problems.append(Problem("", "options", msg("model.options_same_count")))
    for lang, given in words.items():
        texts = [t for t in given.options if t.strip()]
        cleaned = QuestionWords(given.prompt, texts, given.low, given.high, given.explanation)
        ids = option_ids(texts)
        data = _plain(question_values(poll_id, settings, cleaned, ids))
        if settings.kind == "scale" and not settings.scale:
            data.pop("scale", None)
        try:
            Poll.model_validate(data)
        except ValidationError as error:
            for problem in from_validation_error(f"content/{lang}/polls.toml", error, data=data):
                problems.append(_named(problem, lang))
    return tuple(problems)


def _plain(values: Mapping[str, object]) -> dict:
    out = dict(values)
    if "options" in out:
        out["options"] = [dict(o) for o in out["options"]]  # type: ignore[attr-defined]
    return out


# A rule about the whole question, and the field it is about.
_RULE_FIELDS = {
    "model.choice_options": "options",
    "model.no_options": "options",
    "model.correct_choice_only": "correct",
    "model.not_an_option": "correct",
    "model.scale_needs": "scale",
    "model.scale_only": "scale",
    "model.map_personal": "personal",
    "model.skip_id": "options",
    "model.id_twice": "options",
}


def _named(problem: Problem, lang: str) -> Problem:
    """A problem of one question named by its field only (`options`, `low` …), with its
    language in the path (content/<lang>/…)."""
    field_ = problem.field.split(",")[0].split(" ")[0].strip()
    reason = problem.reason
    if field_ in ("", "(file)") and isinstance(reason, Message):
        field_ = _RULE_FIELDS.get(reason.code, "")
    return Problem(f"content/{lang}/polls.toml", field_, reason)


def set_question(
    draft: Draft,
    poll_id: str,
    settings: QuestionSettings,
    words: Mapping[str, QuestionWords],
) -> None:
    """Write a question of the live room in each language given (`words[lang]`); one that
    exists is changed in place (its options keep their ids where their text is unchanged).
    In a language the talk is not written in but the question is, its settings follow."""
    first = next(iter(words))
    before = _poll_table(draft, first, poll_id)
    old = [(str(o["id"]), str(o["text"])) for o in before.get("options", [])] if before else []
    ids = option_ids([t for t in words[first].options if t.strip()], old)
    for lang, given in words.items():
        texts = [t for t in given.options if t.strip()]
        cleaned = QuestionWords(given.prompt, texts, given.low, given.high, given.explanation)
        _write_poll(draft, lang, poll_id, question_values(poll_id, settings, cleaned, ids))
    for lang in set(draft.titles) | set(draft.own):
        if lang in words:
            continue
        other = _poll_table(draft, lang, poll_id)
        if other is None:
            continue
        for key in ("kind", "scale", "words", "fold_plurals", "results", "personal", "min_group"):
            value = question_values(poll_id, settings, words[first], ids).get(key)
            if value is None and key in other:
                del other[key]
            elif value is not None:
                other[key] = value


def _write_poll(draft: Draft, lang: str, poll_id: str, values: Mapping[str, object]) -> None:
    polls = _polls(draft, lang).setdefault("polls", tomlkit.aot())
    index = next((i for i, p in enumerate(polls) if p["id"] == poll_id), None)
    table = new_table(values)
    if index is None:
        polls.append(table)
    else:
        table.trivia.indent = polls[index].trivia.indent
        polls[index] = table


def new_question_id(draft: Draft, prompt: str) -> str:
    """An id for a new question, made from its words, not taken in any language."""
    taken = set()
    for lang in set(draft.titles) | set(draft.own):
        taken |= {str(p["id"]) for p in _polls(draft, lang).get("polls", [])}
    base = _slug(prompt)[:24].strip("-") or "question"
    found, n = base, 1
    while found in taken:
        n += 1
        found = f"{base}-{n}"
    return found


# --- problems, beside the fields they are about -------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where in the editor a problem is shown: a talk's title, a part's title, an item of
    the talk, a field of an own slide or of a question, in one language (None: all)."""

    what: str  # "talk", "part", "item", "own", "poll"
    ref: str  # the talk's id, a part's id, an item's id ("poll:x"), an own slide's or poll's id
    field: str = ""  # "title", "minutes", "prompt", "options", "low" …; "" for the whole
    lang: str | None = None


_NAMED = re.compile(r'^(\w+) "([^"]+)"(?:, (.*))?$')


def place_of(draft: Draft, problem: Problem) -> Place | None:
    """The editor's place for one of the check's problems, or None (shown in the list)."""
    parts = problem.path.split("/")
    name = parts[-1]
    lang = parts[1] if len(parts) == 3 and parts[0] == "content" else None
    if problem.path == f"content/{TALKS_FOLDER}/{draft.talk_id}.toml":
        return _place_in_talk(draft, problem)
    if name == "talks.toml" and lang is not None:
        return _place_of_title(draft, problem, lang)
    if name in ("my-slides.toml", "polls.toml") and lang is not None:
        return _place_of_field(problem, "own" if name == "my-slides.toml" else "poll", lang)
    return None  # a file as a whole, a media file, another file: shown in the list


def _place_in_talk(draft: Draft, problem: Problem) -> Place:
    """The place of a problem in the talk's own file: the talk, one of its parts, or an item."""
    found = _NAMED.match(problem.field)
    if found is None:
        return Place("talk", draft.talk_id, problem.field)
    rest = _NAMED.match(found.group(3) or "")
    if rest is None:
        return Place("part", found.group(2), found.group(3) or "")
    return Place("item", rest.group(2), rest.group(3) or "")


def _place_of_title(draft: Draft, problem: Problem, lang: str) -> Place | None:
    """The place of a problem in a language's talks.toml: the talk's title or a part's;
    None for another talk's."""
    pieces = [p.strip() for p in problem.field.split(",")]
    if pieces[0] != draft.talk_id:
        return None
    if len(pieces) >= 3 and pieces[1] == "parts":
        return Place("part", pieces[2], "title", lang)
    return Place("talk", draft.talk_id, "title", lang)


def _place_of_field(problem: Problem, what: str, lang: str) -> Place | None:
    """The place of a problem of an own slide or a question ("own", "poll"): the field it
    names, or the field its rule is about; None when it names no slide or question."""
    found = _NAMED.match(problem.field)
    if found is None:
        return None
    field_ = (found.group(3) or "").split(",")[0].split(" ")[0].strip()
    if not field_ and isinstance(problem.reason, Message):
        field_ = _RULE_FIELDS.get(problem.reason.code, "")
    return Place(what, found.group(2), field_, lang)


def by_place(draft: Draft, problems) -> tuple[dict[Place, list[Problem]], list[Problem]]:
    """The problems placed beside their fields, and those the editor has no field for."""
    placed: dict[Place, list[Problem]] = {}
    rest: list[Problem] = []
    for problem in problems:
        place = place_of(draft, problem)
        if place is None:
            rest.append(problem)
        else:
            placed.setdefault(place, []).append(problem)
    return placed, rest


# --- one's own deck, into the draft --------------------------------------------------------------


def add_pdf_pages(draft: Draft, bundle: Bundle, file_name: str, pages, lang: str) -> list[str]:
    """The pages of a PDF (lien.pdf_import.read_pages) as own slides at the end of the draft,
    in a part of their own: nothing is written until the draft is saved. Returns their ids."""
    from lien.pdf_import import page_slide, slug

    taken = {s.id for slides in bundle.own_slides.values() for s in slides}
    for document in draft.own.values():
        taken |= {str(s["id"]) for s in document.get("slides", [])}
    taken |= {part_id for part_id, _ in draft.parts()}
    base = f"{draft.talk_id}-{slug(Path(file_name).stem)}"
    prefix, n = base, 1
    while any(i == prefix or i.startswith(prefix + "-") for i in taken):
        n += 1
        prefix = f"{base}-{n}"
    ids = [f"{prefix}-{page.number}" for page in pages]
    for page, slide_id in zip(pages, ids, strict=True):
        draft.media[f"{slide_id}{page.suffix}"] = page.image
    parts = draft.talk.setdefault("parts", tomlkit.aot())
    parts.append(new_table({"id": prefix, "items": inline_list([{"id": f"own:{i}"} for i in ids])}))
    for each in languages_of(draft):
        words = bundle.ui[each]
        slides = draft.own[each].setdefault("slides", tomlkit.aot())
        for page, slide_id in zip(pages, ids, strict=True):
            slides.append(new_table(page_slide(words, file_name, page, slide_id)))
        set_part_title(
            draft, prefix, each, words["import.part_title"].format(file=Path(file_name).name)
        )
    return ids


def new_own_id(draft: Draft, bundle: Bundle, title: str) -> str:
    """An id for a new own slide, made from its title, not taken in any language."""
    taken = {s.id for slides in bundle.own_slides.values() for s in slides}
    for document in draft.own.values():
        taken |= {str(s["id"]) for s in document.get("slides", [])}
    base = _slug(title)[:24].strip("-") or "diapo"
    found, n = base, 1
    while found in taken:
        n += 1
        found = f"{base}-{n}"
    return found


def own_slide_problems(
    draft: Draft,
    slide_id: str,
    words: Mapping[str, Mapping[str, str]],
    has_image: bool,
    new: bool,
) -> tuple[Problem, ...]:
    """What the check would say of this own slide alone, each problem named by its field
    (id, title, text, notes, image_alt); a new slide's id must not be taken."""
    from pydantic import ValidationError

    from lien.content.models import OwnSlide
    from lien.content.problems import from_validation_error

    problems: list[Problem] = []
    taken = set()
    for document in draft.own.values():
        taken |= {str(s["id"]) for s in document.get("slides", [])}
    if new and slide_id in taken:
        reason = msg("model.id_twice", noun=msg("id.slide"), id=slide_id)
        problems.append(Problem("content/my-slides.toml", "id", reason))
    for lang, given in words.items():
        data = {
            "id": slide_id,
            "title": given.get("title", ""),
            "notes": given.get("notes", ""),
        }
        if given.get("text", "").strip():
            data["text"] = given["text"]
        if has_image:
            data["image"] = "x.png"
            data["image_alt"] = given.get("image_alt", "")
        path = f"content/{lang}/my-slides.toml"
        try:
            OwnSlide.model_validate(data)
        except ValidationError as error:
            for problem in from_validation_error(path, error, data=data):
                field_ = problem.field.split(",")[0].split(" ")[0].strip()
                if field_ in ("", "(file)"):
                    field_ = "image_alt"
                problems.append(Problem(path, field_, problem.reason))
    return tuple(problems)
