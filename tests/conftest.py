"""Shared fixtures: the real content, and temporary copies of it to break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lien.content import ROOT, Bundle, load_bundle


@pytest.fixture(scope="session")
def bundle() -> Bundle:
    return load_bundle(ROOT)


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A copy of content/ and data/ that a test may break without touching the real files."""
    for folder in ("content", "data"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
