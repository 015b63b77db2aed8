"""Starting the real app and driving it in Debian's Chromium with Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from lien.content import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
# On a deep link (/attachment), Streamlit's client first probes /attachment/_stcore/health and
# /attachment/_stcore/host-config to find its base path; those two 404s are how it works.
BASE_PATH_PROBES = ("/_stcore/health", "/_stcore/host-config")
SCREENSHOTS = ROOT / "screenshots"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Server:
    url: str
    port: int
    pid: int


@contextmanager
def streamlit_server(
    script: str = "app.py", env: dict[str, str] | None = None, log: Path | None = None
) -> Iterator[Server]:
    """`streamlit run script` on a free port, yielded once /_stcore/health answers.

    Shared by the browser tests and the benchmarks. No file watcher: nothing here edits
    the code while the server runs, and watching costs the server CPU.
    """
    port = free_port()
    log_file = open(log or os.devnull, "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:  # poll the health endpoint; no fixed sleep decides readiness
            if process.poll() is not None:
                raise RuntimeError(
                    f"{script}: streamlit exited with {process.returncode}; see {log}"
                )
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{script}: streamlit did not become healthy within 90 s")
            time.sleep(0.2)
        yield Server(base, port, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log_file.close()


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
