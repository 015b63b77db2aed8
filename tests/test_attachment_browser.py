"""In Chromium: the attachment charts and the reflection draw in both languages, error-free.

The app server and Chromium are the shared session fixtures of tests/conftest.py.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.helpers.browser import wait_until_ready

pytestmark = pytest.mark.browser
PLOT = ".js-plotly-plot"


@pytest.fixture
def tab(reading):
    # A projector-sized window: every chart must fit and draw at 1920×1080.
    page_ = reading.open(locale="fr-FR", viewport={"width": 1920, "height": 1080})
    errors: list[str] = []
    failed: list[str] = []

    def on_console(message):
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    page_.on("console", on_console)
    page_.on("pageerror", lambda e: errors.append(str(e)))
    page_.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page_.console_errors = errors
    yield page_
    page_.close()
    # Not even Streamlit's probes of a deep link's base path (/attachment/_stcore/health):
    # the index page tells the client the server's root (lien.web.index_page).
    assert failed == []


def chart_titles(tab) -> list[str]:
    """Each chart's title as read: the lines it is wrapped into (for a phone) joined again."""
    return tab.eval_on_selector_all(
        f"{PLOT} .gtitle",
        "ts => ts.map(t => t.querySelectorAll('tspan.line').length"
        " ? [...t.querySelectorAll('tspan.line')].map(l => l.textContent).join(' ')"
        " : t.textContent)",
    )


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_three_attachment_charts_are_drawn_without_console_errors(app_url, tab, bundle, lang):
    tab.goto(f"{app_url}/attachment?lang={lang}")
    wait_until_ready(tab)
    plots = tab.locator(PLOT)
    expect(plots).to_have_count(3, timeout=30_000)
    for index in range(3):
        plots.nth(index).scroll_into_view_if_needed()
        # Drawn, not just mounted: Plotly has painted its SVG layers with data.
        expect(plots.nth(index).locator("g.trace").first).to_be_attached(timeout=30_000)
    titles = chart_titles(tab)
    assert bundle.ui[lang]["attachment.group.infant"] in titles
    assert bundle.stress[lang].scenario("argument").label in titles
    assert tab.locator("[data-testid='stException']").count() == 0
    assert tab.console_errors == []


def test_choosing_a_group_in_the_browser_redraws_only_the_prevalence_chart(app_url, tab, bundle):
    tab.goto(f"{app_url}/attachment?lang=en")
    wait_until_ready(tab)
    expect(tab.locator(PLOT)).to_have_count(3, timeout=30_000)
    tab.get_by_role("radio", name=bundle.ui["en"]["attachment.group.adult_aai"]).click()
    expect(tab.locator(f"{PLOT} .gtitle").first).to_have_text(
        bundle.ui["en"]["attachment.group.adult_aai"], timeout=30_000
    )
    # The rest of the page stayed: the stress chart keeps its scenario title.
    assert bundle.stress["en"].scenario("argument").label in chart_titles(tab)
    assert tab.console_errors == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_reflection_in_the_browser_puts_a_point_on_the_map(app_url, tab, bundle, lang):
    tab.goto(f"{app_url}/reflection?lang={lang}")
    wait_until_ready(tab)
    statements = bundle.reflection[lang].statements
    groups = tab.locator("[data-testid='stRadio']")
    expect(groups).to_have_count(len(statements), timeout=30_000)
    for index in range(len(statements)):
        groups.nth(index).get_by_text("4", exact=True).click()
    expect(tab.locator(PLOT)).to_have_count(1, timeout=30_000)
    expect(
        tab.get_by_text(bundle.ui[lang]["reflection.anxiety_middle"].split("**")[1])
    ).to_be_visible()
    assert tab.locator("[data-testid='stException']").count() == 0
    assert tab.console_errors == []
