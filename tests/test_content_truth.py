"""`python -m lien check` keeps the app true to its sources and speaks to an editor plainly.

Each check is tried on a temporary copy of the content, broken the way a careless edit would.
"""

from __future__ import annotations

from lien.check import run_check
from lien.content import load_bundle
from lien.content.numbers import citation_patterns, numbers_in
from tests.helpers import edit, problems_of

# --- numbers in prose must be numbers of the cited study (issue 9, req 8) --------------------


def test_a_percentage_the_cited_study_does_not_hold_fails_the_check(content_copy):
    path = content_copy / "content" / "fr" / "pages" / "attachment.toml"
    edit(path, "**51,6 %** de nourrissons sécures", "**51,9 %** de nourrissons sécures")
    problems = problems_of(content_copy)
    assert (
        "content/fr/pages/attachment.toml: sections \"secure\", evidence: '51,9' is not in the "
        "data of madigan2023, deneault2023 (data/*.csv): correct the number, or cite the study "
        "it comes from" in problems
    ), problems


def test_a_source_link_to_a_study_with_no_figure_of_that_kind_fails_the_check(content_copy):
    # Madigan 2023 holds percentages and a sample size, no correlation.
    path = content_copy / "content" / "en" / "pages" / "attachment.toml"
    edit(
        path,
        "([Madigan et al., 2023](source:madigan2023))",
        "(r = 0.31, [Madigan et al., 2023](source:madigan2023))",
    )
    problems = problems_of(content_copy)
    assert any(
        p.startswith('content/en/pages/attachment.toml: sections "secure", evidence:')
        and "'0.31' is a correlation r, but the data of madigan2023, deneault2023 hold none of "
        "that kind"
        in p
        for p in problems
    ), problems


def test_a_number_cited_by_author_and_year_without_a_link_is_checked_too(content_copy):
    path = content_copy / "content" / "en" / "slides.toml"
    edit(
        path, "r = 0.29 (Eubanks, Muran & Safran, 2018)", "r = 0.39 (Eubanks, Muran & Safran, 2018)"
    )
    problems = problems_of(content_copy)
    assert any("'0.39' is not in the data of eubanks2018" in p for p in problems), problems


def test_numbers_rounded_as_the_text_rounds_them_and_years_pass(bundle):
    # 7.7 % written "about 8 %", .278 written "0,28"; the year of a citation is not a figure.
    found = numbers_in("environ 8 % et r = 0,28 en 2018, 30 000 patients, 4 sur 10", "fr")
    assert [(f.text, f.kind) for f in found] == [
        ("8", "percent"),
        ("0,28", "r"),
        ("30 000", "count"),
    ]
    assert run_check()[0] == 0
    assert "fluckiger2018" in citation_patterns(bundle.sources)


def test_the_confidence_level_is_not_taken_for_a_figure():
    assert numbers_in("r = .275 (95% CI .25–.30)", "en")[0].text == ".275"
    assert [f.text for f in numbers_in("IC 95 % : 0,25 à 0,30 (r = 0,275)", "fr")][:1] != ["95"]


# --- the source page is a claim, never data (issue 9, req 4) --------------------------------


def test_the_source_page_is_a_claim_and_says_what_it_is(bundle):
    page = bundle.source("source_page")
    assert page.status == "claim"
    assert {f.kind for f in bundle.figures if f.source_id == "source_page"} == {"claim"}
    assert "web" in bundle.source_texts["en"]["source_page"].title.lower()
    assert "practitioner" in bundle.source_texts["en"]["source_page"].container.lower()


def test_a_claim_charted_as_data_fails_the_check(content_copy):
    edit(
        content_copy / "data" / "figures.csv",
        "claim_secure,source_page,50,percent,claim",
        "claim_secure,source_page,50,percent,measured",
    )
    with (content_copy / "data" / "prevalence.csv").open("a", encoding="utf-8") as csv:
        csv.write("source_page,infant,secure,50,single,\n")
    problems = problems_of(content_copy)
    assert (
        "data/figures.csv: id 'claim_secure': its source 'source_page' is a claim (status in "
        "sources.csv), so its figures are kind = claim, not 'measured'" in problems
    ), problems
    assert any(
        p.startswith("data/prevalence.csv: line 21: its source 'source_page' is a claim")
        for p in problems
    ), problems


