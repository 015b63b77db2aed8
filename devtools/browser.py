"""Which Chromium the browser tests and benchmarks drive, and how it is started."""

from __future__ import annotations

from pathlib import Path

# Debian's Chromium, when installed (CI installs it); else Playwright's own download.
SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class NoChromium(RuntimeError):
    """Neither Debian's Chromium nor Playwright's own is installed."""


def chromium_path(playwright) -> str | None:
    """/usr/bin/chromium when present; else Playwright's Chromium (None: use Playwright's
    default launch). NoChromium when neither exists."""
    if SYSTEM_CHROMIUM.exists():
        return str(SYSTEM_CHROMIUM)
    own = Path(playwright.chromium.executable_path)
    if own.exists():
        return None
    raise NoChromium(
        f"no Chromium: install Debian's (apt-get install chromium, giving {SYSTEM_CHROMIUM}) "
        "or Playwright's own (python -m playwright install chromium)"
    )


def install_playwright_chromium() -> str | None:
    """`python -m playwright install chromium` (on a machine with internet and no Debian
    Chromium); None once it worked, else what went wrong, in one line."""
    import subprocess
    import sys

    try:
        done = subprocess.run(
            [sys.executable, "-m", "playwright", "install", "chromium"],
            capture_output=True,
            text=True,
            timeout=600,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    if done.returncode:
        lines = (done.stderr or done.stdout).strip().splitlines()
        return lines[-1] if lines else f"exit {done.returncode}"
    return None


def launch_chromium(playwright, **kwargs):
    """A headless Chromium for tests and benchmarks (NoChromium when there is none)."""
    path = chromium_path(playwright)
    options = {"args": CHROMIUM_FLAGS, **kwargs}
    if path is not None:
        options["executable_path"] = path
    return playwright.chromium.launch(**options)
