"""The alliance and rupture charts: numbers plotted equal data/, labels follow the language."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from lien.charts import (
    alliance_forest,
    alliance_lambert,
    alliance_r,
    alliance_shares,
    repair,
    rupture,
)
from lien.charts import components as comp
from lien.charts.style import MIN_FONT_PX, OKABE_ITO
from lien.content import ROOT
from lien.text import short_citation
from tests.helpers import edit, problems_of

LANGS = ("fr", "en")
NEUTRALS = {"#BBBBBB", "#1A1A1A", "#595959", "#FFFFFF", "#000000"}


def csv_rows(name: str) -> list[dict[str, str]]:
    """A data table read straight from the file, independently of the app's loader."""
    with (ROOT / "data" / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def value_of(cell: str) -> float | None:
    return float(cell) if cell.strip() else None


@pytest.fixture(scope="module")
def sources(bundle):
    return {s.id: s for s in bundle.sources}


@pytest.fixture(scope="module")
def figures(bundle):
    return {f.id: f for f in bundle.figures}


def alliance_rows(bundle):
    return [e for e in bundle.effects if e.effect == "alliance_outcome"]


def font_sizes(node, path=""):
    """Every font size set anywhere in a figure's JSON, with where it is."""
    if isinstance(node, dict):
        for key, value in node.items():
            if "font" in key.lower() and isinstance(value, dict) and "size" in value:
                sizes = value["size"] if isinstance(value["size"], list) else [value["size"]]
                for size in sizes:
                    yield f"{path}.{key}", size
            yield from font_sizes(value, f"{path}.{key}")
    elif isinstance(node, list | tuple):
        for index, item in enumerate(node):
            yield from font_sizes(item, f"{path}[{index}]")


def all_figures(bundle, sources, figures, lang):
    ui = bundle.ui[lang]
    therapies = alliance_r.simulate_therapies(0.28)
    return {
        "components": comp.components_figure(bundle.components[lang], ui, "empathy"),
        "forest": alliance_forest.forest_figure(
            alliance_rows(bundle), sources, ui, lang, title="t"
        ),
        "r": alliance_r.r_figure(therapies, 0.28, ui, lang),
        "shares": alliance_shares.shares_figure(figures, sources, ui, lang),
        "lambert": alliance_lambert.lambert_figure(figures, sources, ui, lang),
        "rupture": rupture.rupture_figure(
            rupture.illustrative_course("withdrawal", True), "withdrawal", True, ui, lang
        ),
        "repair": repair.repair_figure(bundle.effects, sources, ui, lang),
    }


# --- forest plot ---------------------------------------------------------------------------


def test_the_forest_plot_draws_each_meta_analysis_at_its_r_and_interval_from_effects_csv(
    bundle, sources
):
    expected = {
        short_citation(sources[row["source_id"]]): row
        for row in csv_rows("effects.csv")
        if row["effect"] == "alliance_outcome"
    }
    figure = alliance_forest.forest_figure(
        alliance_rows(bundle), sources, bundle.ui["en"], "en", title="t"
    )
    plotted = {}
    for trace in figure.data:
        error = trace.error_x
        for i, (label, x) in enumerate(zip(trace.y, trace.x, strict=True)):
            name = label.split("<br>")[0]
            plus = error.array[i] if error and error.array is not None else None
            minus = error.arrayminus[i] if error and error.arrayminus is not None else None
            plotted[name] = (x, plus, minus)
    assert set(plotted) == set(expected) and len(expected) == 4
    for name, row in expected.items():
        x, plus, minus = plotted[name]
        assert x == pytest.approx(float(row["r"]))
        if row["ci_low"]:
            assert x + plus == pytest.approx(float(row["ci_high"]))
            assert x - minus == pytest.approx(float(row["ci_low"]))
        else:
            assert plus is None and minus is None, f"{name} has no CI in data/ but one is drawn"


def test_the_forest_plot_writes_k_and_n_under_each_study_as_in_effects_csv(bundle, sources):
    figure = alliance_forest.forest_figure(
        alliance_rows(bundle), sources, bundle.ui["en"], "en", title="t"
    )
    labels = [label for trace in figure.data for label in trace.y]
    # the study on the first line of its label, k and N on the line under it
    notes = {label.partition("<br>")[0]: label.partition("<br>")[2] for label in labels}
    for row in csv_rows("effects.csv"):
        if row["effect"] != "alliance_outcome":
            continue
        note = notes[short_citation(sources[row["source_id"]])]
        if row["k"]:
            assert f"k = {row['k']}" in note
        else:
            assert "k =" not in note
        if row["n"]:
            assert f"{int(row['n']):,}" in note
            assert ("more than" in note) == (row["n_is_minimum"] == "true")


@pytest.mark.parametrize("lang", LANGS)
def test_the_forest_plot_speaks_the_chosen_language(bundle, sources, lang):
    ui = bundle.ui[lang]
    figure = alliance_forest.forest_figure(alliance_rows(bundle), sources, ui, lang, title="t")
    # Titles are wrapped to fit a phone; read as one line, they are the content's text.
    assert figure.layout.xaxis.title.text.replace("<br>", " ") == ui["alliance_charts.forest_x"]
    assert {t.name for t in figure.data} == {
        ui["alliance_charts.forest_ci"],
        ui["alliance_charts.forest_no_ci"],
    }
    assert figure.layout.separators == (",\u00a0" if lang == "fr" else ".,")
    alt = alliance_forest.forest_alt(alliance_rows(bundle), sources, ui, lang)
    assert ("0,278" if lang == "fr" else "0.278") in alt


def test_k_of_horvath_and_symonds_1991_stays_empty_until_confirmed():
    # EVIDENCE marks it "check": secondary sources disagree (24 studies; k = 26 in Horvath
    # et al. 2011), so no k is shown rather than a guess.
    row = next(r for r in csv_rows("effects.csv") if r["source_id"] == "horvath1991")
    assert row["k"] == ""


# --- what does r look like -----------------------------------------------------------------


@pytest.mark.parametrize("r", [0.0, 0.1, 0.28, 0.5, 0.9, 1.0])
def test_the_simulated_therapies_show_the_chosen_r(r):
    therapies = alliance_r.simulate_therapies(r)
    assert len(therapies) == 300
    assert alliance_r.sample_r(therapies) == pytest.approx(r, abs=1e-9)


def test_the_simulation_is_seeded_so_it_is_the_same_twice_and_differs_with_another_seed():
    first, second = alliance_r.simulate_therapies(0.28), alliance_r.simulate_therapies(0.28)
    assert first.equals(second)
    other = alliance_r.simulate_therapies(0.28, seed=alliance_r.SIMULATION_SEED + 1)
    assert not np.allclose(first["alliance"], other["alliance"])


def test_moving_r_moves_the_same_therapies_along_the_outcome_axis_only():
    low, high = alliance_r.simulate_therapies(0.1), alliance_r.simulate_therapies(0.6)
    assert np.array_equal(low["alliance"], high["alliance"])
    assert not np.allclose(low["outcome"], high["outcome"])


def test_r_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError):
        alliance_r.simulate_therapies(1.2)


