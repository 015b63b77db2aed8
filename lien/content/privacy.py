"""What Lien keeps, said once: the texts of content/<lang>/ui-privacy.toml, put wherever another
text names them ({privacy.room}, {privacy.brief}), with the room's lifetime filled in.

A page, a slide, its notes, a phone page, the report and the handout that speak of privacy all
say it in the same words, so that none of them can promise less (or more) than the room keeps.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from lien.text import NBSP, decimal

DEFAULT_ROOM_HOURS = 24.0
PRIVACY_GROUP = "privacy"
# The privacy texts (content/<lang>/ui-privacy.toml): the whole statement, and its one line.
PRIVACY_KEYS = ("privacy.room", "privacy.brief")
# {privacy.room}: a privacy text put in another text's place.
MARK = re.compile(r"\{(privacy\.[a-z_]+)\}")


def room_hours() -> float:
    """LIEN_ROOM_HOURS (default 24): a live room and its answers are deleted after that."""
    try:
        hours = float(os.environ.get("LIEN_ROOM_HOURS", DEFAULT_ROOM_HOURS))
    except ValueError:
        hours = DEFAULT_ROOM_HOURS
    return max(hours, 0.0)


def privacy_texts(ui: Mapping[str, str], lang: str) -> dict[str, str]:
    """This language's privacy texts, by key, with the room's lifetime in place of {hours},
    and in place of {max_hours} the longest a room is ever kept (twice its lifetime: when the
    app was stopped meanwhile or the clock jumped, lien.live.store.clock)."""
    texts = {key: ui[key] for key in PRIVACY_KEYS if key in ui}
    for mark, hours in (("{hours}", room_hours()), ("{max_hours}", 2 * room_hours())):
        digits = 0 if float(hours).is_integer() else 1
        number = decimal(hours, lang, digits)
        # "24 h" stays on one line: the number and its unit never part.
        texts = {
            key: text.replace(mark + " ", number + NBSP).replace(mark, number)
            for key, text in texts.items()
        }
    return texts


def unknown_marks(text: str, texts: Mapping[str, str]) -> list[str]:
    """The marks of `text` that name no privacy text."""
    return [key for key in MARK.findall(text) if key not in texts]


def fill(value: Any, texts: Mapping[str, str]) -> Any:
    """`value` (a text, or tables and lists of texts) with each known mark replaced."""
    if isinstance(value, str):
        if "{privacy." not in value:
            return value
        return MARK.sub(lambda m: texts.get(m.group(1), m.group(0)), value)
    if isinstance(value, Mapping):
        return {k: fill(v, texts) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, texts) for v in value]
    return value
