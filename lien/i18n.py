"""Choosing the reader's language: the URL first, then the browser, then the default."""

from __future__ import annotations

from collections.abc import Sequence


def language_from_locale(locale: str | None, languages: Sequence[str]) -> str | None:
    """'en-GB' -> 'en' when English is offered; None when the browser's language is not."""
    if not locale:
        return None
    prefix = locale.replace("_", "-").split("-")[0].strip().lower()
    return prefix if prefix in languages else None


def resolve_language(
    requested: str | None, locale: str | None, languages: Sequence[str], default: str
) -> str:
    if requested in languages:
        return requested
    return language_from_locale(locale, languages) or default
