"""Short citations and numbers written the way each language writes them."""

from __future__ import annotations

import re

from lien.models import Source

# Authors are listed as "Surname, A. B., Other, C., & Last, D."; split after each initial.
_AUTHOR_SPLIT = re.compile(r"(?<=\.),\s*(?:&\s*)?")
# French writes 0,28 and 30 000 (narrow no-break space); English 0.28 and 30,000.
NARROW_NBSP = "\u202f"


def short_citation(source: Source) -> str:
    """'Flückiger et al. 2018', 'Wampold & Brown 2005', 'Lambert 1992'."""
    parts = [p for p in _AUTHOR_SPLIT.split(source.authors) if p.strip()]
    names = [p.split(",")[0].strip() for p in parts if not p.strip().startswith("et al")]
    if len(parts) >= 3 or len(names) != len(parts):
        who = f"{names[0]} et al."
    elif len(names) == 2:
        who = f"{names[0]} & {names[1]}"
    else:
        who = names[0]
    return f"{who} {source.year}" if source.year else who


def number(value: float, lang: str, digits: int = 2) -> str:
    """A decimal number in the reader's language: 0,28 in French, 0.28 in English."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "fr" else text


def count(value: int, lang: str) -> str:
    """A whole number with thousands separated: 30 000 in French, 30,000 in English."""
    text = f"{value:,}"
    return text.replace(",", NARROW_NBSP) if lang == "fr" else text


def plotly_separators(lang: str) -> str:
    """Plotly's `separators` (decimal, thousands) for the reader's language."""
    return ", " if lang == "fr" else ".,"
