"""/alliance and /therapy under AppTest: each chart is shown, and each control changes it."""

from __future__ import annotations

import base64
import io
import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from lien.charts import alliance_forest, alliance_r, rupture
from lien.view import View
from tests.helpers.apptest import (
    all_text,
    data_csv,
    data_panel,
    headings_of,
    open_page,
    shown_table,
)

CHARTS = {
    "alliance": [
        "alliance_forest_chart",
        "alliance_r_chart",
        "alliance_shares_chart",
        "alliance_lambert_chart",
        "alliance_components_chart",
    ],
    "therapy": ["therapy_rupture_chart", "therapy_repair_chart"],
}


def chart_keys(at) -> list[str]:
    return [e.proto.id.rsplit("-", 1)[-1] for e in at.get("plotly_chart")]


def decoded(node):
    """Plotly's JSON with its typed arrays ({'dtype', 'bdata'}) turned back into lists."""
    if isinstance(node, dict):
        if set(node) >= {"dtype", "bdata"}:
            values = np.frombuffer(base64.b64decode(node["bdata"]), dtype=node["dtype"])
            return values.reshape(node["shape"]).tolist() if "shape" in node else values.tolist()
        return {k: decoded(v) for k, v in node.items()}
    if isinstance(node, list):
        return [decoded(v) for v in node]
    return node


def figure(at, key: str) -> go.Figure:
    """The figure a chart element sends to the browser, decoded from its JSON spec."""
    element = next(e for e in at.get("plotly_chart") if e.proto.id.endswith(f"-{key}"))
    return go.Figure(decoded(json.loads(element.proto.spec)))


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page_id", ["alliance", "therapy"])
def test_each_chart_is_on_its_page_with_its_heading_and_text_alternative(bundle, page_id, lang):
    at = open_page(page_id, lang)
    assert chart_keys(at) == CHARTS[page_id]
    ui = bundle.ui[lang]
    headings = headings_of(at, 3)
    captions = [c.value for c in at.caption]
    if page_id == "alliance":
        assert ui["alliance_charts.forest_title"] in headings
        assert ui["alliance_charts.components_title"] in headings
        assert any(c.startswith(ui["alliance_charts.forest_alt"].split("{")[0]) for c in captions)
    else:
        assert ui["therapy_charts.rupture_title"] in headings
        assert f":material/info: {ui['charts.illustrative']}" in captions
        assert any("Eubanks et al. 2018" in c for c in captions)
    # Every chart has its "see the data", closed, with its table and a CSV download: in the
    # caption under it, or (the 300 simulated therapies) in a panel built when opened.
    long = ["alliance_r_chart"] if page_id == "alliance" else []
    assert [e.label for e in at.expander] == [ui["charts.see_data"]] * len(long)
    for key in (k for k in CHARTS[page_id] if k not in long):
        assert data_panel(at, key).startswith(
            f'<details class="lien-data"><summary>{ui["charts.see_data"]}<'
        )
        assert len(shown_table(at, key)) == 1 + len(data_csv(at, key)) > 1


def test_choosing_a_component_shows_its_meaning_and_outlines_it_in_the_treemap(bundle):
    at = open_page("alliance", "en")
    empathy = next(n for n, _ in bundle.components["en"].walk() if n.id == "empathy")
    assert empathy.meaning not in all_text(at)
    before = figure(at, "alliance_components_chart").data[0]
    at.selectbox(key="alliance_component").set_value("empathy").run()
    assert not at.exception
    assert empathy.meaning in all_text(at)
    after = figure(at, "alliance_components_chart").data[0]
    width = dict(zip(after.ids, after.marker.line.width, strict=True))
    assert width["empathy"] > width["warmth"]
    colours = dict(zip(after.ids, after.marker.colors, strict=True))
    old = dict(zip(before.ids, before.marker.colors, strict=True))
    assert colours["empathy"] == old["empathy"] and colours["frame"] != old["frame"]
    assert any("Empathy" in c.value for c in at.caption)  # the text alternative follows


def test_the_component_list_offers_every_part_by_its_path_in_french(bundle):
    at = open_page("alliance", "fr")
    box = at.selectbox(key="alliance_component")
    assert len(box.options) == 31  # the alliance, 3 components, 3 families, 24 elements
    assert "La posture › Rassurer › Stabilité" in box.options


