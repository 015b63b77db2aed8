"""The presenter's start page (/start) under AppTest: signed in, it tells an app bound to this
computer only from one phones can reach, shows what a phone's visit proved, and opens the talk
and its room; not signed in, it offers the sign-in in place and nothing else."""

from __future__ import annotations

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from lien.content import ROOT
from lien.live import address
from lien.live.runs import current_runs
from lien.live.store import current_store
from lien.sitemap import START_SCRIPT
from lien.talks import talk_of
from tests.helpers.apptest import all_text, open_page
from tests.test_present import TOKEN, param, speaker


@pytest.fixture
def presenter(sqlite_store_url, monkeypatch):
    monkeypatch.setenv("LIEN_LIVE_TOKEN", TOKEN)
    monkeypatch.delenv("LIEN_PUBLIC_URL", raising=False)
    monkeypatch.setattr(address, "_interface_addresses", lambda: [("wlan0", "192.168.1.20")])
    before = config.get_option("server.address")
    address.forget_reached()
    yield
    address.forget_reached()
    config.set_option("server.address", before)


def start_page(bound: str | None, *, token: bool = True, lang: str = "fr") -> AppTest:
    config.set_option("server.address", bound)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    if token:
        at.query_params["token"] = TOKEN
    at.switch_page(START_SCRIPT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_bound_to_this_computer_only_it_says_phones_cannot_come_and_how_to_fix_it(
    presenter, bundle
):
    at = start_page("127.0.0.1")
    ui = bundle.ui["fr"]
    assert at.title[0].value == ui["start.title"]
    assert [e.value for e in at.error] == [ui["start.loopback"]]
    assert ui["start.loopback_how"] in all_text(at)
    assert ui["start.check_how"] not in all_text(at)  # no test QR code that cannot work


def test_for_the_room_it_shows_the_wifi_address_a_test_qr_and_advice_until_a_phone_comes(
    presenter, bundle
):
    ui = bundle.ui["fr"]
    at = start_page("0.0.0.0")
    text = all_text(at)
    port = config.get_option("server.port")
    assert f"`http://192.168.1.20:{port}`" in text
    assert ui["start.check_how"] in text
    assert [i.value for i in at.info] == [ui["start.check_waiting"]]
    assert ui["start.advice"].strip().splitlines()[0] in text  # same network name …
    assert not at.error
    # A phone opens the test address: the next refresh says so, and the advice goes.
    address.record_reached(f"http://192.168.1.20:{port}", now=1_700_000_000)
    at.run()
    assert len(at.success) == 1
    assert at.success[0].value.startswith("Un téléphone a atteint cet ordinateur à ")
    assert ui["start.advice"].strip().splitlines()[0] not in all_text(at)


def test_it_opens_the_talk_the_speaker_view_and_the_room(presenter, bundle):
    at = start_page("0.0.0.0", lang="en")
    run_id = param(at, "run")
    run = current_runs().run(run_id)
    assert run is not None and run.talk_id == at.selectbox(key="start_talk").value
    links = {b.proto.label: b.proto.url for b in at.get("link_button")}
    ui = bundle.ui["en"]
    assert f"present=1&talk={run.talk_id}&run={run_id}" in links[ui["start.projector"]]
    assert f"notes={run_id}&key=" in links[ui["start.speaker"]]
    assert TOKEN not in links[ui["start.speaker"]]
    at.button(key="start_room_open").click().run()
    code = current_runs().run(run_id).room_code
    assert code and current_store().room(code) is not None
    assert f"**{code}**" in all_text(at)


def test_a_room_left_open_by_an_earlier_start_can_be_resumed_for_the_talk(presenter):
    earlier = current_store().open_room().code
    at = start_page("0.0.0.0", lang="en")
    at.button(key=f"start_resume_{earlier}").click().run()
    assert current_runs().run(param(at, "run")).room_code == earlier


def test_not_signed_in_it_shows_the_sign_in_in_place_and_nothing_else(presenter, bundle):
    at = start_page("0.0.0.0", token=False)
    assert bundle.ui["fr"]["start.signin_needed"] in all_text(at)
    assert at.text_input(key="live_token_input")
    assert not at.get("link_button") and not at.get("imgs")
    assert bundle.ui["fr"]["start.check_how"] not in all_text(at)


@pytest.mark.parametrize("bound", ["127.0.0.1", "0.0.0.0"])
def test_the_speaker_view_warns_when_phones_cannot_come_and_the_projector_never_does(
    presenter, bundle, bound
):
    config.set_option("server.address", bound)
    join = next(s.number for s in talk_of(bundle, "fr", "workshop").slides if s.kind == "join")
    at = open_page("home", "fr", present="1", talk="workshop", slide=str(join), token=TOKEN)
    assert not at.warning and not at.error  # the room never sees a warning
    assert "192.168.1.20" in all_text(at)  # the join address, as before
    notes = speaker(param(at, "run"), "fr", token=TOKEN)
    warnings = [w.value for w in notes.warning]
    ui = bundle.ui["fr"]
    if bound == "127.0.0.1":
        assert warnings == [f"{ui['start.loopback']} {ui['start.loopback_how']}"]
    else:
        assert warnings == []


def test_every_presenter_screen_not_signed_in_offers_the_token_field_in_place(presenter, bundle):
    """The projector's question and join slides and /live's projector view: never a dead
    end. (The one-click button needs a browser on this computer: tests/test_start_browser.)"""
    talk = talk_of(bundle, "fr", "workshop")
    for kind in ("poll", "join"):
        number = next(s.number for s in talk.slides if s.kind == kind)
        at = open_page("home", "fr", present="1", talk="workshop", slide=str(number))
        assert at.text_input(key="live_token_input").label == bundle.ui["fr"]["live.token_label"]
    screen = open_page("live", "fr", screen="1")
    assert f"## {bundle.ui['fr']['live.presenter_only']}" in all_text(screen)
    screen.text_input(key="live_token_input").input(TOKEN).run()
    assert f"## {bundle.ui['fr']['live.screen_no_room']}" in all_text(screen)
