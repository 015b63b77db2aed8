"""The Linux starter, end to end, on a fresh copy of the app: the first run makes .venv and
installs requirements.txt from a folder of wheels beside the app, then serves and opens the
start page through the one-time link; the second run starts with no package index reachable,
within 30 s. macOS's and Windows's starters follow the same steps and are not run here."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from deploy.launch import free_port
from lien.content import ROOT

STARTER = ROOT / "start" / "lien-linux.sh"
TOO_OLD_FR = "Lien a besoin de Python 3.11 ou plus récent"
TOO_OLD_EN = "Lien needs Python 3.11 or newer"


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LIEN_", "PYTEST", "STREAMLIT_")) and k != "VIRTUAL_ENV"
    }
    return {**env, **extra}


def fake_python(folder: Path, version: str) -> Path:
    path = folder / "python-old"
    path.write_text(f"#!/bin/sh\n# a Python {version}: too old\nexit 1\n")
    path.chmod(0o755)
    return path


def test_a_too_old_python_gets_one_sentence_in_the_presenters_language(tmp_path):
    old = fake_python(tmp_path, "3.9")
    for lang, sentence in (("fr_FR.UTF-8", TOO_OLD_FR), ("en_GB.UTF-8", TOO_OLD_EN)):
        run = subprocess.run(
            ["bash", str(STARTER)],
            env=clean_env(LIEN_PYTHON=str(old), LANG=lang, LC_ALL=""),
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=30,
        )
        assert run.returncode == 1
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(sentence), run.stderr
        assert "python.org" in lines[0]
    missing = subprocess.run(
        ["bash", str(STARTER)],
        env=clean_env(LIEN_PYTHON=str(tmp_path / "no-python-here"), LANG="fr_FR.UTF-8"),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=30,
    )
    assert missing.returncode == 1 and missing.stderr.startswith(TOO_OLD_FR)


def desktop_exec(entry: Path) -> list[str]:
    """The command a desktop runs for this entry (Desktop Entry Specification: the value's
    escapes, then the Exec key's quoting, then %k the entry's own path)."""
    line = next(x for x in entry.read_text().splitlines() if x.startswith("Exec="))
    value = line.removeprefix("Exec=").replace("\\\\", "\\")
    words, word, quoted, i = [], None, False, 0
    while i < len(value):
        char = value[i]
        if quoted and char == "\\" and value[i + 1 : i + 2] in ('"', "`", "$", "\\"):
            word, i = (word or "") + value[i + 1], i + 2
            continue
        if char == '"':
            quoted, word = not quoted, word or ""
        elif char == " " and not quoted:
            if word is not None:
                words.append(word)
            word = None
        else:
            word = (word or "") + char
        i += 1
    if word is not None:
        words.append(word)
    return [str(entry) if w == "%k" else w for w in words]


def test_the_desktop_entry_starts_the_starter_beside_it(tmp_path):
    shutil.copytree(ROOT / "start", tmp_path / "start")
    (tmp_path / "requirements.txt").write_text("")
    command = desktop_exec(tmp_path / "start" / "lien.desktop")
    run = subprocess.run(
        command,
        env=clean_env(LIEN_PYTHON=str(fake_python(tmp_path, "3.8")), LANG="fr_FR.UTF-8"),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=30,
    )
    assert run.returncode == 1 and run.stderr.startswith(TOO_OLD_FR), (command, run.stderr)


# --- end to end: slow --------------------------------------------------------------------------


def fresh_copy(target: Path) -> Path:
    """The app's files as a download would have them (tracked and new, not ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def run_starter(app: Path, env: dict[str, str], opened: Path, log: Path, within: float):
    """Start the starter; return (process, the address it opened, seconds it took)."""
    started = time.monotonic()
    process = subprocess.Popen(
        ["bash", str(app / "start" / "lien-linux.sh"), "--port", str(free_port())],
        cwd=app,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    while not opened.exists() or not opened.read_text().strip():
        if process.poll() is not None:
            raise AssertionError(f"the starter stopped ({process.returncode}): {log.read_text()}")
        if time.monotonic() - started > within:
            stop(process)
            raise AssertionError(f"no page opened within {within} s: {log.read_text()[-3000:]}")
        time.sleep(0.2)
    return process, opened.read_text().strip(), time.monotonic() - started


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def signed_in_start_page(url: str) -> None:
    """The opened address signs this computer in and leads to the start page."""
    with urllib.request.urlopen(url, timeout=30) as answer:
        assert answer.status == 200
        assert "lien_presenter=" in answer.headers["set-cookie"]
        assert 'data-next="/start?lang=fr"' in answer.read().decode()


@pytest.mark.slow
def test_the_linux_starter_installs_once_then_starts_offline_in_under_30_s(tmp_path):
    app = fresh_copy(tmp_path / "Lien")
    # A folder of wheels beside the app, as the README says to make it (from this machine's
    # pip: its cache or its index), so that the first run needs no internet either.
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "-r", "requirements.txt", "-d", "wheels"],
        cwd=app,
        check=True,
        timeout=600,
    )
    record = tmp_path / "browser.sh"
    opened = tmp_path / "opened.txt"
    record.write_text(f'#!/bin/sh\necho "$1" > {opened}\n')
    record.chmod(0o755)
    env = clean_env(BROWSER=f"{record} %s", LANG="fr_FR.UTF-8", LC_ALL="")

    process, url, first = run_starter(app, env, opened, tmp_path / "first.log", within=900)
    try:
        assert (app / ".venv" / "bin" / "python").exists()
        assert "/presenter/here?once=" in url and "localhost" in url
        signed_in_start_page(url)
        token_file = app / "var" / "presenter-token"
        assert oct(token_file.stat().st_mode & 0o777) == "0o600"
    finally:
        stop(process)
    log = (tmp_path / "first.log").read_text()
    assert "Premier lancement" in log and "Pour arrêter Lien" in log

    # Second run: no wheels, no package index reachable (a dead loopback port), no install.
    shutil.rmtree(app / "wheels")
    opened.unlink()
    offline = {
        **env,
        "PIP_INDEX_URL": "http://127.0.0.1:9/simple/",
        "PIP_EXTRA_INDEX_URL": "",
        "PIP_FIND_LINKS": "",
        "PIP_NO_INDEX": "1",
    }
    process, url, second = run_starter(app, offline, opened, tmp_path / "second.log", within=30)
    try:
        signed_in_start_page(url)
    finally:
        stop(process)
    assert "Premier lancement" not in (tmp_path / "second.log").read_text()
    print(f"first run {first:.1f} s, second run {second:.1f} s")
    assert second < 30
