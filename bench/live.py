"""Benchmark of the live room: phones answering on this machine, timed from submit to stored.

    python -m bench.live                          # 200 phones, one choice question, both DBs
    python -m bench.live --mix --participants 1000 --spread 10    # choice, scale, words and
                                                  # questions with upvotes, in four rooms
    python -m bench.live --idle 1100              # the same 200 phones, without and then with
                                                  # 1,100 idle connections from one client

(Through nginx with 1 then 2 replicas: `python -m bench.replicas`, which uses this module.)

It starts the real app (`streamlit run app.py`) on
loopback with a temporary data folder. A presenter in headless Chromium opens a room on /live
and watches it (the room's first question, as in a talk). Each simulated phone, started at an
even pace over the spread, connects from its own loopback address (127.2.x.y: each phone is
one client, as on a Wi-Fi), opens the join page (which issues its signed token) and posts its
answer; one in five changes its mind a second later. Printed: submit → stored (the POST
returns only after the answer's transaction committed), answers lost or counted twice (the
store compared with what was acknowledged), how long after the last answer the presenter's
screen shows the right count, and the load average beside every figure. Loopback only; every
loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from deploy.launch import streamlit_server
from deploy.postgres import throwaway_postgres
from devtools.browser import launch_chromium
from lien.live.store import Store

TOKEN = "bench-presenter-token-0123456789"
TARGET_P95_MS = 50
TARGET_PRESENTER_S = 2.0
KIND_QUESTIONS = {
    "choice": "poll:alliance-weight",
    "scale": "poll:help-ease",
    "words": "poll:trustworthy-carer",
    "questions": "poll:room-questions",
}
WORDS = ["écoute", "présence", "patience", "fiabilité", "respect", "chaleur", "honnêteté"]


def source_address(index: int) -> str:
    return f"127.2.{index // 250}.{index % 250 + 1}"


@dataclass
class Participant:
    index: int
    kind: str = "choice"
    code: str = ""
    cookie: str = ""
    sent: list[str] = field(default_factory=list)  # values posted and acknowledged
    post_ms: list[float] = field(default_factory=list)  # first try -> stored, waits included
    get_ms: float = 0.0  # first try -> join page, waits included
    errors: list[str] = field(default_factory=list)
    shed: Counter = field(default_factory=Counter)  # 503s with Retry-After, asked again, by kind
    answered: threading.Event = field(default_factory=threading.Event)
    saw_change_at: float | None = None  # when its page learnt of the reveal


RETRIES = 12  # phone.js: an answer is sent again up to 12 times, waiting 1, 2, 4, 8, 10… s


def error_kind(error: BaseException) -> str:
    """What a phone saw, in a word: a reset, a connection closed unanswered, a timeout."""
    if isinstance(error, ConnectionResetError):
        return "connection reset"
    if isinstance(error, (http.client.RemoteDisconnected, http.client.IncompleteRead)):
        return "closed without a response"
    if isinstance(error, (TimeoutError, socket.timeout)):
        return "timeout"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, BrokenPipeError):
        return "broken pipe"
    return type(error).__name__


def _form(p: Participant, number: int, round_: str, question: str, asks: list[int]) -> tuple:
    """(path, body, value) of this phone's `number`-th post, by the kind of its room."""
    base = f"round={round_}&question={question}"
    if p.kind == "choice":
        option = ["none", "moderate", "strong"][(p.index + number) % 3]
        return "answer", f"option={option}&{base}", option
    if p.kind == "scale":
        point = str((p.index + number) % 7 + 1)
        return "answer", f"option={point}&{base}", point
    if p.kind == "words":
        first, second = WORDS[(p.index + number) % 7], WORDS[(p.index + 3) % 7]
        body = f"option=words&w1={quote(first)}&w2={quote(second)}&{base}"
        return "answer", body, f"{first}\n{second}"
    ask = asks[(p.index + number) % len(asks)]
    return "vote", f"ask={ask}&{base}", str(ask)


