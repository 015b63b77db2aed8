"""Problems found in content or data, each naming its file, its field and what is wrong.

Fields are named the way an editor finds them in the file: items of a list by their id when
they have one (`polls "alliance-weight", prompt`), else counted from 1 (`behaviours #2`).
What is wrong is a Message (a code and its parameters, worded per language from
lien/content/messages.toml), or a plain text for a rule not yet worded there.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from lien.content.messages import Message, msg, nearest, say_field


@dataclass(frozen=True)
class Problem:
    path: str
    field: str
    reason: str | Message

    def say(self, lang: str) -> str:
        """One line for the editor, in `lang`: file, field, what is wrong and what to do."""
        reason = self.reason.say(lang) if isinstance(self.reason, Message) else self.reason
        colon = "\u00a0: " if lang == "fr" else ": "
        return colon.join((self.path, say_field(self.field, lang), reason))

    def __str__(self) -> str:
        return self.say("en")

    def _key(self) -> tuple[str, str, str]:
        return self.path, self.field, str(self.reason)

    def __lt__(self, other: Problem) -> bool:
        return self._key() < other._key()


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


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The records an annotation holds: Poll in `list[Poll] | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(_models_in(arg))
    return found


def known_fields(model: type[BaseModel] | None, loc: Sequence[Any]) -> set[str]:
    """The fields a record may have at `loc` inside `model` (what a misspelt key meant)."""
    if model is None:
        return set()
    models = [model]
    for part in loc:
        if isinstance(part, int):
            continue
        inner = [m.model_fields[part].annotation for m in models if part in m.model_fields]
        models = [m for annotation in inner for m in _models_in(annotation)]
    return {name for m in models for name in m.model_fields}


# pydantic's own words for a value of the wrong kind, as a practitioner reads them.
_KINDS = {
    "string_type": "kind.text",
    "int_type": "kind.number",
    "int_parsing": "kind.number",
    "int_from_float": "kind.whole",
    "float_type": "kind.number",
    "float_parsing": "kind.number",
    "bool_type": "kind.yes_no",
    "bool_parsing": "kind.yes_no",
    "list_type": "kind.list",
    "tuple_type": "kind.list",
    "dict_type": "kind.table",
    "model_type": "kind.table",
    "model_attributes_type": "kind.table",
}


def _reason(item: Mapping[str, Any], model: type[BaseModel] | None) -> str | Message:
    kind = item["type"]
    if kind == "missing":
        return msg("missing", key=str(item["loc"][-1]) if item["loc"] else "")
    if kind == "extra_forbidden":
        key = str(item["loc"][-1])
        suggestion = nearest(key, known_fields(model, item["loc"][:-1]))
        if suggestion:
            return msg("unknown_key_near", key=key, suggestion=suggestion)
        return msg("unknown_key", key=key)
    if kind in _KINDS:
        return msg("wrong_kind", kind=msg(_KINDS[kind]))
    if kind == "literal_error":
        return msg("one_of", expected=str(item.get("ctx", {}).get("expected", "")))
    if kind == "string_pattern_mismatch":
        return msg("not_an_id")
    ctx = item.get("ctx", {})
    if kind in ("too_short", "string_too_short") and ctx.get("min_length") == 1:
        return msg("empty")
    bounds = {
        "greater_than_equal": ("at_least", "ge"),
        "greater_than": ("more_than", "gt"),
        "less_than_equal": ("at_most", "le"),
        "less_than": ("less_than", "lt"),
        "too_short": ("items_at_least", "min_length"),
        "too_long": ("items_at_most", "max_length"),
    }
    if kind in bounds and bounds[kind][1] in ctx:
        code, name = bounds[kind]
        return msg(code, bound=ctx[name])
    error = ctx.get("error")
    if isinstance(error, ValueError) and error.args and isinstance(error.args[0], Message):
        return error.args[0]
    return re.sub(r"^Value error, ", "", item["msg"])


def from_validation_error(
    path: str,
    error: ValidationError,
    prefix: str = "",
    data: Any = None,
    model: type[BaseModel] | None = None,
) -> list[Problem]:
    problems = []
    for item in error.errors():
        field = join_field(prefix, field_name(tuple(item["loc"]), data)) or "(file)"
        if field.endswith(", (file)"):
            field = prefix
        problems.append(Problem(path, field, _reason(item, model)))
    return problems
