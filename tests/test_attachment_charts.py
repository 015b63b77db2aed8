"""The attachment charts' pure builders: the numbers plotted are data/'s, labels the reader's."""

from __future__ import annotations

import json
from itertools import pairwise

import pytest

from lien.charts.dimensions import (
    HIGHLIGHT_OPACITY,
    dimension_map_figure,
    reflection_map_figure,
    reflection_map_parts,
)
from lien.charts.prevalence import (
    GROUPS,
    Study,
    prevalence_alt_text,
    prevalence_figure,
    prevalence_table,
)
from lien.charts.stress import stress_alt_text, stress_figure, stress_table
from lien.charts.style import MIN_FONT_PX, OKABE_ITO
from lien.content.models import STYLE_IDS
from lien.text import decimal, percent, short_citation
from lien.view import View


def plain(text: str) -> str:
    """A chart's text as read: the lines it is wrapped into (to fit a phone) joined again."""
    return text.replace("<br>", " ")


LANGS = ("fr", "en")


def studies(bundle, lang):
    return {
        s.id: Study(
            short_citation(s, bundle.source_texts[lang][s.id].authors),
            bundle.source_texts[lang][s.id].sample,
            bundle.source_texts[lang][s.id].measure,
        )
        for s in bundle.sources
    }


def claims(bundle):
    return [bundle.figure("claim_secure"), bundle.figure("claim_disorganized")]


def prevalence(bundle, lang, group, with_claims=True):
    return prevalence_figure(
        bundle.prevalence,
        studies(bundle, lang),
        bundle.ui[lang],
        lang,
        group,
        claims(bundle) if with_claims else (),
    )


def all_font_sizes(figure) -> list[float]:
    """Every font size set anywhere in the figure's JSON."""
    sizes = []

    def walk(node, key=""):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "size" and "font" in key:
                    sizes.append(v)
                walk(v, k)
        elif isinstance(node, list):
            for item in node:
                walk(item, key)

    walk(json.loads(figure.to_json()))
    return sizes


# --- numbers and names ---------------------------------------------------------------------


def test_numbers_are_written_the_french_or_the_english_way():
    assert decimal(51.6, "fr") == "51,6" and decimal(51.6, "en") == "51.6"
    assert decimal(20720, "fr") == "20\u00a0720" and decimal(20720, "en") == "20,720"
    assert percent(18, "fr") == "18\u00a0%" and percent(18, "en") == "18%"


def test_studies_are_named_by_first_author_and_year(bundle):
    assert short_citation(bundle.source("madigan2023")) == "Madigan et al. 2023"
    assert short_citation(bundle.source("bakermans2009")) == (
        "Bakermans-Kranenburg & van IJzendoorn 2009"
    )
    assert short_citation(bundle.source("ainsworth1978")) == "Ainsworth et al. 1978"
    page = bundle.source("source_page")
    assert short_citation(page, bundle.source_texts["fr"]["source_page"].authors) == (
        "Une psychothérapeute française"
    )


# --- prevalence explorer -------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("group", GROUPS)
def test_the_prevalence_bars_plot_exactly_the_percentages_of_data(bundle, group, lang):
    figure = prevalence(bundle, lang, group)
    bars = [trace for trace in figure.data if trace.type == "bar"]
    expected = {
        (r.source_id, bundle.ui[lang][f"attachment.category.{r.category}"]): r.percent
        for r in bundle.prevalence
        if r.group == group
    }
    # Horizontal bars: the category on y (its name wrapped to fit a phone), the share on x.
    plotted = {
        (bar.meta["source_id"], plain(y)): x
        for bar in bars
        for x, y in zip(bar.x, bar.y, strict=True)
    }
    assert plotted == expected


def test_the_aai_unresolved_share_is_shown_as_it_is_and_marked_as_coded_on_top(bundle):
    figure = prevalence(bundle, "en", "adult_aai")
    bar = next(t for t in figure.data if t.type == "bar" and t.meta["source_id"] == "bakermans2009")
    index = list(bar.y).index("Unresolved")
    assert bar.x[index] == 18
    assert bar.marker.pattern.shape[index] == "/"
    assert "coded on top" in bar.customdata[index]
    # The three-way split is not touched by the overlay: it still adds up to 100.
    assert sum(x for x, y in zip(bar.x, bar.y, strict=True) if y != "Unresolved") == 100


def test_mickelsons_three_published_shares_are_plotted_and_no_remainder_is_invented(bundle):
    # The paper states 59 / 25 / 11 %; the 5 % "not classified" would only be 100 − 95,
    # arithmetic a reader could take for a measurement (audit §1), so it is not drawn.
    figure = prevalence(bundle, "fr", "adult_self_report")
    bar = next(t for t in figure.data if t.meta["source_id"] == "mickelson1997")
    assert dict(zip(bar.y, bar.x, strict=True)) == {"Sécure": 59, "Évitant": 25, "Anxieux": 11}