class Phone:
    """One phone's connection, as a browser uses it: kept alive between requests, opened
    again when the server closed it (`Connection: close`); a 503 is asked again after its
    Retry-After (phone.js), anything else is what the phone saw."""

    def __init__(self, p: Participant, host: str, port: int):
        self.p, self.host, self.port = p, host, port
        self.conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(
                # A browser waits minutes for an answer; a long poll alone lasts 20 s.
                self.host,
                self.port,
                timeout=120,
                source_address=(source_address(self.p.index), 0),
            )
        return self.conn

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method, path, body=None, headers=None, retries=RETRIES):
        """(response, data, ms from the first try, waits included); response None on error."""
        started = time.perf_counter()
        for tries in range(retries + 1):
            fresh = self.conn is None
            conn = self._connection()
            try:
                conn.request(method, path, body=body, headers=headers or {})
                response = conn.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if not fresh:  # a kept-alive connection the server had closed: a browser
                    continue  # sends the request again on a new one, and so does this
                raise
            if response.will_close:
                self.close()
            if response.status != 503 or tries == retries:
                return response, data, (time.perf_counter() - started) * 1000
            self.p.shed["page" if method == "GET" else "answer"] += 1
            asked = int(response.getheader("retry-after", "0") or 0)
            self.close()  # nothing held while waiting, as a phone's page
            time.sleep(max(asked, min(10, 2**tries)) * (0.8 + 0.4 * random.random()))
        raise AssertionError("unreachable")


def run_participant(p: Participant, host: str, port: int, start_at, change, asks):
    time.sleep(max(0.0, start_at - time.monotonic()))
    phone = Phone(p, host, port)
    try:
        response, page, p.get_ms = phone.request("GET", f"/join/{p.code}")
        if response.status != 200:
            p.errors.append(f"GET {response.status}")
            return
        p.cookie = response.getheader("set-cookie", "").split(";")[0]
        text = page.decode()
        round_ = re.search(r'name="round" value="(\d+)"', text).group(1)
        question = re.search(r'name="question" value="([^"]+)"', text).group(1)
        version = re.search(r'data-version="([^"]+)"', text).group(1)
        for number in range(2 if change else 1):
            if number:
                time.sleep(1.0)  # changing one's mind a moment later
            path, body, value = _form(p, number, round_, question, asks)
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",  # as phone.js sends it
                "Cookie": p.cookie,
            }
            response, _, ms = phone.request("POST", f"/join/{p.code}/{path}", body, headers)
            if response.status == 200:
                p.sent.append(value)
                p.post_ms.append(ms)
            else:
                p.errors.append(f"POST {response.status}")
        p.answered.set()
        # Then wait like the page's script: long polls until the presenter changes the room.
        deadline = time.monotonic() + 300  # the reveal comes once every phone has answered
        while time.monotonic() < deadline:
            response, data, _ = phone.request(
                "GET", f"/join/{p.code}/state?since={version}", retries=0
            )
            if response.status == 503:
                p.shed["long poll"] += 1
                asked = int(response.getheader("retry-after", "0") or 0)
                phone.close()
                time.sleep(max(asked, 1) * (0.8 + 0.4 * random.random()))
                continue
            if response.status == 200 and json.loads(data)["version"] != version:
                p.saw_change_at = time.monotonic()
                break
            if response.status != 200:
                p.errors.append(f"state {response.status}")
                break
    except Exception as error:  # a bench reports failures, it does not stop at the first
        p.errors.append(error_kind(error))
    finally:
        p.answered.set()
        phone.close()


def presenter_session(base: str, question_text: str | None = None):
    """Headless Chromium on /live: opens a room and its first question, as a presenter would."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = launch_chromium(playwright)
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(f"{base}/live?lang=fr&token={TOKEN}")
    page.wait_for_url(lambda url: "token" not in url, timeout=60_000)
    page.get_by_role("button", name="Ouvrir une salle").click()
    page.wait_for_url(lambda url: "room=" in url, timeout=60_000)
    code = re.search(r"room=([A-Z0-9]{6})", page.url).group(1)
    page.get_by_role("button", name="Ouvrir cette question").click()
    page.get_by_text(question_text or "Sur des centaines d'études").first.wait_for(timeout=60_000)
    return playwright, browser, page, code


def answers_shown(page) -> str:
    metric = page.locator("[data-testid='stMetric']", has_text="Réponses")
    return metric.locator("[data-testid='stMetricValue']").inner_text(timeout=5_000)


def cpu_seconds(pids) -> float | None:
    """User + system CPU time of these processes so far (their threads included)."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def store_url_of(env: dict[str, str], folder: Path) -> str:
    url = env["LIEN_DATABASE_URL"] or f"sqlite:///{folder / 'var' / 'live.sqlite3'}"
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def hold_idle(host: str, port: int, count: int) -> tuple[list[socket.socket], int]:
    """`count` idle connections from one client address; (sockets, how many were accepted)."""
    held = []
    for _ in range(count):
        try:
            sock = socket.create_connection(
                (host, port), timeout=2, source_address=("127.0.0.99", 0)
            )
            held.append(sock)
        except OSError:
            break
    time.sleep(0.5)  # let the server close what it refuses
    alive = 0
    for sock in held:
        sock.setblocking(False)
        try:
            alive += sock.recv(1) != b""
        except BlockingIOError:
            alive += 1
        except OSError:
            pass
    return held, alive


