"""Readable everywhere, as a reader sees it in Chromium (issues 9 req 6, 14 req 1–3).

Every chart at 390×844 and 1280×800 in both languages: no two text boxes overlap and none
leaves the figure (SVG text boxes measured inside each plot). French pages: no ordinary space
before : ; ? ! and no line that starts with one of them at 390 px; no English. On a phone, Tab
never lands on an element off screen or hidden.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lien.sitemap import PAGES, page
from tests.helpers.browser import wait_until_ready

pytestmark = pytest.mark.browser

PLOT = "[data-testid='stMain'] .js-plotly-plot"
CHART_BOXES = (Path(__file__).parent / "helpers" / "chart_boxes.js").read_text(encoding="utf-8")
SIZES = [(390, 844), (1280, 800)]
CHART_PAGES = {"alliance": 5, "attachment": 3, "therapy": 2}


def open_tab(browser, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
    return context, context.new_page()


def wait_for_charts(tab, count: int) -> None:
    """Until `count` plots are drawn with their texts, and the fonts are in (text widths)."""
    expect(tab.locator(PLOT)).to_have_count(count, timeout=30_000)
    tab.wait_for_function(
        "n => document.fonts.status === 'loaded' && [...document.querySelectorAll("
        "\"[data-testid='stMain'] .js-plotly-plot\")].filter(p => p.querySelector("
        "'svg.main-svg text')).length === n",
        arg=count,
        timeout=30_000,
    )


def title_pattern(title: str) -> re.Pattern[str]:
    """A chart title as its SVG reads once wrapped (its lines joined with no space)."""
    return re.compile("^" + r"\s?".join(re.escape(w) for w in title.split(" ")) + "$")


def chart_problems(tab) -> list[str]:
    """Every overlap of two texts and every text outside its figure, on every chart."""
    problems = []
    for chart in tab.evaluate(CHART_BOXES):
        assert chart["count"] > 0, chart
        problems += [f"chart {chart['index']}: {a!r} overlaps {b!r}" for a, b in chart["overlaps"]]
        problems += [f"chart {chart['index']}: {t!r} leaves the figure" for t in chart["outside"]]
    return problems


def answer_the_reflection(tab, bundle, lang: str) -> None:
    groups = tab.locator("[data-testid='stRadio']")
    expect(groups).to_have_count(len(bundle.reflection[lang].statements), timeout=30_000)
    for index in range(groups.count()):
        groups.nth(index).get_by_text("6" if index % 2 else "2", exact=True).click()


# --- issue 14 req 1: every chart whole ------------------------------------------------------


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page_id", list(CHART_PAGES))
def test_no_two_texts_of_a_chart_overlap_and_none_leaves_its_figure(
    app_url, browser, bundle, page_id, lang, width, height
):
    context, tab = open_tab(browser, width, height)
    tab.goto(f"{app_url}/{page(page_id).url_path}?lang={lang}")
    wait_until_ready(tab)
    wait_for_charts(tab, CHART_PAGES[page_id])
    problems = chart_problems(tab)
    if page_id == "attachment":
        # Every age and measure of the prevalence explorer, and every stressor.
        ui = bundle.ui[lang]
        for group in ("preschool", "adult_aai", "adult_self_report"):
            tab.get_by_role("radio", name=ui[f"attachment.group.{group}"]).click()
            expect(tab.locator(f"{PLOT} .gtitle").first).to_have_text(
                title_pattern(ui[f"attachment.group.{group}"])
            )
            wait_for_charts(tab, 3)
            problems += [f"{group}: {p}" for p in chart_problems(tab)]
        for scenario in bundle.stress[lang].scenarios[1:]:
            tab.get_by_role("radio", name=scenario.label).click()
            # The stress chart (the second) is drawn again under its new title.
            expect(tab.locator(f"{PLOT} .gtitle").nth(1)).to_have_text(
                title_pattern(scenario.label)
            )
            wait_for_charts(tab, 3)
            problems += [f"{scenario.id}: {p}" for p in chart_problems(tab)]
        # No option of the controls is cut (the stressors' names are long).
        cut = tab.evaluate(
            "() => [...document.querySelectorAll(\"[data-testid='stMain'] "
            "[data-testid='stButtonGroup'] button\")].filter(b => b.scrollWidth > "
            "b.clientWidth + 1 || b.getBoundingClientRect().right > innerWidth + 1)"
            ".map(b => b.textContent)"
        )
        problems += [f"control option cut: {c}" for c in cut]
    context.close()
    assert problems == []


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_reflections_map_is_whole_too(app_url, browser, bundle, lang, width, height):
    context, tab = open_tab(browser, width, height)
    tab.goto(f"{app_url}/reflection?lang={lang}")
    wait_until_ready(tab)
    answer_the_reflection(tab, bundle, lang)
    wait_for_charts(tab, 1)
    problems = chart_problems(tab)
    context.close()
    assert problems == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_part_of_the_treemap_is_named_in_it_or_in_the_list_beside_it(
    app_url, browser, bundle, lang
):
    context, tab = open_tab(browser, 390, 844)
    tab.goto(f"{app_url}/alliance?lang={lang}")
    wait_until_ready(tab)
    wait_for_charts(tab, CHART_PAGES["alliance"])
    # The treemap's own labels, and the caption right under it (its list of every part).
    named, beside = tab.evaluate(
        """() => {
          const plot = [...document.querySelectorAll('.js-plotly-plot')]
            .find(p => p._fullData && p._fullData[0].type === 'treemap');
          const named = [...plot.querySelectorAll('svg text')].map(t => t.textContent).join(' ');
          let box = plot.closest('[data-testid="stElementContainer"]').nextElementSibling;
          while (box && !box.querySelector('[data-testid="stCaptionContainer"]'))
            box = box.nextElementSibling;
          return [named, box ? box.innerText : ''];
        }"""
    )
    context.close()
    parts = [node.label for node, _ in bundle.components[lang].walk()]
    missing = [p for p in parts if p not in named.replace("\n", " ") and p not in beside]
    assert len(parts) == 30 and missing == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_on_a_phone_plotlys_toolbar_is_not_over_any_chart(app_url, browser, lang):
    context, tab = open_tab(browser, 390, 844)
    tab.goto(f"{app_url}/alliance?lang={lang}")
    wait_until_ready(tab)
    wait_for_charts(tab, CHART_PAGES["alliance"])
    tab.locator(PLOT).first.hover()
    shown = tab.evaluate(
        "() => [...document.querySelectorAll('.modebar-container')]"
        ".filter(m => m.checkVisibility()).length"
    )
    context.close()
    assert shown == 0


# --- issue 9 req 6: French typography in what is rendered -----------------------------------

# A text node's punctuation marks, each with the box of its character and of the character
# before the space in front of it: a mark on another line than that character starts a line.
PUNCTUATION = (Path(__file__).parent / "helpers" / "punctuation.js").read_text(encoding="utf-8")


def _open_everything(tab) -> None:
    """Open the helplines' popover, so its words are read too."""
    tab.locator("[data-testid='stPopoverButton']").first.click()
    expect(tab.locator("[data-testid='stPopoverBody']")).to_be_visible()