@pytest.mark.parametrize("lang", LANGS)
def test_the_r_chart_shows_r_squared_as_a_share_of_the_variance(bundle, lang):
    ui = bundle.ui[lang]
    therapies = alliance_r.simulate_therapies(0.5)
    figure = alliance_r.r_figure(therapies, 0.5, ui, lang)
    scatter, line, share, rest = figure.data
    assert np.array_equal(scatter.x, therapies["alliance"])
    assert np.array_equal(scatter.y, therapies["outcome"])
    assert list(line.y) == pytest.approx([0.5 * x for x in line.x])
    assert share.x[0] == pytest.approx(25.0) and rest.x[0] == pytest.approx(75.0)
    assert share.name.replace("<br>", " ") == ui["alliance_charts.r_share"]
    assert figure.layout.title.text.replace("<br>", " ") == ui["alliance_charts.r_heading"].format(
        r="0,50" if lang == "fr" else "0.50", share="25,0" if lang == "fr" else "25.0"
    )


def test_the_measured_alliance_variance_is_the_square_of_fluckigers_r(figures):
    fluckiger = next(r for r in csv_rows("effects.csv") if r["source_id"] == "fluckiger2018")
    assert figures["alliance_variance"].kind == "derived"
    assert alliance_r.share_of_variance(float(fluckiger["r"])) == pytest.approx(
        figures["alliance_variance"].value, abs=0.05
    )


