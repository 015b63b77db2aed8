"""The alliance and rupture charts in Chromium: drawn on their pages, in both languages,
without console errors, and redrawn when the reader uses a control."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from lien.charts import rupture
from lien.sitemap import page
from lien.view import View
from tests.helpers.browser import wait_until_ready

pytestmark = pytest.mark.browser

CHART_COUNT = {"alliance": 5, "therapy": 2}


@pytest.fixture
def chart_tab(reading):
    tab = reading.open(locale="fr-FR", viewport={"width": 1920, "height": 1080})
    errors: list[str] = []

    def on_console(message) -> None:
        where = (message.location or {}).get("url", "")
        if message.type == "error":
            errors.append(f"{message.text} ({where})")

    tab.on("console", on_console)
    tab.console_errors = errors
    yield tab
    tab.close()


# Plotly keeps the decoded values of the first trace in _fullData (data holds typed arrays).
LAST_Y = "i => Array.from(document.querySelectorAll('.js-plotly-plot')[i]._fullData[0].y).at(-1)"


def last_plotted_y(tab, index: int) -> float:
    return tab.evaluate(LAST_Y, index)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page_id", ["alliance", "therapy"])
def test_each_chart_is_drawn_on_its_page_without_console_errors(
    app_url, chart_tab, bundle, page_id, lang
):
    chart_tab.goto(f"{app_url}/{page(page_id).url_path}?lang={lang}")
    wait_until_ready(chart_tab)
    charts = chart_tab.locator(".js-plotly-plot")
    expect(charts).to_have_count(CHART_COUNT[page_id], timeout=30_000)
    for index in range(CHART_COUNT[page_id]):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        # Drawn: Plotly has built its SVG layers and put text in them.
        expect(chart.locator(".main-svg").first).to_be_visible()
        assert chart.locator("text").count() > 0
    ui = bundle.ui[lang]
    title = "alliance_charts.forest_x" if page_id == "alliance" else "therapy_charts.rupture_x"
    # The axis title, wrapped into lines to fit a phone, read as one line.
    texts = chart_tab.eval_on_selector_all(
        ".js-plotly-plot text",
        "ts => ts.map(t => t.querySelectorAll('tspan.line').length"
        " ? [...t.querySelectorAll('tspan.line')].map(l => l.textContent).join(' ')"
        " : t.textContent)",
    )
    assert ui[title] in texts
    assert chart_tab.locator("[data-testid='stException']").count() == 0
    assert chart_tab.get_by_text("Page not found").count() == 0
    assert chart_tab.console_errors == []


def test_switching_repair_off_redraws_the_course_in_the_browser(app_url, chart_tab, bundle):
    chart_tab.goto(f"{app_url}/therapy?lang=en")
    wait_until_ready(chart_tab)
    expect(chart_tab.locator(".js-plotly-plot")).to_have_count(2, timeout=30_000)
    before = last_plotted_y(chart_tab, 0)
    chart_tab.get_by_text(bundle.ui["en"]["therapy_charts.rupture_repair"]).click()
    chart_tab.wait_for_function(f"before => ({LAST_Y})(0) !== before", arg=before)
    # Unrepaired, the alliance ends lower.
    assert last_plotted_y(chart_tab, 0) < before
    assert chart_tab.console_errors == []


def test_see_the_data_downloads_the_plotted_course_as_csv(app_url, chart_tab, bundle):
    ui = bundle.ui["fr"]
    chart_tab.goto(f"{app_url}/therapy?lang=fr")
    wait_until_ready(chart_tab)
    expect(chart_tab.locator(".js-plotly-plot")).to_have_count(2, timeout=30_000)
    panel = chart_tab.locator("details.lien-data", has_text=ui["charts.see_data"]).first
    # Opened from the keyboard: a native disclosure takes Tab and Enter.
    panel.locator("summary").focus()
    panel.locator("summary").press("Enter")
    expect(panel.locator("table")).to_be_visible()
    assert panel.locator("th").all_inner_texts() == [
        ui[f"therapy_charts.{k}"] for k in ("col_session", "col_strength", "col_event")
    ]
    link = panel.get_by_role("link", name=ui["charts.download_csv"])
    # From the keyboard, as a keyboard-only reader would: a pointer click could land while
    # the page is still scrolling after the panel opened, and miss the link.
    link.focus()
    with chart_tab.expect_download() as download:
        link.press("Enter")
    assert download.value.suggested_filename == "lien-therapy_rupture_chart-fr.csv"
    written = Path(download.value.path()).read_text(encoding="utf-8")
    lines = written.splitlines()
    assert lines[0] == ",".join(
        ui[f"therapy_charts.{k}"] for k in ("col_session", "col_strength", "col_event")
    )
    assert len(lines) == 1 + 20
    # Byte for byte the table's CSV, accents and commas included (the address keeps them
    # as they are: lien.ui.chart.csv_data_uri).
    table = rupture.rupture_parts(View(bundle, "fr"), rupture.RUPTURE_KINDS[0], True).table
    assert written == table.to_csv(index=False)
    assert any(ord(c) > 127 for c in written)
    assert chart_tab.console_errors == []


def test_the_chart_toolbar_speaks_french_and_numbers_have_a_decimal_comma(app_url, chart_tab):
    chart_tab.goto(f"{app_url}/alliance?lang=fr")
    wait_until_ready(chart_tab)
    expect(chart_tab.locator(".js-plotly-plot .main-svg")).not_to_have_count(0, timeout=30_000)
    chart_tab.locator(".js-plotly-plot").first.hover()
    titles = set(
        chart_tab.eval_on_selector_all(
            ".modebar-btn", "bs => bs.map(b => b.getAttribute('data-title'))"
        )
    )
    # Plotly's own words, from the part of its French locale the page sends.
    assert {
        "Télécharger le graphique en fichier PNG",
        "Réinitialiser les axes",
        "Échelle automatique",
        "Translation",
        "Zoom intérieur",
        "Zoom extérieur",
    } <= titles
    # The forest plot's axis ticks, written the French way (0,1 …).
    ticks = chart_tab.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')[0]"
        ".querySelectorAll('.xtick text')].map(t => t.textContent)"
    )
    assert any("," in t for t in ticks) and not any("." in t for t in ticks)
