"""Breaking temporary copies of the content on purpose, and reading what the check says."""

from __future__ import annotations

from pathlib import Path

import pytest

from lien.content import ContentError, load_bundle


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace `old` (which must be there) by `new` in a content file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def problems_of(root: Path) -> list[str]:
    """Every problem the content under `root` has, as `python -m lien check` prints them."""
    with pytest.raises(ContentError) as caught:
        load_bundle(root)
    return [str(p) for p in caught.value.problems]
