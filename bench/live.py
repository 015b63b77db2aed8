"""Benchmark of the live room: 200 phones answer one question within 10 s, on this machine.

    python -m bench.live                  # SQLite, then PostgreSQL (a throwaway cluster)
    python -m bench.live --db sqlite      # one of them
    LIEN_DATABASE_URL=postgresql://… python -m bench.live --db postgresql

It starts the real app (`streamlit run app.py`) on a free loopback port with a temporary
data folder. A presenter in headless Chromium opens a room and a question on /live, as in a
talk. Then each simulated participant, started at an even pace over the spread, opens the
join page (which sets its anonymous cookie) and posts an answer; one in five changes its
mind a second later. Printed: the time from submit to stored (the POST returns only after
the answer's transaction has committed), answers lost or counted twice (the store compared
with what was sent), and how long after the last answer the presenter's screen shows the
right count; then the presenter reveals the answer and the bench measures how long the
phones, waiting on the page's long poll, take to learn it. Loopback only; every loop is
bounded in count and time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from devtools.browser import launch_chromium
from devtools.postgres import throwaway_postgres
from devtools.server import streamlit_server
from lien.live.store import Store

TOKEN = "bench-presenter-token-0123456789"
QUESTION_TEXT = "Sur des centaines d'études"  # the first poll, in French (the default)
TARGET_P95_MS = 300
TARGET_PRESENTER_S = 2.0


@dataclass
class Participant:
    index: int
    cookie: str = ""
    sent: list[str] = field(default_factory=list)  # options posted and acknowledged
    post_ms: list[float] = field(default_factory=list)
    get_ms: float = 0.0
    errors: list[str] = field(default_factory=list)
    answered: threading.Event = field(default_factory=threading.Event)
    saw_change_at: float | None = None  # when its page learnt of the reveal


def _request(conn, method, path, body=None, headers=None):
    started = time.perf_counter()
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    return response, data, (time.perf_counter() - started) * 1000


def run_participant(p: Participant, host: str, port: int, code: str, options, start_at, change):
    time.sleep(max(0.0, start_at - time.monotonic()))
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        response, page, p.get_ms = _request(conn, "GET", f"/join/{code}")
        if response.status != 200:
            p.errors.append(f"GET {response.status}")
            return
        p.cookie = response.getheader("set-cookie", "").split(";")[0]
        text = page.decode()
        round_ = re.search(r'name="round" value="(\d+)"', text).group(1)
        question = re.search(r'name="question" value="([^"]+)"', text).group(1)
        choices = [options[p.index % len(options)]]
        if change:
            choices.append(options[(p.index + 1) % len(options)])
        for number, option in enumerate(choices):
            if number:
                time.sleep(1.0)  # changing one's mind a moment later
            body = f"option={option}&round={round_}&question={question}"
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": p.cookie,
            }
            response, _, ms = _request(conn, "POST", f"/join/{code}/answer", body, headers)
            if response.status == 303:
                p.sent.append(option)
                p.post_ms.append(ms)
            else:
                p.errors.append(f"POST {response.status}")
        p.answered.set()
        # Then wait like the page's script: long polls until the presenter changes the room.
        version = f"{round_}:open:{question}"
        for _ in range(10):
            response, data, _ = _request(conn, "GET", f"/join/{code}/state?since={version}")
            if response.status == 200 and json.loads(data)["version"] != version:
                p.saw_change_at = time.monotonic()
                break
    except Exception as error:  # a bench reports failures, it does not stop at the first
        p.errors.append(f"{type(error).__name__}: {error}")
    finally:
        p.answered.set()
        conn.close()


def presenter_session(base: str):
    """Headless Chromium on /live: opens a room and the first question, as a presenter would."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = launch_chromium(playwright)
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(f"{base}/?lang=fr")  # let Streamlit learn its pages before /live
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
    page.goto(f"{base}/live?lang=fr&token={TOKEN}")
    page.get_by_role("button", name="Ouvrir une salle").click()
    address = page.get_by_text(re.compile(r"/join/[A-Z0-9]{6}")).first
    address.wait_for(timeout=60_000)
    code = re.search(r"/join/([A-Z0-9]{6})", address.inner_text()).group(1)
    page.get_by_role("button", name="Ouvrir cette question").click()
    page.get_by_text(QUESTION_TEXT).first.wait_for(timeout=60_000)
    return playwright, browser, page, code


def answers_shown(page) -> str:
    metric = page.locator("[data-testid='stMetric']", has_text="Réponses")
    return metric.locator("[data-testid='stMetricValue']").inner_text(timeout=5_000)


