"""Starting the real app with `streamlit run` on a free loopback port: deploy's replicas, and
the servers of the tests and benchmarks."""

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

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Server:
    url: str
    port: int
    pid: int


def wait_healthy(base: str, process: subprocess.Popen, seconds: float) -> bool:
    """Wait until Streamlit's health check at `base` answers 200 (True), or `process` (the
    server, or nginx in front of it) has stopped, or `seconds` have passed (False)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return True
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.2)


@contextmanager
def streamlit_server(
    script: str = "app.py",
    env: dict[str, str] | None = None,
    log: Path | None = None,
    port: int | None = None,
    extra_args: tuple[str, ...] = (),
    open_files: int | tuple[int, int] | None = None,
    root: Path = ROOT,
) -> Iterator[Server]:
    """`streamlit run script` on a free port, yielded once /_stcore/health answers.

    No file watcher: nothing here edits the code while the server runs, and watching costs
    the server CPU. Readiness is polled, never assumed after a fixed sleep. `root`: the
    checkout to run (another one for a before/after benchmark).
    """
    port = port or free_port()

    def limit_open_files() -> None:  # a laptop's default (1,024), for the live benchmark
        import resource

        # An int: that limit, soft and hard; a pair: (soft, hard) as a laptop sets them.
        soft, hard = open_files if isinstance(open_files, tuple) else (open_files, open_files)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))

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
            *extra_args,
        ],
        cwd=root,
        env={**os.environ, **(env or {})},
        stdout=log_file,
        stderr=subprocess.STDOUT,
        preexec_fn=limit_open_files if open_files else None,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        if not wait_healthy(base, process, 90):
            if process.poll() is not None:
                raise RuntimeError(
                    f"{script}: streamlit exited with {process.returncode}; see {log}"
                )
            raise RuntimeError(f"{script}: streamlit did not become healthy within 90 s")
        yield Server(base, port, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log_file.close()