# --- the percentages and Lambert's estimate ------------------------------------------------


def test_the_claim_stands_as_a_70_to_80_range_beside_the_figures_of_figures_csv(
    bundle, sources, figures
):
    data = {row["id"]: float(row["value"]) for row in csv_rows("figures.csv")}
    ui = bundle.ui["en"]
    figure = alliance_shares.shares_figure(figures, sources, ui, "en")
    keys = [f"alliance_charts.shares_{k}" for k in ("claim", "lambert", "alliance", "therapist")]
    bars, kinds = {}, {}
    for trace in figure.data:
        label = trace.y[0].replace("<br>", " ")
        name = next(ui[k] for k in keys if label.startswith(ui[k] + " "))
        bars[name] = (trace.base[0], trace.x[0])
        kinds[name] = label  # the value and its kind follow the name
    assert "70–80%" in kinds[ui["alliance_charts.shares_claim"]]
    assert ui["alliance_charts.kind_claim"] in kinds[ui["alliance_charts.shares_claim"]]
    assert ui["alliance_charts.kind_estimate"] in kinds[ui["alliance_charts.shares_lambert"]]
    assert bars[ui["alliance_charts.shares_claim"]] == (
        data["claim_alliance_low"],
        data["claim_alliance_high"] - data["claim_alliance_low"],
    )
    assert bars[ui["alliance_charts.shares_lambert"]] == (0, data["lambert_relationship"])
    assert bars[ui["alliance_charts.shares_alliance"]] == (0, data["alliance_variance"])
    assert bars[ui["alliance_charts.shares_therapist"]] == (0, data["therapist_effects"])
    hovers = " ".join(t.hovertext[0] for t in figure.data)
    for kind in ("claim", "estimate", "derived", "measured"):
        assert ui[f"alliance_charts.kind_{kind}"] in hovers
    for who in ("Source page", "Lambert 1992", "Flückiger et al. 2018", "Wampold & Brown 2005"):
        assert who in hovers


@pytest.mark.parametrize("lang", LANGS)
def test_lamberts_pie_plots_figures_csv_and_says_it_is_an_estimate(bundle, sources, figures, lang):
    data = {row["id"]: float(row["value"]) for row in csv_rows("figures.csv")}
    ui = bundle.ui[lang]
    pie = alliance_lambert.lambert_figure(figures, sources, ui, lang)
    trace = pie.data[0]
    assert list(trace.values) == [data[f"lambert_{p}"] for p in alliance_lambert.LAMBERT_PARTS]
    assert list(trace.labels) == [
        ui[f"alliance_charts.lambert_{p}"] for p in alliance_lambert.LAMBERT_PARTS
    ]
    assert ui["alliance_charts.kind_estimate"] in trace.hovertemplate
    assert "Lambert 1992" in trace.hovertemplate
    assert pie.layout.title.text.replace("<br>", " ") == ui["alliance_charts.lambert_title"]
    assert all(figures[f"lambert_{p}"].kind == "estimate" for p in alliance_lambert.LAMBERT_PARTS)


# --- the components ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_treemap_holds_the_frame_the_17_qualities_in_three_families_and_bordins_three(
    bundle, lang
):
    components = bundle.components[lang]
    figure = comp.components_figure(components, bundle.ui[lang])
    trace = figure.data[0]
    parent = dict(zip(trace.ids, trace.parents, strict=True))
    children = {i: [c for c, p in parent.items() if p == i] for i in trace.ids}
    assert children[comp.ROOT_ID] == ["frame", "posture", "collaboration"]
    assert len(children["frame"]) == 4
    assert children["collaboration"] == ["goals", "tasks", "bond"]
    families = children["posture"]
    assert len(families) == 3
    assert sum(len(children[f]) for f in families) == 17
    labels = dict(zip(trace.ids, trace.labels, strict=True))
    assert labels[comp.ROOT_ID] == components.label
    assert labels["empathy"] == {"fr": "Empathie", "en": "Empathy"}[lang]
    # Labels wrap between words, never inside one.
    for label, (shown, _) in zip(trace.labels, trace.customdata, strict=True):
        assert shown.replace("<br>", " ") == label
    assert figure.layout.title.text == bundle.ui[lang]["alliance_charts.components_title"]


