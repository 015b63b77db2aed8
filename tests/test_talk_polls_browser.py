"""A shipped talk with its polls, in Chromium: the workshop in French on a 1920×1080 projector,
two polls inside the deck answered by three phones (plain HTTP clients of /join, as a phone
without JavaScript is), the presenter's tab reloaded mid-poll, the reveal, then the room's
report and CSV downloaded from the talk's overview."""

from __future__ import annotations

import csv
import html
import io
import re
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from lien.live.questions import live_questions
from lien.live.results import result
from lien.talks import talk_of
from tests.conftest import LIVE_TOKEN
from tests.helpers.browser import SCREENSHOTS, wait_until_ready
from tests.test_live_presenter_browser import app_store
from tests.test_talks_browser import FIT, wait_for_slide

pytestmark = pytest.mark.browser

STAGE = ".st-key-present_stage"


class Phone:
    """One phone without JavaScript: its own cookies, plain GETs and form POSTs from the page's
    origin, in its own language; `address`: where on the room's Wi-Fi it is (as this
    machine's proxy would say it in X-Real-IP: the join limit is per address)."""

    def __init__(self, base: str, code: str, lang: str = "fr", address: str | None = None):
        self.base, self.code, self.lang = base, code, lang
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        if address:
            self.opener.addheaders.append(("X-Real-IP", address))

    def page(self) -> str:
        with self.opener.open(f"{self.base}/join/{self.code}?lang={self.lang}", timeout=10) as p:
            return p.read().decode("utf-8")

    def _post(self, action: str, fields: dict[str, str]):
        """Post a form of the page now shown; the answer, after its 303 back to the page."""
        page = self.page()
        form = {
            name: re.search(rf'name="{name}" value="([^"]*)"', page).group(1)
            for name in ("round", "question")
        }
        request = urllib.request.Request(
            f"{self.base}/join/{self.code}/{action}?lang={self.lang}",
            data=urllib.parse.urlencode({**form, **fields}).encode(),
            headers={"Origin": self.base, "Content-Type": "application/x-www-form-urlencoded"},
            method="POST",
        )
        return self.opener.open(request, timeout=10)

    def answer(self, **fields: str) -> str:
        """Answer the question now shown; the page the phone is sent back to."""
        with self._post("answer", fields) as answer:
            return answer.read().decode("utf-8")

    def send(self, action: str, **fields: str) -> str:
        """An answer, an audience question or a vote; where the phone was sent back to."""
        with self._post(action, fields) as answer:
            return answer.geturl()

    @property
    def token(self) -> str:
        """The participant token the server issued: "<participant>.<signature>"."""
        return next(c.value for c in self.jar if c.name == f"lien_{self.code}")


def stage_text(page) -> str:
    return page.inner_text(STAGE)


def wait_for_stage(page, text: str, timeout: int = 10_000) -> None:
    page.wait_for_function(
        "([sel, text]) => { const s = document.querySelector(sel);"
        " return !!s && s.innerText.includes(text); }",
        arg=[STAGE, text],
        timeout=timeout,
    )


def press(page, key: str, action: str) -> None:
    """A presenter's key on a poll slide, once its (hidden) button is there and enabled."""
    page.wait_for_selector(f".st-key-poll_slide_{action} button:not([disabled])", state="attached")
    wait_until_ready(page)
    page.keyboard.press(key)


