"""Bring your own deck: a PDF's pages become slides of one's own in a talk.

`python -m lien import-pdf FILE --talk ID [--lang fr]`. PowerPoint, Keynote, Google Slides and
LibreOffice all export a deck as PDF. Each page is rendered at projector resolution (to fit
1920×1080, its proportions kept) with pdfium (pypdfium2, a wheel from PyPI: nothing for the
user to install), saved in content/media/, and becomes an own slide (content/<lang>/
my-slides.toml) that shows the picture alone, whole (`image_only = true`); the page's text is
the picture's text alternative (for screen readers) and the first draft of its notes. The
pages land in the talk in order, in a part of their own, ready for Lien's slides and questions
to go between them.

Nothing is written unless every page rendered and the content, pages added, passes
`python -m lien check` (lien.talk_writer): bad input gets one sentence in the content's
language (French by default), naming the one thing to fix.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import tomlkit

from lien.content import content_root, load_bundle
from lien.content.loader import MEDIA_FOLDER, TALKS_FOLDER
from lien.content.models import ID_PATTERN, IMAGE_MAX_BYTES
from lien.content.problems import ContentError
from lien.talk_writer import SaveRefused, block, inline_list, new_table, read_toml, save, toml_text
from lien.text import decimal

MAX_PAGES = 200
MAX_BYTES = 100 * 1024 * 1024
SCREEN = (1920, 1080)  # a page is rendered to fit this box, its proportions kept
ALT_MAX = 1500  # characters of a page's text kept as its text alternative


class ImportRefused(Exception):
    """Bad input: `key` names its sentence (import.<key> in content/<lang>/ui-import.toml)."""

    def __init__(self, key: str, **values: object):
        self.key = key
        self.values = values
        super().__init__(key)

    def sentence(self, texts: Mapping[str, str]) -> str:
        return texts[f"import.{self.key}"].format(**self.values)


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    image: bytes  # PNG, or JPEG when a PNG would be over the images' size limit
    suffix: str  # ".png" or ".jpg"
    text: str  # the page's text, as pdfium reads it


def _render(page) -> bytes:
    """One page as an image fitting SCREEN (pdfium's bitmap, as a PIL image)."""
    width, height = page.get_size()
    scale = min(SCREEN[0] / width, SCREEN[1] / height)
    return page.render(scale=scale, draw_annots=True).to_pil()


def _encoded(image) -> tuple[bytes, str]:
    """PNG (sharp text), else JPEG for a photograph too heavy as PNG."""
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    if out.tell() <= IMAGE_MAX_BYTES:
        return out.getvalue(), ".png"
    for quality in (88, 75, 60):
        out = io.BytesIO()
        image.convert("RGB").save(out, format="JPEG", quality=quality)
        if out.tell() <= IMAGE_MAX_BYTES:
            break
    return out.getvalue(), ".jpg"


def _opened(data: bytes, name: str):
    """The PDF document in `data`; ImportRefused saying why it cannot be opened."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if b"/Encrypt" in data:
            raise ImportRefused("encrypted", file=name) from error
        if re.search(rb"/Count\s+0\b", data) and not re.search(rb"/Type\s*/Page\b(?!s)", data):
            raise ImportRefused("no_pages", file=name) from error
        raise ImportRefused("damaged", file=name) from error


def read_pages(path: Path, render: Callable = _render) -> list[Page]:
    """Every page of the PDF at `path`, rendered; ImportRefused (one reason) otherwise."""
    name = path.name
    if not path.is_file():
        raise ImportRefused("missing", file=name)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ImportRefused(
            "too_large", file=name, size=round(size / 1024 / 1024), limit=MAX_BYTES // 1024**2
        )
    data = path.read_bytes()
    if not data.lstrip()[:5] == b"%PDF-":
        raise ImportRefused("not_pdf", file=name)
    document = _opened(data, name)
    try:
        count = len(document)
        if count == 0:
            raise ImportRefused("no_pages", file=name)
        if count > MAX_PAGES:
            raise ImportRefused("too_many_pages", file=name, pages=count, limit=MAX_PAGES)
        pages = []
        for index in range(count):
            try:
                page = document[index]
                image = render(page)
                text = page.get_textpage().get_text_bounded()
            except Exception as error:  # pdfium's, or a broken page's: one sentence
                raise ImportRefused("page_failed", file=name, page=index + 1) from error
            encoded, suffix = _encoded(image)
            pages.append(Page(index + 1, encoded, suffix, _clean(text)))
        return pages
    finally:
        document.close()


# Raw HTML, Markdown images and links are refused in content (lien.content.rules): a page's
# text keeps its words without the characters that would read as such.
_TAG = re.compile(r"<(\s*/?\s*[A-Za-z])")
_ENTITY = re.compile(r"&(#|[A-Za-z]+;)")


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _clean(text: str) -> str:
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n"))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = "\n".join(line for line in lines if line)
    text = _TAG.sub(r"‹\1", text)
    text = _ENTITY.sub(r"& \1", text)
    return text.replace("](", "] (").replace("![", "! [").replace('"""', '"')


def slug(text: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return (words or "pdf")[:30].strip("-") or "pdf"


@dataclass(frozen=True)
class Imported:
    talk_id: str
    slide_ids: tuple[str, ...]
    written: tuple[Path, ...]


def import_pdf(
    root: Path,
    pdf: Path,
    talk_id: str,
    lang: str | None = None,
    render: Callable = _render,
) -> Imported:
    """Add the PDF's pages to the talk `talk_id` (made when it does not exist, in `lang`
    only). Raises ImportRefused or SaveRefused; nothing is written then."""
    bundle = load_bundle(root)
    lang = lang or bundle.site.default_language
    if lang not in bundle.languages:
        raise ImportRefused("unknown_language", lang=lang, known=", ".join(bundle.languages))
    if not re.fullmatch(ID_PATTERN, talk_id):
        raise ImportRefused("bad_talk", talk=talk_id)
    pages = read_pages(pdf, render)
    content = root / "content"
    stem = slug(pdf.stem)
    talk_path = content / TALKS_FOLDER / f"{talk_id}.toml"
    talk = read_toml(talk_path)
    plan = bundle.talks.get(talk_id)
    is_new = plan is None
    languages = [lang] if is_new else _languages(plan, bundle.languages)
    taken = {s.id for slides in bundle.own_slides.values() for s in slides}
    taken |= {p.id for p in plan.parts} if plan else set()
    base = f"{talk_id}-{stem}"
    prefix, n = base, 1
    while any(i == prefix or i.startswith(prefix + "-") for i in taken):
        n += 1
        prefix = f"{base}-{n}"
    ids = [f"{prefix}-{page.number}" for page in pages]
    changes: dict[Path, bytes] = {}
    for page, slide_id in zip(pages, ids, strict=True):
        changes[content / MEDIA_FOLDER / f"{slide_id}{page.suffix}"] = page.image
    if is_new:
        talk.add(tomlkit.comment(f"Made from {pdf.name} by python -m lien import-pdf."))
        talk.add(tomlkit.comment('See content/README.md, "Slides, notes and talks".'))
        talk.add("languages", [lang])
    items = inline_list([{"id": f"own:{i}"} for i in ids])
    talk.setdefault("parts", tomlkit.aot()).append(new_table({"id": prefix, "items": items}))
    changes[talk_path] = toml_text(talk)
    for each in languages:
        words = bundle.ui[each]
        slides_path = content / each / "my-slides.toml"
        mine = read_toml(slides_path)
        slides = mine.setdefault("slides", tomlkit.aot())
        for page, slide_id in zip(pages, ids, strict=True):
            slides.append(new_table(page_slide(words, pdf.name, page, slide_id)))
        changes[slides_path] = toml_text(mine)
        titles_path = content / each / "talks.toml"
        titles = read_toml(titles_path)
        if talk_id not in titles:
            table = tomlkit.table()
            table.add("title", pdf.stem)
            titles.add(tomlkit.nl())
            titles.add(talk_id, table)
        titles[talk_id].setdefault("parts", tomlkit.table(is_super_table=True))
        titles[talk_id]["parts"][prefix] = words["import.part_title"].format(file=pdf.name)
        changes[titles_path] = toml_text(titles)
    written = save(root, changes)
    return Imported(talk_id, tuple(ids), tuple(written))


def _languages(plan, languages) -> list[str]:
    return [x for x in languages if plan.languages is None or x in plan.languages]


def page_slide(words: Mapping[str, str], file: str, page: Page, slide_id: str) -> dict:
    first = next((line for line in page.text.split("\n") if line.strip()), "")
    untitled = words["import.untitled"].format(page=page.number, file=file)
    title = first[:80] if first else untitled
    alt = page.text[:ALT_MAX].replace("\n", " ") if page.text else None
    return {
        "id": slide_id,
        "title": title,
        "image": f"{slide_id}{page.suffix}",
        "image_alt": alt or words["import.no_text"].format(page=page.number, file=file),
        "image_only": True,
        "notes": _notes(words, page),
    }


def _notes(words: Mapping[str, str], page: Page):
    return block(page.text or words["import.notes_empty"])


# --- python -m lien import-pdf ----------------------------------------------------------


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m lien import-pdf")
    parser.add_argument("file", type=Path)
    parser.add_argument("--talk", required=True)
    parser.add_argument("--lang")
    parser.add_argument("--root", type=Path, default=None)
    args = parser.parse_args(argv)
    root = (args.root or content_root()).resolve()
    try:
        bundle = load_bundle(root)
    except ContentError as error:
        print("\n".join(str(p) for p in error.problems), file=sys.stderr)
        return 1
    lang = args.lang if args.lang in bundle.languages else bundle.site.default_language
    texts = bundle.ui[lang]
    try:
        done = import_pdf(root, args.file, args.talk, args.lang)
    except ImportRefused as refused:
        print(refused.sentence(texts), file=sys.stderr)
        return 1
    except SaveRefused as refused:
        print(texts["import.refused"], file=sys.stderr)
        print("\n".join(str(p) for p in refused.problems), file=sys.stderr)
        return 1
    except OSError as error:  # a folder that cannot be written, a full disk: no traceback
        print(texts["import.write_failed"].format(error=error.strerror or error), file=sys.stderr)
        return 1
    print(
        texts["import.done"].format(
            count=decimal(len(done.slide_ids), lang, 0), talk=done.talk_id, file=args.file.name
        )
    )
    return 0
