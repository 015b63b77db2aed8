"""The quiz in Chromium: a whole seeded round played with the keyboard alone, in both languages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from streamlit.proto.BackMsg_pb2 import BackMsg

from lien.quiz import draw_round
from tests.helpers.browser import (
    SCREENSHOTS,
    RequestLog,
    axe_serious,
    wait_until_ready,
)
from tests.test_browser import heading_levels_skip

pytestmark = pytest.mark.browser

SEED = 5  # a round with every kind: vignette, select all, single, true/false
# What has the keyboard focus, as a short description for assertion messages.
FOCUSED = """() => {
  const e = document.activeElement;
  return `${e.tagName} ${e.type || ""} ${(e.innerText || e.getAttribute("aria-label") || "")
    .slice(0, 40)}`;
}"""
IN_FORM_INPUT = """() => {
  const e = document.activeElement;
  return e.tagName === "INPUT" && !!e.closest("[data-testid=stForm]");
}"""
# True once the keyboard focus is inside the element matching the selector.
FOCUS_INSIDE = """s => {
  const el = document.querySelector(s);
  return !!el && el.contains(document.activeElement);
}"""


def serious_violations(page) -> list[str]:
    """Axe's serious and critical findings (WCAG 2.2 AA) inside the round (the page frame has
    its own test)."""
    return axe_serious(page, context=".st-key-quiz_round")


@pytest.fixture
def tab(reading):
    page = reading.open(locale="fr-FR", viewport={"width": 1280, "height": 900})
    yield page
    page.close()


def open_quiz(tab, app_url: str, lang: str) -> None:
    tab.goto(f"{app_url}/quiz?lang={lang}&seed={SEED}")
    wait_until_ready(tab)
    tab.wait_for_selector(".st-key-quiz_question_0 h3")


def focus_in(tab, selector: str) -> None:
    """Wait until the focus is inside the element and the run has finished, focus still there."""
    tab.wait_for_function(FOCUS_INSIDE, arg=selector, timeout=30_000)
    wait_until_ready(tab)
    assert tab.evaluate(FOCUS_INSIDE, selector), f"focus left {selector}: {tab.evaluate(FOCUSED)}"


def tab_until_answers(tab) -> None:
    """From the top of the page, Tab until the focus reaches the first answer."""
    for _ in range(60):
        tab.keyboard.press("Tab")
        if tab.evaluate(IN_FORM_INPUT):
            return
    raise AssertionError(f"Tab never reached the first answer; focus on {tab.evaluate(FOCUSED)}")


def choose_with_keys(tab, question, drawn, chosen: tuple[str, ...], step: int) -> None:
    """Select the answer with the keyboard: arrows for radios, Space for boxes, then Tab."""
    form = "[data-testid=stForm]"  # only the current question has a form
    trace = []
    if question.kind == "multiple":
        for option_id in drawn.option_ids:
            if option_id in chosen:
                tab.keyboard.press("Space")
                trace.append("Space " + tab.evaluate(FOCUSED))
            tab.keyboard.press("Tab")
            trace.append("Tab " + tab.evaluate(FOCUSED))
    else:
        labels = tab.locator(f"{form} label[data-testid=stRadioOption]")
        expect(labels).to_have_text([question.option(i).text for i in drawn.option_ids])
        index = drawn.option_ids.index(chosen[0])
        if index == 0:
            tab.keyboard.press("Space")
        for _ in range(index):
            tab.keyboard.press("ArrowDown")
        checked = tab.locator(f"{form} label[data-testid=stRadioOption]:has(input:checked)")
        expect(checked).to_have_text(question.option(chosen[0]).text)
        tab.keyboard.press("Tab")
    focused = tab.evaluate(FOCUSED)
    assert focused.startswith("BUTTON"), (
        f"step {step} ({question.kind}): focus should be on the submit button, not {focused}",
        trace,
    )


def play_with_keyboard(tab, bank, ui, choose) -> list[str]:
    round_ = draw_round(bank, seed=SEED)
    violations: list[str] = []
    tab_until_answers(tab)
    for step, drawn in enumerate(round_.questions):
        question = bank.question(drawn.id)
        if step > 0:
            focus_in(tab, f".st-key-quiz_question_{step}")  # focus moved to the new question
            # as a reader would, wait until the answers are on screen before pressing Tab
            inputs = tab.locator("[data-testid=stForm] input")
            expect(inputs).to_have_count(len(drawn.option_ids))
            expect(inputs.last).to_be_enabled()
            tab.keyboard.press("Tab")
        chosen = choose(question, drawn)
        choose_with_keys(tab, question, drawn, chosen, step)
        tab.keyboard.press("Enter")  # check the answer
        focus_in(tab, f".st-key-quiz_next_{step}")
        right = frozenset(chosen) == question.right_ids
        alert = tab.locator("[data-testid=stAlert]").first
        expect(alert).to_contain_text(ui["quiz.right" if right else "quiz.wrong"])
        if step == 0:  # a question answered, with its feedback, passes axe too
            violations += serious_violations(tab)
        # Move on: Enter on the focused "next" button, or Space, in turn.
        tab.keyboard.press("Enter" if step % 2 == 0 else "Space")
    focus_in(tab, ".st-key-quiz_score")
    return violations + serious_violations(tab)


def right_choice(question, drawn):
    return tuple(i for i in drawn.option_ids if question.option(i).correct)


def wrong_choice(question, drawn):
    return (next(i for i in drawn.option_ids if not question.option(i).correct),)


@pytest.mark.parametrize(
    ("lang", "right_steps", "score"),
    [("fr", range(8), "8 / 8"), ("en", range(0, 8, 2), "4 / 8")],
)
def test_a_whole_round_can_be_played_with_the_keyboard_alone(
    app_url, tab, bundle, lang, right_steps, score
):
    bank = bundle.quiz[lang]
    ui = bundle.ui[lang]
    right_ids = {draw_round(bank, seed=SEED).ids[s] for s in right_steps}
    requests = RequestLog(tab)
    open_quiz(tab, app_url, lang)
    violations = play_with_keyboard(
        tab,
        bank,
        ui,
        lambda q, d: right_choice(q, d) if q.id in right_ids else wrong_choice(q, d),
    )
    assert violations == []
    expect(tab.locator(".st-key-quiz_score [data-testid=stMetricValue]")).to_have_text(score)
    expect(tab.get_by_role("heading", name=ui["quiz.review_heading"])).to_be_visible()
    expect(tab.get_by_role("button", name=ui["quiz.new_round"])).to_be_visible()
    assert heading_levels_skip(tab) == []
    assert tab.locator("[data-testid=stException]").count() == 0
    assert requests.foreign() == [], "the quiz contacted another host"
    SCREENSHOTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"quiz-end-{lang}.png"), full_page=True)


def test_answering_reruns_only_the_quiz_fragment_not_the_page(app_url, tab, bundle):
    sent: list[BackMsg] = []

    def on_socket(socket):
        def on_frame(payload):
            if isinstance(payload, bytes):
                message = BackMsg.FromString(payload)
                if message.WhichOneof("type") == "rerun_script":
                    sent.append(message)

        socket.on("framesent", on_frame)

    tab.on("websocket", on_socket)
    open_quiz(tab, app_url, "en")
    bank = bundle.quiz["en"]
    drawn = draw_round(bank, seed=SEED).questions[0]
    question = bank.question(drawn.id)
    tab_until_answers(tab)
    before = len(sent)
    choose_with_keys(tab, question, drawn, right_choice(question, drawn), 0)
    tab.keyboard.press("Enter")
    focus_in(tab, ".st-key-quiz_next_0")
    tab.keyboard.press("Enter")
    focus_in(tab, ".st-key-quiz_question_1")
    wait_until_ready(tab)
    reruns = sent[before:]
    assert len(reruns) == 2, reruns  # the answer, then "next": no rerun while choosing
    assert all(m.rerun_script.fragment_id for m in reruns), "a full-page rerun was sent"
