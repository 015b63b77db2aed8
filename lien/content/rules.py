"""Rules across files: both languages agree, links lead somewhere, slides exist, shares sum."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from lien.content.keys import TEXT_KEYS
from lien.content.messages import msg, nearest, unknown_id
from lien.content.models import Deck, PageText
from lien.content.problems import item_label, join_field
from lien.content.reader import Reader
from lien.content.same import SAME_IN_EVERY_LANGUAGE
from lien.sitemap import BLOCK_CHARTS, PAGE_IDS
from lien.text import typeset_tree

LINK_PATTERN = re.compile(r"\]\((page|source):([^)#\s]*)")


def fill_languages(
    reader: Reader,
    paths: Mapping[str, Path],
    data: Mapping[str, Any],
    order: list[str],
    unknown: Mapping[str, set[str]] | None = None,
) -> dict[str, Any]:
    """Each language's data with what it lacks taken from another language (the default
    first), so one missing translation does not hide a page; each text taken is reported
    (a fallback: the check fails, the app keeps running). Values that must be the same in
    every language and differ are problems. A field that is unknown (misspelt) in the other
    language, named in `unknown`, is not copied: its spelling is the one problem to report."""
    filled: dict[str, Any] = {}
    unknown = unknown or {}
    for lang in data:
        ours = copy.deepcopy(data[lang])
        for other in order:
            if other != lang and other in data:
                skip = unknown.get(other, set())
                ours = _merge(
                    reader,
                    paths[lang],
                    ours,
                    data[other],
                    lang,
                    other,
                    [],
                    skip,
                    misspelt=unknown.get(lang, set()),
                )
        filled[lang] = ours
    return filled


class _Everything(frozenset):
    def __contains__(self, item: object) -> bool:
        return True


_EVERYTHING = _Everything()


def _borrowed(value: Any, lang: str) -> Any:
    """A text taken from another language, in that language's typography."""
    return typeset_tree(copy.deepcopy(value), lang, SAME_IN_EVERY_LANGUAGE)


def _missing(value: Any) -> bool:
    return value in ("", None)


