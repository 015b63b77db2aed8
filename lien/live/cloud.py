"""A word cloud drawn here, with no service: the words in rows, each sized by how many phones
gave it (a Jinja2 template, autoescaped)."""

from __future__ import annotations

from lien.html import TEMPLATES

SMALLEST_PX, LARGEST_PX = 28, 96
# A word is never wider than its cloud: its size is capped at this many hundredths of the
# cloud's width per character (Source Sans is about 0.6 em a character); and no word is
# taller than CAP_CQI hundredths of that width, so a phone-wide cloud keeps several words a
# line and its 40 words within its height (cloud.html).
FIT_PER_CHAR = 95 / 0.6
CAP_CQI = 10


def cloud_html(words: tuple[tuple[str, int], ...], label: str, largest: int = LARGEST_PX) -> str:
    """Most given first, at most 40 words; sizes from SMALLEST_PX to `largest`."""
    shown = list(words[:40])
    top = max((n for _, n in shown), default=1)
    sized = [
        (
            word,
            round(SMALLEST_PX + (largest - SMALLEST_PX) * (n / top) ** 0.7),
            round(min(FIT_PER_CHAR / max(len(word), 1), CAP_CQI), 1),
            700 if n == top else 600,
        )
        for word, n in shown
    ]
    return TEMPLATES.get_template("cloud.html").render(words=sized, label=label)