def test_moving_the_r_slider_redraws_the_therapies_and_r_squared(bundle):
    at = open_page("alliance", "fr")
    slider = at.select_slider(key="alliance_r")
    assert slider.value == pytest.approx(0.28)
    assert slider.options[28] == "0,28" and len(slider.options) == 101  # written the French way
    before = figure(at, "alliance_r_chart")
    assert before.data[2].x[0] == pytest.approx(100 * 0.28**2)
    at.select_slider(key="alliance_r").set_value(0.8).run()
    assert not at.exception
    after = figure(at, "alliance_r_chart")
    expected = alliance_r.simulate_therapies(0.8)
    assert list(after.data[0].y) == pytest.approx(list(expected["outcome"]))
    assert after.data[2].x[0] == pytest.approx(64.0)
    assert after.layout.title.text.replace("<br>", " ") == bundle.ui["fr"][
        "alliance_charts.r_heading"
    ].format(r="0,80", share="64,0")


def test_switching_repair_off_and_choosing_confrontation_redraw_the_course(bundle):
    at = open_page("therapy", "en")
    ui = bundle.ui["en"]
    assert list(figure(at, "therapy_rupture_chart").data[0].y) == pytest.approx(
        list(rupture.illustrative_course("withdrawal", True)["alliance"])
    )
    at.toggle(key="therapy_repair").set_value(False).run()
    course = figure(at, "therapy_rupture_chart")
    assert list(course.data[0].y) == pytest.approx(
        list(rupture.illustrative_course("withdrawal", False)["alliance"])
    )
    assert ui["therapy_charts.event_unrepaired"] in {t.name for t in course.data}
    at.radio(key="therapy_rupture_kind").set_value("confrontation").run()
    assert not at.exception
    course = figure(at, "therapy_rupture_chart")
    assert list(course.data[0].y) == pytest.approx(
        list(rupture.illustrative_course("confrontation", False)["alliance"])
    )
    assert ui["therapy_charts.rupture_outcome_no_repair"] in all_text(at)
    assert at.radio(key="therapy_rupture_kind").options == [
        ui["therapy_charts.rupture_withdrawal"],
        ui["therapy_charts.rupture_confrontation"],
    ]


def test_the_claim_and_the_estimate_are_shown_with_their_sources_on_the_alliance_page(bundle):
    at = open_page("alliance", "en")
    shown = all_text(at)
    ui = bundle.ui["en"]
    assert ui["alliance_charts.lambert_title"] in shown
    assert "[Lambert 1992](./sources?lang=en#lambert1992)" in shown
    assert "[Wampold & Brown 2005](./sources?lang=en#wampold2005)" in shown
    shares = figure(at, "alliance_shares_chart")
    assert {t.base[0] for t in shares.data} == {70.0, 0.0}


def test_each_interactive_chart_is_a_fragment_and_each_static_one_is_not():
    # A fragment reruns alone when its own control changes; AppTest always reruns the whole
    # script, so this checks how the blocks are built rather than timing a rerun.
    from lien.ui.blocks import alliance as blocks

    def is_fragment(function) -> bool:
        return function.__code__.co_filename.endswith("fragment.py") and hasattr(
            function, "__wrapped__"
        )

    for interactive in (blocks.alliance_components, blocks.alliance_r, blocks._rupture_course):
        assert is_fragment(interactive), interactive.__name__
    for static in (blocks.alliance_forest, blocks.alliance_shares, blocks.therapy_rupture):
        assert not is_fragment(static), static.__name__


def test_in_present_mode_a_chart_title_sits_one_level_below_the_slide_title(bundle):
    deck = bundle.deck("en", "alliance")
    number = next(i for i, s in enumerate(deck, 1) if s.section == "what-r-looks-like")
    # A link made before talks: the page's Nth slide (without `talk`, N counts on the page).
    at = open_page("alliance", "en", present="1", slide=str(number))
    title = bundle.ui["en"]["alliance_charts.r_title"]
    assert [h.value for h in at.header] == [title]  # h2 under the slide's h1
    assert title not in [h.value for h in at.subheader]
    assert chart_keys(at) == ["alliance_r_chart"]


def test_a_reloaded_bundle_gets_new_cached_figures_and_the_same_bundle_keeps_them():
    from lien.content import ROOT, load_bundle
    from lien.ui.blocks.alliance import _forest_chart
    from lien.view import View

    first, second = load_bundle(ROOT), load_bundle(ROOT)
    assert first.generation != second.generation  # every load is a new generation
    kept = _forest_chart(View(first, "en"))
    assert _forest_chart(View(first, "en")) is kept
    assert _forest_chart(View(second, "en")) is not kept
    assert _forest_chart(View(first, "fr")) is not kept