def test_choosing_a_part_keeps_its_branch_in_colour_and_fades_the_rest(bundle):
    components = bundle.components["en"]
    whole = comp.components_figure(components, bundle.ui["en"]).data[0]
    chosen = comp.components_figure(components, bundle.ui["en"], "posture_reassure").data[0]
    colour = dict(zip(chosen.ids, chosen.marker.colors, strict=True))
    before = dict(zip(whole.ids, whole.marker.colors, strict=True))
    width = dict(zip(chosen.ids, chosen.marker.line.width, strict=True))
    for kept in ("posture_reassure", "stability", "safety", "posture", comp.ROOT_ID):
        assert colour[kept] == before[kept], kept
    for faded in ("frame", "empathy", "goals", "posture_welcome"):
        assert colour[faded] != before[faded], faded
    assert width["posture_reassure"] > width["stability"] == width["frame"]


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("selected", [None, "frame", "empathy"])
def test_black_labels_keep_wcag_aa_contrast_on_every_tile(bundle, selected):
    trace = comp.components_figure(bundle.components["fr"], bundle.ui["fr"], selected).data[0]
    assert trace.textfont.color == "#000000"
    for colour in trace.marker.colors:
        assert (_luminance(colour) + 0.05) / 0.05 >= 4.5, colour


# --- rupture and repair --------------------------------------------------------------------


def test_the_rupture_course_spans_20_sessions_with_two_ruptures_of_each_kind():
    for kind in rupture.RUPTURE_KINDS:
        for repaired in (True, False):
            course = rupture.illustrative_course(kind, repaired)
            assert list(course["session"]) == list(range(1, 21))
            ruptures = course.loc[course["event"] == "rupture", "session"]
            assert list(ruptures) == list(rupture.ILLUSTRATIVE_RUPTURES)


def test_repaired_ruptures_end_higher_and_unrepaired_ones_end_lower_than_before():
    for kind in rupture.RUPTURE_KINDS:
        repaired = rupture.illustrative_course(kind, True)
        broken = rupture.illustrative_course(kind, False)
        first = rupture.ILLUSTRATIVE_RUPTURES[0]
        before = repaired["alliance"][first - 2]  # the session before the first rupture
        assert repaired["alliance"].iloc[-1] > before > broken["alliance"].iloc[-1]
        assert (repaired["event"] == "repair").sum() == 2
        assert (broken["event"] == "unrepaired").sum() == 2 and "repair" not in set(broken["event"])


def test_a_confrontation_drops_at_once_and_a_withdrawal_slides_over_several_sessions():
    first = rupture.ILLUSTRATIVE_RUPTURES[0]

    def drops(kind):
        values = list(rupture.illustrative_course(kind, False)["alliance"])
        return [round(values[s - 2] - values[s - 1], 3) for s in range(first, first + 3)]

    confrontation, withdrawal = drops("confrontation"), drops("withdrawal")
    assert confrontation[0] > 1.5 and max(confrontation[1:]) < 0.2
    assert all(0.2 <= d <= 0.6 for d in withdrawal)


@pytest.mark.parametrize("lang", LANGS)
def test_the_rupture_chart_plots_the_course_and_marks_its_events_in_the_language(bundle, lang):
    ui = bundle.ui[lang]
    course = rupture.illustrative_course("confrontation", False)
    figure = rupture.rupture_figure(course, "confrontation", False, ui, lang)
    assert list(figure.data[0].y) == list(course["alliance"])
    marked = {t.name: list(t.x) for t in figure.data[1:]}
    assert marked == {
        ui["therapy_charts.event_rupture"]: [6, 13],
        ui["therapy_charts.event_unrepaired"]: [7, 14],
    }
    assert figure.layout.xaxis.title.text == ui["therapy_charts.rupture_x"]
    # A schematic scale: no numbers on the y axis.
    assert figure.layout.yaxis.showticklabels is False
    alt = rupture.rupture_alt(course, "confrontation", False, ui)
    assert ui["therapy_charts.rupture_outcome_no_repair"] in alt


