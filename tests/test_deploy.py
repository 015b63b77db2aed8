"""Two replicas behind Debian's nginx on one PostgreSQL, as deploy/serve.py runs them: the
presenter on one replica, phones spread over both, limits that hold across them, the speaker
view on one replica following the projector on the other, and a replica stopped mid-room."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from deploy.launch import ROOT, free_port
from deploy.serve import NGINX, deployment, public_url
from lien.live.store import Store
from lien.talks import talk_of
from tests.helpers.browser import wait_until_ready
from tests.test_talks_browser import (
    COUNTER,
    DRAWN,
    expected_charts,
    run_id_of,
    speaker_shows,
    wait_for_slide,
)

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


def replicas_of(page) -> set[str]:
    """Which replicas answered this tab's polls of its talk run (the follow script's)."""
    return {
        response.headers.get("x-lien-replica", "")
        for response in page.context.lien_responses
        if "/talk-run/" in response.url
    }


def recording(context):
    responses = context.lien_responses = []
    context.on("response", lambda response: responses.append(response))
    return context


def test_through_nginx_scripts_and_phone_pages_go_out_compressed(deployed):
    host, port = deployed.url.removeprefix("http://").split(":")

    def get(path, encoding):
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        conn.request("GET", path, headers={"Accept-Encoding": encoding})
        answer = conn.getresponse()
        body = answer.read()
        conn.close()
        return answer, body

    html = get("/", "identity")[1]
    script = re.search(r'src="\.?/?(static/js/[^"]+\.js)"', html.decode()).group(1)
    plain = get("/" + script, "identity")[1]
    for encoding in ("gzip", "br"):
        answer, body = get("/" + script, encoding)
        assert answer.getheader("content-encoding") == encoding
        assert len(body) < len(plain) / 2
    answer, body = get("/join?lang=fr", "gzip")
    assert answer.status == 200
    assert answer.getheader("content-encoding") == "gzip"


def test_through_nginx_the_presenter_signs_in_with_the_token_only(deployed, bundle):
    """From this very machine, but through nginx: no one-click sign-in, no one-time link."""
    host, port = deployed.url.removeprefix("http://").split(":")

    def ask(method: str, path: str, headers: dict[str, str]):
        conn = http.client.HTTPConnection(host, int(port), timeout=20)
        conn.request(method, path, headers=headers)
        answer = conn.getresponse()
        body = answer.read().decode()
        conn.close()
        return answer.status, answer.getheader("set-cookie") or "", body

    status, cookie, _ = ask("POST", "/presenter/here", {"Origin": deployed.url})
    assert status == 403 and "lien_presenter=" not in cookie
    status, cookie, _ = ask("GET", "/presenter/here?once=anything", {})
    assert status == 403 and "lien_presenter=" not in cookie
    status, _, page = ask("GET", "/presenter?lang=en", {})
    assert status == 200 and 'name="token"' in page
    assert 'action="/presenter/here' not in page


# Before the room's test below: it stops a replica.
def test_the_speaker_view_on_one_replica_follows_the_projector_on_the_other(
    deployed, browser, bundle
):
    ui = bundle.ui["en"]
    talk = talk_of(bundle, "en", "short")
    total = len(talk)
    # The projector through nginx (pinned to one replica by its address) ...
    projector_context = recording(browser.new_context(viewport={"width": 1280, "height": 720}))
    projector = projector_context.new_page()
    projector.goto(f"{deployed.url}/?lang=en&present=1&talk=short&slide=1")
    wait_for_slide(projector, 1, total)
    run_id = run_id_of(projector)
    with projector.expect_response(lambda r: "/talk-run/" in r.url) as polled:
        pass  # its follow script polls the run twice a second
    here = {polled.value.headers.get("x-lien-replica", "")}
    assert here in ({"1"}, {"2"}), here
    (other,) = {"1", "2"} - here
    # ... and the presenter's phone on the other replica (nginx would send a phone whose
    # address hashes there; this machine's browser has one address, so it goes straight).
    phone_context = recording(
        browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    )
    phone = phone_context.new_page()
    port = deployed.ports[int(other) - 1]
    phone.goto(f"http://127.0.0.1:{port}/?lang=en&notes={run_id}&token={TOKEN}")
    expect(phone).not_to_have_url(re.compile("token="))

    def settled(number: int) -> None:
        """The projector at this slide, its charts drawn, and the phone's view redrawn."""
        wait_for_slide(projector, number, total)
        charts = expected_charts(bundle, "en", talk.slide(number))
        projector.wait_for_function(DRAWN, arg=charts, timeout=20_000)
        speaker_shows(phone, number, total, 20_000)
        wait_until_ready(phone)

    settled(1)
    follows = []  # the clicker on the projector: the phone's speaker view follows
    for number in (2, 3, 4):
        projector.keyboard.press("PageDown")
        pressed = time.monotonic()
        speaker_shows(phone, number, total, 5_000)
        follows.append(time.monotonic() - pressed)
        settled(number)
    assert max(follows) < 1.0, follows

    moves = []  # the phone remote's Next: the projector follows
    following = phone.get_by_role("button", name=ui["present.next"])
    for number in (5, 6):
        following.tap()
        tapped = time.monotonic()
        projector.wait_for_function(
            "([sel, text]) => [...document.querySelectorAll(sel)]"
            ".some(p => p.textContent.trim() === text)",
            arg=[COUNTER, f"{number} / {total}"],
            timeout=5_000,
        )
        moves.append(time.monotonic() - tapped)
        settled(number)
    expect(projector.locator(".st-key-present_stage h1").first).to_have_text(talk.slide(6).title)
    # The follow script's poll (0.4 s), then the projector redraws the slide: a chart slide's
    # redraw alone takes most of a second here, with two replicas, nginx, PostgreSQL and
    # Chromium on 2 cores.
    assert max(moves) < 2.0, moves
    print(f"speaker follows: {follows}; projector follows the remote: {moves}")

    # Each tab was served by its own replica only, the whole way.
    assert replicas_of(projector) == here and replicas_of(phone) == {other}
    for page in (projector, phone):
        assert page.locator("[data-testid='stException']").count() == 0
    projector_context.close()
    phone_context.close()


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
    # The join address shown to the room is nginx's (phones cannot reach a replica's port).
    expect(presenter.get_by_text(f"{deployed.url}/join/{code}").first).to_be_visible()

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


