"""Breaking temporary copies of the content on purpose, and reading what the check says."""

from __future__ import annotations

from pathlib import Path

from lien.check import run_check


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace `old` (which must be there) by `new` in a content file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def problems_of(root: Path) -> list[str]:
    """Every problem the content under `root` has, as `python -m lien check` prints them
    (it fails on each, including a text missing in one language that the app shows from
    another meanwhile)."""
    code, lines = run_check(root)
    assert code == 1, f"the check passed: {lines}"
    return lines
