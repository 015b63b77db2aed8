"""Into the room without a terminal, in Chromium on the real server: the one-time link opens
the start page signed in, a restart keeps the presenter signed in (no secrets file), a
projector tab that is not signed in signs in where it stands with one click, and a phone
opening the network check shows on the start page within 2 s."""

from __future__ import annotations

import http.client
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from deploy.launch import free_port, streamlit_server
from lien.talks import talk_of
from lien.web import signin as gate
from tests.helpers.browser import wait_until_ready

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
PUNCTUATION = (Path(__file__).parent / "helpers" / "punctuation.js").read_text(encoding="utf-8")


def serve(folder: Path, port: int, once: str, *, bound: str = "127.0.0.1"):
    """The app as `python -m lien serve` starts it: no configured token, a one-time code."""
    env = {
        "LIEN_DATA_DIR": str(folder / "var"),
        "LIEN_DATABASE_URL": "",
        "LIEN_LIVE_TOKEN": "",
        "LIEN_PUBLIC_URL": "",
        gate.ONCE_ENV: once,
    }
    return streamlit_server(
        env=env,
        log=folder / f"streamlit-{time.monotonic_ns()}.log",
        port=port,
        extra_args=("--server.address", bound),
    )


def first_question(bundle) -> int:
    talk = talk_of(bundle, "fr", "workshop")
    return next(s.number for s in talk.slides if s.kind == "poll")


def test_a_restart_keeps_the_presenter_signed_in_and_a_new_projector_tab_signs_in_in_place(
    browser, bundle, tmp_path
):
    port, once = free_port(), gate.new_once_code()
    number = first_question(bundle)
    projector_path = f"/?lang=fr&present=1&talk=workshop&slide={number}"
    open_button = re.compile(re.escape(bundle.ui["fr"]["present.poll_open"]))
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="fr-FR")
    tab = context.new_page()
    with serve(tmp_path, port, once) as server:
        code = once.partition(".")[0]
        tab.goto(f"{server.url}/presenter/here?once={code}&next=%2Fstart%3Flang%3Dfr")
        expect(tab).to_have_url(re.compile(r"/start\?lang=fr"), timeout=30_000)
        wait_until_ready(tab)
        expect(tab.get_by_text(bundle.ui["fr"]["start.intro"])).to_be_visible(timeout=30_000)
        tab.goto(f"{server.url}{projector_path}")
        expect(tab.get_by_role("button", name=open_button)).to_have_count(1, timeout=30_000)
    token_file = tmp_path / "var" / "presenter-token"
    kept = token_file.read_text()
    # The app stops and starts again (same folder, no secrets file): still signed in.
    with serve(tmp_path, port, gate.new_once_code()) as server:
        assert token_file.read_text() == kept
        tab.reload()
        wait_until_ready(tab)
        expect(tab.get_by_role("button", name=open_button)).to_have_count(1, timeout=30_000)
        # A projector tab of another browser profile (no cookie): the way in is right there.
        other = browser.new_context(viewport={"width": 1280, "height": 720}, locale="fr-FR")
        projector = other.new_page()
        projector.goto(f"{server.url}{projector_path}")
        wait_until_ready(projector)
        here = projector.get_by_role("button", name=bundle.ui["fr"]["signin.here_button"])
        expect(here).to_be_visible(timeout=30_000)
        expect(projector.get_by_text(bundle.ui["fr"]["present.presenter_only"])).to_be_visible()
        SCREENSHOTS.mkdir(exist_ok=True)
        projector.screenshot(path=SCREENSHOTS / "projector-sign-in-in-place-fr.png")
        here.click()
        expect(projector.get_by_role("button", name=open_button)).to_have_count(1, timeout=30_000)
        # … and the browser keeps it: a reload needs no click.
        projector.wait_for_timeout(500)
        projector.reload()
        wait_until_ready(projector)
        expect(projector.get_by_role("button", name=open_button)).to_have_count(1, timeout=30_000)
        other.close()
    context.close()


def test_the_start_page_sees_a_phone_arrive_within_2_s(browser, bundle, tmp_path):
    """Bound to every interface, as the starters start it (the phone comes from 127.0.0.2,
    which is another device for the app)."""
    port, once = free_port(), gate.new_once_code()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    tab = context.new_page()
    with serve(tmp_path, port, once, bound="0.0.0.0") as server:
        code = once.partition(".")[0]
        tab.goto(f"{server.url}/presenter/here?once={code}&next=%2Fstart%3Flang%3Dfr")
        wait_until_ready(tab)
        qr = tab.locator("img[alt*='/phone-check/']")
        expect(qr).to_have_count(1, timeout=30_000)
        expect(tab.get_by_text(bundle.ui["fr"]["start.check_waiting"])).to_be_visible()
        SCREENSHOTS.mkdir(exist_ok=True)
        tab.screenshot(path=SCREENSHOTS / "start-page-fr.png", full_page=True)
        # French typography as rendered: no ordinary space before : ; ? !, none starts a line.
        found = tab.evaluate(PUNCTUATION)
        assert found["checked"] > 0
        assert found["spaced"] == [] and found["starts"] == []
        target = re.search(r"(http://[^ ]+/phone-check/\S+)", qr.get_attribute("alt")).group(1)
        host = target.split("/")[2]
        path = "/" + target.split("/", 3)[3]
        phone = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=10, source_address=("127.0.0.2", 0)
        )
        phone.request("GET", path, headers={"Host": host})
        answer = phone.getresponse()
        opened = time.monotonic()
        assert answer.status == 200
        phone.close()
        reached = tab.get_by_text(re.compile("Un téléphone a atteint cet ordinateur"))
        expect(reached).to_be_visible(timeout=5_000)
        took = time.monotonic() - opened
        print(f"a phone reached this computer: shown after {took:.2f} s")
        assert took < 2.0
        tab.screenshot(path=SCREENSHOTS / "start-page-phone-reached-fr.png", full_page=True)
    context.close()
