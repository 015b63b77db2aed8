"""/attachment under AppTest: each chart's control changes its figure as it should."""

from __future__ import annotations

import json

import pytest

from lien.charts.dimensions import HIGHLIGHT_OPACITY
from lien.handout import handout_html
from lien.ui.markup import note_html
from lien.view import View
from tests.helpers.apptest import (
    all_text,
    data_csv,
    data_panel,
    headings_of,
    open_page,
    shown_table,
)


def spec(at, index: int) -> dict:
    """The Plotly JSON of the index-th chart on the page (prevalence, stress, map)."""
    return json.loads(at.get("plotly_chart")[index].proto.spec)


PREVALENCE, STRESS, MAP = 0, 1, 2


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_attachment_page_shows_its_three_charts_in_the_chosen_language(bundle, lang):
    at = open_page("attachment", lang)
    ui = bundle.ui[lang]
    assert len(at.get("plotly_chart")) == 3
    subheaders = headings_of(at, 3)
    for key in ("prevalence", "stress", "map"):
        assert ui[f"attachment.{key}.title"] in subheaders
    title = spec(at, PREVALENCE)["layout"]["title"]["text"].replace(
        "<br>", " "
    )  # wrapped for a phone
    assert title == ui["attachment.group.infant"]
    shown = all_text(at)
    assert ui["charts.illustrative"] in shown  # the stress chart is labelled illustrative
    assert ui["attachment.prevalence.claim_disorganized"] in shown
    # The map's caution, in its tinted note box (as st.info) under the map's caption.
    note = note_html(ui["attachment.map.loose_match"])
    assert any(note in c.value for c in at.caption)


def test_choosing_adults_by_interview_shows_the_aai_split_and_unresolved(bundle):
    at = open_page("attachment", "en")
    at.segmented_control(key="attachment_group").set_value("adult_aai").run()
    figure = spec(at, PREVALENCE)
    assert figure["layout"]["title"]["text"] == "Adults · interview (AAI)"
    bars = [t for t in figure["data"] if t["type"] == "bar"]
    assert [b["name"] for b in bars] == ["Bakermans-Kranenburg & van IJzendoorn 2009"]
    assert dict(zip(bars[0]["y"], bars[0]["x"], strict=True)) == {  # horizontal bars
        "Secure": 58,
        "Dismissing": 23,
        "Preoccupied": 19,
        "Unresolved": 18,
    }
    claim = next(t for t in figure["data"] if t["type"] == "scatter")
    assert dict(zip(claim["y"], claim["x"], strict=True)) == {"Secure": 50, "Unresolved": 5}
    # The caption names every source of the numbers on screen.
    assert "Bakermans-Kranenburg & van IJzendoorn 2009" in all_text(at)


def test_turning_off_the_claims_removes_the_marked_reference(bundle):
    at = open_page("attachment", "fr")
    assert any(t["type"] == "scatter" for t in spec(at, PREVALENCE)["data"])
    at.toggle(key="attachment_claims").set_value(False).run()
    assert all(t["type"] == "bar" for t in spec(at, PREVALENCE)["data"])
    assert bundle.ui["fr"]["attachment.prevalence.claim_secure"] not in all_text(at)


def test_choosing_a_style_lights_its_region_and_lists_its_behaviours_under_stress(bundle):
    at = open_page("attachment", "en")
    shapes = spec(at, MAP)["layout"]["shapes"]
    assert all(s["opacity"] < HIGHLIGHT_OPACITY for s in shapes)
    at.segmented_control(key="attachment_style").set_value("preoccupied").run()
    shapes = spec(at, MAP)["layout"]["shapes"]
    assert [s["name"] for s in shapes if s["opacity"] == HIGHLIGHT_OPACITY] == ["preoccupied"]
    shown = all_text(at)
    for behaviour in bundle.stress["en"].style("preoccupied").behaviours:
        assert behaviour in shown
    at.segmented_control(key="attachment_style").set_value("avoidant").run()
    shapes = spec(at, MAP)["layout"]["shapes"]
    assert [s["name"] for s in shapes if s["opacity"] == HIGHLIGHT_OPACITY] == ["dismissing"]
    assert bundle.stress["en"].style("avoidant").behaviours[0] in all_text(at)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_choosing_a_stressor_redraws_the_curves_of_that_stressor(bundle, lang):
    at = open_page("attachment", lang)
    values = bundle.stress_values.scenarios
    figure = spec(at, STRESS)
    assert {t["meta"]["style"]: t["y"] for t in figure["data"]} == values["argument"]
    at.segmented_control(key="attachment_scenario").set_value("farewell").run()
    figure = spec(at, STRESS)
    title = figure["layout"]["title"]["text"].replace("<br>", " ")
    assert title == bundle.stress[lang].scenario("farewell").label
    assert {t["meta"]["style"]: t["y"] for t in figure["data"]} == values["farewell"]
    assert bundle.stress[lang].scenario("farewell").responses["avoidant"] in all_text(at)


def test_each_chart_offers_its_data_as_a_table_and_a_csv(bundle):
    at = open_page("attachment", "en")
    for key in ("attachment_prevalence", "attachment_map", "attachment_stress"):
        # Closed until the reader opens it, in the caption under its chart: one element.
        assert data_panel(at, key).startswith(
            f'<details class="lien-data"><summary>{bundle.ui["en"]["charts.see_data"]}<'
        )
        assert len(shown_table(at, key)) == 1 + len(data_csv(at, key))
    assert not at.expander and not at.get("download_button")
    assert data_csv(at, "attachment_prevalence")["Percent"].tolist()[:3] == [66, 22, 12]
    # One number of decimals down a column (51.6 further down).
    assert [row[2] for row in shown_table(at, "attachment_prevalence")[1:4]] == [
        "66.0",
        "22.0",
        "12.0",
    ]


def test_the_handout_prints_the_attachment_charts_with_their_text_alternatives(bundle):
    at = open_page("attachment", "en")  # registers the charts and warms their cache
    assert not at.exception
    page = handout_html(View(bundle, "en"))
    assert page.count("class='chart'") >= 4
    assert bundle.ui["en"]["attachment.stress.title"] in page
    assert bundle.ui["en"]["charts.illustrative"] in page


@pytest.mark.parametrize(
    ("section", "title_key"),
    [
        ("secure", "attachment.prevalence.title"),
        ("disorganized", "attachment.stress.title"),
        ("dimensions", "attachment.map.title"),
    ],
)
def test_in_present_mode_each_chart_title_sits_one_level_below_the_slide(
    bundle, section, title_key
):
    deck = bundle.deck("en", "attachment")
    number = next(i for i, s in enumerate(deck, 1) if s.section == section)
    # A link made before talks: the page's Nth slide (without `talk`, N counts on the page).
    at = open_page("attachment", "en", present="1", slide=str(number))
    assert [h.value for h in at.header] == [bundle.ui["en"][title_key]]  # h2 under the h1
    assert len(at.get("plotly_chart")) == 1
