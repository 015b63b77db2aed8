"""The room's new phone screens in Chromium (issue 24): the pace buttons and what they answer,
the moderator's page; each passes axe in French and English, and does what it says."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.helpers.browser import axe_serious

pytestmark = pytest.mark.browser


def room_with(app_server, question_id: str):
    from lien.live.store import Store

    # The app's own SQLite file, reached from the test process as a second replica would.
    store = Store(f"sqlite:///{app_server.data_dir / 'live.sqlite3'}")
    room = store.open_room()
    store.open_question(room.code, question_id)
    return store, store.room(room.code)


def phone_page(browser, address: str):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, extra_http_headers={"X-Real-IP": address}
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_pace_buttons_and_their_answer_pass_axe_and_count_one_tap_a_minute(
    app_server, browser, bundle, lang
):
    from lien.live.store import pace

    ui = bundle.ui[lang]
    store, room = room_with(app_server, "poll:alliance-weight")
    phone = phone_page(browser, f"10.24.1.{1 if lang == 'fr' else 2}")
    phone.goto(f"{app_server.url}/join/{room.code}?lang={lang}")
    slower = phone.get_by_role("button", name=ui["pace.slower"])
    expect(slower).to_be_visible()
    expect(phone.get_by_role("button", name=ui["pace.moment"])).to_be_visible()
    assert axe_serious(phone) == []
    slower.click()
    expect(phone.get_by_role("status")).to_have_text(ui["pace.sent"])
    assert axe_serious(phone) == []
    phone.get_by_role("link", name=ui["pace.back"]).click()
    phone.get_by_role("button", name=ui["pace.moment"]).click()
    expect(phone.get_by_role("status")).to_have_text(ui["pace.too_fast"])
    assert axe_serious(phone) == []
    assert pace.counts(store, room.code) == {"slower": 1, "moment": 0}
    phone.context.close()
    store.dispose()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_moderator_page_passes_axe_and_approves_a_text(app_server, browser, bundle, lang):
    from lien.live.store import moderators

    ui = bundle.ui[lang]
    store, room = room_with(app_server, "poll:repair-moment")
    writer = phone_page(browser, f"10.24.2.{1 if lang == 'fr' else 2}")
    writer.goto(f"{app_server.url}/join/{room.code}?lang={lang}")
    writer.locator("#text").fill("Être écouté sans jugement")
    writer.get_by_role("button", name=ui["join.submit"]).click()
    expect(writer.get_by_role("status").first).to_have_text(ui["join.saved"])

    link = moderators.new_link(store, room.code)
    moderator = phone_page(browser, f"10.24.3.{1 if lang == 'fr' else 2}")
    moderator.goto(f"{app_server.url}/moderate/{room.code}?key={link}&lang={lang}")
    assert link not in moderator.url  # the key is not left in the address
    expect(moderator.get_by_role("heading", level=1)).to_contain_text(ui["moderate.title"])
    assert axe_serious(moderator) == []
    approve = ui["moderate.approve_label"].format(text="Être écouté sans jugement")
    moderator.get_by_role("button", name=approve).click()
    expect(moderator.get_by_role("status").first).to_have_text(ui["moderate.done"])
    assert [status for *_, status in store.tally(room.code).texts] == ["approved"]
    moderator.get_by_role("button", name=ui["moderate.pause"]).click()
    expect(moderator.get_by_role("button", name=ui["moderate.resume"])).to_be_visible()
    assert store.room(room.code).paused
    assert axe_serious(moderator) == []
    moderators.revoke(store, room.code)
    moderator.reload()
    expect(moderator.get_by_text(ui["moderate.gone"])).to_be_visible()
    for page in (writer, moderator):
        page.context.close()
    store.dispose()