def test_hovering_a_bar_names_the_study_its_year_its_n_and_its_measure(bundle):
    figure = prevalence(bundle, "en", "infant")
    bar = next(t for t in figure.data if t.meta["source_id"] == "madigan2023")
    hover = bar.customdata[0]
    assert "Madigan et al. 2023" in hover
    assert "N = 20,720" in hover
    assert bundle.source_texts["en"]["madigan2023"].measure in hover
    # No N in data/ for the AAI pool: the chart says so rather than inventing one.
    aai = prevalence(bundle, "en", "adult_aai")
    bar = next(t for t in aai.data if t.meta["source_id"] == "bakermans2009")
    assert "N = not stated" in bar.customdata[0]


def test_the_source_pages_claims_are_a_marked_reference_with_their_explanation(bundle):
    figure = prevalence(bundle, "en", "adult_aai")
    claim = next(t for t in figure.data if t.type == "scatter")
    assert claim.name == bundle.ui["en"]["attachment.prevalence.claim_name"]
    assert dict(zip(claim.y, claim.x, strict=True)) == {"Secure": 50, "Unresolved": 5}
    assert claim.marker.symbol == "diamond"
    assert "18%" in claim.customdata[1] and "nearest adult category" in claim.customdata[1]
    infant = prevalence(bundle, "fr", "infant")
    claim = next(t for t in infant.data if t.type == "scatter")
    # "5 % disorganized in adults" is not drawn on a chart of infants.
    assert list(claim.y) == ["Sécure"] and list(claim.x) == [50]
    assert "51,6\u00a0%" in claim.customdata[0]


def test_the_claims_can_be_hidden(bundle):
    figure = prevalence(bundle, "en", "infant", with_claims=False)
    assert all(t.type == "bar" for t in figure.data)


@pytest.mark.parametrize("lang", LANGS)
def test_the_prevalence_chart_speaks_the_readers_language(bundle, lang):
    other = "en" if lang == "fr" else "fr"
    figure = prevalence(bundle, lang, "infant")
    assert plain(figure.layout.title.text) == bundle.ui[lang]["attachment.group.infant"]
    axis = plain(figure.layout.xaxis.title.text)
    assert axis == bundle.ui[lang]["attachment.prevalence.axis_percent"]
    categories = {plain(y) for t in figure.data for y in t.y}
    assert bundle.ui[lang]["attachment.category.resistant"] in categories
    assert bundle.ui[other]["attachment.category.resistant"] not in categories


def test_the_prevalence_table_and_text_alternative_hold_the_same_numbers(bundle):
    table = prevalence_table(
        bundle.prevalence, studies(bundle, "en"), bundle.ui["en"], "infant", claims(bundle)
    )
    rows = [r for r in bundle.prevalence if r.group == "infant"]
    assert list(table["Percent"]) == [r.percent for r in rows] + [50]
    assert table["Kind"].iloc[-1] == "claim of the source page"
    alt = prevalence_alt_text(
        bundle.prevalence, studies(bundle, "fr"), bundle.ui["fr"], "fr", "infant"
    )
    assert "Madigan et al. 2023\u00a0: sécure 51,6\u00a0%" in alt


# --- two-dimension map ---------------------------------------------------------------------


def region_opacity(figure) -> dict[str, float]:
    return {shape.name: shape.opacity for shape in figure.layout.shapes}


@pytest.mark.parametrize("lang", LANGS)
def test_the_map_names_the_four_regions_and_places_the_four_styles(bundle, lang):
    figure = dimension_map_figure(bundle.ui[lang])
    ui = bundle.ui[lang]
    texts = " ".join(a.text for a in figure.layout.annotations)
    for region in ("secure", "preoccupied", "dismissing", "fearful"):
        assert ui[f"attachment.region.{region}"] in texts
    styles = next(t for t in figure.data if t.meta["kind"] == "styles")
    assert list(styles.text) == [ui[f"attachment.style.{s}"] for s in STYLE_IDS]
    assert plain(figure.layout.xaxis.title.text) == ui["attachment.map.axis_avoidance"]
    assert plain(figure.layout.yaxis.title.text) == ui["attachment.map.axis_anxiety"]
    # The loose match between disorganized and fearful is stated where the style is.
    assert ui["attachment.map.loose_match"] in styles.customdata[STYLE_IDS.index("disorganized")]


def test_choosing_a_style_lights_up_its_region_only(bundle):
    plain = region_opacity(dimension_map_figure(bundle.ui["en"]))
    assert HIGHLIGHT_OPACITY not in plain.values()
    lit = region_opacity(dimension_map_figure(bundle.ui["en"], highlight="avoidant"))
    assert [r for r, o in lit.items() if o == HIGHLIGHT_OPACITY] == ["dismissing"]
    lit = region_opacity(dimension_map_figure(bundle.ui["en"], highlight="disorganized"))
    assert [r for r, o in lit.items() if o == HIGHLIGHT_OPACITY] == ["fearful"]


