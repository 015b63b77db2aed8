"""The reflection: scoring (reverse keys, the map's coordinates) and the page in both languages."""

from __future__ import annotations

import json

import pytest

from lien.content.models import Statement
from lien.reflection import keyed, level, map_point
from lien.sitemap import PAGE_IDS
from tests.helpers.apptest import all_text, open_page


def statement(id_, dimension, reverse=False):
    return Statement(id=id_, dimension=dimension, reverse=reverse, text="…")


TWO_BY_TWO = [
    statement("a1", "anxiety"),
    statement("a2", "anxiety", reverse=True),
    statement("v1", "avoidance"),
    statement("v2", "avoidance", reverse=True),
]


def test_a_reverse_keyed_answer_counts_the_other_way_round():
    assert [keyed(a, True) for a in range(1, 8)] == [7, 6, 5, 4, 3, 2, 1]
    assert [keyed(a, False) for a in range(1, 8)] == [1, 2, 3, 4, 5, 6, 7]
    with pytest.raises(ValueError):
        keyed(8, False)


def test_the_point_is_avoidance_across_and_anxiety_up_each_the_mean_of_keyed_answers():
    answers = {"a1": 7, "a2": 1, "v1": 2, "v2": 6}
    # anxiety: 7 and (8 - 1) = 7; avoidance: 2 and (8 - 6) = 2
    assert map_point(TWO_BY_TWO, answers) == (2.0, 7.0)
    answers = {"a1": 4, "a2": 3, "v1": 5, "v2": 2}
    assert map_point(TWO_BY_TWO, answers) == (5.5, 4.5)


def test_agreeing_with_everything_lands_in_the_middle_when_keys_are_balanced():
    assert map_point(TWO_BY_TWO, dict.fromkeys(["a1", "a2", "v1", "v2"], 7)) == (4.0, 4.0)


def test_there_is_no_point_until_every_statement_is_answered():
    assert map_point(TWO_BY_TWO, {"a1": 7, "a2": 1, "v1": 2}) is None
    assert map_point(TWO_BY_TWO, {"a1": 7, "a2": 1, "v1": 2, "v2": None}) is None


def test_levels_describe_lower_middle_and_higher_tendencies():
    assert [level(x) for x in (1, 3.4, 3.5, 4.5, 4.6, 7)] == [
        "low",
        "low",
        "middle",
        "middle",
        "high",
        "high",
    ]


def test_the_real_statements_are_balanced_and_some_are_reverse_keyed(bundle):
    for lang in bundle.languages:
        statements = bundle.reflection[lang].statements
        assert 10 <= len(statements) <= 12
        dims = [s.dimension for s in statements]
        assert dims.count("anxiety") == dims.count("avoidance")
        assert any(s.reverse for s in statements if s.dimension == "anxiety")
        assert any(s.reverse for s in statements if s.dimension == "avoidance")
    assert "reflection" in PAGE_IDS


# --- the page under AppTest --------------------------------------------------------------


def answer_all(at, bundle, lang, answer_of):
    for s in bundle.reflection[lang].statements:
        at.radio(key=f"reflection_{s.id}").set_value(answer_of(s))
    return at.run()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_reflection_puts_the_readers_point_on_the_map_with_tendencies(bundle, lang):
    at = open_page("reflection", lang)
    ui = bundle.ui[lang]
    shown = all_text(at)
    assert ui["reflection.notice"] in shown and ui["reflection.private"] in shown
    assert ui["reflection.incomplete"] in shown
    assert not at.get("plotly_chart")

    # High anxiety, low avoidance: agree with anxiety items, disagree with avoidance ones,
    # both the other way round where reverse-keyed.
    def answer_of(s):
        agree = s.dimension == "anxiety"
        return 7 if agree != s.reverse else 1

    at = answer_all(at, bundle, lang, answer_of)
    assert not at.exception
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    point = next(t for t in figure["data"] if t.get("meta", {}).get("kind") == "point")
    assert (point["x"][0], point["y"][0]) == (1.0, 7.0)
    shown = all_text(at)
    assert ui["reflection.anxiety_high"] in shown
    assert ui["reflection.avoidance_low"] in shown
    assert ui["reflection.change"] in shown  # tendencies that can change: earned security
    assert ui["reflection.professional"] in shown
    assert "3114" in shown and "988" in shown  # the safety lines on the page
    # Never a type: the result names no region or style of the map.
    result = "\n".join(ui[f"reflection.{k}"] for k in ("anxiety_high", "avoidance_low", "change"))
    for region in ("secure", "preoccupied", "dismissing", "fearful"):
        assert ui[f"attachment.region.{region}"] not in result


