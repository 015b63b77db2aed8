"""A rehearsal talk in Chromium: the presenter opens a room, three phones answer, all live."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.conftest import LIVE_TOKEN
from tests.helpers.browser import (
    SCREENSHOTS,
    RequestLog,
    axe_serious,
    wait_until_ready,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_app(app_server):
    return app_server


def metric(page, label: str):
    return page.locator("[data-testid='stMetric']", has_text=label).locator(
        "[data-testid='stMetricValue']"
    )


def test_three_phones_answer_live_and_the_reveal_reaches_them(live_app, browser, bundle):
    ui = bundle.ui["en"]
    poll = bundle.polls["en"][0]
    presenter_context = browser.new_context(viewport={"width": 1280, "height": 1000})
    presenter = presenter_context.new_page()
    presenter.set_default_timeout(30_000)
    requests = RequestLog(presenter)
    presenter.goto(f"{live_app.url}/live?lang=en&token={LIVE_TOKEN}")
    wait_until_ready(presenter)
    presenter.get_by_role("button", name=ui["live.open_room"]).click()
    address = presenter.get_by_text(re.compile(r"/join/[A-Z0-9]{6}")).first
    expect(address).to_be_visible(timeout=30_000)
    code = re.search(r"/join/([A-Z0-9]{6})", address.inner_text()).group(1)
    expect(presenter.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    presenter.get_by_role("button", name=ui["live.open_question"]).click()
    expect(presenter.get_by_text(poll.prompt).first).to_be_visible(timeout=30_000)

    phones, choices = [], ["moderate", "moderate", "strong"]
    for n, option in enumerate(choices):
        # Each phone on its own address of the room's Wi-Fi (as this machine's proxy would
        # name it): a room takes two phones per address.
        context = browser.new_context(
            viewport={"width": 390, "height": 844},
            locale="en-US",
            extra_http_headers={"X-Real-IP": f"10.7.0.{n + 1}"},
        )
        phone = context.new_page()
        phone.set_default_timeout(20_000)
        phone.goto(f"{live_app.url}/join/{code}?lang=en")
        phone.get_by_label(dict((o.id, o.text) for o in poll.options)[option]).check()
        phone.get_by_role("button", name=ui["join.submit"]).click()
        expect(phone.get_by_role("status")).to_have_text(ui["join.saved"])
        phones.append(phone)
    assert len({p.context.cookies()[0]["value"] for p in phones}) == 3  # three anonymous tokens

    started = time.monotonic()
    expect(metric(presenter, ui["live.answered"])).to_have_text("3", timeout=10_000)
    seen_within = time.monotonic() - started
    expect(metric(presenter, ui["live.participants"])).to_have_text("3")
    assert seen_within < 4, f"the presenter saw the answers after {seen_within:.1f} s"

    presenter.get_by_role("button", name=ui["live.reveal"]).click()
    expect(metric(presenter, ui["live.share_right"])).to_have_text("67%", timeout=10_000)
    right = dict((o.id, o.text) for o in poll.options)[poll.correct]
    for phone in phones:  # the pages reload by themselves when the presenter reveals
        expect(phone.get_by_text(ui["join.right_answer"].format(option=right))).to_be_visible(
            timeout=10_000
        )
        expect(phone.get_by_text(poll.explanation)).to_be_visible()

    SCREENSHOTS.mkdir(exist_ok=True)
    presenter.screenshot(path=str(SCREENSHOTS / "live-presenter.png"), full_page=True)
    phones[0].screenshot(path=str(SCREENSHOTS / "live-phone.png"), full_page=True)
    assert requests.foreign() == [], "the presenter's page contacted another host"
    for phone in phones:
        phone.context.close()
    presenter_context.close()


def phone_room(live_app, question_id: str):
    from lien.live.store import Store

    # The app's own SQLite file, reached from the test process as a second replica would.
    store = Store(f"sqlite:///{live_app.data_dir / 'live.sqlite3'}")
    room = store.open_room()
    store.open_question(room.code, question_id)
    return store, room


def test_the_phone_page_works_without_javascript(live_app, browser, bundle):
    store, room = phone_room(live_app, "poll:bordin-elements")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.set_default_timeout(20_000)
    phone.goto(f"{live_app.url}/join/{room.code}?lang=fr")
    poll = bundle.polls["fr"][1]
    phone.get_by_label(poll.options[3].text).check()
    phone.get_by_role("button", name=bundle.ui["fr"]["join.submit"]).click()
    expect(phone.get_by_role("status")).to_have_text(bundle.ui["fr"]["join.saved"])
    assert store.tally(room.code).counts == {"diagnosis": 1}
    context.close()
    store.dispose()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_phone_page_is_accessible_and_offline_in_each_language(live_app, browser, lang):
    store, room = phone_room(live_app, "poll:alliance-weight")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.set_default_timeout(20_000)
    requests = RequestLog(phone)
    phone.goto(f"{live_app.url}/join/{room.code}?lang={lang}")
    assert phone.locator("html").get_attribute("lang") == lang
    assert axe_serious(phone) == []
    assert requests.foreign() == []
    context.close()
    store.dispose()


KIND_POLLS = [
    "help-ease",
    "trustworthy-carer",
    "repair-moment",
    "comfort-first",
    "room-questions",
    "room-map",
]


@pytest.mark.parametrize("poll_id", KIND_POLLS)
def test_every_kind_s_phone_page_passes_axe_and_is_french_all_the_way(
    live_app, browser, bundle, poll_id
):
    store, room = phone_room(live_app, f"poll:{poll_id}")
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    phone = context.new_page()
    phone.set_default_timeout(20_000)
    requests = RequestLog(phone)
    phone.goto(f"{live_app.url}/join/{room.code}")
    assert phone.locator("html").get_attribute("lang") == "fr"
    assert axe_serious(phone) == []
    shown = phone.inner_text("body")
    english = [
        text
        for key, text in bundle.ui["en"].items()
        if key.startswith("join.") and text != bundle.ui["fr"][key] and len(text) > 12
    ]
    assert [text for text in english if text in shown] == []
    assert requests.foreign() == []
    context.close()
    store.dispose()


def test_the_map_s_phone_sends_only_its_cell_and_shows_its_point_to_its_reader(
    live_app, browser, bundle
):
    from lien.live.questions import map_cell
    from lien.reflection import map_point

    store, room = phone_room(live_app, "poll:room-map")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.set_default_timeout(20_000)
    posted = []
    phone.on("request", lambda r: posted.append(r.post_data) if r.method == "POST" else None)
    phone.goto(f"{live_app.url}/join/{room.code}?lang=en")
    statements = bundle.reflection["en"].statements
    answers = {}
    for number, statement in enumerate(statements):
        value = 6 if statement.dimension == "anxiety" else 2 + number % 2
        answers[statement.id] = value
        phone.locator(f"input[name='s-{statement.id}'][value='{value}']").check()
    phone.get_by_role("button", name=bundle.ui["en"]["join.map_send"]).click()
    expect(phone.get_by_role("status")).to_have_text(bundle.ui["en"]["join.saved"])
    avoidance, anxiety = map_point(statements, answers)
    cell = map_cell(avoidance, anxiety)
    assert store.tally(room.code).counts == {cell: 1}
    assert posted and all("s-" not in (body or "") for body in posted)  # no answer left it
    assert f"option={cell}" in posted[0]
    expect(phone.locator("#my-point")).to_be_visible()
    context.close()
    store.dispose()
