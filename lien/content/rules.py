"""Rules across files: both languages agree, links lead somewhere, slides exist, shares sum."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lien.content.bundle import iter_strings
from lien.content.keys import TEXT_KEYS
from lien.content.models import Deck, PageText
from lien.content.reader import Reader
from lien.content.same import SAME_IN_EVERY_LANGUAGE
from lien.sitemap import BLOCK_CHARTS, PAGE_IDS

LINK_PATTERN = re.compile(r"\]\((page|source):([^)#\s]*)")


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
        if slide.chart is not None:
            _check_slide_chart(reader, path, where, slide, pages)


def _check_slide_chart(reader: Reader, path: Path, where: str, slide, pages) -> None:
    """A slide's `chart` is one of the charts its section's block draws."""
    section = (
        next(
            (s for s in pages[slide.page].sections if s.id == slide.section),
            None,
        )
        if slide.page in pages
        else None
    )
    charts = BLOCK_CHARTS.get(section.block or "", ()) if section is not None else ()
    if slide.chart not in charts:
        known = ", ".join(charts) if charts else "none: its section draws no chart"
        reader.add(path, f"{where}.chart", f"no chart '{slide.chart}' here (charts: {known})")


def check_sums(reader: Reader, path: Path, rows, key, value) -> None:
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


def check_text_keys(
    reader: Reader, content: Path, languages: list[str], where: Mapping[str, Mapping[str, Path]]
) -> None:
    """Every text key the code reads is in every language; every key given is read by code."""
    for key in sorted(TEXT_KEYS):
        files = where.get(key, {})
        group = key.rpartition(".")[0]
        for lang in languages:
            if lang not in files:
                # Named after the file that holds it in another language, else the one that
                # holds its group's other texts in this language, else the main ui file.
                beside = [
                    p[lang] for k, p in where.items() if k.startswith(group + ".") and lang in p
                ]
                other = next(iter(files.values()), None) or next(iter(beside), None)
                path = content / lang / (other.name if other else "ui.toml")
                reader.add(path, key, "missing: the app shows this text (add it)")
    for key in sorted(set(where) - TEXT_KEYS):
        for path in where[key].values():
            reader.add(path, key, "no part of the app reads this text (check its spelling)")


# Raw HTML in content would run in the app's origin: a tag or a comment, an image (it loads
# from wherever it points), or a link that is neither the web, mail, nor an internal one.
RAW_HTML = re.compile(r"<\s*/?\s*[A-Za-z][^>]*>|<!--|&#|&[A-Za-z]+;")
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(")
MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
SAFE_LINK = re.compile(r"^(https?://|mailto:|page:|source:|#)", re.IGNORECASE)


def check_raw_html(reader: Reader, path: Path, data: Any, *, fields_are_markdown=True) -> None:
    """Report raw HTML, images and unsafe links in every text of one file (TOML or CSV).

    Content is rendered without raw HTML; the check says so where an editor typed some.
    """
    for where, text in iter_strings(data):
        found = RAW_HTML.search(text)
        if found:
            reader.add(
                path,
                where or "(text)",
                f"raw HTML is not allowed here ({found.group(0)[:30]!r}): write plain text or "
                "Markdown",
            )
            continue
        if not fields_are_markdown:
            continue
        if MARKDOWN_IMAGE.search(text):
            reader.add(path, where or "(text)", "images are not allowed in texts: write a text")
        for target in MARKDOWN_LINK.findall(text):
            if not SAFE_LINK.match(target):
                reader.add(
                    path,
                    where or "(text)",
                    f"link to {target[:40]!r}: only http(s), mailto, page: and source: links",
                )
