"""Reads content files below a root, turning every failure into a Problem instead of raising."""

from __future__ import annotations

import csv
import re
import tomllib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from lien.content.problems import Problem, from_validation_error
from lien.content.same import SAME_IN_EVERY_LANGUAGE
from lien.text import typeset_tree

M = TypeVar("M", bound=BaseModel)


class Reader:
    """Reads files below a root, turning every failure into a Problem instead of raising."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def add(self, path: Path | str, field_: str, reason: str) -> None:
        shown = self.rel(path) if isinstance(path, Path) else path
        self.problems.append(Problem(shown, field_, reason))

    def toml(self, path: Path) -> dict[str, Any] | None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.add(path, "(file)", "file is missing")
            return None
        except UnicodeDecodeError as exc:
            self.add(path, "(file)", f"not UTF-8 text ({exc.reason} at byte {exc.start})")
            return None
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            message = str(exc)
            where = re.search(r"\(at line (\d+), column (\d+)\)", message)
            reason = re.sub(r"\s*\(at line.*\)$", "", message)
            if where:
                self.add(path, f"line {where.group(1)}", f"TOML syntax error: {reason}")
            else:
                self.add(path, "(file)", f"TOML syntax error: {reason}")
            return None

    def model(self, path: Path, model: type[M], data: Any, prefix: str = "") -> M | None:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            self.problems.extend(from_validation_error(self.rel(path), exc, prefix))
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
            self.add(path, "(file)", "file is missing")
            return []
        except (UnicodeDecodeError, csv.Error) as exc:
            self.add(path, "(file)", f"cannot be read as CSV: {exc}")
            return []
        records = []
        for number, row in enumerate(rows, start=2):  # line 1 is the header
            if None in row:
                self.add(path, f"line {number}", "more cells than the header has columns")
                continue
            data = {k: v for k, v in row.items() if v is not None and v.strip() != ""}
            record = self.model(path, model, data, prefix=f"line {number}")
            if record is not None:
                records.append(record)
        return records