def fits(page, size: tuple[int, int], name: str) -> list[str]:
    """What lies outside the window once the slide has been redrawn to this size (Plotly
    redraws on the window's resize event): [] when everything fits."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    SCREENSHOTS.mkdir(exist_ok=True)
    # Fitting once drawn is what counts: on a busy machine (the whole suite on two cores) a
    # chart redrawn at the new size was seen without its texts for over 5 s (twice, 7 Dec).
    try:
        page.wait_for_function(f"() => ({FIT})().length === 0", timeout=15_000)
        found = []
    except PlaywrightTimeout:
        found = page.evaluate(FIT)
    page.screenshot(path=str(SCREENSHOTS / f"poll-slide-{name}-{size[0]}x{size[1]}.png"))
    return found


def test_a_workshop_with_two_polls_three_phones_a_reload_a_reveal_and_the_report(
    app_server, browser, bundle
):
    ui = bundle.ui["fr"]
    talk = talk_of(bundle, "fr", "workshop")
    questions = live_questions(bundle, "fr")
    choice = questions["poll:alliance-weight"]
    words = questions["poll:trustworthy-carer"]
    first, second = talk.number_of(choice.id), talk.number_of(words.id)
    assert first < second  # both inside the deck, between its parts

    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{app_server.url}/live?lang=fr&token={LIVE_TOKEN}")  # the presenter's cookie
    page.wait_for_url(lambda url: "token" not in url)
    wait_until_ready(page)
    page.goto(f"{app_server.url}/?lang=fr&present=1&talk=workshop&slide={first}")
    wait_for_slide(page, first, len(talk))
    expect(page.locator(f"{STAGE} h1")).to_have_text(choice.prompt)

    press(page, "a", "open")  # opens the run's room and the question
    wait_for_stage(page, ui["live.phase_open"])
    code = re.search(r"/join/([A-Z0-9]{6})", stage_text(page)).group(1)
    phones = [Phone(app_server.url, code, "fr", f"10.8.0.{n + 1}") for n in range(3)]
    for phone, option in zip(phones[:2], ["moderate", "none"], strict=True):
        assert ui["join.saved"] in phone.answer(option=option)
    wait_for_stage(page, f"{ui['live.answered']} 2")  # the live count, without a key press

    page.reload()  # mid-poll: the same room, the same question, still open
    wait_for_slide(page, first, len(talk))
    wait_for_stage(page, f"/join/{code}")
    assert ui["live.phase_open"] in stage_text(page)
    assert f"{ui['live.participants']} 2" in stage_text(page)
    assert ui["join.saved"] in phones[2].answer(option="moderate")
    wait_for_stage(page, f"{ui['live.answered']} 3")

    press(page, "s", "close")
    wait_for_stage(page, ui["live.phase_closed"])
    press(page, "v", "reveal")
    right = ui["join.right_answer"].format(option=choice.option_text(next(iter(choice.correct))))
    wait_for_stage(page, right)
    assert choice.explanation in stage_text(page)  # as on the phones
    # The chart marks the right answer too.
    page.wait_for_function(
        "(mark) => [...document.querySelectorAll('.st-key-present_stage svg text')]"
        ".some(t => t.textContent.includes(mark))",
        arg=ui["live.right_mark"],
    )
    phone_page = html.unescape(phones[0].page())
    assert choice.explanation in phone_page and right in phone_page
    for size in ((1920, 1080), (1280, 720)):
        assert fits(page, size, "revealed") == [], size
    page.set_viewport_size({"width": 1920, "height": 1080})

    for number in range(first + 1, second + 1):
        page.keyboard.press("PageDown")
        wait_for_slide(page, number, len(talk))
    press(page, "a", "open")
    wait_for_stage(page, ui["live.phase_open"])
    assert f"/join/{code}" in stage_text(page)  # the same room for the whole talk
    # What a spreadsheet would run as a formula, first in each phone's answer.
    sent = [("=cmd", "écoute", ""), ("+1", "écoute", ""), ("-moi", "@toi", "écoute")]
    for phone, (w1, w2, w3) in zip(phones, sent, strict=True):
        assert ui["join.saved"] in phone.answer(option="words", w1=w1, w2=w2, w3=w3)
    wait_for_stage(page, "=cmd")  # a live word cloud
    assert fits(page, (1280, 720), "words") == []
    page.set_viewport_size({"width": 1920, "height": 1080})
    press(page, "s", "close")
    wait_for_stage(page, ui["live.phase_closed"])

    page.keyboard.press("o")  # the overview: the talk's files and the room's
    with page.expect_download() as report_download:
        page.get_by_role("button", name=ui["live.report"]).click()
    report = Path(report_download.value.path()).read_text(encoding="utf-8")
    with page.expect_download() as csv_download:
        page.get_by_role("button", name=ui["live.export"]).click()
    raw = Path(csv_download.value.path()).read_bytes()
    context.close()

    report = html.unescape(report)
    for text in (choice.prompt, words.prompt, *(t for _, t in choice.options), "écoute"):
        assert text in report, text
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    table = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(table), delimiter=";"))
    assert len(rows) > 3 and all(len(row) == len(rows[0]) for row in rows)  # ";" separates
    cells = [cell for row in rows for cell in row]
    assert choice.prompt in cells and "Modérément (r ≈ 0,3)" in cells  # texts beside ids
    for word in ("=cmd", "+1", "-moi"):
        assert any(cell.startswith("'" + word) for cell in cells), word
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert len({phone.token for phone in phones}) == 3
    for phone in phones:  # neither the token nor the participant id in it: P1, P2, P3 only
        participant, signature = phone.token.split(".", 1)
        for secret in (phone.token, participant, signature):
            assert secret not in table and secret not in report
    assert {row[5] for row in rows[1:] if row[5]} <= {"P1", "P2", "P3"}


def stage_has_chart(page) -> bool:
    return page.evaluate(
        "(sel) => !!document.querySelector(sel + ' .js-plotly-plot svg.main-svg text')", STAGE
    )


def phone_shows(phone, question, english, words) -> None:
    """A phone's page: in the phone's language, the question, and a way not to say."""
    shown = html.unescape(phone.page())
    assert f'<html lang="{phone.lang}"' in shown
    assert (english if phone.lang == "en" else question).prompt in shown
    if question.personal:
        assert words["join.skip"] in shown, (question.id, phone.lang)


def answer_choice(page, store, code, question, room, crowd) -> list[str]:
    options = [option for option, _ in question.options]
    for n, phone in enumerate(room):
        assert "saved=1" in phone.send("answer", option=options[n % len(options)])
    return []


def answer_scale(page, store, code, question, room, crowd) -> list[str]:
    """Personal: seven answers, one short of its group."""
    for n, phone in enumerate(room[:7]):
        assert "saved=1" in phone.send("answer", option=str(n % question.scale + 1))
    return []


def answer_words(page, store, code, question, room, crowd) -> list[str]:
    for phone in room:
        assert "saved=1" in phone.send("answer", option="words", w1="écoute", w2="calme")
    wait_for_stage(page, "écoute")  # shown live (results = "live")
    return []


def answer_map(page, store, code, question, room, crowd) -> list[str]:
    """Forty phones send a cell each (their page computes it)."""
    for n, phone in enumerate(crowd):
        assert "saved=1" in phone.send("answer", option=f"x{n % 4 + 1}y{n // 4 % 4 + 1}")
    return []


def answer_open(page, store, code, question, room, crowd) -> list[str]:
    """Each phone a free text; the presenter approves two (on /live). The texts sent."""
    texts = [f"Réponse libre numéro {n}" for n in range(len(room))]
    for phone, text in zip(room, texts, strict=True):
        assert "saved=1" in phone.send("answer", option="text", text=text)
    rows = [a for a in store.answers(code) if a.question_id == question.id]
    for row in rows[:2]:
        store.set_text_status(code, row.round, row.participant, "approved", seen=row.text)
    return texts


def answer_questions(page, store, code, question, room, crowd) -> list[str]:
    """Three audience questions, two approved, ranked on the projector by their votes."""
    asks = ["Peut-on changer de style ?", "How do I repair a rupture?", "Et au travail ?"]
    for phone, text in zip(room, asks, strict=False):
        assert "asked=1" in phone.send("ask", text=text)
    listed = {a.text: a.id for a in store.tally(code).asks}
    for text in asks[:2]:
        store.set_ask_status(code, listed[text], "approved")
    for phone in room[3:8]:  # five phones back the English one, two the first
        assert "saved=1" in phone.send("vote", ask=str(listed[asks[1]]))
    for phone in room[3:5]:
        assert "saved=1" in phone.send("vote", ask=str(listed[asks[0]]))
    # The projector draws the approved questions, then their votes at its next refresh: wait
    # for the ranking itself (the question shown first with "0" votes is not yet ranked).
    page.wait_for_function(
        "([sel, first, second]) => { const t = document.querySelector(sel)?.innerText || '';"
        " const a = t.indexOf(first), b = t.indexOf(second);"
        " return a >= 0 && b >= 0 && a < b; }",
        arg=[STAGE, asks[1], asks[0]],
        timeout=10_000,
    )
    text = stage_text(page)
    assert text.index(asks[1]) < text.index(asks[0]) and asks[2] not in text
    return []


ANSWERS = {
    "choice": answer_choice,
    "scale": answer_scale,
    "words": answer_words,
    "map": answer_map,
    "open": answer_open,
    "questions": answer_questions,
}


def projector_shows_what_may_be_shown(page, store, code, question, ui, texts) -> None:
    """Once answers are closed: a personal result too small says so in one sentence, a chart
    where there is one to draw, only the approved free texts."""
    if question.form == "scale":
        short = ui["live.results_short"].format(n=question.min_group, more=1)
        wait_for_stage(page, short)  # a room of seven sees nothing of itself
        assert not stage_has_chart(page)
    elif question.personal and result(question, store.tally(code)).all_hidden:
        # Eight phones over five options: every group too small, said in one sentence
        # (whether a group shows is the blur's to say; the store's secret tells it here).
        wait_for_stage(page, ui["live.results_all_hidden"].format(n=question.min_group))
        assert not stage_has_chart(page)
    elif question.form in ("choice", "map"):
        page.wait_for_function(
            "(sel) => !!document.querySelector(sel + ' .js-plotly-plot svg.main-svg text')",
            arg=STAGE,
        )
    elif question.form == "open":
        wait_for_stage(page, texts[0])
        text = stage_text(page)
        assert texts[1] in text and not any(t in text for t in texts[2:])


def test_the_workshop_runs_every_kind_with_phones_in_two_languages(app_server, browser, bundle):
    """The workshop in French on a 1920×1080 projector, walked with PageDown from its join
    slide to its last poll; on each poll or quiz slide A, S (and V for a right answer), as a
    clicker would; eight phones, half of them in English. The personal scale gets seven
    answers (nothing shown, one more needed), the room's map forty (its density shown once
    closed); open texts and audience questions show only what the presenter approved."""
    ui, en = bundle.ui["fr"], bundle.ui["en"]
    talk = talk_of(bundle, "fr", "workshop")
    fr_questions, en_questions = live_questions(bundle, "fr"), live_questions(bundle, "en")
    numbers = [
        n for n in range(1, len(talk) + 1) if talk.slide(n).id.startswith(("poll:", "quiz:"))
    ]
    kinds = {fr_questions[talk.slide(n).id].form for n in numbers}
    assert kinds == {"choice", "scale", "words", "open", "questions", "map"}, kinds
    store = app_store(app_server)

    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{app_server.url}/live?lang=fr&token={LIVE_TOKEN}")
    page.wait_for_url(lambda url: "token" not in url)
    wait_until_ready(page)
    join = talk.number_of("join")
    page.goto(f"{app_server.url}/?lang=fr&present=1&talk=workshop&slide={join}")
    wait_for_slide(page, join, len(talk))
    wait_for_stage(page, "/join/")
    code = re.search(r"/join/([A-Z0-9]{6})", stage_text(page)).group(1)
    phones = [
        Phone(app_server.url, code, "en" if n % 2 else "fr", f"10.9.{n // 250}.{n % 250 + 1}")
        for n in range(64)
    ]
    # Eight phones answer each question, taken in turn from three groups; the map gets forty
    # others. (A phone may send five answers at once, then one every 2 s, and this test plays
    # a question in about a second: each group rests for two.)
    crowd = phones[24:]
    seen = join
    for turn, number in enumerate(numbers):
        room = phones[8 * (turn % 3) : 8 * (turn % 3) + 8]
        while seen < number:
            page.keyboard.press("PageDown")
            seen += 1
            wait_for_slide(page, seen, len(talk))
        question = fr_questions[talk.slide(number).id]
        english = en_questions[question.id]
        press(page, "a", "open")
        wait_for_stage(page, ui["live.phase_open"])
        assert question.prompt in stage_text(page)
        for phone in room:  # each phone in its own language, whatever the projector's
            phone_shows(phone, question, english, en if phone.lang == "en" else ui)
        texts = ANSWERS[question.form](page, store, code, question, room, crowd)
        press(page, "s", "close")
        wait_for_stage(page, ui["live.phase_closed"])
        if question.correct:
            press(page, "v", "reveal")
            right = ui["join.right_answer"].format(
                option=", ".join(question.option_text(c) for c in sorted(question.correct))
            )
            wait_for_stage(page, right)
        projector_shows_what_may_be_shown(page, store, code, question, ui, texts)
        assert fits(page, (1920, 1080), f"every-kind-{question.id.split(':')[1]}") == []
    context.close()
    store.dispose()