class _Merge:
    """Taking what one language's file lacks from another's, each taking reported.

    `skip`: fields misspelt in `theirs` (not copied: their spelling is the problem);
    `misspelt`: fields misspelt in `ours`, so the field they meant is not reported missing
    too (one mistake, one line)."""

    def __init__(self, reader, path, lang, other, skip, misspelt) -> None:
        self.reader, self.path, self.lang, self.other = reader, path, lang, other
        self.skip, self.misspelt = skip, misspelt

    def fallback(self, where: list[str], name: str | None = None) -> None:
        if name is not None and _meant(self.misspelt, where, name):
            return
        field = join_field(*where, name) if name is not None else join_field(*where)
        self.reader.soft(
            self.path, field or "(file)", msg("fallback", lang=self.lang, other=self.other)
        )

    def value(self, ours: Any, theirs: Any, where: list[str]) -> Any:
        if isinstance(ours, Mapping) and isinstance(theirs, Mapping):
            return self.mapping(ours, theirs, where)
        if isinstance(ours, list) and isinstance(theirs, list):
            name = where[-1] if where else "item"
            with_ids = [t for t in theirs if isinstance(t, Mapping) and "id" in t]
            if with_ids and len(with_ids) == len(theirs):
                return self.listed_by_id(ours, theirs, where[:-1], name)
            return self.listed_in_order(ours, theirs, where[:-1], name)
        return ours

    def mapping(self, ours: Mapping, theirs: Mapping, where: list[str]) -> dict:
        out = dict(ours)
        # Two records that disagree on their code (a right answer, a keying) are not the same
        # record in two languages: nothing is borrowed between them, the disagreement is the
        # problem to fix (borrowing a reason "why wrong" into a now-right option would only
        # add confusing ones).
        same = SAME_IN_EVERY_LANGUAGE & (set(ours) | set(theirs))
        merge = self
        if any(ours.get(k) != theirs.get(k) for k in same):
            merge = _Merge(
                self.reader, self.path, self.lang, self.other, _EVERYTHING, self.misspelt
            )
        for key, value in theirs.items():
            if key not in out or _missing(out[key]):
                merge.missing_field(out, key, value, where)
            elif key in SAME_IN_EVERY_LANGUAGE:
                merge.same_field(out[key], key, value, where)
            else:
                out[key] = merge.value(out[key], value, [*where, str(key)])
        return out

    def missing_field(self, out: dict, key: Any, value: Any, where: list[str]) -> None:
        """A field `ours` lacks: borrowed from `theirs`, unless it is code, not prose."""
        field = join_field(*where, str(key))
        if key in SAME_IN_EVERY_LANGUAGE and not _missing(value):
            # Code, not prose (an id, a right answer, a keying): no translation to
            # borrow, the two languages must agree.
            if not _meant(self.misspelt, where, str(key)):
                problem = msg("missing_same_everywhere", lang=self.lang, other=self.other)
                self.reader.add(self.path, field, problem)
            return
        if field in self.skip:
            return
        if not _missing(value) and value not in ([], {}):
            self.fallback(where, str(key))
            out[key] = _borrowed(value, self.other)

    def same_field(self, ours: Any, key: Any, theirs: Any, where: list[str]) -> None:
        """A field that must be the same in every language: reported once when it is not."""
        if theirs != ours and self.lang < self.other:  # reported once, not once per side
            self.reader.add(
                self.path,
                join_field(*where, str(key)),
                msg("differs", other=self.other, here=repr(ours), there=repr(theirs)),
            )

    def listed_by_id(self, ours: list, theirs: list, outer: list[str], name: str) -> list:
        out = list(ours)
        ids = [o.get("id") if isinstance(o, Mapping) else None for o in out]
        for index, item in enumerate(theirs):
            label = item_label(name, index, item)
            if item["id"] not in ids:
                self.fallback([*outer, label])
                # In the other language's place: after the item that precedes it there.
                before = theirs[index - 1]["id"] if index else None
                at = ids.index(before) + 1 if before in ids else 0
                out.insert(at, _borrowed(item, self.other))
                ids.insert(at, item["id"])
                continue
            mine = ids.index(item["id"])
            out[mine] = self.value(out[mine], item, [*outer, label])
        return out

    def listed_in_order(self, ours: list, theirs: list, outer: list[str], name: str) -> list:
        out = list(ours)
        for index, item in enumerate(theirs):
            label = item_label(name, index, item)
            if index >= len(out):
                self.fallback([*outer, label])
                out.append(_borrowed(item, self.other))
            else:
                out[index] = self.value(out[index], item, [*outer, label])
        return out


def _merge(
    reader: Reader,
    path: Path,
    ours: Any,
    theirs: Any,
    lang: str,
    other: str,
    where: list[str],
    skip: set[str] = frozenset(),  # type: ignore[assignment]
    misspelt: set[str] = frozenset(),  # type: ignore[assignment]
):
    """`ours` with what it lacks taken from `theirs`, each taking reported (see _Merge)."""
    return _Merge(reader, path, lang, other, skip, misspelt).value(ours, theirs, where)


def _meant(misspelt: set[str], where: list[str], name: str) -> bool:
    """True when a field misspelt beside `name` most likely meant it (`promt` for `prompt`)."""
    here = join_field(*where)
    for field in misspelt:
        outer, _, key = field.rpartition(", ") if here else ("", "", field)
        if outer == here and nearest(key, [name]) == name:
            return True
    return False


def named_strings(value: Any, where: tuple[str, ...] = ()) -> Iterator[tuple[str, str]]:
    """Every string inside nested tables and lists, with its field named as problems are
    (`sections "weight", body`)."""
    if isinstance(value, str):
        yield join_field(*where), value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from named_strings(item, (*where, str(key)))
    elif isinstance(value, list):
        name, outer = (where[-1], where[:-1]) if where else ("item", ())
        for index, item in enumerate(value):
            yield from named_strings(item, (*outer, item_label(name, index, item)))


def check_links(reader: Reader, path: Path, data: Any, source_ids: set[str]) -> None:
    for where, text in named_strings(data):
        for kind, target in LINK_PATTERN.findall(text):
            known = PAGE_IDS if kind == "page" else source_ids
            if target not in known:
                code = "link_no_page" if kind == "page" else "link_no_source"
                reader.add(path, where or "(text)", unknown_id(code, target, known))


