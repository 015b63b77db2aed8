"""`lien check` covers the attachment charts' and the reflection's content files."""

from __future__ import annotations

from tests.helpers import edit, problems_of


def test_a_missing_reflection_file_is_reported(content_copy):
    (content_copy / "content" / "en" / "reflection.toml").unlink()
    assert (
        "content/en/reflection.toml: (file): file is missing (the app shows the 'fr' file)"
        in problems_of(content_copy)
    )


def test_a_stress_scenario_missing_in_one_language_is_reported(content_copy):
    path = content_copy / "content" / "en" / "stress.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index('[[scenarios]]\nid = "farewell"')], encoding="utf-8")
    problems = problems_of(content_copy)
    assert any(
        p.startswith("content/en/stress.toml: scenarios \"farewell\": missing in 'en'")
        for p in problems
    ), problems


def test_a_scenario_without_illustrative_values_or_texts_is_reported(content_copy):
    for lang in ("fr", "en"):
        edit(content_copy / "content" / lang / "stress.toml", 'id = "farewell"', 'id = "goodbye"')
    problems = problems_of(content_copy)
    assert (
        "content/stress-illustrative.toml: scenarios.farewell: no text in content/en/stress.toml"
        in problems
    )
    assert (
        "content/fr/stress.toml: scenarios (id 'goodbye'): no values in "
        "content/stress-illustrative.toml" in problems
    )


def test_a_statement_keyed_differently_in_two_languages_is_reported(content_copy):
    edit(
        content_copy / "content" / "en" / "reflection.toml",
        'id = "s02"\ndimension = "avoidance"',
        'id = "s02"\ndimension = "avoidance"\nreverse = true',
    )
    problems = problems_of(content_copy)
    assert any(
        "content/fr/reflection.toml: statements \"s02\", reverse: missing in 'fr'" in p
        for p in problems
    ), problems


def test_statements_not_half_anxiety_half_avoidance_are_reported(content_copy):
    for lang in ("fr", "en"):
        edit(
            content_copy / "content" / lang / "reflection.toml",
            'id = "s02"\ndimension = "avoidance"',
            'id = "s02"\ndimension = "anxiety"',
        )
    problems = problems_of(content_copy)
    assert (
        "content/fr/reflection.toml: statements: 7 of 12 statements are about anxiety: "
        "half are needed" in problems
    ), problems


def test_an_unknown_dimension_names_the_statement_and_field(content_copy):
    for lang in ("fr", "en"):
        edit(
            content_copy / "content" / lang / "reflection.toml",
            'dimension = "anxiety"',
            'dimension = "anxiousness"',
        )
    problems = problems_of(content_copy)
    assert any(
        p.startswith('content/en/reflection.toml: statements "s01", dimension: ') for p in problems
    )


def test_an_illustrative_value_out_of_range_or_missing_is_reported(content_copy):
    path = content_copy / "content" / "stress-illustrative.toml"
    edit(path, "secure = [1.5, 1.5, 1.0, 0.5]", "secure = [1.5, 1.5, 9.0, 0.5]")
    edit(path, "avoidant = [-1.0, -1.5, -2.0, -1.5]", "avoidant = [-1.0, -1.5]")
    problems = problems_of(content_copy)
    assert any("'argument.secure' has a value outside -3 … 3" in p for p in problems), problems
    # pydantic reports the first failing scenario; fix it and the next one shows.
    edit(path, "secure = [1.5, 1.5, 9.0, 0.5]", "secure = [1.5, 1.5, 1.0, 0.5]")
    problems = problems_of(content_copy)
    assert any("'silence.avoidant' has 2 values, not 4 (phases)" in p for p in problems), problems


def test_a_chart_text_missing_in_one_language_is_reported(content_copy):
    edit(
        content_copy / "content" / "en" / "ui-attachment.toml",
        'loose_match = "',
        '# loose_match = "',
    )
    problems = problems_of(content_copy)
    assert (
        "content/en/ui-attachment.toml: attachment.map.loose_match: missing: the app shows this "
        "text (add it); the 'fr' text is shown meanwhile" in problems
    )
