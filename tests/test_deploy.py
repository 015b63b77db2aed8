"""Two replicas behind Debian's nginx on one PostgreSQL, as deploy/serve.py runs them: the
presenter on one replica, phones spread over both, limits that hold across them, and a
replica stopped mid-room."""

from __future__ import annotations

import http.client
import json
import re
import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from deploy.serve import NGINX, deployment
from lien.live.store import Store

pytestmark = pytest.mark.browser
TOKEN = "deploy-test-presenter-token-0123"
QUESTION = "poll:alliance-weight"


@pytest.fixture(scope="module")
def database(postgres_url):
    url = postgres_url.replace("postgresql://", "postgresql+psycopg://")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return postgres_url


@pytest.fixture(scope="module")
def deployed(database):
    import os

    if not os.path.exists(NGINX):
        pytest.fail("nginx is not installed (apt-get install nginx): this test is required")
    env = {"LIEN_ROOM_MAX_PARTICIPANTS": "12"}
    with deployment(2, database, token=TOKEN, env=env) as found:
        found.database = database.replace("postgresql://", "postgresql+psycopg://", 1)
        yield found


class Phone:
    def __init__(self, deployed, number: int):
        host, port = deployed.url.removeprefix("http://").split(":")
        self.conn = lambda: http.client.HTTPConnection(
            host, int(port), timeout=20, source_address=(f"127.1.0.{number}", 0)
        )
        self.cookie = ""
        self.replicas: list[str] = []

    def request(self, method, path, body=None):
        conn = self.conn()
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        answer = conn.getresponse()
        data = answer.read().decode()
        conn.close()
        if answer.getheader("set-cookie", "").startswith("lien_"):
            self.cookie = answer.getheader("set-cookie").split(";")[0]
        self.replicas.append(answer.getheader("x-lien-replica", ""))
        return answer.status, data

    def answer(self, code, round_, option):
        body = f"option={option}&round={round_}&question={QUESTION}"
        return self.request("POST", f"/join/{code}/answer?lang=en", body)[0]

    def origin_post(self, deployed, code, round_, option):
        """As a browser posts the phone's form: with its Origin (nginx must pass the Host)."""
        conn = self.conn()
        body = f"option={option}&round={round_}&question={QUESTION}"
        conn.request(
            "POST",
            f"/join/{code}/answer?lang=en",
            body=body,
            headers={
                "Cookie": self.cookie,
                "Origin": deployed.url,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        status = conn.getresponse().status
        conn.close()
        return status


def test_a_room_runs_across_two_replicas_and_survives_losing_one(deployed, browser, bundle):
    ui = bundle.ui["en"]
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    presenter = context.new_page()
    presenter.set_default_timeout(30_000)
    presenter.goto(f"{deployed.url}/live?lang=en&token={TOKEN}")
    presenter.wait_for_url(lambda url: "token" not in url)
    presenter.get_by_role("button", name=ui["live.open_room"]).click()
    presenter.wait_for_url(lambda url: "room=" in url)
    code = re.search(r"room=([A-Z0-9]{6})", presenter.url).group(1)
    presenter.get_by_role("button", name=ui["live.open_question"]).click()
    expect(presenter.get_by_text(bundle.polls["en"][0].prompt).first).to_be_visible()

    store = Store(deployed.database)  # the replicas' database, read as a third process
    room = store.room(code)
    phones = [Phone(deployed, n) for n in range(1, 9)]
    options = ["none", "moderate", "moderate", "strong", "none", "moderate", "moderate", "none"]
    metric = presenter.locator("[data-testid='stMetric']", has_text=ui["live.answered"])
    for number, (phone, option) in enumerate(zip(phones, options, strict=True)):
        assert phone.request("GET", f"/join/{code}")[0] == 200
        assert phone.answer(code, room.round, option) == 303
        if number == 0:  # the first answer draws the chart (Plotly loads once in the page)
            expect(metric.locator("[data-testid='stMetricValue']")).to_have_text("1")
    assert {r for p in phones for r in p.replicas} == {"1", "2"}  # spread over both
    assert phones[7].origin_post(deployed, code, room.round, "strong") == 303

    last = time.monotonic()
    expect(metric.locator("[data-testid='stMetricValue']")).to_have_text("8", timeout=10_000)
    assert time.monotonic() - last < 2.0  # the projector right within 2 s

    # The flood limit holds whichever replica a request reaches.
    flooder = phones[0]
    flooder.replicas.clear()
    statuses = [flooder.answer(code, room.round, "none") for _ in range(12)]
    # Five at once, then one every 2 s (its first answer above took one, time gave some back).
    assert 4 <= statuses.count(303) <= 6 and statuses[-6:] == [429] * 6
    assert set(flooder.replicas) == {"1", "2"}

    # The join cap (12) holds across replicas: 8 in, 4 more places.
    newcomers = [Phone(deployed, n) for n in range(20, 26)]
    joined = [p.request("GET", f"/join/{code}")[0] for p in newcomers]
    assert joined.count(200) == 4 and joined.count(503) == 2

    # The reveal reaches every phone, through either replica (each waits on its long poll).
    presenter.get_by_role("button", name=ui["live.close"]).click()
    presenter.get_by_role("button", name=ui["live.reveal"]).click()
    started = time.monotonic()
    for phone in phones:
        version, phase = f"{room.round}:open:{QUESTION}:", "open"
        for _ in range(5):
            status, data = phone.request("GET", f"/join/{code}/state?since={version}")
            assert status == 200
            version, phase = json.loads(data)["version"], json.loads(data)["phase"]
            if phase == "revealed":
                break
        assert phase == "revealed"
    assert time.monotonic() - started < 10

    # One replica stops mid-room: nothing stored is lost, its phones go on with the other.
    presenter.get_by_role("button", name=ui["live.open_question"]).click()
    deadline = time.monotonic() + 10
    while store.room(code).round == room.round and time.monotonic() < deadline:
        time.sleep(0.1)
    second = store.room(code)
    before = store.tally(code, round_=room.round).counts
    deployed.stop_replica(deployed.ports[1])
    stored = [phone.answer(code, second.round, "moderate") for phone in phones[1:]]
    assert stored == [303] * 7
    assert store.tally(code, round_=room.round).counts == before  # the first round intact
    assert store.tally(code).counts == {"moderate": 7}
    assert set(phones[1].replicas[-1:]) == {"1"}
    store.dispose()
    context.close()
