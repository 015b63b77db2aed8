"""Breaking temporary copies of the content on purpose, and reading what the check says."""

from __future__ import annotations

from pathlib import Path

from lien.check import run_check


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace `old` (which must be there) by `new` in a content file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def problems_of(root: Path, lang: str = "en") -> list[str]:
    """Every problem the content under `root` has, as `python -m lien check --lang en` prints
    them (it fails on each, including a text missing in one language that the app shows from
    another meanwhile); `lang="fr"` for the shipped content's default."""
    code, lines = run_check(root, lang)
    assert code == 1, f"the check passed: {lines}"
    return lines
