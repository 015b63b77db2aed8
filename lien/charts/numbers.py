"""Numbers and study names as a reader of each language expects to read them."""

from __future__ import annotations

import re

from lien.models import Source

_SURNAME = re.compile(
    r"(?:^|&\s|,\s)((?:(?:van|de|Del)\s)?[A-ZÀ-Ý][\w’'\-]*(?:\s[A-Z][a-z]\w*)?(?:-[A-Z]\w+)?),"
    r"\s(?:[A-Z]\.)"
)


def number_text(value: float, lang: str, decimals: int | None = None) -> str:
    """51.6 -> '51,6' in French, '51.6' in English; whole numbers without decimals."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    text = f"{value:,.{decimals}f}"
    if lang == "fr":
        # French: comma for decimals, narrow no-break space for thousands.
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def percent_text(value: float, lang: str) -> str:
    return f"{number_text(value, lang)}\u00a0%"


def study_label(source: Source, authors: str | None = None) -> str:
    """'Madigan et al. 2023', 'Hazan & Shaver 1987': how a chart names a study.

    `authors` replaces the source's when its reference is prose in the reader's language.
    """
    authors = authors or source.authors
    names = _SURNAME.findall(authors)
    if not names:
        who = authors
    elif len(names) == 1:
        who = names[0]
    elif len(names) == 2 and "et al." not in authors:
        who = f"{names[0]} & {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who} {source.year}" if source.year else who
