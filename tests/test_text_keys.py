"""The content check knows what the code reads: block names and every interface text key."""

from __future__ import annotations

import subprocess
import sys

from devtools.text_usage import is_read, scan
from lien.content import ROOT
from lien.content.keys import TEXT_KEYS
from tests.helpers import edit, problems_of

GROUPS = {key.split(".")[0] for key in TEXT_KEYS}


def test_every_key_the_code_writes_out_is_declared():
    usage = scan()
    written = {k for k in usage.whole if k.split(".")[0] in GROUPS}
    assert written - TEXT_KEYS == set()


def test_every_key_the_code_builds_has_declared_keys_to_build():
    for prefix in scan().prefixes:
        if prefix.split(".")[0] in GROUPS:
            assert any(key.startswith(prefix) for key in TEXT_KEYS), prefix


def test_every_declared_key_is_read_by_some_code():
    usage = scan()
    assert sorted(k for k in TEXT_KEYS if not is_read(k, usage)) == []


def test_the_real_content_gives_exactly_the_declared_keys(bundle):
    for lang in bundle.languages:
        assert set(bundle.ui[lang]) == TEXT_KEYS


def test_a_misspelt_block_is_reported(content_copy):
    for lang in ("fr", "en"):
        path = content_copy / "content" / lang / "pages" / "alliance.toml"
        edit(path, 'block = "alliance_forest"', 'block = "alliance_forst"')
    problems = problems_of(content_copy)
    assert any(
        p.startswith('content/fr/pages/alliance.toml: sections "weight", block')
        and "no block named 'alliance_forst'" in p
        for p in problems
    ), problems


def test_a_key_the_code_reads_renamed_in_both_languages_is_one_line_per_language(content_copy):
    for lang in ("fr", "en"):
        edit(
            content_copy / "content" / lang / "ui-attachment.toml",
            "axis_percent = ",
            "axis_pourcent = ",
        )
    problems = problems_of(content_copy)
    for lang in ("fr", "en"):
        path = f"content/{lang}/ui-attachment.toml"
        # The key it meant is not reported missing as well: the misspelling names it.
        assert (
            f"{path}: attachment.prevalence.axis_pourcent: no part of the app reads this text "
            "(check its spelling): did you mean `attachment.prevalence.axis_percent`?" in problems
        ), problems
    assert len(problems) == 2, problems


def test_python_dash_m_lien_check_fails_with_one_line_per_key_problem(content_copy):
    edit(content_copy / "content" / "fr" / "ui.toml", "disclaimer = ", "disclamer = ")
    edit(content_copy / "content" / "en" / "ui.toml", "disclaimer = ", "disclamer = ")
    run = subprocess.run(
        [sys.executable, "-m", "lien", "check", str(content_copy), "--lang", "en"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 1
    assert run.stdout.splitlines() == [
        f"content/{lang}/ui.toml: footer.disclamer: no part of the app reads this text "
        "(check its spelling): did you mean `footer.disclaimer`?"
        for lang in ("en", "fr")
    ]
    assert "Traceback" not in run.stdout + run.stderr
