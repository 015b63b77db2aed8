"""What Lien says when content cannot be used, in the presenter's and the phones' language.

The checker's problems (`python -m lien check`, the calm "contenu à corriger" page, /live)
and the calm pages shown while content is broken must be readable when content/ itself is
not: their words live here, in lien/content/messages.toml, French and English side by side,
never in content/. A problem carries a code and its parameters (a Message); its wording is
looked up per language when it is shown.

A new rule phrases its problem as `reader.add(path, field, msg(CODE, name=value))` and
adds `[CODE]` with `fr` and `en` to messages.toml (the same {placeholders} in both; French
typography is applied to the words, never to the values put in them).
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from importlib.resources import files
from pathlib import Path
from typing import Any

from lien.text import accepted_languages, choose_language, decimal, typeset

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"  # when not even content/site.toml can say which is the default


@functools.cache
def table() -> Mapping[str, Mapping[str, str]]:
    """code -> language -> words (with {placeholders}), typeset for their language."""
    raw = tomllib.loads((files("lien.content") / "messages.toml").read_text(encoding="utf-8"))
    return {
        code: {lang: typeset(words[lang], lang) for lang in LANGUAGES}
        for code, words in raw.items()
    }


def say(code: str, lang: str, /, **params: Any) -> str:
    """The words of `code` in `lang` (French when the language is not one of LANGUAGES)."""
    words = table()[code]
    return words.get(lang, words[DEFAULT_LANGUAGE]).format(**params)


@dataclass(frozen=True)
class Message:
    """A problem's reason as a code and its parameters, worded when shown."""

    code: str
    params: tuple[tuple[str, Any], ...] = ()

    def say(self, lang: str) -> str:
        return say(self.code, lang, **{k: _shown(v, lang) for k, v in self.params})

    def __str__(self) -> str:
        return self.say("en")


def _shown(value: Any, lang: str) -> Any:
    """A parameter as its language writes it: a Message worded, a decimal with its comma."""
    if isinstance(value, Message):
        return value.say(lang)
    if isinstance(value, float):
        return decimal(value, lang, 1)
    return value


def msg(code: str, **params: Any) -> Message:
    if code not in table():
        raise KeyError(f"no message '{code}' in lien/content/messages.toml")
    return Message(code, tuple(params.items()))


def nearest(word: str, known: Iterable[str]) -> str | None:
    """The known word `word` most likely misspells (difflib), or None when none is close."""
    found = get_close_matches(word, sorted(set(known)), n=1, cutoff=0.6)
    return found[0] if found else None


def unknown_id(code: str, value: str, known: Iterable[str], /, **params: Any) -> Message:
    """`code` about an id, a name or a key nobody knows, with the nearest known one when one
    is close ("did you mean …?"). The words of `code` get the value as {id}."""
    reason = msg(code, id=value, **params)
    suggestion = nearest(value, known)
    return msg("near", reason=reason, suggestion=suggestion) if suggestion else reason


def content_language(root: Path) -> str:
    """The content's default language, read from content/site.toml alone (the rest may be
    broken); French when even that file cannot say."""
    try:
        site = tomllib.loads((root / "content" / "site.toml").read_text(encoding="utf-8"))
        lang = site.get("default_language")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return DEFAULT_LANGUAGE
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def language_of(
    root: Path,
    requested: str | None = None,
    remembered: str | None = None,
    accept_language: str | None = None,
) -> str:
    """A reader's language among those these words exist in, when content cannot say."""
    return choose_language(
        list(LANGUAGES),
        content_language(root),
        requested=requested,
        remembered=remembered,
        browser=accepted_languages(accept_language),
    )


_LINE = re.compile(r"^line (\d+)$")


def say_field(field: str, lang: str) -> str:
    """A problem's field in `lang`: 'line 12' and '(file)' are words, the rest is the file's
    own names (polls "alliance-weight", prompt), the same in every language."""
    found = _LINE.match(field)
    if found:
        return say("field.line", lang, number=found.group(1))
    if field == "(file)":
        return say("field.file", lang)
    if field == "(text)":
        return say("field.text", lang)
    return field