def test_behind_nginx_the_websocket_takes_nginxs_own_origin_only_and_pages_refuse_framing(
    deployed,
):
    from tests.test_framing_browser import _get, _handshake, _refuses_framing

    port = int(deployed.url.rsplit(":", 1)[1])
    assert _handshake(deployed.url, deployed.url) == 101  # the page nginx served
    assert _handshake(deployed.url, f"http://127.0.0.1:{port + 1}") == 403  # another port
    for path in ("/", "/live", "/join", "/?present=1&talk=workshop"):
        assert _refuses_framing(_get(deployed.url, path)[0]), path


def test_the_address_phones_are_given_is_nginxs_not_a_replicas(monkeypatch):
    monkeypatch.setattr("deploy.serve.lan_address", lambda: "192.168.1.20")
    assert public_url("0.0.0.0:8080") == "http://192.168.1.20:8080"
    assert public_url("10.0.0.5:8443") == "http://10.0.0.5:8443"


# --- stopping: `python -m deploy.serve` leaves nothing behind ----------------------------------


def _processes() -> dict[int, tuple[int, int, str]]:
    """Every process now: pid -> (parent, session, command line)."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            command = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        found[int(entry)] = (int(fields[1]), int(fields[3]), command)
    return found


def _ours(root: int, folder: str) -> set[int]:
    """The deployment's processes: the server's session, whatever runs in its temporary folder
    (PostgreSQL leaves the session), and their children."""
    table = _processes()
    ours = {pid for pid, (_, sid, command) in table.items() if sid == root or folder in command}
    grown = True
    while grown:
        more = {pid for pid, (parent, _, _) in table.items() if parent in ours} - ours
        ours |= more
        grown = bool(more)
    return ours


def _listening(pids: set[int]) -> set[int]:
    """The TCP ports these processes listen on."""
    inodes = set()
    for pid in pids:
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            continue
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # LISTEN
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _ignore_ctrl_c() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_stopping_deploy_serve_stops_nginx_the_replicas_and_postgresql(signum):
    if not os.path.exists(NGINX):
        pytest.fail("nginx is not installed (apt-get install nginx): this test is required")
    folder = tempfile.mkdtemp(prefix="lien-stop-")
    os.chmod(folder, 0o755)  # PostgreSQL runs as `postgres` under root and must reach its folder
    port = free_port()
    command = [sys.executable, "-m", "deploy.serve", "--replicas", "2", "--throwaway-postgres"]
    server = subprocess.Popen(
        [*command, "--listen", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={**os.environ, "TMPDIR": folder},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        # Started by a program that ignores Ctrl-C (as a script's background job is; the full
        # suite's workers were seen to): deploy.serve must stop on it all the same.
        preexec_fn=_ignore_ctrl_c if signum == signal.SIGINT else None,
    )
    try:
        deadline = time.monotonic() + 150
        while True:
            assert server.poll() is None, server.stderr.read().decode()[-2000:]
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/_stcore/health")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "deploy.serve did not become healthy"
            time.sleep(0.5)
        started = _ours(server.pid, folder)
        ports = _listening(started)
        commands = " ".join(_processes()[pid][2] for pid in started if pid in _processes())
        # nginx, two replicas, PostgreSQL: all found, each listening.
        assert "nginx" in commands and "postgres" in commands
        assert commands.count("streamlit run") == 2
        assert port in ports and len(ports) >= 4
        if signum == signal.SIGINT:
            os.killpg(server.pid, signum)  # Ctrl-C reaches the whole foreground group
        else:
            os.kill(server.pid, signum)  # what `kill` and systemd send: the main process only
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            # What was still running, and what deploy.serve said, to tell which part hung.
            still = [_processes().get(pid) for pid in _ours(server.pid, folder)]
            os.killpg(server.pid, signal.SIGKILL)
            said = server.stderr.read().decode(errors="replace")[-3000:]
            pytest.fail(f"deploy.serve still running 60 s after {signum.name}: {still}\n{said}")
        deadline = time.monotonic() + 20
        while (left := _ours(server.pid, folder) & started) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert left == set(), [_processes().get(pid) for pid in left]
        assert [p for p in ports if not _port_free(p)] == []
        assert server.returncode == 0
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
        for pid in _ours(server.pid, folder):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(folder, ignore_errors=True)