@pytest.mark.parametrize("page_id", [p.id for p in PAGES])
def test_a_french_page_has_no_ordinary_space_before_punctuation_and_no_line_starts_with_it(
    app_url, browser, bundle, page_id
):
    context, tab = open_tab(browser, 390, 844)
    tab.goto(f"{app_url}/{page(page_id).url_path}?lang=fr")
    wait_until_ready(tab)
    if page_id in CHART_PAGES:
        wait_for_charts(tab, CHART_PAGES[page_id])
    if page_id == "reflection":
        answer_the_reflection(tab, bundle, "fr")
        wait_for_charts(tab, 1)
    found = tab.evaluate(PUNCTUATION)
    _open_everything(tab)
    popover = tab.locator("[data-testid='stPopoverBody']").inner_text()
    context.close()
    assert found["checked"] > 0  # the page's punctuation was read
    assert found["spaced"] == [] and found["starts"] == []
    assert "\u202f?" in popover and not re.search(r" [:;?!]", popover), popover


# --- issue 14 req 2: no English on a French page --------------------------------------------

# Words that are English and not French: Streamlit's and Plotly's chrome, and the commonest
# English words. Proper names (the references' titles and journals) are left out of the read.
# ("main", "an", "content", "option" are French words too: "La Main Tendue", "un an".)
ENGLISH = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "with",
        "for",
        "this",
        "that",
        "from",
        "your",
        "you",
        "is",
        "are",
        "be",
        "by",
        "at",
        "it",
        "its",
        "will",
        "can",
        "skip",
        "link",
        "heading",
        "fullscreen",
        "download",
        "downloads",
        "plot",
        "reset",
        "autoscale",
        "pan",
        "choose",
        "open",
        "close",
        "show",
        "hide",
        "password",
        "progress",
        "icon",
        "sidebar",
        "expand",
        "collapse",
        "rerun",
        "settings",
        "print",
        "about",
        "press",
        "enter",
        "apply",
        "search",
        "running",
        "stop",
        "results",
        "chart",
        "data",
        "see",
        "view",
        "button",
        "select",
        "clear",
        "selected",
    ]
)

