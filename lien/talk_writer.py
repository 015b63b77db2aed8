"""Saving content files the way a person edits them: the same TOML, checked, kept, restorable.

A save changes one or more files below a content root (a talk, its titles, one's own slides,
an image). Before anything is written, the content as it would be after the save is loaded
with the rules of `python -m lien check` (a copy of content/ and data/ with the new files in
it); a save that would not pass is refused with the problems, and nothing is written. Then
each file is written atomically (a temporary file beside it, then a rename), after the file it
replaces was kept in the history: the last 20 saves of each file, restorable.

The history lives in the data folder (LIEN_DATA_DIR, ./var/ by default), under history/: not
in content/, whose every change reloads the app and which people copy and version as their
talk; the data folder is already where Lien keeps what it writes while running.

TOML texts are edited with tomlkit, which keeps the file's comments, order and layout: a file
loaded and saved unchanged comes back byte for byte.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import tomlkit
from tomlkit.items import Array, String, StringType, Table, Trivia
from tomlkit.toml_document import TOMLDocument

from lien.content.loader import load_bundle
from lien.content.problems import ContentError, Problem
from lien.live.settings import data_dir

HISTORY_FOLDER = "history"
KEEP = 20  # saves kept per file


class SaveRefused(Exception):
    """The save would leave content that `python -m lien check` rejects: nothing written."""

    def __init__(self, problems: tuple[Problem, ...]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def read_toml(path: Path) -> TOMLDocument:
    """A TOML file as tomlkit keeps it (comments and layout), or an empty document."""
    if not path.exists():
        return tomlkit.document()
    return tomlkit.parse(path.read_text(encoding="utf-8"))


def toml_text(document: TOMLDocument) -> bytes:
    return tomlkit.dumps(document).encode("utf-8")


def block(text: str) -> String:
    """A text as people write notes by hand: between triple quotes, from the next line."""
    value = text if text.endswith("\n") else text + "\n"
    raw = value.replace("\\", "\\\\").replace('"""', '""\\"')
    return String(StringType.MLB, value, "\n" + raw, Trivia())


def new_table(values: Mapping[str, object]) -> Table:
    """A table (one [[slides]], one [[parts]]) set apart from the one before by a blank line."""
    table = tomlkit.table()
    for key, value in values.items():
        table.add(key, value)
    table.trivia.indent = "\n"
    return table


def inline_list(items: list[Mapping[str, object]]) -> Array:
    """`[ { id = "…" }, … ]`, one item a line, as the shipped talks write their items."""
    array = tomlkit.array()
    for item in items:
        inline = tomlkit.inline_table()
        inline.update(item)
        array.append(inline)
    return array.multiline(True)


def problems_after(root: Path, changes: Mapping[Path, bytes]) -> tuple[Problem, ...]:
    """Every problem `python -m lien check` would report once `changes` (path -> new bytes,
    paths below `root`) are written; empty when the content would pass."""
    with tempfile.TemporaryDirectory(prefix="lien-save-") as folder:
        staged = Path(folder)
        for name in ("content", "data"):
            shutil.copytree(root / name, staged / name)
        for path, data in changes.items():
            target = staged / _inside(root, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        try:
            bundle = load_bundle(staged)
        except ContentError as error:
            return error.problems
        return tuple(bundle.problems)


def save(root: Path, changes: Mapping[Path, bytes]) -> list[Path]:
    """Check, then write every changed file atomically, keeping the previous versions.

    Raises SaveRefused (nothing written) when the content would not pass the check. Returns
    the files written (a file whose bytes did not change is not written again)."""
    changed = {
        path: data
        for path, data in changes.items()
        if not path.exists() or path.read_bytes() != data
    }
    if not changed:
        return []
    problems = problems_after(root, changed)
    if problems:
        raise SaveRefused(problems)
    before = {path: path.read_bytes() if path.exists() else None for path in changed}
    for path in changed:
        keep(root, path)
    written: list[Path] = []
    try:
        for path, data in changed.items():
            write_atomically(path, data)
            written.append(path)
    except BaseException:
        # One file of several failed: put back those already written, so that the content
        # is never half saved (a talk pointing at slides that were not written).
        for path in written:
            if before[path] is None:
                path.unlink(missing_ok=True)
            else:
                write_atomically(path, before[path])
        raise
    return written


def write_atomically(path: Path, data: bytes) -> None:
    """The new bytes in a temporary file beside `path`, then renamed over it: a reader sees
    the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


# --- history ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    """A file as it was before one save."""

    path: Path  # where the copy is kept
    saved_at: float  # when it was replaced (seconds since the epoch)


def history_dir(root: Path, path: Path) -> Path:
    """Where the previous versions of `path` (a file below `root`) are kept."""
    return data_dir() / HISTORY_FOLDER / _inside(root, path)


def keep(root: Path, path: Path) -> None:
    """Keep the current bytes of `path` (if it exists) as a version; keep the last KEEP."""
    if not path.exists():
        return
    folder = history_dir(root, path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.time_ns()
    write_atomically(folder / f"{stamp:020d}{path.suffix}", path.read_bytes())
    for old in sorted(folder.iterdir())[:-KEEP]:
        old.unlink(missing_ok=True)


def versions(root: Path, path: Path) -> list[Version]:
    """The kept versions of `path`, newest first."""
    folder = history_dir(root, path)
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.stem.isdigit()]
    return [
        Version(p, int(p.stem) / 1e9) for p in sorted(found, key=lambda p: p.stem, reverse=True)
    ]


def restore(root: Path, path: Path, version: Version) -> list[Path]:
    """Put a kept version back: a save like any other (checked, and the file it replaces
    kept in its turn)."""
    return save(root, {path: version.path.read_bytes()})


def _inside(root: Path, path: Path) -> Path:
    """`path` relative to `root`; refuses any path outside it."""
    relative = path.resolve().relative_to(root.resolve())
    if not relative.parts or relative.parts[0] not in ("content", "data"):
        raise ValueError(f"{path} is not a content or data file")
    return relative
