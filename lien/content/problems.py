"""Problems found in content or data, each naming its file, its field and what is wrong."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import ValidationError


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.reason}"


class ContentError(Exception):
    """Raised when content or data cannot be used; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(sorted(set(problems)))
        super().__init__("\n".join(str(p) for p in self.problems))


def field_name(loc: tuple) -> str:
    """('sections', 2, 'body') -> 'sections[2].body'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(file)"


def from_validation_error(path: str, error: ValidationError, prefix: str = "") -> list[Problem]:
    problems = []
    for item in error.errors():
        field = field_name(tuple(item["loc"]))
        if prefix:
            field = f"{prefix}, {field}" if field != "(file)" else prefix
        reason = item["msg"]
        reason = re.sub(r"^Value error, ", "", reason)
        if item["type"] == "missing":
            reason = "missing"
        elif item["type"] == "extra_forbidden":
            reason = "unknown field (check its spelling)"
        problems.append(Problem(path, field, reason))
    return problems
