"""Reads content files below a root, turning every failure into a Problem instead of raising."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from lien.content.messages import Message, msg
from lien.content.problems import Problem, from_validation_error
from lien.content.same import SAME_IN_EVERY_LANGUAGE
from lien.content.syntax import syntax_problem
from lien.text import typeset_tree

M = TypeVar("M", bound=BaseModel)


class Reader:
    """Reads files below a root, turning every failure into a Problem instead of raising.

    `problems` stop the content from being used; `fallbacks` are texts missing in one language
    that the app shows in another meanwhile (the check still fails on them). `unreadable`
    holds the files that could not be parsed, so later rules do not pile follow-on problems
    onto a syntax error.
    """

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        self.fallbacks: list[Problem] = []
        self.unreadable: set[Path] = set()

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def add(self, path: Path | str, field_: str, reason: str | Message) -> None:
        shown = self.rel(path) if isinstance(path, Path) else path
        self.problems.append(Problem(shown, field_, reason))

    def soft(self, path: Path | str, field_: str, reason: str | Message) -> None:
        shown = self.rel(path) if isinstance(path, Path) else path
        self.fallbacks.append(Problem(shown, field_, reason))

    def toml(self, path: Path, missing_ok: bool = False) -> dict[str, Any] | None:
        """The file's tables; None when it is missing (a problem unless `missing_ok`) or
        cannot be read (always a problem, and the file is marked unreadable)."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            if not missing_ok:
                self.add(path, "(file)", msg("file_missing"))
            return None
        except UnicodeDecodeError as exc:
            self.unreadable.add(path)
            self.add(path, "(file)", msg("not_utf8", byte=exc.start))
            return None
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            self.unreadable.add(path)
            self.add(path, *syntax_problem(text, exc))
            return None

    def model(self, path: Path, model: type[M], data: Any, prefix: str = "") -> M | None:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            self.problems.extend(from_validation_error(self.rel(path), exc, prefix, data, model))
            return None

    def toml_model(
        self, path: Path, model: type[M], lang: str | None = None
    ) -> tuple[M | None, dict | None]:
        """The file as a record (its texts typeset for `lang`, when given) and as read."""
        data = self.toml(path)
        if data is None:
            return None, None
        return self.model(path, model, typeset_tree(data, lang, SAME_IN_EVERY_LANGUAGE)), data

    def csv_rows(self, path: Path, model: type[M]) -> list[M]:
        """Rows of a tidy CSV as records; empty cells are missing values."""
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle))
        except FileNotFoundError:
            self.unreadable.add(path)
            self.add(path, "(file)", msg("file_missing"))
            return []
        except (UnicodeDecodeError, csv.Error) as exc:
            self.unreadable.add(path)
            self.add(path, "(file)", msg("not_csv", detail=str(exc)))
            return []
        records = []
        for number, row in enumerate(rows, start=2):  # line 1 is the header
            if None in row:
                self.add(path, f"line {number}", msg("csv_extra_cells"))
                continue
            data = {k: v for k, v in row.items() if v is not None and v.strip() != ""}
            record = self.model(path, model, data, prefix=f"line {number}")
            if record is not None:
                records.append(record)
        return records
