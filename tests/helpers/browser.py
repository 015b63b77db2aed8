"""Driving the real app in Chromium with Playwright: waiting for a run, logging requests."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

from devtools.server import streamlit_server
from lien.content import ROOT

READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
SCREENSHOTS = ROOT / "screenshots"


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
