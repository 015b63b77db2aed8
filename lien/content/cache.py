"""The loaded content shared by every session and request, reloaded when a file changes."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from lien.content.bundle import Bundle
from lien.content.loader import load_bundle
from lien.content.problems import ContentError


def content_stamp(root: Path) -> tuple[float, int]:
    """Changes whenever a content or data file changes, so edits show without a restart."""
    latest, count = 0.0, 0
    for folder in (root / "content", root / "data"):
        for path in folder.rglob("*"):
            if path.is_file():
                latest = max(latest, path.stat().st_mtime)
                count += 1
    return latest, count


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

    def get(self, root: Path, keep_last_good: bool = False) -> Bundle:
        """The content under `root`; ContentError when it is broken, unless `keep_last_good`
        and it loaded once before (a talk in progress keeps the content it started with)."""
        with self._lock:
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
                    entry = (now, stamp, loaded)
                self._entries[root] = entry
            result = entry[2]
            if isinstance(result, Bundle):
                self._last_good[root] = result
                return result
            if keep_last_good and root in self._last_good:
                return self._last_good[root]
        raise result


BUNDLES = BundleCache()
