"""`python -m lien serve`: start Lien for the room and open the presenter's start page.

What the starters in start/ run once their virtual environment is ready:

    python -m lien serve [--port N] [--no-browser] [--local-only]

- The app listens on every network interface (phones on the Wi-Fi reach it), or with
  `--local-only` on this computer only (127.0.0.1).
- The port: N (default 8501); when it is taken, the next free one.
- Once the server answers, the default browser opens the start page through a one-time link
  (lien.web.signin, `/presenter/here`): the presenter is signed in without a token, and only
  from this computer.
- The console says, in the presenter's language (the system's, French by default), where the
  app is and how to stop it. `streamlit run app.py` still works as before.
"""

from __future__ import annotations

import argparse
import locale
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import tomllib
import urllib.request
import webbrowser
from urllib.parse import quote

from lien.content import ROOT
from lien.sitemap import LANG_PARAM, NEXT_PARAM, ONCE_PARAM, START_PATH

DEFAULT_PORT = 8501
LANGUAGES = ("fr", "en")


def system_language(environ: dict[str, str] | None = None) -> str:
    """The presenter's language from the system's locale: English if it says so, else French."""
    environ = os.environ if environ is None else environ
    tags = [environ.get(name, "") for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG")]
    if not any(tags):
        try:
            tags = [locale.getlocale()[0] or ""]
        except ValueError:
            tags = []
    for tag in tags:
        code = tag.split(":")[0][:2].lower()
        if code in LANGUAGES:
            return code
        if tag.lower().startswith(("english", "french")):  # Windows: "English_United States"
            return "en" if tag.lower().startswith("english") else "fr"
    return "fr"


def words(lang: str) -> dict[str, str]:
    """The console's sentences ([serve] in content/<lang>/ui-start.toml), read without the
    rest of the content: a broken content file must not stop the app from starting."""
    for code in (lang, "fr"):
        try:
            with open(ROOT / "content" / code / "ui-start.toml", "rb") as handle:
                return {f"serve.{k}": v for k, v in tomllib.load(handle)["serve"].items()}
        except (OSError, tomllib.TOMLDecodeError, KeyError):
            continue
    return {}


def port_free(port: int, host: str) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def choose_port(wanted: int, host: str, tries: int = 20) -> int | None:
    for port in range(wanted, wanted + tries):
        if port_free(port, host):
            return port
    return None


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m lien serve")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--local-only", action="store_true")
    return parser.parse_args(argv)


def _wait_then_open(base: str, url: str, tell) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        return
    tell("serve.ready")
    webbrowser.open(url)


def main(argv: list[str]) -> int:
    from lien.live import address
    from lien.web import signin as gate

    args = parse(argv)
    lang = system_language()
    text = words(lang)
    host = "127.0.0.1" if args.local_only else "0.0.0.0"
    port = choose_port(args.port, host)
    if port is None:
        print(text.get("serve.port_busy", "{port}").format(port=args.port), file=sys.stderr)
        return 1
    if port != args.port:
        print(text.get("serve.port_other", "{port}").format(wanted=args.port, port=port))
    os.environ[gate.ONCE_ENV] = gate.new_once_code()
    once = os.environ[gate.ONCE_ENV].partition(".")[0]
    local = f"http://localhost:{port}"
    start = f"/{START_PATH}?{LANG_PARAM}={lang}"
    url = (
        f"{local}/presenter/here?{ONCE_PARAM}={once}"
        f"&{NEXT_PARAM}={quote(start, safe='')}&{LANG_PARAM}={lang}"
    )

    def tell(key: str) -> None:
        line = text.get(key, "")
        if line:
            phones = f"http://{address.lan_address()}:{port}"
            print(line.format(start=f"{local}{start}", phones=phones, port=port), flush=True)

    tell("serve.starting")
    tell("serve.local_only" if args.local_only else "serve.phones")
    tell("serve.stop")
    if not args.no_browser:
        threading.Thread(
            target=_wait_then_open, args=(f"http://127.0.0.1:{port}", url, tell), daemon=True
        ).start()
    return _run_streamlit(host, port)


def _run_streamlit(host: str, port: int) -> int:
    """Streamlit in its own process (only lien.ui knows Streamlit), run from the app's folder
    so that .streamlit/config.toml and secrets.toml are read; a signal here stops it too."""
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "app.py"),
        "--server.address",
        host,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    child = subprocess.Popen(command, cwd=ROOT)

    def stop(signum, _frame) -> None:
        child.send_signal(signal.SIGTERM if signum != signal.SIGINT else signal.SIGINT)

    for name in ("SIGTERM", "SIGHUP", "SIGBREAK"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)
    while True:
        try:
            return child.wait()
        except KeyboardInterrupt:
            # Ctrl+C in the window reaches Streamlit too; a SIGINT sent to this process
            # alone is passed on if Streamlit is still running a few seconds later.
            try:
                return child.wait(timeout=5)
            except (subprocess.TimeoutExpired, KeyboardInterrupt):
                child.send_signal(signal.SIGINT)


if __name__ == "__main__":  # pragma: no cover - `python -m lien serve` is the way in
    sys.exit(main(sys.argv[1:]))