def seed_asks(store: Store, code: str) -> list[int]:
    """Six audience questions in the room, approved, for the phones to vote on: their ids."""
    room = store.room(code)
    for n in range(6):
        store.ask(code, room.round, room.question_id, f"seed-asker-{n:05d}", f"Question {n}")
    asks = [a.id for a in store.tally(code).asks]
    for ask in asks:
        store.set_ask_status(code, ask, "approved")
    return asks


def stored_against_sent(store: Store, rooms: dict[str, str], people) -> tuple[int, int, bool]:
    """What the store holds against what the phones sent: answers lost, answers counted twice,
    and whether the choice room's counts are exactly the phones' last answers."""
    lost = doubled = 0
    right = True
    for kind, code in rooms.items():
        mine = [p for p in people if p.kind == kind and p.sent]
        if kind == "questions":
            votes = sum(a.votes for a in store.tally(code).asks)
            distinct = sum(len(set(p.sent)) for p in mine)
            lost += max(distinct - votes, 0)
            doubled += max(votes - distinct, 0)
            continue
        rows = store.answers(code)
        stored = {a.participant for a in rows}
        lost += len(mine) - len(stored)
        doubled += len(rows) - len(stored)
        if kind == "choice":
            expected: dict[str, int] = {}
            for p in mine:
                expected[p.sent[-1]] = expected.get(p.sent[-1], 0) + 1
            right = right and store.tally(code).counts == expected
    return lost, doubled, right


def room_run(
    base: str,
    pids,
    store: Store,
    page,
    rooms: dict[str, str],
    participants: int,
    spread: float,
    *,
    idle: int = 0,
    change_every: int = 5,
) -> dict:
    """One run: `participants` phones over `spread` seconds into `rooms` (kind -> code)."""
    host, port = base.removeprefix("http://").split(":")
    kinds = list(rooms)
    asks = seed_asks(store, rooms["questions"]) if "questions" in rooms else []
    held, accepted = hold_idle(host, int(port), idle) if idle else ([], 0)
    load_before = os.getloadavg()[0]
    cpu_before = cpu_seconds(pids)
    people = [
        Participant(i, kind=kinds[i % len(kinds)], code=rooms[kinds[i % len(kinds)]])
        for i in range(participants)
    ]
    t0 = time.monotonic() + 0.5
    # A thread per phone: each holds its connection through its long polls, as a phone does.
    workers = ThreadPoolExecutor(max_workers=participants + 1)
    for p in people:
        workers.submit(
            run_participant,
            p,
            host,
            int(port),
            t0 + spread * p.index / participants,
            p.index % change_every == 0,
            asks,
        )
    for p in people:
        p.answered.wait(timeout=spread + 300)
    last_answer = time.monotonic()
    answering_s = last_answer - t0
    cpu_after = cpu_seconds(pids)
    load_after = os.getloadavg()[0]

    first = kinds[0]
    expected_total = sum(1 for p in people if p.sent and p.kind == first)
    presenter_s = None
    deadline = last_answer + 30
    while page is not None and time.monotonic() < deadline:
        if answers_shown(page) == str(expected_total):
            presenter_s = time.monotonic() - last_answer
            break
        time.sleep(0.05)

    revealed_at = time.monotonic()
    for code in rooms.values():
        store.reveal(code)
    workers.shutdown(wait=True, cancel_futures=False)
    reached = [p.saw_change_at - revealed_at for p in people if p.saw_change_at]
    for sock in held:
        sock.close()

    lost, doubled, right = stored_against_sent(store, rooms, people)
    posts = [ms for p in people for ms in p.post_ms]
    gets = [p.get_ms for p in people if p.get_ms]
    return {
        "phones": participants,
        "kinds": kinds,
        "spread_s": spread,
        "answering_s": round(answering_s, 2),
        "idle_connections": idle,
        "idle_accepted": accepted,
        "posts": len(posts),
        "errors": sum(len(p.errors) for p in people),
        "errors_by_kind": dict(Counter(e for p in people for e in p.errors).most_common()),
        "shed_503_retried": dict(sum((p.shed for p in people), Counter())),
        "submit_to_stored_p50_ms": round(statistics.median(posts), 1) if posts else None,
        "submit_to_stored_p95_ms": round(percentile(posts, 0.95), 1) if posts else None,
        "submit_to_stored_max_ms": round(max(posts), 1) if posts else None,
        "join_page_p95_ms": round(percentile(gets, 0.95), 1) if gets else None,
        "lost": lost,
        "doubled": doubled,
        "counts_right": right,
        "presenter_right_after_s": round(presenter_s, 2) if presenter_s is not None else None,
        "phones_told_of_reveal": len(reached),
        "reveal_reached_phones_p95_s": round(percentile(reached, 0.95), 2) if reached else None,
        "server_cpu_s": round(cpu_after - cpu_before, 2) if cpu_before is not None else None,
        "server_cpu_ms_per_phone": (
            round((cpu_after - cpu_before) * 1000 / participants, 2)
            if cpu_before is not None
            else None
        ),
        "load_average_1min": [round(load_before, 1), round(load_after, 1)],
    }


