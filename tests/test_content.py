"""Content and data load, validate, and every kind of broken file is named with its field."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from lien.check import run_check
from lien.content import ROOT, BundleCache, load_bundle
from lien.content.problems import ContentError
from lien.sitemap import BRIEF_POINTS, PAGES
from lien.view import View
from tests.helpers import edit, problems_of


def test_the_real_content_loads_in_both_languages(bundle):
    assert bundle.languages == ["fr", "en"]
    for lang in bundle.languages:
        assert set(bundle.pages[lang]) == {p.id for p in PAGES}
        assert set(bundle.ui[lang]) == set(bundle.ui["fr"])


def test_check_of_the_real_content_prints_one_summary_line():
    code, lines = run_check(ROOT, "en")
    assert code == 0
    assert len(lines) == 1
    assert re.fullmatch(
        r"content OK: 2 languages \(fr, en\), \d+ pages, \d+ texts per language, "
        r"\d+ figures, \d+ sources",
        lines[0],
    )
    code, lines = run_check(ROOT)  # the content's default language: French
    assert re.fullmatch(
        r"contenu correct\u00a0: 2 langues \(fr, en\), \d+ pages, \d+ textes par langue, "
        r"\d+ chiffres, \d+ sources",
        lines[0],
    )


def test_python_dash_m_lien_check_exits_zero_with_one_line():
    run = subprocess.run(
        [sys.executable, "-m", "lien", "check"], capture_output=True, text=True, cwd=ROOT
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.count("\n") == 1 and run.stdout.startswith("contenu correct\u00a0:")


def test_every_point_of_the_brief_is_taught_on_its_page_in_both_languages(bundle):
    assert len(BRIEF_POINTS) == 26  # A1 … E2 with their sub-points (B5a …, D1a …)
    for lang in bundle.languages:
        for point, page_id in BRIEF_POINTS.items():
            covered = [s for s in bundle.pages[lang][page_id].sections if point in s.covers]
            assert covered, f"{point} is not covered on /{page_id} in {lang}"


def test_the_source_pages_claims_stand_beside_the_evidence(bundle):
    for lang in bundle.languages:
        claims = {
            point
            for page in bundle.pages[lang].values()
            for section in page.sections
            if section.claim
            for point in section.covers
        }
        assert {"A5", "B3", "B5c"} <= claims


def test_every_figure_names_a_known_source(bundle):
    ids = {s.id for s in bundle.sources}
    rows = [*bundle.prevalence, *bundle.effects, *bundle.figures]
    assert rows and all(row.source_id in ids for row in rows)


def test_page_and_source_links_become_links_that_keep_the_language(bundle):
    view = View(bundle, "en")
    text = view.markdown("See [attachment](page:attachment) and [a study](source:madigan2023).")
    assert "](./attachment?lang=en)" in text
    assert "](./sources?lang=en#madigan2023)" in text
    assert View(bundle, "fr").href("home") == "./?lang=fr"


# --- each kind of broken content, on a temporary copy --------------------------------------


def test_a_toml_syntax_error_is_reported_with_its_line(content_copy):
    path = content_copy / "content" / "en" / "ui.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("home ="))
    lines[number] = 'home = "Home'  # unterminated string
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = problems_of(content_copy)
    # In plain words, with the line and what it reads, and nothing after it (no follow-on
    # "missing" text for every key of the file).
    assert problems == [
        f'content/en/ui.toml: line {number + 1}: a text between quotes ("…") must end on the '
        "line where it starts; for a text over several lines, put three quotes before and after "
        'it ("""…""") (the line reads: home = "Home)'
    ], problems


def test_a_text_missing_in_one_language_is_reported(content_copy):
    edit(content_copy / "content" / "en" / "ui.toml", 'disclaimer = "', 'kept_for_later = "')
    problems = problems_of(content_copy)
    assert (
        "content/en/ui.toml: footer.disclaimer: missing: the app shows this text (add it); the "
        "'fr' text is shown meanwhile" in problems
    ), problems


def test_a_section_missing_in_one_language_is_reported(content_copy):
    path = content_copy / "content" / "en" / "pages" / "home.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index('[[sections]]\nid = "care"')], encoding="utf-8")
    problems = problems_of(content_copy)
    assert any(
        p.startswith("content/en/pages/home.toml: sections \"care\": missing in 'en'")
        for p in problems
    ), problems


def test_an_empty_text_is_reported(content_copy):
    edit(content_copy / "content" / "fr" / "pages" / "home.toml", '"Avant de lire"', '" "')
    problems = problems_of(content_copy)
    assert 'content/fr/pages/home.toml: sections "care", heading: is empty' in problems


def test_a_figure_whose_source_does_not_exist_is_reported(content_copy):
    edit(content_copy / "data" / "effects.csv", "martin2000,", "martin2001,")
    problems = problems_of(content_copy)
    assert (
        "data/effects.csv: source_id 'martin2001': no such source in data/sources.csv: "
        "did you mean `martin2000`?" in problems
    )


def test_percentages_that_do_not_add_up_to_100_are_reported(content_copy):
    edit(
        content_copy / "data" / "prevalence.csv",
        "madigan2023,infant,secure,51.6",
        "madigan2023,infant,secure,56.6",
    )
    problems = problems_of(content_copy)
    assert (
        "data/prevalence.csv: madigan2023 / infant: category percentages add up to 105, "
        "not 100 (± 0.5)" in problems
    )


def test_a_rounding_within_half_a_point_is_accepted(content_copy):
    # A share no text quotes (a quoted one would now fail the check of numbers in prose).
    edit(
        content_copy / "data" / "prevalence.csv",
        "madigan2023,infant,avoidant,14.7",
        "madigan2023,infant,avoidant,15.0",
    )
    load_bundle(content_copy)  # 100.3 is within 100 ± 0.5


def test_a_link_to_an_unknown_page_is_reported(content_copy):
    edit(
        content_copy / "content" / "fr" / "pages" / "home.toml", "(page:therapy)", "(page:therapie)"
    )
    problems = problems_of(content_copy)
    assert any(
        p.startswith(
            "content/fr/pages/home.toml: sections \"learn\", body: link to unknown page 'therapie'"
        )
        for p in problems
    ), problems


def test_a_link_to_an_unknown_source_is_reported(content_copy):
    path = content_copy / "content" / "en" / "pages" / "home.toml"
    edit(path, "every figure in the app", "every figure in the app ([x](source:nobody2020))")
    problems = problems_of(content_copy)
    assert any("link to unknown source 'nobody2020'" in p for p in problems), problems


def test_a_bad_value_in_a_data_table_names_its_line_and_column(content_copy):
    edit(
        content_copy / "data" / "effects.csv",
        "martin2000,alliance_outcome,0.22",
        "martin2000,alliance_outcome,high",
    )
    problems = problems_of(content_copy)
    assert any(p.startswith("data/effects.csv: line 3, r: ") for p in problems), problems


def test_an_unknown_field_is_one_line_naming_the_field_it_meant(content_copy):
    edit(content_copy / "content" / "fr" / "safety.toml", 'title = "', 'titre = "')
    # The misspelt field is not copied to English, and the title it meant is not reported
    # missing as well: one mistake, one line.
    assert problems_of(content_copy) == [
        "content/fr/safety.toml: titre: unknown key `titre`: did you mean `title`?"
    ]


def test_a_helpline_not_in_the_data_or_in_the_wrong_place_is_reported(content_copy):
    # Numbers are data (data/helplines.csv), the same for every language by construction.
    edit(content_copy / "content" / "en" / "safety.toml", 'id = "fr_3114"', 'id = "fr_3115"')
    edit(content_copy / "data" / "helplines.csv", "be_112,belgium,", "be_112,france,")
    problems = problems_of(content_copy)
    assert (
        'content/en/safety.toml: places "france", lines "fr_3115": no such helpline in '
        "data/helplines.csv: did you mean `fr_3114`?" in problems
    ), problems
    assert (
        'content/fr/safety.toml: places "belgium", lines "be_112": data/helplines.csv places it '
        "in 'france', not 'belgium'" in problems
    ), problems


def test_check_on_broken_content_exits_one_with_one_line_per_problem(content_copy):
    edit(content_copy / "data" / "effects.csv", "martin2000,", "martin2001,")
    edit(
        content_copy / "content" / "fr" / "pages" / "home.toml", "(page:therapy)", "(page:therapie)"
    )
    run = subprocess.run(
        [sys.executable, "-m", "lien", "check", str(content_copy)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 1
    lines = run.stdout.strip().splitlines()
    assert len(lines) == 2, run.stdout
    assert all(re.fullmatch(r"[^:]+: [^:]+: .+", line) for line in lines)
    assert "Traceback" not in run.stdout + run.stderr


# --- the content cache shared by pages and phones ------------------------------------------


def test_the_content_cache_reloads_an_edit_and_keeps_a_broken_one_as_its_error(
    content_copy, monkeypatch
):
    import lien.content

    cache = BundleCache(every_s=0)  # look at the files on every call
    first = cache.get(content_copy)
    assert cache.get(content_copy) is first  # files unchanged: the same bundle
    effects = content_copy / "data" / "effects.csv"
    edit(effects, "martin2000,", "martin2001,")
    with pytest.raises(ContentError) as caught:
        cache.get(content_copy)
    assert any(str(p).startswith("data/effects.csv: source_id") for p in caught.value.problems)
    # The live room's phones keep the content their talk started with.
    assert cache.get(content_copy, keep_last_good=True) is first

    def must_not_reload(root):
        raise AssertionError("an unchanged broken file was loaded again")

    monkeypatch.setattr(lien.content, "load_bundle", must_not_reload)
    with pytest.raises(ContentError):
        cache.get(content_copy)
    monkeypatch.undo()
    edit(effects, "martin2001,", "martin2000,")
    fixed = cache.get(content_copy)
    assert fixed is not first and fixed.effects == first.effects


def test_within_its_interval_the_content_cache_does_not_look_at_the_files(content_copy):
    cache = BundleCache(every_s=3600)
    first = cache.get(content_copy)
    edit(content_copy / "data" / "effects.csv", "martin2000,", "martin2001,")
    assert cache.get(content_copy) is first


def test_a_helpline_with_a_small_fee_says_so_in_every_language(bundle):
    # La Main Tendue (143) costs 20 centimes a call (143.ch): never shown as free.
    for lang in bundle.languages:
        view = View(bundle, lang)
        lines = [line for _, lines in view.helplines() for line in lines if "143" in line]
        assert lines and all(bundle.ui[lang]["safety.cost_small_fee"] in line for line in lines)
        assert not any(bundle.ui[lang]["safety.cost_free"] in line for line in lines)
