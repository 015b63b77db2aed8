"""The presenter in Chromium: a reload needs no token, Back never shows it, and the projector
view of a room fits a 1920×1080 and a 1280×720 window."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lien.live.store import Store
from tests.conftest import LIVE_TOKEN
from tests.helpers.browser import SCREENSHOTS, wait_until_ready

pytestmark = pytest.mark.browser


def app_store(app_server) -> Store:
    # The app's own SQLite file, reached from the test process as a second replica would.
    return Store(f"sqlite:///{app_server.data_dir / 'live.sqlite3'}")


def signed_in(browser, app_server, viewport=(1280, 900)):
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{app_server.url}/?lang=en")  # an earlier entry in this tab's history
    wait_until_ready(page)
    page.goto(f"{app_server.url}/live?lang=en&token={LIVE_TOKEN}")
    page.wait_for_url(lambda url: "/live" in url and "token" not in url)
    wait_until_ready(page)
    return context, page


def test_the_token_leaves_no_trace_in_the_history_and_a_reload_needs_none(
    app_server, browser, bundle
):
    ui = bundle.ui["en"]
    context, page = signed_in(browser, app_server)
    expect(page.get_by_role("button", name=ui["live.open_room"])).to_be_visible()
    assert "token" not in page.url
    cookie = next(c for c in context.cookies() if c["name"] == "lien_presenter")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert LIVE_TOKEN not in cookie["value"]
    page.go_back()  # Back: the page before, never the address with the token
    page.wait_for_load_state()
    assert "token" not in page.url
    page.go_forward()
    page.wait_for_load_state()
    assert "token" not in page.url
    page.reload()
    wait_until_ready(page)
    expect(page.get_by_role("button", name=ui["live.open_room"])).to_be_visible()
    assert page.get_by_label(ui["live.token_label"]).count() == 0
    second = context.new_page()  # a second tab of the same browser
    second.goto(f"{app_server.url}/live?lang=en")
    wait_until_ready(second)
    expect(second.get_by_role("button", name=ui["live.open_room"])).to_be_visible()
    context.close()


def test_a_reload_mid_room_comes_back_to_the_room_and_lists_it_to_resume(
    app_server, browser, bundle
):
    ui = bundle.ui["en"]
    context, page = signed_in(browser, app_server)
    page.get_by_role("button", name=ui["live.open_room"]).click()
    page.wait_for_url(lambda url: "room=" in url)
    code = page.url.split("room=")[1][:6]
    page.get_by_role("button", name=ui["live.open_question"]).click()
    expect(page.get_by_text(bundle.polls["en"][0].prompt).first).to_be_visible()
    page.reload()
    wait_until_ready(page)
    expect(page.get_by_text(f"/join/{code}")).to_be_visible()
    expect(page.get_by_text(bundle.polls["en"][0].prompt).first).to_be_visible()
    other = browser.new_context(viewport={"width": 1280, "height": 900})  # another device
    fresh = other.new_page()
    fresh.goto(f"{app_server.url}/live?lang=en&token={LIVE_TOKEN}")
    fresh.wait_for_url(lambda url: "token" not in url)
    wait_until_ready(fresh)
    expect(fresh.get_by_text(ui["live.rooms_open"])).to_be_visible()
    fresh.get_by_role("button", name=ui["live.resume"]).first.click()
    fresh.wait_for_url(lambda url: "room=" in url)
    expect(fresh.get_by_role("button", name=ui["live.close"])).to_be_visible()
    other.close()
    context.close()


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_the_projector_view_fits_the_window_with_no_control(app_server, browser, bundle, size):
    store = app_store(app_server)
    room = store.open_room()
    store.open_question(room.code, "poll:bordin-elements")
    opened = store.room(room.code)
    for n, option in enumerate(["goals", "tasks", "bond", "diagnosis", "diagnosis"]):
        store.join(room.code, f"phone-{n:011d}")
        store.submit(room.code, opened.round, opened.question_id, f"phone-{n:011d}", option)
    store.reveal(room.code)
    context, page = signed_in(browser, app_server, size)
    page.goto(f"{app_server.url}/live?screen=1&room={room.code}&lang=en")
    wait_until_ready(page)
    poll = bundle.polls["en"][1]
    expect(page.get_by_text(poll.prompt)).to_be_visible()
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    buttons = [
        b.evaluate("e => e.outerHTML.slice(0, 200)") for b in page.get_by_role("button").all()
    ]
    assert buttons == []  # no controls on the projector
    assert "LIEN_PUBLIC_URL" not in page.inner_text("body")
    width, height = size
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=stMain] '
              + ':is(p, h2, img, code, .js-plotly-plot, [data-testid=stMetric])')]
            .filter(e => e.offsetParent !== null)
            .map(e => { const r = e.getBoundingClientRect();
                        return {text: (e.innerText || e.tagName).slice(0, 40), right: r.right,
                                bottom: r.bottom, height: r.height}; })"""
    )
    outside = [b for b in boxes if b["right"] > width + 1 or b["bottom"] > height + 1]
    assert boxes and outside == [], outside
    scroll = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=stMain]');"
        " return [m.scrollHeight, m.clientHeight]; }"
    )
    assert scroll[0] <= scroll[1] + 1, scroll
    address = page.locator("[data-testid=stMain] code").first
    line = page.evaluate(
        "e => parseFloat(getComputedStyle(e).lineHeight) || e.getBoundingClientRect().height",
        address.element_handle(),
    )
    assert address.bounding_box()["height"] <= line * 1.5  # the address on one line
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"live-projector-{width}x{height}.png"))
    context.close()
    store.dispose()
