"""The checker speaks the presenter's language, one line per mistake (issue 19, req 5).

Each careless mistake a practitioner makes in a text editor gives exactly one line, in the
content's default language (French for the shipped content; `--lang en` for English), in
plain words: what is wrong and what to type instead, the nearest known name when a name is
misspelt, and nothing about what depends on it.
"""

from __future__ import annotations

import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

from lien.check import run_check
from lien.content import ROOT
from lien.content.messages import LANGUAGES, say, table
from tests.helpers import edit

NBSP, NNBSP = "\u00a0", "\u202f"

# (file, what is typed, what it becomes, the French line's words, the English line's words)
MISTAKES = {
    "curly quotes": (
        "content/fr/polls.toml",
        'prompt = "',
        "prompt = “",
        [
            "content/fr/polls.toml\u00a0: ligne 36\u00a0: des guillemets courbes",
            'guillemets droits (")',
        ],
        ["content/fr/polls.toml: line 36: curly quotes", 'use straight quotes (")'],
    ),
    "an unclosed quote": (
        "content/fr/polls.toml",
        'prompt = "Sur des centaines',
        'prompt = "Sur des\ncentaines',
        [
            "ligne 36\u00a0: un texte entre guillemets",
            "doit finir sur la ligne où il commence",
            '("""…""")',
        ],
        ["line 36: a text between quotes", "must end on the line where it starts"],
    ),
    "quotes inside a text": (
        "content/fr/polls.toml",
        'prompt = "Sur des centaines',
        'prompt = "Le "lien" sur des centaines',
        [
            "ligne 36\u00a0: ce texte contient des guillemets droits",
            'écrivez des guillemets français «\u202f…\u202f» (ou \\")',
            '(la ligne\u00a0: prompt = "Le "lien"',
        ],
        ['line 36: this text holds straight quotes (") that end it too early', '(or \\")'],
    ),
    "a key typo in a poll": (
        "content/fr/polls.toml",
        "prompt =",
        "promt =",
        [
            'content/fr/polls.toml\u00a0: polls "alliance-weight", promt\u00a0: la clé `promt` '
            "est inconnue\u00a0: vouliez-vous dire `prompt`\u202f?"
        ],
        ["unknown key `promt`: did you mean `prompt`?"],
    ),
    "a key typo in an own slide": (
        "content/fr/my-slides.toml",
        'title = "Bienvenue"',
        'titel = "Bienvenue"',
        [
            'content/fr/my-slides.toml\u00a0: slides "welcome", titel\u00a0: la clé `titel` est '
            "inconnue\u00a0: vouliez-vous dire `title`\u202f?"
        ],
        ["unknown key `titel`: did you mean `title`?"],
    ),
    "an item typo in a talk": (
        "content/talks/short.toml",
        '"slide:alliance-weight"',
        '"slide:aliance-weight"',
        [
            'content/talks/short.toml\u00a0: parts "alliance", items "slide:aliance-weight"',
            "élément inconnu «\u202fslide:aliance-weight\u202f»",
            "pas de diapositive «\u202faliance-weight\u202f» dans content/fr/slides.toml",
            "vouliez-vous dire `slide:alliance-weight`\u202f?",
        ],
        ["no slide 'aliance-weight'", "did you mean `slide:alliance-weight`?"],
    ),
    "a poll typo in a talk": (
        "content/talks/workshop.toml",
        '"poll:alliance-weight"',
        '"poll:alliance-weigth"',
        ["pas de question de salle", "vouliez-vous dire `poll:alliance-weight`\u202f?"],
        ["no poll 'alliance-weigth'", "did you mean `poll:alliance-weight`?"],
    ),
    "an image name typo": (
        "content/fr/my-slides.toml",
        'image = "lien-bond.png"',
        'image = "lien-bon.png"',
        [
            'content/fr/my-slides.toml\u00a0: slides "welcome", image\u00a0: pas de fichier '
            "«\u202flien-bon.png\u202f» dans content/media/\u00a0: vouliez-vous dire "
            "`lien-bond.png`\u202f?"
        ],
        ["no file 'lien-bon.png' in content/media/: did you mean `lien-bond.png`?"],
    ),
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_each_careless_mistake_is_one_line_in_french_and_in_english(content_copy, mistake):
    path, old, new, french, english = MISTAKES[mistake]
    edit(content_copy / path, old, new)
    code, lines = run_check(content_copy)  # the content's default language: French
    assert code == 1
    assert len(lines) == 1, lines  # nothing about what depends on it
    for words in french:
        assert words in lines[0], (words, lines[0])
    # No programmer's words: neither the TOML parser's nor pydantic's.
    for jargon in ("Expected", "Invalid", "Illegal", "TOML", "Extra inputs", "unknown field"):
        assert jargon not in lines[0]
    code, lines = run_check(content_copy, "en")
    assert len(lines) == 1, lines
    for words in english:
        assert words in lines[0], (words, lines[0])


def test_a_misspelt_key_is_not_copied_into_english_nor_reported_there(content_copy):
    """Today's 13 to 19 lines for one `promt =`: the English file was told to copy the typo,
    and every talk item pointing to a poll of the file was listed."""
    edit(content_copy / "content/fr/polls.toml", "prompt =", "promt =")
    code, lines = run_check(content_copy)
    assert code == 1
    assert not any(line.startswith(("content/en/", "content/talks/")) for line in lines), lines


def test_python_dash_m_lien_check_speaks_french_and_english_on_request(content_copy):
    edit(content_copy / "content/fr/polls.toml", "prompt =", "promt =")

    def check(*extra: str) -> list[str]:
        run = subprocess.run(
            [sys.executable, "-m", "lien", "check", str(content_copy), *extra],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        assert run.returncode == 1 and "Traceback" not in run.stderr
        return run.stdout.splitlines()

    assert check() == [
        'content/fr/polls.toml\u00a0: polls "alliance-weight", promt\u00a0: la clé `promt` est '
        "inconnue\u00a0: vouliez-vous dire `prompt`\u202f?"
    ]
    assert check("--lang", "en") == [
        'content/fr/polls.toml: polls "alliance-weight", promt: unknown key `promt`: did you '
        "mean `prompt`?"
    ]
    usage = subprocess.run(
        [sys.executable, "-m", "lien", "check", "--lang", "de"], capture_output=True, text=True
    )
    assert usage.returncode == 2 and "--lang fr|en" in usage.stderr


# --- the words themselves (lien/content/messages.toml) ------------------------------------


def placeholders(words: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(words) if name}


def test_every_message_says_the_same_thing_in_french_and_english():
    for code, words in table().items():
        assert set(words) == set(LANGUAGES), code
        assert placeholders(words["fr"]) == placeholders(words["en"]), code
        french = words["fr"]
        # French typography: a no-break space before : ; ? ! and inside « », never a plain one.
        assert not re.search(r" [:;?!]", french), (code, french)
        assert "« " not in french and " »" not in french, (code, french)


def test_every_message_the_code_asks_for_is_in_the_table():
    used = set()
    for path in (ROOT / "lien").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'(?<![.\w])(?:msg|say|unknown_id)\(\s*"([a-z_.0-9]+)"', text))
    used |= {
        f"{prefix}.{name}"
        for prefix, name in re.findall(
            r'"(noun|number|kind|id)\.([a-z_]+)"',
            "".join(p.read_text(encoding="utf-8") for p in (ROOT / "lien").rglob("*.py")),
        )
    }
    assert len(used) > 100
    assert used <= set(table()), sorted(used - set(table()))


def test_a_message_s_values_keep_their_own_spelling():
    """French typography goes into the words, never into what fills them (a line of the file
    quoted as it is)."""
    line = 'prompt = "Vrai ? Faux : « oui »"'
    assert say("syntax.with_line", "fr", advice="…", line=line).endswith(
        f"(la ligne{NBSP}: {line})"
    )


def test_the_calm_pages_words_exist_in_both_languages():
    for code in ("calm.title", "calm.intro", "calm.hint", "phone.title", "phone.wait"):
        assert say(code, "fr") != say(code, "en")
    assert say("calm.title", "fr") == f"Lien{NBSP}: contenu à corriger"
    assert Path(ROOT / "lien" / "content" / "messages.toml").is_file()
