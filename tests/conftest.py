"""Shared fixtures: the real content, and temporary copies of it to break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lien.content import ROOT, Bundle, load_bundle
from tests.browser_util import CHROMIUM, CHROMIUM_FLAGS, running_app


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


# --- browser tests: one app server and one Chromium for every browser test file -------------
# Here rather than in a test module: a session fixture imported into a second module would
# start a second Playwright, which cannot run beside the first.


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    with running_app(log=log) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # A missing browser is a failure, never a skip: these tests are required.
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()