def server_pid(port: str) -> int | None:
    """The `streamlit run` process listening on this port (found in /proc; Linux only)."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"streamlit" in b" ".join(args) and port.encode() in args:
            return int(cmdline.parent.name)
    return None


def cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU time of a process so far (its threads included)."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def bench_one(kind: str, participants: int, spread: float, url: str | None) -> dict:
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lien-bench-")))
        env = {"LIEN_LIVE_TOKEN": TOKEN, "LIEN_DATA_DIR": str(folder / "var")}
        if kind == "postgresql":
            url = url or stack.enter_context(throwaway_postgres(fsync=True))
            env["LIEN_DATABASE_URL"] = url
        else:
            env["LIEN_DATABASE_URL"] = ""
        base = stack.enter_context(streamlit_server(env=env, log=folder / "streamlit.log")).url
        host, port = base.removeprefix("http://").split(":")
        playwright, browser, page, code = presenter_session(base)
        stack.callback(playwright.stop)
        stack.callback(browser.close)

        store_url = env["LIEN_DATABASE_URL"] or f"sqlite:///{folder / 'var' / 'live.sqlite3'}"
        if store_url.startswith("postgresql://"):
            store_url = store_url.replace("postgresql://", "postgresql+psycopg://", 1)
        store = Store(store_url)
        stack.callback(store.dispose)
        room = store.room(code)
        options = ["none", "moderate", "strong"]

        pid = server_pid(port)
        load_before = os.getloadavg()[0]
        cpu_before = cpu_seconds(pid)
        people = [Participant(i) for i in range(participants)]
        t0 = time.monotonic() + 0.5
        threads = [
            threading.Thread(
                target=run_participant,
                args=(p, host, int(port), code, options, t0 + spread * p.index / participants),
                kwargs={"change": p.index % 5 == 0},
                daemon=True,
            )
            for p in people
        ]
        for thread in threads:
            thread.start()
        for p in people:
            p.answered.wait(timeout=spread + 60)
        last_answer = time.monotonic()
        answering_s = last_answer - t0
        cpu_after = cpu_seconds(pid)
        load_after = os.getloadavg()[0]

        # The presenter's screen: poll what Chromium shows, bounded in time.
        expected_total = sum(1 for p in people if p.sent)
        presenter_s = None
        deadline = last_answer + 30
        while time.monotonic() < deadline:
            if answers_shown(page) == str(expected_total):
                presenter_s = time.monotonic() - last_answer
                break
            time.sleep(0.05)

        # The reveal: how long until every waiting phone knows.
        revealed_at = time.monotonic()  # before the click: the phones may know before it returns
        page.get_by_role("button", name="Révéler la réponse").click()
        for thread in threads:
            thread.join(timeout=60)
        reached = [p.saw_change_at - revealed_at for p in people if p.saw_change_at]

        stored = {a.participant: a.option_id for a in store.answers(code)}
        tally = store.tally(code)
        expected: dict[str, int] = {}
        for p in people:
            if p.sent:
                expected[p.sent[-1]] = expected.get(p.sent[-1], 0) + 1
        posts = [ms for p in people for ms in p.post_ms]
        gets = [p.get_ms for p in people if p.get_ms]
        acknowledged = sum(1 for p in people if p.sent)
        result = {
            "database": kind,
            "participants": participants,
            "spread_s": spread,
            "answering_s": round(answering_s, 2),
            "posts": len(posts),
            "errors": sum(len(p.errors) for p in people),
            "error_kinds": sorted({e for p in people for e in p.errors})[:5],
            "submit_to_stored_p50_ms": round(statistics.median(posts), 1) if posts else None,
            "submit_to_stored_p95_ms": round(percentile(posts, 0.95), 1) if posts else None,
            "submit_to_stored_max_ms": round(max(posts), 1) if posts else None,
            "join_page_p95_ms": round(percentile(gets, 0.95), 1) if gets else None,
            "lost": acknowledged - len(stored),
            "doubled": len(store.answers(code)) - len(stored),
            "counts_right": tally.counts == expected and tally.room.round == room.round,
            "presenter_right_after_s": round(presenter_s, 2) if presenter_s is not None else None,
            "phones_told_of_reveal": len(reached),
            "reveal_reached_phones_p95_s": round(percentile(reached, 0.95), 2) if reached else None,
            # The server's own CPU while the room answered (participants and the presenter's
            # page together), and how busy the whole machine was (other work included).
            "server_cpu_s": round(cpu_after - cpu_before, 2) if cpu_before is not None else None,
            "load_average_1min": [round(load_before, 1), round(load_after, 1)],
        }
        return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--spread", type=float, default=10.0, help="seconds")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    url = os.environ.get("LIEN_DATABASE_URL") or None
    results = []
    for kind in kinds:
        result = bench_one(kind, args.participants, args.spread, url if kind != "sqlite" else None)
        results.append(result)
        ok = (
            result["submit_to_stored_p95_ms"] is not None
            and result["submit_to_stored_p95_ms"] <= TARGET_P95_MS
            and result["lost"] == 0
            and result["doubled"] == 0
            and result["errors"] == 0
            and result["counts_right"]
            and result["presenter_right_after_s"] is not None
            and result["presenter_right_after_s"] <= TARGET_PRESENTER_S
        )
        result["meets_targets"] = ok
        print(json.dumps(result, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0 if all(r["meets_targets"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
