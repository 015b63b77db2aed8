"""Driving the real app in Chromium with Playwright: waiting for a run, logging requests."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

from axe_playwright_python.sync_playwright import Axe

from deploy.launch import streamlit_server
from lien.content import ROOT

READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
SCREENSHOTS = ROOT / "screenshots"

# axe-core's rules for WCAG 2.0, 2.1 and 2.2 at levels A and AA, target size (2.5.8, tagged
# wcag22aa) named as well, and its best practices: what a run without options checks, plus
# WCAG 2.2's rules.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": AXE_TAGS},
    "rules": {"target-size": {"enabled": True}},
    "resultTypes": ["violations"],
}


def axe_serious(page, context: str | None = None) -> list[str]:
    """axe-core's serious and critical findings (WCAG 2.2 AA) on the page, or inside
    `context` (a CSS selector)."""
    results = Axe().run(page, context=context, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@contextmanager
def running_app(script: str = "app.py", env: dict[str, str] | None = None, log: Path | None = None):
    """`streamlit run` on a free port; yields the base URL once /_stcore/health answers."""
    with streamlit_server(script, env, log) as server:
        yield server.url


def wait_until_ready(page) -> None:
    """Wait for the script run to finish (Streamlit's own marker), never a fixed delay."""
    page.wait_for_selector(READY, state="attached", timeout=60_000)


class RequestLog:
    """Records every host the page contacts, to prove nothing leaves the machine."""

    def __init__(self, page):
        self.urls: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))

    def foreign(self, allowed_host: str = "127.0.0.1") -> list[str]:
        out = []
        for url in self.urls:
            parsed = urlparse(url)
            if parsed.scheme in ("data", "blob", "about"):
                continue
            if parsed.hostname != allowed_host:
                out.append(url)
        return out


class ReadingTabs:
    """Tabs for tests that only read pages: one browser context per set of options, kept for
    the worker's session, a new tab in it per test. A new tab finds Streamlit's and Plotly's
    scripts in its context's cache, already compiled: a load of /alliance cost half the CPU
    of one in a new context (0.85 s against 1.7 s, server and browser, measured 7 Dec), on
    the same two cores as the rest of the suite. Its cookies are cleared for each tab; a test
    that signs in, or counts what a first visit downloads, opens its own context."""

    def __init__(self, browser) -> None:
        self.browser = browser
        self._contexts: dict[str, object] = {}

    def open(self, **options):
        key = repr(sorted(options.items()))
        context = self._contexts.get(key)
        if context is None:
            context = self._contexts[key] = self.browser.new_context(**options)
        context.clear_cookies()
        return context.new_page()

    def owns(self, context) -> bool:
        return any(context is c for c in self._contexts.values())

    def close(self) -> None:
        for context in self._contexts.values():
            context.close()
        self._contexts.clear()


def first_traceback(log: Path) -> str:
    """The first traceback a server wrote in its log, with what follows it; "" when none: a
    run that failed and was redrawn before a test looked still left one there."""
    text = log.read_text(encoding="utf-8", errors="replace")
    start = text.find("Traceback")
    return "" if start < 0 else text[start:][:4000]