def test_the_repair_outcome_chart_plots_eubanks_2018_as_in_effects_csv(bundle, sources):
    row = next(r for r in csv_rows("effects.csv") if r["effect"] == "repair_outcome")
    ui = bundle.ui["fr"]
    figure = repair.repair_figure(bundle.effects, sources, ui, "fr")
    trace = figure.data[0]
    index = next(i for i, y in enumerate(trace.y) if "Eubanks et al. 2018" in y)
    assert trace.x[index] == pytest.approx(float(row["r"]))
    assert trace.x[index] + trace.error_x.array[index] == pytest.approx(float(row["ci_high"]))
    assert trace.x[index] - trace.error_x.arrayminus[index] == pytest.approx(float(row["ci_low"]))
    assert ui["therapy_charts.repair_label"] in trace.y[index]
    assert figure.layout.xaxis.title.text.replace("<br>", " ") == ui["therapy_charts.repair_x"]
    alt = repair.repair_alt(bundle.effects, sources, ui, "fr")
    assert "r = 0,29" in alt and "d = 0,62" in alt and "1\u00a0314" in alt


# --- every chart ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_no_text_on_any_chart_is_smaller_than_16_px(bundle, sources, figures, lang):
    for name, figure in all_figures(bundle, sources, figures, lang).items():
        sizes = list(font_sizes(figure.to_plotly_json()))
        assert sizes, name
        small = [(where, size) for where, size in sizes if size < MIN_FONT_PX]
        assert small == [], name


def test_the_data_charts_use_only_okabe_ito_colours_and_neutral_greys(bundle, sources, figures):
    allowed = {c.upper() for c in OKABE_ITO.values()} | NEUTRALS
    for name, figure in all_figures(bundle, sources, figures, "en").items():
        if name == "components":  # tints of Okabe–Ito, checked for contrast above
            continue
        used = set()
        for trace in figure.to_plotly_json()["data"]:
            marker = trace.get("marker", {})
            for colour in (marker.get("color"), trace.get("line", {}).get("color")):
                if isinstance(colour, str):
                    used.add(colour.upper())
            used.update(c.upper() for c in marker.get("colors", []))
        assert used and used <= allowed, (name, used - allowed)


@pytest.mark.parametrize("lang", LANGS)
def test_every_data_table_is_headed_in_the_chosen_language(bundle, sources, figures, lang):
    ui = bundle.ui[lang]

    def heads(*keys):
        return [ui[k] for k in keys]

    a, t = "alliance_charts.", "therapy_charts."
    assert list(comp.components_table(bundle.components[lang], ui).columns) == heads(
        a + "col_part", a + "col_within", a + "col_meaning"
    )
    assert list(alliance_r.r_table(alliance_r.simulate_therapies(0.28), ui).columns) == heads(
        a + "col_therapy", a + "col_alliance", a + "col_outcome"
    )
    assert list(alliance_shares.shares_table(figures, sources, ui, lang).columns) == heads(
        a + "col_figure", a + "col_value", a + "col_kind", a + "col_source"
    )
    course = rupture.illustrative_course("withdrawal", True)
    table = rupture.rupture_table(course, ui)
    assert list(table.columns) == heads(t + "col_session", t + "col_strength", t + "col_event")
    assert ui[t + "event_repair"] in set(table[ui[t + "col_event"]])
    assert (
        alliance_forest.forest_table(alliance_rows(bundle), sources, ui).columns[0]
        == ui[a + "col_source"]
    )
    # The headings really differ between the languages.
    other = bundle.ui["en" if lang == "fr" else "fr"]
    assert ui[a + "col_part"] != other[a + "col_part"]
    assert ui[t + "col_strength"] != other[t + "col_strength"]


def test_short_citations_name_one_two_or_many_authors(bundle, sources):
    assert short_citation(sources["lambert1992"]) == "Lambert 1992"
    assert short_citation(sources["wampold2005"]) == "Wampold & Brown 2005"
    assert short_citation(sources["fluckiger2018"]) == "Flückiger et al. 2018"


