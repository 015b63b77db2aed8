"""A shipped talk with its polls, in Chromium: the workshop in French on a 1920×1080 projector,
two polls inside the deck answered by three phones (plain HTTP clients of /join, as a phone
without JavaScript is), the presenter's tab reloaded mid-poll, the reveal, then the room's
report and CSV downloaded from the talk's overview."""

from __future__ import annotations

import contextlib
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
from lien.talks import talk_of
from tests.conftest import LIVE_TOKEN
from tests.helpers.browser import SCREENSHOTS, wait_until_ready
from tests.test_talks_browser import FIT, wait_for_slide

pytestmark = pytest.mark.browser

STAGE = ".st-key-present_stage"


class Phone:
    """One phone: its own cookies, plain GETs and form POSTs from the page's origin."""

    def __init__(self, base: str, code: str):
        self.base, self.code = base, code
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def page(self) -> str:
        with self.opener.open(f"{self.base}/join/{self.code}?lang=fr", timeout=10) as answer:
            return answer.read().decode("utf-8")

    def answer(self, **fields: str) -> str:
        page = self.page()
        form = {
            name: re.search(rf'name="{name}" value="([^"]*)"', page).group(1)
            for name in ("round", "question")
        }
        request = urllib.request.Request(
            f"{self.base}/join/{self.code}/answer?lang=fr",
            data=urllib.parse.urlencode({**form, **fields}).encode(),
            headers={"Origin": self.base, "Content-Type": "application/x-www-form-urlencoded"},
            method="POST",
        )
        with self.opener.open(request, timeout=10) as answer:  # 303 back to the phone's page
            return answer.read().decode("utf-8")

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
    with contextlib.suppress(PlaywrightTimeout):  # the problems are returned below
        page.wait_for_function(f"() => ({FIT})().length === 0", timeout=5_000)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"poll-slide-{name}-{size[0]}x{size[1]}.png"))
    return page.evaluate(FIT)


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
    phones = [Phone(app_server.url, code) for _ in range(3)]
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
