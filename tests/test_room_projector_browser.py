"""The projector and the presenter's pages, measured in Chromium (issue 24, requirement 6):
question slides in type for the back of the room, short text slides larger, the overview's
titles whole, /live's buttons whole at 1280 px, and Escape leaving present mode as Q does."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lien.talks import talk_of
from tests.conftest import LIVE_TOKEN
from tests.helpers.browser import wait_until_ready
from tests.test_talks_browser import wait_for_slide

pytestmark = pytest.mark.browser

# The text of each element matching `selector` that is cut: it, or an element in it, is wider
# than its box (Streamlit's labels end in "…" then).
CUT = """(selector) => [...document.querySelectorAll(selector)].filter(b => b.offsetParent)
  .filter(b => [b, ...b.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1))
  .map(b => b.innerText.replace(/\\s+/g, ' ').trim())"""


_SIGNED_IN: dict[str, dict] = {}  # the presenter's cookie, per server: signed in once


def presenter_page(browser, app_url: str, width: int, height: int, lang: str = "en"):
    """/live for the signed-in presenter. The token is given once per server, as a presenter
    does (a browser keeps the cookie)."""
    state = _SIGNED_IN.get(app_url)
    context = browser.new_context(viewport={"width": width, "height": height}, storage_state=state)
    page = context.new_page()
    page.set_default_timeout(30_000)
    given = "" if state else f"&token={LIVE_TOKEN}"
    page.goto(f"{app_url}/live?lang={lang}{given}")
    wait_until_ready(page)
    if state is None:
        _SIGNED_IN[app_url] = context.storage_state()
    return page


def font_px(locator) -> float:
    return float(locator.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))


def test_a_question_slide_sets_its_options_at_48_px_and_its_qr_code_at_300_px_at_1080p(
    app_url, browser, bundle
):
    talk = talk_of(bundle, "en", "workshop")
    page = presenter_page(browser, app_url, 1920, 1080)
    join = talk.number_of("join")  # the join slide opens the run's room
    page.goto(f"{app_url}/?lang=en&present=1&talk=workshop&slide={join}")
    wait_for_slide(page, join, len(talk))
    run = re.search(r"[?&]run=([\w-]+)", page.url).group(1)
    number = talk.number_of("poll:bordin-elements")
    page.goto(f"{app_url}/?lang=en&present=1&talk=workshop&slide={number}&run={run}")
    wait_for_slide(page, number, len(talk))
    stage = page.locator(".st-key-present_stage")
    options = stage.locator("li")
    expect(options).to_have_count(4)
    assert min(font_px(options.nth(n)) for n in range(4)) >= 48
    qr = stage.locator("[data-testid=stImage] img").first
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box["width"] >= 300 and box["height"] >= 300, box
    address = stage.locator("code", has_text=re.compile(r"/join/[A-Z0-9]{6}"))
    assert font_px(address) >= 44  # the address in large type too
    page.context.close()


def test_a_short_text_slide_sets_its_text_larger_than_a_long_one(app_url, browser, bundle):
    talk = talk_of(bundle, "fr", "workshop")
    page = presenter_page(browser, app_url, 1920, 1080, "fr")
    sizes = {}
    for item in ("slide:alliance-definition", "slide:attachment-insecure"):  # 140, 346 letters
        number = talk.number_of(item)
        page.goto(f"{app_url}/?lang=fr&present=1&talk=workshop&slide={number}")
        wait_for_slide(page, number, len(talk))
        sizes[item] = font_px(page.locator(".st-key-present_stage li").first)
    assert sizes["slide:alliance-definition"] >= 56, sizes  # 47.5 px before
    assert sizes["slide:attachment-insecure"] < sizes["slide:alliance-definition"], sizes
    page.context.close()


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_the_overview_shows_every_slide_title_whole(app_url, browser, bundle, width, height):
    talk = talk_of(bundle, "fr", "workshop")
    page = presenter_page(browser, app_url, width, height, "fr")
    page.goto(f"{app_url}/?lang=fr&present=1&talk=workshop&slide=1")
    wait_for_slide(page, 1, len(talk))
    page.keyboard.press("o")
    buttons = page.locator(".st-key-present_overview button")
    expect(buttons).to_have_count(len(talk))
    wait_until_ready(page)
    assert page.evaluate(CUT, ".st-key-present_overview button") == []
    labels = [" ".join(text.split()) for text in buttons.all_inner_texts()]
    assert labels == [" ".join(f"{s.number}. {s.title}".split()) for s in talk.slides]
    page.context.close()


def test_live_cuts_no_button_label_at_1280_px(app_server, browser, bundle):
    from lien.live.store import Store

    store = Store(f"sqlite:///{app_server.data_dir / 'live.sqlite3'}")
    room = store.open_room()
    store.open_question(room.code, "poll:repair-moment")
    for n in range(2):
        store.join(room.code, f"phone-{n:011d}")
        store.answer(
            room.code,
            1,
            "poll:repair-moment",
            f"phone-{n:011d}",
            "text",
            f"Texte {n}",
            status="pending",
        )
    for lang in ("fr", "en"):
        page = presenter_page(browser, app_server.url, 1280, 800, lang)
        page.goto(f"{app_server.url}/live?lang={lang}&room={room.code}")
        wait_until_ready(page)
        approve = page.get_by_role("button", name=bundle.ui[lang]["live.approve"], exact=True)
        expect(approve).to_have_count(2)
        assert page.evaluate(CUT, "[data-testid=stMain] button") == [], lang
        page.context.close()
    store.dispose()


def test_escape_leaves_present_mode_as_q_does_and_first_closes_the_overview(
    app_url, browser, bundle
):
    talk = talk_of(bundle, "en", "short")
    page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    page.goto(f"{app_url}/?lang=en&present=1&talk=short&slide=2")
    wait_for_slide(page, 2, len(talk))
    page.keyboard.press("o")
    expect(page.locator(".st-key-present_overview")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(".st-key-present_overview")).to_have_count(0)
    expect(page).to_have_url(re.compile("present=1"))
    wait_for_slide(page, 2, len(talk))
    page.keyboard.press("Escape")
    expect(page).not_to_have_url(re.compile("present="))
    expect(page.locator("h1").first).not_to_have_text(talk.slide(2).title)
    page.context.close()
