"""Which interface text keys the code asks for: found in the source, for tests/test_text_keys.py.

A key is read as a whole string ("quiz.submit"), or built from a prefix: an f-string
(f"nav.{page}") or a sum ("live.phase_" + phase). Templates ask with t("…").
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
PREFIX = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*[._]$")
TEMPLATE_KEY = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']""")


@dataclass
class Usage:
    whole: set[str] = field(default_factory=set)  # keys written out in full
    prefixes: set[str] = field(default_factory=set)  # starts of keys built at run time


def code_files() -> list[Path]:
    files = [ROOT / "app.py"]
    for folder in ("lien", "screens", "bench"):
        files.extend(sorted((ROOT / folder).rglob("*.py")))
    return files


FILE_NAME = re.compile(r"\.(csv|toml|py|html|css|js|png|svg|sqlite3)$")


def scan() -> Usage:
    usage = Usage()
    for path in code_files():
        parts: set[int] = set()  # constants that are pieces of an f-string, not whole strings
        nodes = list(ast.walk(ast.parse(path.read_text(encoding="utf-8"))))
        for node in nodes:
            if isinstance(node, ast.JoinedStr) and node.values:
                parts.update(id(v) for v in node.values)
                first = node.values[0]
                if isinstance(first, ast.Constant) and PREFIX.match(str(first.value)):
                    usage.prefixes.add(first.value)
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
                left = node.left
                if isinstance(left, ast.Constant) and PREFIX.match(str(left.value)):
                    parts.add(id(left))
                    usage.prefixes.add(left.value)
        for node in nodes:
            text = node.value if isinstance(node, ast.Constant) else None
            whole = isinstance(text, str) and id(node) not in parts
            if whole and KEY.match(text) and not FILE_NAME.search(text):
                usage.whole.add(text)
    for path in sorted((ROOT / "lien").rglob("*.html")):
        usage.whole.update(TEMPLATE_KEY.findall(path.read_text(encoding="utf-8")))
    return usage


def is_read(key: str, usage: Usage) -> bool:
    return key in usage.whole or any(key.startswith(p) for p in usage.prefixes)
