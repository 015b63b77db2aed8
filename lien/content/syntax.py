"""TOML syntax errors in plain words: what went wrong, what to do, and the line it is on.

tomllib says "Illegal character '\\n'" for a line break inside a quoted text and "Invalid
value" for curly quotes pasted from a word processor; an editor who is not a programmer needs
to read what to type instead.
"""

from __future__ import annotations

import re
import tomllib

from lien.content.messages import Message, msg

CURLY_QUOTES = "“”„‟″«»‘’‚‛"
EXCERPT_CHARS = 70

_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")


def _excerpt(line: str) -> str:
    line = line.strip()
    return line if len(line) <= EXCERPT_CHARS else line[: EXCERPT_CHARS - 1] + "…"


def _open_quote(line: str) -> bool:
    """True when the line opens a "…" text it does not close (triple quotes aside)."""
    plain = line.replace('"""', "").replace('\\"', "")
    return plain.count('"') % 2 == 1


def _quotes_inside(value: str) -> bool:
    """True when a "…" text holds straight quotes that end it early: "Le "lien" tient"."""
    if not value.startswith('"') or value.startswith('"""'):
        return False
    return value.replace('\\"', "").count('"') > 2


# tomllib's messages whose first words say it all, and the advice for each.
_PLAIN_ADVICE = (
    (("Cannot overwrite a value", "Cannot declare"), "syntax.given_twice"),
    (("Unterminated string",), "syntax.triple_quotes_open"),
    (("Unclosed array",), "syntax.list_open"),
    (("Unescaped '\\'",), "syntax.backslash"),
    (("Expected ']]'", "Expected ']'"), "syntax.header_open"),
)


def _advice(message: str, line: str) -> Message:
    value = line.partition("=")[2].strip()
    if message.startswith("Illegal character"):
        return _illegal_character(message, line)
    if message.startswith(("Invalid value", "Invalid initial character")):
        return _invalid_value(line, value)
    if _quotes_inside(value) and message.startswith(("Expected newline", "Unclosed", "Expected")):
        return msg("syntax.quotes_inside")
    if message.startswith(("Expected '=' after a key", "Invalid statement")):
        return _equals_missing(line)
    for prefixes, key in _PLAIN_ADVICE:
        if message.startswith(prefixes):
            return msg(key)
    return msg("syntax.other", detail=message)


def _illegal_character(message: str, line: str) -> Message:
    if "\\n" not in message:
        return msg("syntax.control_character")
    if _open_quote(line):
        return msg("syntax.unclosed_quote")
    return msg("syntax.line_ends_early")


def _invalid_value(line: str, value: str) -> Message:
    if any(q in line for q in CURLY_QUOTES) and not value.startswith('"'):
        return msg("syntax.curly_quotes")
    if value and not value.startswith(('"', "'", "[", "{")) and not value[:1].isdigit():
        return msg("syntax.text_without_quotes")
    if "{" in line:
        return msg("syntax.inline_table")
    return msg("syntax.not_name_equals_text")


def _equals_missing(line: str) -> Message:
    name = line.strip().split(" ")[0] if line.strip() else ""
    if len(line.split()) > 2 and "=" not in line.split()[1:2]:
        return msg("syntax.text_outside_quotes")
    return msg("syntax.equals_missing", name=name)


def syntax_problem(text: str, error: tomllib.TOMLDecodeError) -> tuple[str, Message]:
    """(field, reason) of a TOML syntax error: 'line 12' and what to do, with the line."""
    message = str(error)
    where = _WHERE.search(message)
    message = _WHERE.sub("", message).strip()
    lines = text.splitlines()
    if where is None:
        # "Unterminated string (at end of document)": find where the open text starts.
        starts = [n for n, line in enumerate(lines, 1) if line.count('"""') % 2 == 1]
        number = starts[-1] if starts else len(lines)
    else:
        number = int(where.group(1))
    line = lines[number - 1] if 0 < number <= len(lines) else ""
    reason = _advice(re.sub(r"\s*\(at end of document\)$", "", message), line)
    if line.strip():
        reason = msg("syntax.with_line", advice=reason, line=_excerpt(line))
    return f"line {number}", reason