# --- components.toml under the check -------------------------------------------------------


def test_the_real_components_load_in_both_languages_with_the_same_parts(bundle):
    ids = {lang: [n.id for n, _ in bundle.components[lang].walk()] for lang in LANGS}
    assert ids["fr"] == ids["en"] and len(ids["fr"]) == 30


def test_a_missing_components_file_is_reported(content_copy):
    (content_copy / "content" / "en" / "components.toml").unlink()
    # The app shows the French file meanwhile; the check still fails on it.
    assert (
        "content/en/components.toml: (file): file is missing (the app shows the 'fr' file)"
        in problems_of(content_copy)
    )


def test_a_quality_missing_in_one_language_is_reported(content_copy):
    path = content_copy / "content" / "en" / "components.toml"
    edit(path, 'id = "warmth"', 'id = "heat"')
    problems = problems_of(content_copy)
    assert (
        'content/en/components.toml: parts "posture", parts "posture_connect", parts "warmth": '
        "missing in 'en' but present in 'fr' (the app shows the 'fr' text)" in problems
    ), problems


def test_a_meaning_left_empty_is_reported_with_its_field(content_copy):
    path = content_copy / "content" / "fr" / "components.toml"
    edit(
        path,
        "meaning = \"Comprendre de l'intérieur ce que vit l'autre, et le lui montrer.\"",
        'meaning = " "',
    )
    problems = problems_of(content_copy)
    assert (
        'content/fr/components.toml: parts "posture", parts "posture_connect", parts "empathy", '
        "meaning: is empty" in problems
    ), problems


def test_an_unknown_field_and_a_bad_brief_point_are_reported(content_copy):
    path = content_copy / "content" / "fr" / "components.toml"
    edit(path, 'covers = ["D1a"]', 'covers = ["Z9"]\ncolour = "red"')
    problems = problems_of(content_copy)
    assert any(
        p.startswith('content/fr/components.toml: parts "frame", parts "frame_practical", covers')
        and "Z9" in p
        for p in problems
    ), problems
    assert any(
        p.startswith('content/fr/components.toml: parts "frame", parts "frame_practical", colour')
        for p in problems
    ), problems


def test_a_part_id_used_twice_is_reported(content_copy):
    for lang in LANGS:
        edit(content_copy / "content" / lang / "components.toml", 'id = "tasks"', 'id = "goals"')
    problems = problems_of(content_copy)
    assert any("part id 'goals' appears twice" in p for p in problems), problems


def test_every_block_placed_by_a_page_exists_and_each_chart_block_is_placed_once(bundle):
    from lien.ui.blocks import BLOCKS

    alliance_blocks = (
        "alliance_components", "alliance_forest", "alliance_r", "alliance_shares", "therapy_rupture"
    )  # fmt: skip
    for lang in LANGS:
        placed = [s.block for page in bundle.pages[lang].values() for s in page.sections if s.block]
        assert set(placed) <= set(BLOCKS), set(placed) - set(BLOCKS)
        for name in alliance_blocks:
            assert placed.count(name) == 1, (lang, name)


def test_a_chart_text_missing_in_one_language_is_reported(content_copy):
    edit(content_copy / "content" / "fr" / "ui-alliance.toml", "forest_zero = ", "forest_nul = ")
    problems = problems_of(content_copy)
    assert (
        "content/fr/ui-alliance.toml: alliance_charts.forest_zero: missing: the app shows this "
        "text (add it); the 'en' text is shown meanwhile" in problems
    ), problems


def test_the_shares_table_writes_its_values_the_readers_way(bundle, sources, figures):
    """The "see the data" panel of the shares chart: 7,7 on a French page, 7.7 on an English
    one (it read "7.7" on both before)."""
    values = {}
    for lang in ("fr", "en"):
        ui = bundle.ui[lang]
        table = alliance_shares.shares_table(figures, sources, ui, lang)
        values[lang] = list(table[ui["alliance_charts.col_value"]])
    decimals = [v for v in values["en"] if "." in v]
    assert decimals, values  # some share has a decimal to write
    assert [v.replace(".", ",") for v in values["en"]] == values["fr"]
    assert not any("." in v for v in values["fr"]), values["fr"]