WORDS_OF_A_PAGE = (Path(__file__).parent / "helpers" / "page_words.js").read_text(encoding="utf-8")


def english_words(text: str, allowed: set[str]) -> list[str]:
    text = re.sub(r"\b[\w-]+(?:\.[\w-]+)+\b", " ", text)  # web addresses: 112.be, 143.ch
    words = re.findall(r"[A-Za-zÀ-ÿ']+", text)
    return sorted({w for w in words if w.lower() in ENGLISH and w not in allowed})


@pytest.mark.parametrize("page_id", [p.id for p in PAGES])
def test_a_french_page_says_nothing_in_english(app_url, browser, bundle, page_id):
    context, tab = open_tab(browser, 390, 844)
    tab.goto(f"{app_url}/{page(page_id).url_path}?lang=fr")
    wait_until_ready(tab)
    if page_id in CHART_PAGES:
        wait_for_charts(tab, CHART_PAGES[page_id])
    text = tab.evaluate(WORDS_OF_A_PAGE)
    _open_everything(tab)
    text += "\n" + tab.evaluate(WORDS_OF_A_PAGE)
    context.close()
    assert "Skip to main content" not in text and "Main menu" not in text
    # The language switch names English in English, as language switches do.
    assert english_words(text.replace("English", ""), set()) == []


def test_the_phones_join_page_is_french_too(app_url, browser):
    context, tab = open_tab(browser, 390, 844)
    tab.goto(f"{app_url}/join?lang=fr")
    text = tab.evaluate(WORDS_OF_A_PAGE)
    context.close()
    assert english_words(text.replace("English", ""), set()) == []
    assert not re.search(r" [:;?!]", text), text


# --- issue 14 req 3: the keyboard on a phone ------------------------------------------------

FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const r = e.getBoundingClientRect();
  const seen = e.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const onScreen = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
    && r.top < innerHeight && r.left < innerWidth;
  return {what: e.tagName + ' ' + (e.getAttribute('aria-label') || e.textContent || '').trim()
    .slice(0, 40), seen, onScreen};
}"""


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page_id", ["home", "alliance", "attachment", "quiz", "sources"])
def test_on_a_phone_tab_never_lands_on_an_element_off_screen_or_hidden(
    app_url, browser, page_id, lang
):
    context, tab = open_tab(browser, 390, 844)
    tab.goto(f"{app_url}/{page(page_id).url_path}?lang={lang}")
    wait_until_ready(tab)
    bad, stops = [], 0
    for _ in range(30):  # bounded: the first screens of the page, header and menu included
        tab.keyboard.press("Tab")
        focused = tab.evaluate(FOCUSED)
        if focused is None:
            continue
        stops += 1
        if not (focused["seen"] and focused["onScreen"]):
            bad.append(focused["what"])
    context.close()
    assert stops >= 5 and bad == []