def test_reverse_keyed_statements_move_the_point_the_other_way(bundle):
    at = open_page("reflection", "en")
    at = answer_all(at, bundle, "en", lambda s: 7)  # agree with everything
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    point = next(t for t in figure["data"] if t.get("meta", {}).get("kind") == "point")
    statements = bundle.reflection["en"].statements
    expected = []
    for dim in ("avoidance", "anxiety"):
        mine = [s for s in statements if s.dimension == dim]
        expected.append(round(sum(1 if s.reverse else 7 for s in mine) / len(mine), 2))
    assert [point["x"][0], point["y"][0]] == expected
    assert expected[0] < 7 and expected[1] < 7


def test_clearing_the_answers_removes_them_and_the_point(bundle):
    at = open_page("reflection", "fr")
    at = answer_all(at, bundle, "fr", lambda s: 4)
    assert at.get("plotly_chart")
    at.button(key="reflection_clear").click().run()
    assert not at.get("plotly_chart")
    assert all(
        at.radio(key=f"reflection_{s.id}").value is None for s in bundle.reflection["fr"].statements
    )
    assert bundle.ui["fr"]["reflection.incomplete"] in all_text(at)


def _texts_of(node) -> list[str]:
    """Every string of a figure's JSON (names, labels, hovers, annotations, titles)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [t for value in node.values() for t in _texts_of(value)]
    if isinstance(node, list):
        return [t for value in node for t in _texts_of(value)]
    return []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_map_drawn_with_a_readers_point_carries_no_style_names(bundle, lang):
    # A high/high reader, the corner where the attachment page's map puts "Disorganized".
    at = open_page("reflection", lang)
    at = answer_all(at, bundle, lang, lambda s: 1 if s.reverse else 7)
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    drawn = "\n".join(_texts_of(figure)).lower()
    ui = bundle.ui[lang]
    names = [
        ui[key]
        for key in ui
        if key.startswith(("attachment.style.", "attachment.region.", "attachment.category."))
    ]
    for other in bundle.languages:  # nor in the other language
        texts = bundle.ui[other]
        names += [texts[k] for k in texts if k.startswith("attachment.style.")]
    assert names and not [n for n in names if n.lower() in drawn], drawn
    assert ui["attachment.map.style_marker"].lower() not in drawn
    assert not [t for t in figure["data"] if t.get("meta", {}).get("kind") == "styles"]


def test_the_maps_lines_and_the_texts_words_use_the_same_cut_offs(bundle):
    from lien.reflection import HIGH, LOW

    at = open_page("reflection", "fr")
    at = answer_all(at, bundle, "fr", lambda s: 4)
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    shapes = figure["layout"]["shapes"]
    edges = {round(s[k], 2) for s in shapes for k in ("x0", "x1", "y0", "y1")}
    # The band runs from LOW to HIGH (the words' cut-offs); the other edges are the scale's ends.
    assert edges - {1.0, 7.0} == {LOW, HIGH}
    shown = all_text(at)
    compared = bundle.ui["fr"]["reflection.compared"].format(low="3,5", high="4,5")
    assert compared in shown
    assert "pas à celles d'autres personnes" in compared  # the middle of the scale, not others
    assert (LOW, HIGH) == (3.5, 4.5)
