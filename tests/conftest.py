"""Shared fixtures: the real content, and temporary copies of it to break on purpose."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from devtools.browser import NoChromium, install_playwright_chromium, launch_chromium
from lien.content import ROOT, Bundle, load_bundle
from tests.helpers.asgi_client import close_left_open
from tests.helpers.browser import ReadingTabs, first_traceback, running_app
from tests.layers import LAYER_OF

# The suite runs on two workers (pytest-xdist, `-n 2 --dist loadgroup` in pyproject.toml). A
# file's tests stay on one worker, in order, with its module fixtures started once (a server,
# nginx and two replicas…), except in these files, whose slow tests share nothing but the
# session's fixtures (each worker has its own app server, browser and database): their tests
# are spread over both workers.
SPREAD = {
    "test_browser.py",
    "test_live_privacy.py",
    "test_live_store.py",
    "test_readable_browser.py",
    "test_talks_browser.py",
}


# The longest files, longest first (their seconds in a full run, 7 Dec): the workers take
# them first, so that the last minute is made of short files, not one long file on one worker
# while the other waits (pyproject.toml's --no-loadscope-reorder keeps this order; xdist's own
# puts the files with the most tests first, whatever their length). The files of one worker
# first, then those spread over both, then every other file, those with most tests first.
LONGEST_FIRST = [
    "test_targets_browser.py",  # 266 s
    "test_own_deck_browser.py",  # 177 s
    "test_alliance_browser.py",  # 129 s
    "test_talk_editor_browser.py",  # 113 s
    "test_deploy.py",  # 111 s
    "test_starter.py",  # 111 s
    "test_true_and_kind.py",  # 84 s
    "test_talk_polls_browser.py",  # 71 s
    "test_bench.py",  # 64 s
    "test_live_attacks.py",  # 64 s
    "test_pdf_import.py",  # 58 s
    "test_live_browser.py",  # 57 s
    "test_talk_edit.py",  # 57 s
    "test_live_presenter_browser.py",  # 49 s
    "test_room_projector_browser.py",  # 49 s
    "test_handout.py",  # 47 s
    "test_follow_along.py",  # 47 s
    "test_attachment_browser.py",  # 44 s
    "test_talk_editor_page.py",  # 41 s
    "test_readable_browser.py",  # 817 s, spread
    "test_talks_browser.py",  # 594 s, spread
    "test_browser.py",  # 397 s, spread
    "test_live_privacy.py",  # 285 s, spread
]


# First among the hooks: pytest-xdist reads the xdist_group marks in its own hook, which ran
# before this one (the groups were then ignored and a file's tests, its module fixtures with
# them, went to both workers).
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Each test carries its file's layer as a marker (tests/layers.py): `-m live`, `-m ui`;
    and, unless its file is in SPREAD, its file as its group of tests for one worker. The
    longest files come first (LONGEST_FIRST), each file's tests in their order."""
    for item in items:
        layer = LAYER_OF.get(item.path.name)
        if layer is not None:
            item.add_marker(layer)
        if item.path.name not in SPREAD:
            item.add_marker(pytest.mark.xdist_group(item.path.name))
    per_file: dict[str, int] = {}
    for item in items:
        per_file[item.path.name] = per_file.get(item.path.name, 0) + 1
    rank = {name: n for n, name in enumerate(LONGEST_FIRST)}
    items.sort(
        key=lambda item: (
            rank.get(item.path.name, len(rank)),
            -per_file[item.path.name],
            item.path.name,
        )
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.call_passed = report.passed
    return report


@pytest.fixture(scope="session")
def bundle() -> Bundle:
    return load_bundle(ROOT)


@pytest.fixture(autouse=True, scope="session")
def _live_data_outside_the_repository(tmp_path_factory):
    """Present mode keeps its talk runs in the live room's database: no test writes to the
    repository's var/ (a test that wants its own database sets LIEN_DATA_DIR itself)."""
    before = os.environ.get("LIEN_DATA_DIR")
    os.environ["LIEN_DATA_DIR"] = str(tmp_path_factory.mktemp("var"))
    yield
    if before is None:
        os.environ.pop("LIEN_DATA_DIR", None)
    else:
        os.environ["LIEN_DATA_DIR"] = before


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A copy of content/ and data/ that a test may break without touching the real files."""
    for folder in ("content", "data"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


# --- browser tests: one app server and one Chromium for every browser test file -------------
# Here rather than in a test module: a session fixture imported into a second module would
# start a second Playwright, which cannot run beside the first.


# The presenter token of the browser tests' server (the live room's page needs one).
LIVE_TOKEN = "browser-test-presenter-token"


@dataclass(frozen=True)
class AppServer:
    url: str
    data_dir: Path  # where this server keeps the live room's SQLite file


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    """One `streamlit run` shared by every browser test module."""
    folder = tmp_path_factory.mktemp("server")
    env = {
        "LIEN_LIVE_TOKEN": LIVE_TOKEN,
        "LIEN_DATA_DIR": str(folder / "var"),
        "LIEN_DATABASE_URL": "",
    }
    log = folder / "streamlit.log"
    with running_app(env=env, log=log) as base:
        yield AppServer(base, folder / "var")
    # No run failed on the way, even one redrawn before a test looked (a presenter would
    # have seen it): every browser test of this worker ran on this server.
    if failed := first_traceback(log):
        pytest.fail(f"the shared app server logged a traceback:\n{failed}")


@pytest.fixture(scope="session")
def app_url(app_server):
    return app_server.url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Debian's Chromium, else Playwright's own, downloaded here the first time (a plain
        # machine with internet). A missing browser is a failure, never a skip: these tests
        # are required.
        try:
            chromium = launch_chromium(playwright)
        except NoChromium as error:
            problem = install_playwright_chromium()
            if problem:
                pytest.fail(f"{error}; python -m playwright install chromium failed: {problem}")
            chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def reading(browser):
    """Tabs for tests that only read pages, in contexts kept for the session (ReadingTabs)."""
    tabs = ReadingTabs(browser)
    yield tabs
    tabs.close()


@pytest.fixture(autouse=True)
def _in_place_clients_closed():
    """The in-place clients a test opened (tests.helpers.asgi_client) are closed after it,
    with their worker threads."""
    yield
    close_left_open()


@pytest.fixture(autouse=True)
def _no_browser_tab_left_open(request):
    """A browser test closes every context it opens: a tab left open keeps its page running
    for the rest of the session (/live and the projector rerun their script every 1.5 s), on
    the same two cores as the tests after it. One left open is closed here and fails its test."""
    if "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    before = set(browser.contexts)
    yield
    tabs = request.getfixturevalue("reading") if "reading" in request.fixturenames else None
    kept = [c for c in browser.contexts if tabs is not None and tabs.owns(c)]
    left = [c for c in browser.contexts if c not in before and c not in kept]
    pages = [p.url for c in left + kept for p in c.pages]
    tabs_left = [p for c in kept for p in c.pages]  # a kept context's tabs are the test's
    for context in left:
        with contextlib.suppress(Exception):
            context.close()
    for page in tabs_left:
        with contextlib.suppress(Exception):
            page.close()
    left += tabs_left
    # A test that failed before its own close is not failed twice.
    if left and getattr(request.node, "call_passed", True):
        pytest.fail(
            f"{len(left)} browser context(s) or tab(s) left open, with {pages}", pytrace=False
        )


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL server for the store's tests: CI's (LIEN_TEST_POSTGRES_URL), else a
    throwaway cluster started here from Debian's PostgreSQL or the pgserver wheel
    (requirements-dev.txt). A server that cannot be had fails the tests, never skips them."""
    from deploy.postgres import postgres_bin, throwaway_postgres

    given = os.environ.get("LIEN_TEST_POSTGRES_URL", "").strip()
    if given:
        worker = os.environ.get("PYTEST_XDIST_WORKER")
        if worker is None:
            yield given
            return
        # One server for every worker (CI's): each worker empties its own database, not
        # the others'.
        with worker_database(given, f"lien_test_{worker}") as url:
            yield url
        return
    if postgres_bin() is None:
        pytest.fail("no PostgreSQL: pip install -r requirements-dev.txt brings pgserver's")
    try:
        with throwaway_postgres() as url:
            yield url
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        pytest.fail(f"PostgreSQL could not start here: {error}")


@contextlib.contextmanager
def worker_database(server_url: str, name: str):
    """A fresh database `name` on the PostgreSQL server at `server_url`; dropped after."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    def run(statement: str) -> None:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(statement)

    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    finally:
        run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path, monkeypatch):
    """A fresh, empty live-room database of each kind, set as the app's database."""
    if request.param == "sqlite":
        monkeypatch.setenv("LIEN_DATA_DIR", str(tmp_path / "var"))
        monkeypatch.delenv("LIEN_DATABASE_URL", raising=False)
    else:
        url = request.getfixturevalue("postgres_url")
        from sqlalchemy import text

        from lien.live.store import Store, metadata

        store = Store(url if "+psycopg" in url else url.replace("://", "+psycopg://", 1))
        metadata.drop_all(store.engine)
        with store.engine.begin() as conn:  # the migrations' own table goes too
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        store.dispose()
        monkeypatch.setenv("LIEN_DATABASE_URL", url)
    from lien.live import settings, store

    store.forget_stores()
    yield settings.database_url()
    store.forget_stores()


@pytest.fixture
def sqlite_store_url(tmp_path, monkeypatch):
    """A fresh SQLite live-room database (for tests where the kind of database is not the point)."""
    monkeypatch.setenv("LIEN_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("LIEN_DATABASE_URL", raising=False)
    from lien.live import settings, store

    store.forget_stores()
    yield settings.database_url()
    store.forget_stores()


@pytest.fixture
def clocked_store(store_url):
    """A store of `store_url` on a clock the test moves (tests/helpers/clock.py): (store, clock)."""
    from lien.live.store import Store
    from tests.helpers.clock import FakeClock

    clock = FakeClock()
    store = Store(store_url, wall=clock.wall, monotonic=clock.monotonic)
    yield store, clock
    store.dispose()


@pytest.fixture
def no_blur(monkeypatch):
    """The small-room rules alone, the blur of personal results set to zero (the blur's own
    tests are in tests/test_live_privacy.py)."""
    from lien.live.results import Blur

    monkeypatch.setattr(Blur, "noise", lambda self, label: 0)
