"""Benchmark of a whole workshop on this machine: readers, phones, projector and speaker view.

    python -m bench.workshop --participants 60 --arrival 180 --scale 0.2
    python -m bench.workshop --find --low 20 --high 400 --time-limit 1800
    python -m bench.workshop --quick              # a few participants: the report's shape

It starts the real app (`streamlit run app.py`) on loopback with a temporary data folder and
plays a workshop. Participants arrive over `--arrival` seconds (times `--scale`, to compress
a few minutes into fewer): each reads two pages of the app as a new session (Streamlit's
websocket, as bench.pages), then joins the live room from a loopback address of its own and
answers one of each kind of question (choice, scale, words, an upvote: four rooms, as
bench.live), waiting for the reveal as a phone's page does. Meanwhile the projector
(Chromium, present mode, on a talk run) follows the talk with key presses (PageDown to a
chart slide, PageUp back), and the speaker view of the same run (a second Chromium page)
follows it. Reported: p95 page load (a new session, to its script's end), p95 answer stored
(submit to the POST's answer, sent only once committed), p95 key press to slide painted on
the projector, p95 key press to the slide shown in the speaker view, the server's CPU and
peak memory, errors seen by phones by kind. `--find` bisects the room size for the largest
that holds p95 ≤ 1 s per page and ≤ 100 ms per answer, within `--time-limit` seconds.
Loopback only; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

from bench.live import KIND_QUESTIONS, TOKEN, Participant, percentile, run_participant
from bench.pages import Target, cpu_seconds, load_once, peak_rss_mb
from bench.talk import CHART_SLIDE, READY, TEXT_SLIDE, press_and_time
from deploy.launch import streamlit_server
from devtools.browser import launch_chromium
from lien.content import ROOT, load_bundle
from lien.live.runs import Runs, run_key
from lien.live.store import Store
from lien.sitemap import PAGES
from lien.talks import talk_of

TARGET_PAGE_S = 1.0
TARGET_ANSWER_MS = 100.0
PAGES_READ = 2  # pages each participant reads before joining
RUN_ID = "bench-workshop-run-0001"
MIN_PRESSES = 4  # the projector moves on at least this often, however short the workshop
SPEAKER_SHOWS = """t => [...document.querySelectorAll('.st-key-speaker_slide h3')]
  .some(h => h.textContent.trim() === t)"""


def read_pages(port: int, index: int, lang: str, out: list[float], errors: Counter) -> None:
    """Two pages of the app, each in a new session, as a participant's browser opens them."""
    rng = random.Random(index)
    chosen = rng.sample(list(PAGES), PAGES_READ)

    async def both():
        for page in chosen:
            try:
                out.append(await load_once(Target(page.id, port, page.url_path), f"lang={lang}"))
            except Exception as error:  # reported by kind, the workshop goes on
                errors[f"page {type(error).__name__}"] += 1

    asyncio.run(both())


def participant(index, port, host, start_at, lang, room, page_s, errors, person):
    time.sleep(max(0.0, start_at - time.monotonic()))
    read_pages(port, index, lang, page_s, errors)
    run_participant(person, host, port, time.monotonic(), change=False, asks=room["asks"])


def open_rooms(store: Store) -> dict:
    rooms = {}
    for kind, question in KIND_QUESTIONS.items():
        room = store.open_room()
        store.open_question(room.code, question)
        rooms[kind] = room.code
    code = rooms["questions"]
    room = store.room(code)
    for n in range(4):
        store.ask(code, room.round, room.question_id, f"seed-asker-{n:05d}", f"Question {n}")
    asks = [a.id for a in store.tally(code).asks]
    for ask in asks:
        store.set_ask_status(code, ask, "approved")
    return {"codes": rooms, "asks": asks}