# --- messages a practitioner understands (issue 14, req 5) ----------------------------------


def _break_line(path, start: str, new: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith(start))
    lines[number] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return number + 1


def test_curly_quotes_from_a_word_processor_say_to_type_straight_quotes(content_copy):
    path = content_copy / "content" / "fr" / "ui.toml"
    line = _break_line(path, "button = ", "button = “Besoin d'aide ?”")
    assert problems_of(content_copy) == [
        f"content/fr/ui.toml: line {line}: curly quotes (“ ” « » ‘ ’), as a word processor types "
        'them, cannot open or close a text: use straight quotes (") around it (the line reads: '
        "button = “Besoin d'aide ?”)"
    ]


def test_a_line_break_inside_quotes_says_to_use_triple_quotes_with_no_noise_after(content_copy):
    path = content_copy / "content" / "en" / "polls.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('text = "', 'text = "A\n', 1), encoding="utf-8")
    problems = problems_of(content_copy)
    assert len(problems) == 1, problems  # nothing about French polls "missing" in English
    assert problems[0].startswith("content/en/polls.toml: line ")
    assert 'put three quotes before and after it ("""…""")' in problems[0]


def test_an_unclosed_triple_quote_names_the_line_where_the_text_starts(content_copy):
    path = content_copy / "content" / "en" / "pages" / "home.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('lead = """')
    end = text.index('"""', start + 10)
    path.write_text(text[:end] + text[end + 3 :], encoding="utf-8")
    problems = problems_of(content_copy)
    assert len(problems) == 1, problems
    # tomllib stops further down, where the text's words are read as TOML: the message says
    # what probably happened above.
    assert "may have lost its closing three quotes" in problems[0], problems


def test_items_are_counted_from_one_and_named_by_id(content_copy):
    for lang in ("fr", "en"):
        path = content_copy / "content" / lang / "stress.toml"
        text = path.read_text(encoding="utf-8")
        start = text.index("behaviours = [")
        end = text.index('",', start) + 2
        path.write_text(text[:end] + " 42," + text[end:], encoding="utf-8")
    problems = problems_of(content_copy)
    assert any(
        p.startswith('content/en/stress.toml: styles "secure", behaviours #2: ') for p in problems
    ), problems
    assert not any("[" in p.split(": ")[1] for p in problems), problems


# --- a text missing in one language is shown from the other (issue 14, req 4) --------------


def test_a_poll_written_only_in_french_leaves_every_page_and_is_reported(content_copy):
    path = content_copy / "content" / "en" / "polls.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('[[polls]]\nid = "rupture-first"')
    end = text.find("[[polls]]", start + 9)
    path.write_text(text[:start] + (text[end:] if end > 0 else ""), encoding="utf-8")
    bundle = load_bundle(content_copy)  # loads: nothing is hidden
    assert [p.id for p in bundle.polls["en"]] == [p.id for p in bundle.polls["fr"]]
    french = next(p for p in bundle.polls["fr"] if p.id == "rupture-first")
    assert next(p for p in bundle.polls["en"] if p.id == "rupture-first").prompt == french.prompt
    assert [str(p) for p in bundle.problems] == [
        "content/en/polls.toml: polls \"rupture-first\": missing in 'en' but present in 'fr' (the "
        "app shows the 'fr' text)"
    ]
    code, lines = run_check(content_copy, "en")
    assert code == 1 and lines == [str(p) for p in bundle.problems]


# --- every vignette carries the same caveat (issue 9, req 2) --------------------------------


def test_every_vignette_ends_with_the_same_caveat(bundle):
    for lang in bundle.languages:
        caveat = bundle.ui[lang]["quiz.vignette_caveat"]
        vignettes = [q for q in bundle.quiz[lang].questions if q.kind == "vignette"]
        assert len(vignettes) >= 4
        assert all(q.explanation.endswith(caveat) for q in vignettes)


def test_a_vignette_without_the_caveat_fails_the_check(content_copy):
    edit(
        content_copy / "content" / "en" / "quiz.toml",
        " This describes a strategy in this moment, not who this person is.",
        "",
    )
    problems = problems_of(content_copy)
    assert any(
        p.startswith(
            'content/en/quiz.toml: questions "stress-avoidant", explanation: every '
            "vignette's explanation ends with the sentence of quiz.vignette_caveat"
        )
        for p in problems
    ), problems
