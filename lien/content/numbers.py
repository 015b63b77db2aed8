"""Numbers in prose that cite a source must be numbers of that source's data.

A sentence with a `source:` link names where its figures come from; every number in it (a
percentage, an r, a d, a count of studies or people, a ratio) must then be one of the values
that source holds in data/ (rounded as the text rounds it: 7.7 % may be written "about 8 %"),
and a source cited for a kind of figure must hold figures of that kind. What cannot be checked
this way is said in `uncheckable` below and in the report of `python -m lien check`'s author.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lien.content.messages import msg
from lien.content.models import EffectRow, FigureRow, PrevalenceRow, Source
from lien.content.reader import Reader

Kind = str  # "percent", "r", "d", "count", "ratio" or "any" (a plain decimal)
KIND_WORDS = {  # message codes (lien/content/messages.toml)
    "percent": "number.percent",
    "r": "number.r",
    "d": "number.d",
    "count": "number.count",
    "ratio": "number.ratio",
    "any": "number.any",
}
SMALLEST_COUNT = 11  # whole numbers below this are words in disguise ("4 in 10"): not checked


@dataclass
class SourceValues:
    """The values one source holds in data/, by kind."""

    by_kind: dict[Kind, set[float]] = field(default_factory=dict)

    def add(self, kind: Kind, value: float | None) -> None:
        if value is not None:
            self.by_kind.setdefault(kind, set()).add(float(value))

    def of(self, kind: Kind) -> set[float]:
        if kind == "any":
            return {v for values in self.by_kind.values() for v in values}
        return self.by_kind.get(kind, set())


def source_values(
    prevalence: Iterable[PrevalenceRow], effects: Iterable[EffectRow], figures: Iterable[FigureRow]
) -> dict[str, SourceValues]:
    out: dict[str, SourceValues] = {}
    for row in prevalence:
        values = out.setdefault(row.source_id, SourceValues())
        values.add("percent", row.percent)
        values.add("count", row.n)
    for row in effects:
        values = out.setdefault(row.source_id, SourceValues())
        for value in (row.r, row.ci_low, row.ci_high):
            values.add("r", value)
        values.add("d", row.d)
        values.add("count", row.k)
        values.add("count", row.n)
    for row in figures:
        values = out.setdefault(row.source_id, SourceValues())
        values.add({"percent": "percent", "r": "r", "d": "d"}.get(row.unit, row.unit), row.value)
    return out


# --- reading numbers out of prose -----------------------------------------------------------

_LINK = re.compile(r"\[([^\]]*)\]\((page|source):([^)#\s]*)[^)]*\)")
_OTHER_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_SPACE = "[ \u00a0\u202f]"
# French: 30 000 and 0,28; English: 30,000, 0.28 and .28. A true minus or a hyphen before.
_NUMBER = {
    "fr": re.compile(
        rf"(?<![\w.,/])([−-]?)(\d{{1,3}}(?:{_SPACE}\d{{3}})+|\d+)(?:,(\d+))?(?![\w/])"
    ),
    "en": re.compile(r"(?<![\w.,/])([−-]?)(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?(?![\w/])"),
}
_RANGE_TO = r"(?:–|-|à|to)"


@dataclass(frozen=True)
class Found:
    text: str  # as written
    value: float
    digits: int
    kind: Kind


def citation_patterns(sources: Iterable[Source]) -> dict[str, re.Pattern[str]]:
    """How prose names each dated source without a link: its first author, then its year
    ("Flückiger et al., 2018", "Eubanks, Muran and Safran (2018)")."""
    out = {}
    for source in sources:
        if source.topic == "source_page":
            # Named in words: "the source page", « la page source ».
            out[source.id] = re.compile(r"\b(?:source page|page source)\b", re.IGNORECASE)
            continue
        first = source.authors.split(",")[0].strip()
        if source.year and first and "," in source.authors:
            out[source.id] = re.compile(rf"\b{re.escape(first)}\b[^;]{{0,48}}?\b{source.year}\b")
    return out


def _sentences(
    text: str, citations: Mapping[str, re.Pattern[str]] | None = None
) -> Iterator[tuple[str, list[str]]]:
    """Each sentence of a Markdown text, its links removed, with the sources it cites (by a
    `source:` link, or by author and year)."""
    marked = _LINK.sub(
        lambda m: f" \x00{m.group(3)}\x00 " if m.group(2) == "source" else m.group(1), text
    )
    marked = _OTHER_LINK.sub(lambda m: m.group(1), marked)
    marked = re.sub(r"[*`]", "", marked)
    # Paragraphs and list items, then sentences (a full stop, ? or ! before a space).
    for block in re.split(r"\n\s*\n|\n\s*[-*] ", marked):
        for sentence in re.split(r"(?<=[.!?])\s+(?=[^\d\s])", block):
            cited = re.findall(r"\x00([^\x00]*)\x00", sentence)
            plain = re.sub(r"\x00[^\x00]*\x00", " ", sentence)
            for source_id, pattern in (citations or {}).items():
                match = pattern.search(plain)
                if match:
                    cited.append(source_id)
                    # The citation's own year is not a figure of the text.
                    plain = (
                        plain[: match.start()] + " " * len(match.group(0)) + plain[match.end() :]
                    )
            yield plain, cited


def numbers_in(sentence: str, lang: str) -> list[Found]:
    """The numbers of a sentence that can be checked, each with its kind."""
    pattern = _NUMBER.get(lang, _NUMBER["en"])
    found = []
    for match in pattern.finditer(sentence):
        sign, whole, decimals = match.group(1), match.group(2), match.group(3)
        if not whole and not decimals:
            continue
        written = match.group(0)
        digits = len(decimals) if decimals else 0
        value = float(re.sub(r"[^\d]", "", whole or "0") + ("." + decimals if decimals else ""))
        value = -value if sign else value
        before = sentence[: match.start()]
        after = sentence[match.end() :]
        if re.search(rf"^{_SPACE}?%", after) and re.search(
            r"(confiance|confidence|\bIC|\bCI)", before[-24:] + after[:16]
        ):
            continue  # "95 % CI": the kind of interval, not a figure of the study
        if re.search(rf"^{_SPACE}?%", after) or re.search(
            rf"^{_SPACE}*{_RANGE_TO}{_SPACE}*[\d,.{_SPACE[1:-1]}]+{_SPACE}?%", after
        ):
            kind = "percent"
        elif re.search(r"\br\s*[=≈~]\s*$", before) or re.search(
            rf"\br\s*[=≈~]\s*[−\-]?[\d.,]+{_SPACE}*{_RANGE_TO}{_SPACE}*$", before
        ):
            kind = "r"
        elif re.search(r"\bd\s*[=≈~]\s*$", before):
            kind = "d"
        elif re.search(r"(?:IC|CI)[^.;:]{0,12}$", before) or (
            re.search(rf"[\d]{_SPACE}*(?:–|-|à|to){_SPACE}*$", before)
            and re.search(r"\br\s*[=≈~]", before)
        ):
            kind = "r"
        elif digits:
            kind = "any"
        elif 1900 <= value <= 2100 or abs(value) < SMALLEST_COUNT:
            continue  # a year, or a small whole number ("4 in 10", "two")
        else:
            kind = "count"
        found.append(Found(written, value, digits, kind))
    return found


def _matches(found: Found, values: Iterable[float]) -> bool:
    # As the text rounds: 7.7 written "8", 0.278 written "0.28"; .28 and 0.28 are one number.
    return any(round(v, found.digits) == round(found.value, found.digits) for v in values)


def check_numbers(
    reader: Reader,
    path: Path,
    lang: str,
    data: Any,
    values: Mapping[str, SourceValues],
    named_strings,
    citations: Mapping[str, re.Pattern[str]] | None = None,
) -> None:
    """Every number in a sentence that cites a source is one of that source's values."""
    for where, text in named_strings(data):
        for sentence, cited in _sentences(text, citations):
            cited = list(dict.fromkeys(cited))
            if not cited:
                continue
            for found in numbers_in(sentence, lang):
                held = {c: values.get(c, SourceValues()) for c in cited}
                of_kind = {c: v.of(found.kind) for c, v in held.items()}
                names = ", ".join(cited)
                if not any(of_kind.values()):
                    reader.add(
                        path,
                        where or "(text)",
                        msg(
                            "number_kind_absent",
                            number=found.text.strip(),
                            kind=msg(KIND_WORDS[found.kind]),
                            names=names,
                        ),
                    )
                elif not any(_matches(found, v) for v in of_kind.values()):
                    reader.add(
                        path,
                        where or "(text)",
                        msg("number_not_in_data", number=found.text.strip(), names=names),
                    )