def workshop(participants: int, arrival_s: float, lang: str = "fr", presses_every: float = 3.0):
    """One workshop; its report (a dict)."""
    from playwright.sync_api import sync_playwright

    talk = talk_of(load_bundle(ROOT), lang, None)
    text_n, chart_n = talk.number_of(TEXT_SLIDE), talk.number_of(CHART_SLIDE)
    text = (talk.slide(text_n).title, f"{text_n} / {len(talk)}")
    chart = (talk.slide(chart_n).title, f"{chart_n} / {len(talk)}")
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lien-workshop-")))
        env = {"LIEN_LIVE_TOKEN": TOKEN, "LIEN_DATA_DIR": str(folder / "var")}
        env["LIEN_DATABASE_URL"] = ""
        server = stack.enter_context(streamlit_server(env=env, log=folder / "streamlit.log"))
        store = Store(f"sqlite:///{folder / 'var' / 'live.sqlite3'}")
        stack.callback(store.dispose)
        Runs(store).start(RUN_ID, talk.id, talk.lang, text_n, talk.slide(text_n).id)
        rooms = open_rooms(store)
        playwright = stack.enter_context(sync_playwright())
        browser = launch_chromium(playwright)
        stack.callback(browser.close)
        context = browser.new_context(viewport={"width": 1920, "height": 1080})
        projector, speaker = context.new_page(), context.new_page()
        projector.goto(f"{server.url}/live?lang={lang}&token={TOKEN}")  # the presenter's cookie
        projector.wait_for_url(lambda url: "token" not in url, timeout=60_000)
        projector.goto(
            f"{server.url}/?present=1&talk={talk.id}&run={RUN_ID}&slide={text_n}&lang={lang}"
        )
        speaker.goto(f"{server.url}/?notes={RUN_ID}&key={run_key(TOKEN, RUN_ID)}&lang={lang}")
        for page in (projector, speaker):
            page.wait_for_selector(READY, state="attached", timeout=90_000)
        projector.wait_for_selector(".st-key-present_next button", timeout=60_000)
        speaker.wait_for_function(SPEAKER_SHOWS, arg=text[0], timeout=60_000)

        host = "127.0.0.1"
        page_s: list[float] = []
        errors: Counter = Counter()
        people = []
        kinds = list(KIND_QUESTIONS)
        cpu_before, started = cpu_seconds(server.pid), time.monotonic()
        t0 = started + 1
        threads = []
        for i in range(participants):
            kind = kinds[i % len(kinds)]
            person = Participant(i, kind=kind, code=rooms["codes"][kind])
            people.append(person)
            at = t0 + random.Random(i).uniform(0, arrival_s)
            args = (i, server.port, host, at, lang, rooms, page_s, errors, person)
            threads.append(threading.Thread(target=participant, args=args, daemon=True))
        for thread in threads:
            thread.start()

        slide_s: list[float] = []
        speaker_s: list[float] = []
        deadline = t0 + arrival_s + 600
        forward = True
        while time.monotonic() < deadline and (
            len(slide_s) + errors["projector TimeoutError"] < MIN_PRESSES
            or not all(p.answered.is_set() for p in people)
        ):
            key, shown = ("PageDown", chart) if forward else ("PageUp", text)
            pressed = time.monotonic()
            try:
                slide_s.append(press_and_time(projector, key, shown[0], forward, shown[1]))
                speaker.wait_for_function(SPEAKER_SHOWS, arg=shown[0], timeout=30_000)
                speaker_s.append(time.monotonic() - pressed)
            except Exception as error:  # reported, the workshop goes on
                errors[f"projector {type(error).__name__}"] += 1
            forward = not forward
            time.sleep(max(0.0, presses_every - (time.monotonic() - pressed)))
        for code in rooms["codes"].values():
            store.reveal(code)
        for thread in threads:
            thread.join(timeout=120)
        cpu_used = cpu_seconds(server.pid) - cpu_before
        elapsed = time.monotonic() - started
        peak = peak_rss_mb(server.pid)

    posts = [ms for p in people for ms in p.post_ms]
    for p in people:
        errors.update(p.errors)

    def p95(values, scale=1.0, digits=3):
        return round(percentile(values, 0.95) * scale, digits) if values else None

    report = {
        "participants": participants,
        "arrival_s": arrival_s,
        "page_loads": len(page_s),
        "page_load_p50_s": round(statistics.median(page_s), 3) if page_s else None,
        "page_load_p95_s": p95(page_s),
        "answers": len(posts),
        "answer_stored_p50_ms": round(statistics.median(posts), 1) if posts else None,
        "answer_stored_p95_ms": p95(posts, 1, 1),
        "key_presses": len(slide_s),
        "key_to_slide_p95_s": p95(slide_s),
        "key_to_speaker_view_p95_s": p95(speaker_s),
        "server_cpu_s": round(cpu_used, 2),
        "server_cpu_share_of_one_core": round(cpu_used / elapsed, 2),
        "server_peak_memory_mb": round(peak, 1),
        "errors": sum(errors.values()),
        "errors_by_kind": dict(errors.most_common()),
        "shed_503_retried": dict(sum((p.shed for p in people), Counter())),
        "load_average_1min": round(os.getloadavg()[0], 1),
        "cpus": os.cpu_count(),
    }
    report["holds"] = holds(report)
    return report


def holds(report: dict) -> bool:
    """The room holds: every page and answer went through, p95 within the targets."""
    return (
        report["errors"] == 0
        and report["page_load_p95_s"] is not None
        and report["page_load_p95_s"] <= TARGET_PAGE_S
        and report["answer_stored_p95_ms"] is not None
        and report["answer_stored_p95_ms"] <= TARGET_ANSWER_MS
        and report["answers"] >= report["participants"]
    )


def find(low: int, high: int, arrival_s: float, time_limit: float, lang: str) -> dict:
    """Bisection over room size: the largest that holds, within `time_limit` seconds."""
    ends = time.monotonic() + time_limit
    runs, best = [], None
    while high - low > max(2, low // 10) and time.monotonic() < ends:
        size = (low + high) // 2
        report = workshop(size, arrival_s, lang)
        runs.append({k: report[k] for k in ("participants", "holds", "page_load_p95_s")})
        runs[-1]["answer_stored_p95_ms"] = report["answer_stored_p95_ms"]
        print(json.dumps(report, ensure_ascii=False), flush=True)
        if report["holds"]:
            low, best = size, report
        else:
            high = size
    return {"largest_room_held": low if best else None, "bisection": runs, "at_largest": best}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--arrival", type=float, default=180.0, help="seconds, before --scale")
    parser.add_argument("--scale", type=float, default=1.0, help="compress time: 0.2 = 5x")
    parser.add_argument("--lang", default="fr", choices=["fr", "en"])
    parser.add_argument("--quick", action="store_true", help="8 participants over 6 s")
    parser.add_argument("--find", action="store_true", help="bisect for the largest room")
    parser.add_argument("--low", type=int, default=20)
    parser.add_argument("--high", type=int, default=400)
    parser.add_argument("--time-limit", type=float, default=1800.0, help="seconds, for --find")
    parser.add_argument("--json", type=Path, help="also write the report to this file")
    args = parser.parse_args(argv)
    arrival = args.arrival * args.scale
    if args.quick:
        result = workshop(8, 6.0, args.lang)
    elif args.find:
        result = find(args.low, args.high, arrival, args.time_limit, args.lang)
    else:
        result = workshop(args.participants, arrival, args.lang)
    print(json.dumps(result, ensure_ascii=False), flush=True)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
