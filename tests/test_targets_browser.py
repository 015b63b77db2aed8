"""On a participant's phone (issue 26): targets a thumb can hit, the quiz's first screen, no
label cut.

At 390×844 with a touch screen, in both languages: every radio, checkbox and button of every
page offers a box of 24×24 CSS px at least (WCAG 2.2, 2.5.8), the box a finger hits (a radio's
or a checkbox's whole label, which Streamlit makes its target); the reflection's and the quiz's
answers are 44 px tall, and the reflection's 1–7 scale keeps its one line. The quiz opens on
its first question, without the keyboard's help; no text of a button or a choice is cut.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from lien.quiz import draw_round
from lien.sitemap import PAGES, page
from tests.helpers.browser import SCREENSHOTS, wait_until_ready

pytestmark = pytest.mark.browser

TARGETS = (Path(__file__).parent / "helpers" / "targets.js").read_text(encoding="utf-8")
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
MIN_TARGET = 24  # WCAG 2.2, 2.5.8 (AA)
MIN_CHOICE = 44  # WCAG 2.5.5, and Apple's and Android's guidelines
SEED = 5  # a round with every kind of question, a situation to read first
CHOICES = (
    ":is(.st-key-reflection_statements, .st-key-quiz_round)"
    " :is(label[data-testid='stRadioOption'], [data-testid='stCheckbox'] > label)"
)
# Texts inside a button, a choice or a line to open that are wider than their box: cut, or
# ending in an ellipsis.
CUT = """() => [...document.querySelectorAll(
    "[data-testid='stMain'] :is(button, label, summary) *")]
  .filter((n) => n.checkVisibility() && n.textContent.trim() && n.scrollWidth > n.clientWidth + 1
          && getComputedStyle(n).overflowX !== 'visible')
  .map((n) => n.textContent.trim())"""


def open_tab(reading, size=PHONE, touch=True):
    """A tab in a context kept for the session (tests.helpers.browser.ReadingTabs)."""
    return reading.open(
        viewport=size, has_touch=touch, is_mobile=touch, locale="fr-FR", device_scale_factor=1
    )


def small_targets(tab, state: str) -> list[str]:
    """Every target under 24×24 CSS px, named with where it is."""
    return [
        f"{state}: {t['kind']} {t['text']!r} ({t['key'] or t['testid']}) is "
        f"{t['width']:.0f}×{t['height']:.0f}"
        for t in tab.evaluate(TARGETS)
        if t["width"] < MIN_TARGET - 0.01 or t["height"] < MIN_TARGET - 0.01
    ]


def short_choices(tab, state: str) -> list[str]:
    """Every answer of the reflection or the quiz under 44 px tall."""
    heights = tab.eval_on_selector_all(
        CHOICES, "ls => ls.map(l => [l.innerText.trim(), l.getBoundingClientRect().height])"
    )
    return [f"{state}: {text!r} is {h:.1f} px tall" for text, h in heights if h < MIN_CHOICE]


def cut_texts(tab, state: str) -> list[str]:
    return [f"{state}: cut {text!r}" for text in tab.evaluate(CUT)]


def problems(tab, state: str) -> list[str]:
    return small_targets(tab, state) + short_choices(tab, state) + cut_texts(tab, state)


def count_targets(tab) -> int:
    return len(tab.evaluate(TARGETS))


def play_the_round(tab, bundle, lang: str) -> list[str]:
    """Every question of a seeded round answered with a tap, measured answered and at the end."""
    bank, ui = bundle.quiz[lang], bundle.ui[lang]
    found = []
    for step, drawn in enumerate(draw_round(bank, seed=SEED).questions):
        kind = bank.question(drawn.id).kind
        form = tab.locator("[data-testid=stForm]")
        choices = form.locator(
            "[data-testid=stCheckbox] > label"
            if kind == "multiple"
            else "[data-testid=stRadioOption]"
        )
        expect(choices).to_have_count(len(drawn.option_ids))
        found += problems(tab, f"question {step + 1} ({kind})")
        choices.first.click()
        tab.get_by_role("button", name=ui["quiz.submit"]).click()
        next_button = tab.locator(f".st-key-quiz_next_{step} button")
        expect(next_button).to_be_visible()
        wait_until_ready(tab)
        found += problems(tab, f"question {step + 1} answered")
        next_button.click()
    expect(tab.locator(".st-key-quiz_score")).to_be_visible()
    wait_until_ready(tab)
    return found + problems(tab, "score")


def answer_the_reflection(tab, bundle, lang: str) -> None:
    groups = tab.locator(".st-key-reflection_statements [data-testid='stRadio']")
    expect(groups).to_have_count(len(bundle.reflection[lang].statements))
    for index in range(groups.count()):
        groups.nth(index).get_by_text("6" if index % 2 else "2", exact=True).click()
    expect(tab.locator(".st-key-reflection_result")).to_be_visible()
    wait_until_ready(tab)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page_id", [p.id for p in PAGES])
def test_every_radio_checkbox_and_button_of_a_page_is_24_px_square_at_least_on_a_phone(
    app_url, reading, bundle, page_id, lang
):
    tab = open_tab(reading)
    tab.goto(f"{app_url}/{page(page_id).url_path}?lang={lang}&seed={SEED}")
    wait_until_ready(tab)
    expect(tab.locator("h1").first).to_have_text(bundle.pages[lang][page_id].title)
    # Every element drawn (no placeholder left), the header's controls too.
    expect(tab.locator("[data-testid='stSkeleton']")).to_have_count(0)
    expect(tab.locator(".st-key-lien_help button")).to_be_visible()
    if page_id == "reflection":
        statements = len(bundle.reflection[lang].statements)
        expect(tab.locator(CHOICES)).to_have_count(7 * statements)
    elif page_id == "quiz":
        expect(tab.locator("[data-testid=stForm] input")).not_to_have_count(0)
    found = problems(tab, "loaded")
    assert count_targets(tab) >= 4  # the language switch, the help, the menu at least
    if page_id == "home":
        tab.locator(".st-key-lien_help button").click()
        expect(tab.locator("[data-testid='stPopoverBody']")).to_be_visible()
        found += problems(tab, "help open")
    elif page_id == "reflection":
        answer_the_reflection(tab, bundle, lang)
        found += problems(tab, "answered")
    elif page_id == "quiz":
        found += play_the_round(tab, bundle, lang)
    elif page_id == "attachment":
        # Every situation of the stress chart, each chosen in turn: none is cut.
        for scenario in bundle.stress[lang].scenarios:
            tab.get_by_role("radio", name=scenario.label).click()
            wait_until_ready(tab)
            found += cut_texts(tab, scenario.id)
    tab.close()
    assert found == []


@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["phone", "laptop"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_reflections_seven_choices_share_one_line_and_are_44_px_tall(
    app_url, reading, bundle, lang, size
):
    tab = open_tab(reading, size, touch=size is PHONE)
    tab.goto(f"{app_url}/reflection?lang={lang}")
    wait_until_ready(tab)
    groups = tab.locator(".st-key-reflection_statements [data-testid='stRadio']")
    expect(groups).to_have_count(len(bundle.reflection[lang].statements))
    rows = groups.evaluate_all(
        "gs => gs.map(g => [...g.querySelectorAll('label[data-testid=stRadioOption]')]"
        ".map(l => { const r = l.getBoundingClientRect();"
        " return [l.innerText.trim(), r.top, r.width, r.height]; }))"
    )
    for row in rows:
        assert [text for text, *_ in row] == [str(n) for n in range(1, 8)]
        tops = {round(top) for _, top, *_ in row}
        assert len(tops) == 1, f"the 1–7 choices wrap onto {len(tops)} lines: {row}"
        assert all(h >= MIN_CHOICE for *_, h in row), row
    SCREENSHOTS.mkdir(exist_ok=True)
    groups.first.scroll_into_view_if_needed()
    tab.screenshot(path=str(SCREENSHOTS / f"reflection-scale-{lang}-{size['width']}.png"))
    tab.close()


def first_line_bottom(locator) -> float:
    """Where the first line of text inside the element ends, from the screen's top."""
    return locator.evaluate(
        """el => {
          const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          let node = walker.nextNode();
          while (node && !node.textContent.trim()) node = walker.nextNode();
          const range = document.createRange();
          range.selectNodeContents(node);
          return range.getClientRects()[0].bottom;
        }"""
    )


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_on_a_phone_the_quiz_opens_on_its_first_question_without_keyboard_help(
    app_url, reading, bundle, lang
):
    tab = open_tab(reading)
    tab.goto(f"{app_url}/quiz?lang={lang}&seed={SEED}")
    wait_until_ready(tab)
    question = tab.locator(".st-key-quiz_question_0")
    expect(question).to_be_visible()
    # The question's heading, and the first line of what it asks (here a situation to read
    # first, the longest start a question has), are on the first screen.
    heading = question.locator("h3").bounding_box()
    assert heading["y"] + heading["height"] <= PHONE["height"], heading
    asked = question.locator("xpath=following::*[@data-testid='stMarkdownContainer'][1]")
    assert first_line_bottom(asked) <= PHONE["height"]
    # No keyboard instructions on a touch screen; how it works is one tap away.
    expect(tab.locator(".st-key-quiz_keyboard")).to_be_hidden()
    how = tab.locator("details.lien-fold")
    body = bundle.pages[lang]["quiz"].sections[0]
    expect(how.locator("summary")).to_have_text(body.heading)
    expect(how.locator("li").first).to_be_hidden()
    how.locator("summary").click()
    expect(how.locator("li").first).to_be_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"quiz-phone-{lang}.png"))
    tab.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_on_a_laptop_the_keyboard_help_comes_before_the_first_question(
    app_url, reading, bundle, lang
):
    tab = open_tab(reading, LAPTOP, touch=False)
    tab.goto(f"{app_url}/quiz?lang={lang}&seed={SEED}")
    wait_until_ready(tab)
    help_ = tab.locator(".st-key-quiz_keyboard")
    expect(help_).to_be_visible()
    expect(help_).to_contain_text(bundle.ui[lang]["quiz.keyboard"].split("**")[1])
    question = tab.locator(".st-key-quiz_question_0")
    assert help_.bounding_box()["y"] < question.bounding_box()["y"]
    tab.close()