def open_rooms(store: Store, presenter_code: str, kinds: list[str]) -> dict[str, str]:
    """The presenter's room for the first kind; one more room per other kind."""
    rooms = {kinds[0]: presenter_code}
    for kind in kinds[1:]:
        room = store.open_room()
        store.open_question(room.code, KIND_QUESTIONS[kind])
        rooms[kind] = room.code
    return rooms


def bench_one(kind, participants, spread, url, *, mix=False, idle=0, open_files=None) -> dict:
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lien-bench-")))
        env = {"LIEN_LIVE_TOKEN": TOKEN, "LIEN_DATA_DIR": str(folder / "var")}
        # Every phone may join: a room takes 1,000 phones by default (issue 21's cap), and
        # 5,000 phones in four rooms would otherwise measure the cap ("this room is full",
        # 1,000 phones refused), not what the server holds.
        env["LIEN_ROOM_MAX_PARTICIPANTS"] = str(max(participants, 1000))
        if kind == "postgresql":
            env["LIEN_DATABASE_URL"] = url or stack.enter_context(throwaway_postgres(fsync=True))
        else:
            env["LIEN_DATABASE_URL"] = ""
        server = stack.enter_context(
            streamlit_server(env=env, log=folder / "streamlit.log", open_files=open_files)
        )
        playwright, browser, page, code = presenter_session(server.url)
        stack.callback(playwright.stop)
        stack.callback(browser.close)
        store = Store(store_url_of(env, folder))
        stack.callback(store.dispose)
        kinds = list(KIND_QUESTIONS) if mix else ["choice"]
        rooms = open_rooms(store, code, kinds)
        result = room_run(
            server.url, [server.pid], store, page, rooms, participants, spread, idle=idle
        )
        result["database"] = kind
        log = (folder / "streamlit.log").read_text(errors="replace")
        result["server_log_tracebacks"] = log.count("Traceback (most recent call last)")
        result["server_open_files_limit"] = list(open_files) if open_files else None
        return result


def meets(result: dict, p95_ms: float = TARGET_P95_MS) -> bool:
    return (
        result["submit_to_stored_p95_ms"] is not None
        and result["submit_to_stored_p95_ms"] <= p95_ms
        and result["lost"] == 0
        and result["doubled"] == 0
        and result["errors"] == 0
        and result["counts_right"]
        and result["presenter_right_after_s"] is not None
        and result["presenter_right_after_s"] <= TARGET_PRESENTER_S
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--spread", type=float, default=10.0, help="seconds")
    parser.add_argument("--mix", action="store_true", help="choice, scale, words, questions")
    parser.add_argument("--idle", type=int, default=0, help="idle connections from one client")
    parser.add_argument("--open-files", type=int, default=1024, help="the server's limit")
    parser.add_argument(
        "--hard-open-files",
        type=int,
        help="the server's hard limit, which it raises its own to (a Linux laptop: 1,024 and "
        "524,288); by default the same as --open-files, the harshest case",
    )
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    url = os.environ.get("LIEN_DATABASE_URL") or None
    results = []
    for kind in kinds:
        runs = [0, args.idle] if args.idle else [0]
        for idle in runs:
            result = bench_one(
                kind,
                args.participants,
                args.spread,
                url if kind != "sqlite" else None,
                mix=args.mix,
                idle=idle,
                open_files=(args.open_files, args.hard_open_files or args.open_files),
            )
            result["meets_targets"] = meets(result)
            results.append(result)
            print(json.dumps(result, ensure_ascii=False), flush=True)
        if args.idle:
            base, loaded = results[-2], results[-1]
            ratio = loaded["submit_to_stored_p95_ms"] / max(base["submit_to_stored_p95_ms"], 0.1)
            print(
                json.dumps(
                    {
                        "database": kind,
                        "idle": args.idle,
                        "p95_ratio_idle_over_baseline": round(ratio, 2),
                        "every_honest_answer_stored": loaded["lost"] == 0 and loaded["errors"] == 0,
                        "target": "ratio ≤ 2 and every answer stored",
                    }
                ),
                flush=True,
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0 if all(r["meets_targets"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
