"""The word cloud's block list (polls.toml `hidden_words`), matched the way a reader reads.

A blocked word is refused however it is spelt to slip past an exact match: in capitals or
fullwidth letters, with accents or combining marks, with a zero-width character, a soft
hyphen or a direction control inside, with look-alike Cyrillic or Greek letters (or digits:
"1d10t"), in the plural, inside a phrase, spaced or dotted ("c o n", "c.o.n"), or with a
letter written three times ("idiooot"). Matching only: what a phone sent is never rewritten
by it.

The price of matching whole words inside a phrase: a harmless phrase that contains a blocked
word as a word of its own ("pas nul") is refused too; a longer word that merely contains one
("confiance" holds "con") is not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# Characters a reader does not see: zero-width, soft hyphen, joiners, direction controls.
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)
# Look-alikes (after case folding): Cyrillic and Greek letters drawn like Latin ones, and the
# digits and signs used for letters.
LOOKALIKE = str.maketrans(
    {
        # Cyrillic
        "а": "a", "в": "b", "е": "e", "ё": "e", "з": "3", "і": "i", "ї": "i", "ј": "j",
        "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y",
        "х": "x", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ɡ": "g", "һ": "h", "ӏ": "l",
        "ь": "b", "п": "n", "г": "r", "ц": "u", "и": "u", "л": "n",
        # Greek
        "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "μ": "u",
        "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ς": "s",
        "σ": "o", "ϲ": "c", "ϳ": "j",
    }
)  # fmt: skip
# Digits and signs written for letters ("1d10t"): tried as a second reading, since "!" or "1"
# are also what they are.
AS_LETTERS = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s",
     "!": "i", "|": "l"}
)  # fmt: skip
SEPARATORS = re.compile(r"[^a-z]+")


def skeleton(text: str, as_letters: bool = False) -> str:
    """The text as matching sees it: NFKC, invisibles out, case and accents folded,
    look-alikes mapped to Latin letters (and digits too, `as_letters`); every other sign a
    space."""
    text = INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = INVISIBLE.sub("", text).translate(LOOKALIKE)
    if as_letters:
        text = text.translate(AS_LETTERS)
    return SEPARATORS.sub(" ", text).strip()


def _squeezed(word: str) -> set[str]:
    """A letter written three times or more, read once ("idiooot" as "idiot") or twice
    ("connnard" as "connard"); a double letter stays, so "null" never reads "nul"."""
    return {re.sub(r"(.)\1\1+", r"\1", word), re.sub(r"(.)\1\1+", r"\1\1", word)}


def _singulars(word: str) -> set[str]:
    out = {word}
    if len(word) > 3 and word[-1] in "sx":
        out.add(word[:-1])
        if word.endswith("es") and len(word) > 5:  # "bitches", never "cones" as "con"
            out.add(word[:-2])
    return out


def _forms(candidate: str) -> set[str]:
    forms = set()
    for form in _singulars(candidate):
        forms |= {form, *_squeezed(form)}
    return forms


@lru_cache(maxsize=16)
def _blocked_keys(hidden: frozenset[str]) -> frozenset[str]:
    keys: set[str] = set()
    for word in hidden:
        plain = skeleton(word)
        keys |= {*plain.split(), plain.replace(" ", "")}
    keys |= {singular for key in keys for singular in _singulars(key)}
    keys.discard("")
    return frozenset(keys)


def _candidates(tokens: list[str]) -> Iterable[str]:
    """Each word, and each run of neighbouring words joined ("c o n", "id iot")."""
    for start in range(len(tokens)):
        joined = ""
        for token in tokens[start : start + 12]:
            joined += token
            yield joined


def is_blocked(text: str, hidden: frozenset[str]) -> bool:
    """Whether `text` (one word, or a phrase) says a blocked word, however it is spelt."""
    keys = _blocked_keys(hidden)
    if not keys:
        return False
    for reading in {skeleton(text), skeleton(text, as_letters=True)}:
        tokens = reading.split()[:40]
        if any(form in keys for c in _candidates(tokens) for form in _forms(c)):
            return True
    return False