def test_a_readers_point_is_placed_at_its_coordinates_on_the_reflections_own_map(bundle):
    # The attachment page's map takes no point: a reader is never drawn among its regions.
    figure = reflection_map_figure(bundle.ui["fr"], (2.5, 5.5), (3.5, 4.5))
    point = next(t for t in figure.data if t.meta["kind"] == "point")
    assert (point.x[0], point.y[0]) == (2.5, 5.5)
    assert point.name == "Votre point"
    parts = reflection_map_parts(View(bundle, "fr"), (2.5, 5.5), (3.5, 4.5))
    assert "2,5 sur l'évitement et à 5,5 sur l'anxiété" in parts.alt_text
    assert "de 3,5 à 4,5" in parts.alt_text
    table = reflection_map_parts(View(bundle, "en"), (2.5, 5.5), (3.5, 4.5)).table
    assert table.iloc[0].tolist() == ["Your point", "your point", "2.5", "5.5"]
    assert len(table) == 2  # the point and the middle band: no region, no style


# --- under stress --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("scenario", ["argument", "silence", "farewell"])
def test_the_stress_curves_are_the_illustrative_values_of_content(bundle, lang, scenario):
    values = bundle.stress_values
    figure = stress_figure(values, bundle.stress[lang], bundle.ui[lang], scenario)
    plotted = {t.meta["style"]: list(t.y) for t in figure.data}
    assert plotted == {s: list(v) for s, v in values.scenarios[scenario].items()}
    assert plain(figure.layout.title.text) == bundle.stress[lang].scenario(scenario).label
    assert [plain(x) for x in figure.data[0].x] == [
        bundle.ui[lang][f"attachment.stress.phase_{i}"] for i in range(1, values.phases + 1)
    ]
    table = stress_table(values, bundle.ui[lang], scenario)
    assert len(table) == 4 * values.phases


def test_the_three_insecure_strategies_have_their_shape(bundle):
    """Deactivating stays below zero, hyperactivating above, alternating changes sign."""
    for scenario, by_style in bundle.stress_values.scenarios.items():
        assert all(v < 0 for v in by_style["avoidant"]), scenario
        assert all(v > 0 for v in by_style["preoccupied"]), scenario
        signs = [v > 0 for v in by_style["disorganized"]]
        assert any(a != b for a, b in pairwise(signs)), scenario


def test_the_stress_text_alternative_names_each_strategy(bundle):
    alt = stress_alt_text(bundle.stress["en"], bundle.ui["en"], "silence")
    assert "Deactivating" in alt and "Hyperactivating" in alt and "Alternating" in alt


# --- every chart ---------------------------------------------------------------------------


def every_figure(bundle):
    for lang in LANGS:
        yield prevalence(bundle, lang, "adult_aai")
        yield dimension_map_figure(bundle.ui[lang], highlight="secure")
        yield reflection_map_figure(bundle.ui[lang], (3, 3), (3.5, 4.5))
        yield stress_figure(bundle.stress_values, bundle.stress[lang], bundle.ui[lang], "argument")


def test_no_text_on_any_attachment_chart_is_smaller_than_16_px(bundle):
    for figure in every_figure(bundle):
        sizes = all_font_sizes(figure)
        assert sizes and min(sizes) >= MIN_FONT_PX


def hex_colours(node) -> set[str]:
    """Every '#rrggbb' colour set in a figure's JSON (traces, shapes)."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("color", "fillcolor") and isinstance(value, str) and value.startswith("#"):
                found.add(value.upper())
            found |= hex_colours(value)
    elif isinstance(node, list):
        for item in node:
            found |= hex_colours(item)
    return found


def test_every_colour_on_the_attachment_charts_is_okabe_ito(bundle):
    palette = {c.upper() for c in OKABE_ITO.values()}
    for figure in every_figure(bundle):
        spec = json.loads(figure.to_json())
        colours = hex_colours(spec["data"]) | hex_colours(spec["layout"].get("shapes", []))
        assert colours and colours <= palette, colours - palette


def contrast_on_white(hex_colour: str) -> float:
    """WCAG 2 contrast ratio of a colour against white."""

    def channel(c: int) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def test_axis_text_is_set_dark_enough_for_wcag_aa_whatever_the_streamlit_theme(bundle):
    for figure in every_figure(bundle):
        for axis in (figure.layout.xaxis, figure.layout.yaxis):
            for font in (axis.tickfont, axis.title.font):
                assert font.color and contrast_on_white(font.color) >= 4.5


def test_bar_labels_too_small_to_read_are_hidden_rather_than_shrunk():
    import plotly.graph_objects as go

    from lien.charts.style import MIN_BAR_TEXT_PX, styled

    layout = styled(go.Figure(go.Bar(x=["a"], y=[1], text=["1 %"]))).layout
    assert layout.uniformtext.mode == "hide"
    assert layout.uniformtext.minsize == MIN_BAR_TEXT_PX >= 12
