"""Shaping a talk without a file editor: the operations a talk editor offers, on the files.

A draft holds the files a talk is made of, as tomlkit documents (so comments and layout stay):
the talk's order (content/talks/<id>.toml), its titles (content/<lang>/talks.toml) and one's
own slides (content/<lang>/my-slides.toml), plus the images added. Each operation changes the
draft; `save_draft` writes it through lien.talk_writer (checked like `python -m lien check`,
atomically, the previous versions kept). No Streamlit here: an editor page calls these.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import tomlkit
from tomlkit.toml_document import TOMLDocument

from lien.content.bundle import Bundle
from lien.content.loader import IMAGE_MAGIC, MEDIA_FOLDER, TALKS_FOLDER
from lien.content.models import IMAGE_MAX_BYTES, IMAGE_TYPES
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
            for key in [k for k in kept if k not in values and k not in ("image", "image_alt")]:
                del kept[key]
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