def check_slides(reader: Reader, path: Path, deck: Deck, pages: Mapping[str, PageText]) -> None:
    seen: set[str] = set()
    for slide in deck.slides:
        where = f'slides "{slide.id}"'
        if slide.id in seen:
            reader.add(path, where, msg("slide_twice"))
        seen.add(slide.id)
        if slide.page not in PAGE_IDS:
            reader.add(path, f"{where}, page", unknown_id("no_page", slide.page, PAGE_IDS))
        elif (
            slide.section is not None
            and slide.page in pages
            and slide.section not in {s.id for s in pages[slide.page].sections}
        ):
            sections = {s.id for s in pages[slide.page].sections}
            reason = unknown_id("no_section", slide.section, sections, page=slide.page)
            reader.add(path, f"{where}, section", reason)
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
        if charts:
            reason = unknown_id("no_chart", slide.chart, charts, charts=", ".join(charts))
        else:
            reason = msg("no_chart_here", id=slide.chart)
        reader.add(path, f"{where}, chart", reason)


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
                msg("sum_not_100", total=int(total) if total.is_integer() else round(total, 1)),
            )


def check_text_keys(
    reader: Reader,
    content: Path,
    order: list[str],
    where: Mapping[str, Mapping[str, Path]],
    ui: dict[str, dict[str, str]],
    unreadable: set[str],
) -> None:
    """Every text key the code reads is in every language; every key given is read by code.

    A key one language lacks is shown from another (the default first) meanwhile; a language
    whose ui file cannot be read is not reported again key by key (its syntax error says it).
    """
    unread = set(where) - TEXT_KEYS
    # A key misspelt in one language is one line (unread, "did you mean …?"), not that line
    # and another saying the key it meant is missing.
    meant = {(lang, nearest(key, TEXT_KEYS)) for key in unread for lang in where[key]}
    for key in sorted(TEXT_KEYS):
        files = where.get(key, {})
        group = key.rpartition(".")[0]
        for lang in order:
            if lang in files or lang in unreadable:
                continue
            # Named after the file that holds it in another language, else the one that
            # holds its group's other texts in this language, else the main ui file.
            beside = [p[lang] for k, p in where.items() if k.startswith(group + ".") and lang in p]
            other = next(iter(files.values()), None) or next(iter(beside), None)
            path = content / lang / (other.name if other else "ui.toml")
            source = next((o for o in order if o in files), None)
            if source is not None:
                ui[lang][key] = ui[source][key]
            if (lang, key) in meant:
                continue
            if source is None:
                reader.add(path, key, msg("text_key_missing"))
            else:
                reader.soft(path, key, msg("text_key_fallback", other=source))
    for key in sorted(unread):
        for path in where[key].values():
            reader.add(path, key, unknown_id("text_key_unread", key, TEXT_KEYS))


VIGNETTE_CAVEAT = "quiz.vignette_caveat"


def check_vignettes(
    reader: Reader, content: Path, quiz: Mapping[str, Any], ui: Mapping[str, Mapping[str, str]]
) -> None:
    """Every vignette's explanation ends with the same caveat (quiz.vignette_caveat): the
    behaviour is a strategy in a moment, not who the person is."""
    for lang, bank in quiz.items():
        caveat = ui.get(lang, {}).get(VIGNETTE_CAVEAT)
        if not caveat:
            continue  # the missing text is reported by check_text_keys
        for question in bank.questions:
            if question.kind == "vignette" and not question.explanation.endswith(caveat):
                reader.add(
                    content / lang / "quiz.toml",
                    f'questions "{question.id}", explanation',
                    msg("vignette_caveat", key=VIGNETTE_CAVEAT, caveat=caveat),
                )


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
    for where, text in named_strings(data):
        found = RAW_HTML.search(text)
        if found:
            reader.add(
                path,
                where or "(text)",
                msg("raw_html", found=repr(found.group(0)[:30])),
            )
            continue
        if not fields_are_markdown:
            continue
        if MARKDOWN_IMAGE.search(text):
            reader.add(path, where or "(text)", msg("markdown_image"))
        for target in MARKDOWN_LINK.findall(text):
            if not SAFE_LINK.match(target):
                reader.add(
                    path,
                    where or "(text)",
                    msg("unsafe_link", target=repr(target[:40])),
                )
