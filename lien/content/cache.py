"""The loaded content shared by every session and request, reloaded when a file changes.

A broken edit while the app runs never takes the room down: readers and phones keep the last
content that loaded, and the problems go to the editor (the terminal here; /live and a discreet
notice on the pages in lien.ui). Only a start with broken content has nothing to fall back on.
"""

from __future__ import annotations

import functools
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from lien.content.bundle import Bundle
from lien.content.loader import load_bundle
from lien.content.messages import content_language, say
from lien.content.problems import ContentError, Problem


def content_stamp(root: Path) -> tuple[float, int]:
    """Changes whenever a content or data file changes, so edits show without a restart."""
    latest, count = 0.0, 0
    for folder in (root / "content", root / "data"):
        for path in folder.rglob("*"):
            if path.is_file():
                latest = max(latest, path.stat().st_mtime)
                count += 1
    return latest, count


def _tell_the_terminal(root: Path, loaded: Bundle | ContentError, kept: bool) -> None:
    """What the editor sees in the terminal after each load of changed files: one line per
    problem, in the content's default language, never a traceback."""
    lang = content_language(root)
    if isinstance(loaded, ContentError):
        head = say("console.kept" if kept else "console.broken", lang)
    elif loaded.problems:
        head = say("console.fallbacks", lang)
    else:
        return
    lines = [p.say(lang) for p in loaded.problems]
    print(
        "\n".join([head, *(f"  {line}" for line in lines), f"  (python -m lien check {root})"]),
        file=sys.stderr,
        flush=True,
    )


class BundleCache:
    """The validated content of each content root, shared by every session and request.

    Edits show without a restart: the files' stamp is taken again at most every `every_s`
    seconds (walking the folders costs a few milliseconds, too much for every page load under
    a room's load), and a new stamp reloads the content. A broken edit is kept as its
    ContentError, so it is raised (and shown) without being reloaded on every load.
    """

    def __init__(self, every_s: float = 2.0) -> None:
        self.every_s = every_s
        self._lock = threading.Lock()
        # root -> (when the stamp was taken, the stamp, the bundle or the content's error)
        self._entries: dict[Path, tuple[float, tuple[float, int], Bundle | ContentError]] = {}
        self._last_good: dict[Path, Bundle] = {}

    def _entry(self, root: Path) -> Bundle | ContentError:
        now = time.monotonic()
        entry = self._entries.get(root)
        if entry is None or now - entry[0] >= self.every_s:
            stamp = content_stamp(root)
            if entry is not None and entry[1] == stamp:
                entry = (now, stamp, entry[2])
            else:
                try:
                    loaded: Bundle | ContentError = load_bundle(root)
                except ContentError as error:
                    loaded = error
                _tell_the_terminal(root, loaded, kept=root in self._last_good)
                entry = (now, stamp, loaded)
            self._entries[root] = entry
        result = entry[2]
        if isinstance(result, Bundle):
            self._last_good[root] = result
        return result

    def get(self, root: Path, keep_last_good: bool = False) -> Bundle:
        """The content under `root`; ContentError when it is broken, unless `keep_last_good`
        and it loaded once before (a talk in progress keeps the content it had)."""
        with self._lock:
            result = self._entry(root)
            if isinstance(result, Bundle):
                return result
            if keep_last_good and root in self._last_good:
                return self._last_good[root]
        raise result

    def problems(self, root: Path) -> tuple[Problem, ...]:
        """What the editor must fix in the files as they are now: every problem of a broken
        edit, or the texts shown from another language. Empty when all is well."""
        with self._lock:
            result = self._entry(root)
        return result.problems

    def stale(self, root: Path) -> bool:
        """True while the files are broken and the last content that loaded is served."""
        with self._lock:
            return isinstance(self._entry(root), ContentError) and root in self._last_good


BUNDLES = BundleCache()


Built = TypeVar("Built")


def per_content(limit: int = 16) -> Callable[[Callable[..., Built]], Callable[..., Built]]:
    """Cache `build(bundle, *args)` once per loaded content (its generation) and arguments,
    shared by every session and request; the results of earlier loads are dropped beyond
    `limit`. What it returns is shared: give back something read-only."""

    def decorate(build: Callable[..., Built]) -> Callable[..., Built]:
        built: dict[tuple, Built] = {}
        lock = threading.Lock()

        @functools.wraps(build)
        def cached(bundle: Bundle, *args) -> Built:
            key = (bundle.generation, *args)
            with lock:
                if key in built:
                    return built[key]
            value = build(bundle, *args)
            with lock:
                if len(built) > limit:
                    built.clear()
                built[key] = value
            return value

        return cached

    return decorate
