"""`python -m lien check`: validate all content and data, one line per problem."""

from __future__ import annotations

import sys
from pathlib import Path

from lien.content import content_root, load_bundle
from lien.content.problems import ContentError


def run_check(root: Path | None = None) -> tuple[int, list[str]]:
    """Exit code and the lines to print."""
    root = root or content_root()
    try:
        bundle = load_bundle(root)
    except ContentError as error:
        return 1, [str(p) for p in error.problems]
    except Exception as error:  # the check must never show a traceback
        return 1, [f"{root}: (loader): unexpected {type(error).__name__}: {error}"]
    if bundle.problems:
        # The app runs with these (it shows another language's text), but they must be fixed.
        return 1, [str(p) for p in bundle.problems]
    return 0, [bundle.summary()]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] != ["check"] or len(argv) > 2:
        print("usage: python -m lien check [ROOT]", file=sys.stderr)
        return 2
    root = Path(argv[1]).resolve() if len(argv) == 2 else None
    code, lines = run_check(root)
    for line in lines:
        print(line)
    return code
