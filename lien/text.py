"""Text the way each language writes it: the reader's language, numbers, citations, typography.

One rule for each, used by the pages, the charts, the phones and the handout alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

NBSP = "\u00a0"  # no-break space: before : and %, and between a number's groups, in French
NNBSP = "\u202f"  # narrow no-break space: before ; ! ? and inside « », in French

# --- the reader's language ---------------------------------------------------------------------


def accepted_languages(header: str | None) -> list[str]:
    """The language tags of an Accept-Language header, most wanted first (q-values honoured).

    'de-DE,en;q=0.8,fr;q=0.9' -> ['de-DE', 'fr', 'en']; tags with q=0 are left out.
    """
    tags: list[tuple[float, int, str]] = []
    for index, item in enumerate((header or "").split(",")):
        tag, _, params = item.strip().partition(";")
        tag = tag.strip()
        if not tag or tag == "*":
            continue
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if weight > 0:
            tags.append((-weight, index, tag))
    return [tag for _, _, tag in sorted(tags)]


def _base(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].strip().lower()


def choose_language(
    languages: Sequence[str],
    default: str,
    *,
    requested: str | None = None,
    remembered: str | None = None,
    browser: Iterable[str] = (),
) -> str:
    """The language to show: the one asked for (URL, a phone's switch), then the one this
    reader chose before, then the first of the browser's languages that Lien offers, then
    the default."""
    for choice in (requested, remembered):
        if choice in languages:
            return choice
    for tag in browser:
        if _base(tag) in languages:
            return _base(tag)
    return default


# --- numbers -----------------------------------------------------------------------------------


def decimal(value: float, lang: str, digits: int | None = None) -> str:
    """A number in the reader's language: 0,28 and 30 000 in French, 0.28 and 30,000 in English.

    With `digits` None, whole numbers have no decimals and others one (51.6).
    """
    if digits is None:
        digits = 0 if float(value).is_integer() else 1
    text = f"{value:,.{digits}f}"
    if lang == "fr":
        text = text.replace(",", NBSP).replace(".", ",")
    return text.replace("-", "−")  # a true minus sign, in every language


def number(value: float, lang: str, digits: int = 2) -> str:
    """A decimal with a fixed number of digits: 0,28 in French, 0.28 in English."""
    return decimal(value, lang, digits)


def count(value: int, lang: str) -> str:
    """A whole number with its thousands apart: 30 000 in French, 30,000 in English."""
    return decimal(value, lang, 0)


def percent(value: float, lang: str, digits: int | None = None) -> str:
    """51,6 % in French (no-break space), 51.6% in English."""
    return decimal(value, lang, digits) + percent_sign(lang)


def percent_sign(lang: str) -> str:
    """What follows a number to make it a percentage: ' %' (no-break) in French, '%' in English."""
    return f"{NBSP}%" if lang == "fr" else "%"


def correlation(value: float, lang: str, digits: int = 2) -> str:
    """r as the papers report it, without the leading zero: ,28 in French, .28 in English."""
    text = number(value, lang, digits)
    return re.sub(r"^(−?)0(?=[.,])", r"\1", text)


def plotly_separators(lang: str) -> str:
    """Plotly's `separators` (decimal, thousands) for the reader's language."""
    return "," + NBSP if lang == "fr" else ".,"


# --- citations ---------------------------------------------------------------------------------

# Authors are listed as "Surname, A. B., Other, C., & Last, D."; split after each initial.
_AUTHOR_SPLIT = re.compile(r"(?<=\.),\s*(?:&\s*)?")


class Cited(Protocol):
    authors: str
    year: int | None


def short_citation(source: Cited, authors: str | None = None) -> str:
    """'Flückiger et al. 2018', 'Wampold & Brown 2005', 'Lambert 1992'.

    `authors` replaces the source's when its reference is prose in the reader's language;
    authors written as prose (the source page's "A French psychotherapist") stay as they are.
    """
    authors, year = authors or source.authors, source.year
    parts = [p.strip() for p in _AUTHOR_SPLIT.split(authors) if p.strip()]
    etal = any(p.startswith("et al") for p in parts)
    names = [p.split(",")[0].strip() for p in parts if not p.startswith("et al")]
    if not names or all("," not in p for p in parts if not p.startswith("et al")):
        who = authors.strip()
    elif len(names) >= 3 or etal:
        who = f"{names[0]} et al."
    elif len(names) == 2:
        who = f"{names[0]} & {names[1]}"
    else:
        who = names[0]
    return f"{who} {year}" if year else who


# --- typography --------------------------------------------------------------------------------

_SPACE = r"[ \t\u00a0\u202f]"
_FR_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # « guillemets » hold a narrow no-break space inside, whatever the editor typed.
    (re.compile(rf"«{_SPACE}*"), "«" + NNBSP),
    (re.compile(rf"{_SPACE}*»"), NNBSP + "»"),
    # A space typed before ; ! ? becomes narrow and unbreakable; before : and %, unbreakable.
    (re.compile(rf"{_SPACE}+(?=[;!?])"), NNBSP),
    (re.compile(rf"{_SPACE}+(?=[:%])"), NBSP),
    # A number's groups of three (30 000, 1 314) stay on one line.
    (re.compile(r"(?<![\d,.])(\d{1,3})((?: \d{3})+)(?![\d])"), None),
)
_EN_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # English writes 70%, not 70 %.
    (re.compile(rf"(?<=\d){_SPACE}+%"), "%"),
)
# Parts of Markdown that are not prose: code spans and link targets keep their characters.
_PROTECTED = re.compile(r"`[^`\n]*`|\]\([^)\s]*\)|<[^>\n]*>|https?://\S+")


def _apply(text: str, rules) -> str:
    for pattern, replacement in rules:
        if replacement is None:
            text = pattern.sub(lambda m: m.group(1) + m.group(2).replace(" ", NBSP), text)
        else:
            text = pattern.sub(replacement, text)
    return text


def typeset(text: str, lang: str) -> str:
    """Text in its language's typography, from what an editor typed with ordinary spaces.

    French: U+202F before ; ! ? and inside « », U+00A0 before : and % and between a number's
    groups (30 000). English: no space before % (70%). Code spans, link targets and URLs are
    left as they are.
    """
    rules = _FR_RULES if lang == "fr" else _EN_RULES if lang == "en" else ()
    if not rules or not text:
        return text
    out, last = [], 0
    for match in _PROTECTED.finditer(text):
        out.append(_apply(text[last : match.start()], rules))
        out.append(match.group(0))
        last = match.end()
    out.append(_apply(text[last:], rules))
    return "".join(out)


def typeset_tree(value: Any, lang: str, skip: frozenset[str] = frozenset()) -> Any:
    """Every text inside nested tables and lists typeset for `lang`; the fields named in
    `skip` (ids, phone numbers, links to code) are left exactly as written."""
    if isinstance(value, str):
        return typeset(value, lang)
    if isinstance(value, dict):
        return {k: v if k in skip else typeset_tree(v, lang, skip) for k, v in value.items()}
    if isinstance(value, list):
        return [typeset_tree(item, lang, skip) for item in value]
    return value