def test_a_frozen_figure_draws_the_same_chart_and_builds_its_dict_form_once(bundle):
    from lien.ui.chart import frozen

    rows = [e for e in bundle.effects if e.effect == "alliance_outcome"]
    sources = {s.id: s for s in bundle.sources}
    built = alliance_forest.forest_figure(rows, sources, bundle.ui["en"], "en", title="t")
    kept = frozen(built)
    # Copies: the kept dict form is shared by every run and never changed.
    whole, sent = built.to_dict(), json.loads(json.dumps(kept.to_dict()))
    # The template keeps its defaults for the kinds of trace drawn (the forest plot's
    # scatter) and its layout; the other kinds' defaults are not sent.
    kinds = {trace["type"] for trace in whole["data"]}
    assert kinds == {"scatter"}
    assert len(whole["layout"]["template"]["data"]) > len(kinds)
    assert set(sent["layout"]["template"]["data"]) == kinds
    for kind in kinds:
        assert sent["layout"]["template"]["data"][kind] == whole["layout"]["template"]["data"][kind]
    assert sent["layout"]["template"]["layout"] == whole["layout"]["template"]["layout"]
    del whole["layout"]["template"], sent["layout"]["template"]
    assert sent == whole
    # st.plotly_chart asks for it on every run: the second time it is the same object.
    assert kept.to_dict() is kept.to_dict()
    assert decoded(kept.to_dict())["data"][0]["x"] == decoded(built.to_dict())["data"][0]["x"]


def test_a_frozen_figure_is_sent_as_the_same_json_written_once(bundle):
    import plotly.io

    from lien.ui.chart import frozen

    rows = [e for e in bundle.effects if e.effect == "alliance_outcome"]
    sources = {s.id: s for s in bundle.sources}
    built = alliance_forest.forest_figure(rows, sources, bundle.ui["en"], "en", title="<b>t</b>")
    kept = frozen(built)
    # What st.plotly_chart sends (plotly.io.to_json) is, character for character, what the
    # same figure as a plain dict gives.
    expected = plotly.io.to_json(dict(kept.to_dict()), validate=False)
    assert "\\u003cb\\u003e" in expected  # the title's markup, escaped as Plotly does
    assert plotly.io.to_json(kept.to_dict(), validate=False) == expected
    assert plotly.io.to_json(kept.to_dict(), validate=False) == expected
    # Written once and kept: every run hands Plotly the same JSON.
    assert kept.to_dict().to_plotly_json() is kept.to_dict().to_plotly_json()


def test_a_csv_as_a_data_address_keeps_every_byte_and_leaves_accents_as_they_are():
    from urllib.parse import unquote

    from lien.ui.chart import csv_data_uri

    csv = 'Séance,Force de l’alliance\n1,"a, b # 50 % <x> & ""q"""\t[x]{y}|z\\^`\r\n'
    address = csv_data_uri(csv)
    prefix, body = address.split(",", 1)
    assert prefix == "data:text/csv;charset=utf-8"
    assert unquote(body) == csv
    # Accents and commas as they are; what an address or HTML would read, escaped.
    assert body.startswith("Séance,Force%20de%20l’alliance%0A1,%22a,%20b%20%23%2050%20%25")
    assert not any(c in body for c in ' \n\r\t#"<>&')


def test_a_charts_data_panel_writes_numbers_the_french_way_and_offers_the_same_csv(bundle):
    at = open_page("alliance", "fr")
    header, *rows = shown_table(at, "alliance_forest_chart")
    assert header[:2] == ["Source", "r"]
    fluckiger = next(row for row in rows if row[0] == "Flückiger et al. 2018")
    assert fluckiger[1:6] == ["0,278", "0,256", "0,299", "0,579", "295"]
    # A value a study does not report is an empty cell, not "None".
    horvath = next(row for row in rows if row[0] == "Horvath & Symonds 1991")
    assert horvath[1:3] == ["0,260", ""]
    # The file downloaded is the table as the chart plots it, as before (English numbers).
    table = alliance_forest.forest_parts(View(bundle, "fr")).table
    expected = pd.read_csv(io.StringIO(table.to_csv(index=False)))
    assert data_csv(at, "alliance_forest_chart").equals(expected)


def test_the_simulated_therapies_open_as_a_table_with_its_csv(bundle):
    at = open_page("alliance", "en")
    assert not at.dataframe and not at.get("download_button")
    at.session_state["alliance_r_chart_data"] = True
    at.run()
    assert not at.exception
    assert len(at.dataframe[0].value) == alliance_r.SIMULATED_THERAPIES
    assert [b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button")] == [
        "alliance_r_chart_csv"
    ]
