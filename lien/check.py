"""`python -m lien check [ROOT] [--lang fr|en]`: validate all content and data, one line per
problem, in the content's default language (French for the shipped content) or `--lang`."""

from __future__ import annotations

import sys
from pathlib import Path

from lien.content import content_root, load_bundle
from lien.content.messages import LANGUAGES, content_language, say
from lien.content.problems import ContentError

USAGE = "usage: python -m lien check [ROOT] [--lang fr|en]"


def run_check(root: Path | None = None, lang: str | None = None) -> tuple[int, list[str]]:
    """Exit code and the lines to print, in `lang` (the content's default language if None)."""
    root = root or content_root()
    lang = lang or content_language(root)
    try:
        bundle = load_bundle(root)
    except ContentError as error:
        return 1, [p.say(lang) for p in error.problems]
    except Exception as error:  # the check must never show a traceback
        error_text = f"{type(error).__name__}: {error}"
        return 1, [say("check.unexpected", lang, root=root, error=error_text)]
    if bundle.problems:
        # The app runs with these (it shows another language's text), but they must be fixed.
        return 1, [p.say(lang) for p in bundle.problems]
    return 0, [bundle.summary(lang)]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = None
    if "--lang" in argv:
        at = argv.index("--lang")
        lang = argv[at + 1] if at + 1 < len(argv) else ""
        del argv[at : at + 2]
        if lang not in LANGUAGES:
            print(USAGE, file=sys.stderr)
            return 2
    if argv[:1] != ["check"] or len(argv) > 2:
        print(USAGE, file=sys.stderr)
        return 2
    root = Path(argv[1]).resolve() if len(argv) == 2 else None
    code, lines = run_check(root, lang)
    for line in lines:
        print(line)
    return code
