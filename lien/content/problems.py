"""Problems found in content or data, each naming its file, its field and what is wrong.

Fields are named the way an editor finds them in the file: items of a list by their id when
they have one (`polls "alliance-weight", prompt`), else counted from 1 (`behaviours #2`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

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


def item_label(name: str, index: int, item: Any) -> str:
    """One item of the list `name`: by its id when it has one, else its place counted from 1."""
    if isinstance(item, Mapping) and isinstance(item.get("id"), str) and item["id"].strip():
        return f'{name} "{item["id"]}"'
    return f"{name} #{index + 1}"


def join_field(*parts: str) -> str:
    return ", ".join(p for p in parts if p)


def field_name(loc: Sequence[Any], data: Any = None) -> str:
    """('polls', 3, 'prompt') -> 'polls "alliance-weight", prompt' (the id read from `data`),
    or 'polls #4, prompt' for an item without an id."""
    parts: list[str] = []
    node = data
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            name = parts.pop() if parts else "item"
            parts.append(item_label(name, part, item))
            node = item
        else:
            parts.append(str(part))
            node = node.get(part) if isinstance(node, Mapping) else None
    return join_field(*parts) or "(file)"


def from_validation_error(
    path: str, error: ValidationError, prefix: str = "", data: Any = None
) -> list[Problem]:
    problems = []
    for item in error.errors():
        field = join_field(prefix, field_name(tuple(item["loc"]), data)) or "(file)"
        if field.endswith(", (file)"):
            field = prefix
        reason = item["msg"]
        reason = re.sub(r"^Value error, ", "", reason)
        if item["type"] == "missing":
            reason = "missing"
        elif item["type"] == "extra_forbidden":
            reason = "unknown field (check its spelling)"
        problems.append(Problem(path, field, reason))
    return problems
