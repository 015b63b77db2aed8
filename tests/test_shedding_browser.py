"""The phone's page past capacity, in Chromium: an answer turned away with 503 and Retry-After
(lien.web.shedding) is sent again by the page's script, which says "one moment…" meanwhile."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_an_answer_turned_away_is_sent_again_by_itself_and_the_page_says_one_moment(
    app_server, browser, bundle
):
    from lien.live.store import Store

    store = Store(f"sqlite:///{app_server.data_dir / 'live.sqlite3'}")
    room = store.open_room()
    store.open_question(room.code, "poll:alliance-weight")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.set_default_timeout(30_000)
    turned_away: list[str] = []

    def busy_twice(route):
        if len(turned_away) < 2:  # the server past capacity, twice: then it takes the answer
            turned_away.append(route.request.method)
            route.fulfill(status=503, headers={"Retry-After": "1"}, body='{"error": "busy"}')
        else:
            route.continue_()

    phone.route("**/answer?*", busy_twice)
    phone.goto(f"{app_server.url}/join/{room.code}?lang=fr")
    ui, poll = bundle.ui["fr"], bundle.polls["fr"][0]
    phone.get_by_label(poll.options[2].text).check()
    phone.get_by_role("button", name=ui["join.submit"]).click()
    expect(phone.get_by_role("status").filter(has_text="Un instant…")).to_have_text(
        ui["join.sending"]
    )
    expect(phone.get_by_role("status").first).to_have_text(ui["join.saved"])
    assert turned_away == ["POST", "POST"]
    assert store.tally(room.code).counts == {poll.options[2].id: 1}
    context.close()
    store.dispose()
