"""TOML syntax errors in plain words: what went wrong, what to do, and the line it is on.

tomllib says "Illegal character '\\n'" for a line break inside a quoted text and "Invalid
value" for curly quotes pasted from a word processor; an editor who is not a programmer needs
to read what to type instead.
"""

from __future__ import annotations

import re
import tomllib

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


def _advice(message: str, line: str) -> str:
    value = line.partition("=")[2].strip()
    if message.startswith("Illegal character") and "\\n" in message:
        if _open_quote(line):
            return (
                'a text between quotes ("…") must end on the line where it starts; '
                'for a text over several lines, put three quotes before and after it ("""…""")'
            )
        return "this line ends in the middle of something: check its quotes and brackets"
    if message.startswith("Illegal character"):
        return "this line holds a character TOML does not allow here (a tab or a control key?)"
    if message.startswith("Invalid value") or message.startswith("Invalid initial character"):
        if any(q in line for q in CURLY_QUOTES) and not value.startswith('"'):
            return (
                "curly quotes (“ ” « » ‘ ’), as a word processor types them, cannot open or close "
                'a text: use straight quotes (") around it'
            )
        if value and not value.startswith(('"', "'", "[", "{")) and not value[:1].isdigit():
            return 'a text must be between straight quotes: name = "text"'
        if "{" in line:
            return "a { … } table must open and close on the same line"
        return 'this line should read name = "text" (a name, an equals sign, a quoted text)'
    if message.startswith("Cannot overwrite a value") or message.startswith("Cannot declare"):
        return "this name is given twice in the same table: keep only one of them"
    if message.startswith("Expected '=' after a key") or message.startswith("Invalid statement"):
        name = line.strip().split(" ")[0] if line.strip() else ""
        if len(line.split()) > 2 and "=" not in line.split()[1:2]:
            return (
                "this line reads as text outside quotes: the text above it may have lost its "
                'closing three quotes ("""), or this one its opening quotes'
            )
        return f'an equals sign is missing after "{name}": each line reads name = "text"'
    if message.startswith("Unterminated string"):
        return 'a text opened with three quotes (""") is never closed: add """ at its end'
    if message.startswith("Unclosed array"):
        return "a list [ … ] is not closed, or two of its items have no comma between them"
    if message.startswith("Unescaped '\\'"):
        return "a backslash (\\) inside a text: write it twice (\\\\), or remove it"
    if message.startswith("Expected ']]'") or message.startswith("Expected ']'"):
        return "a header such as [[sections]] is not closed: end it with ]] (or ])"
    return f"the file cannot be read as TOML ({message})"


def syntax_problem(text: str, error: tomllib.TOMLDecodeError) -> tuple[str, str]:
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
        reason += f" (the line reads: {_excerpt(line)})"
    return f"line {number}", reason
