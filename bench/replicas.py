"""Past one process: phones and pages through nginx with 1 and 2 replicas on one PostgreSQL.

    python -m bench.replicas                               # phones per second held
    python -m bench.replicas --pages                       # pages: 20 sessions, p50 and p95

Phones: for each number of replicas, deploy/serve.py's nginx and replicas on a throwaway
PostgreSQL (fsync on); then steps of rising pace (phones per second, each phone one GET and
one POST from its own loopback address, for STEP_S seconds, each step in a room of its own),
until a step misses p95 submit → stored ≤ 50 ms or loses, doubles or refuses an answer.
Printed per step, and the highest pace held. Pages: bench/pages.py's loads (a new session per
load, over Streamlit's websocket), 20 sessions each from its own loopback address (nginx keeps
a reader on one replica by address), through nginx. Both print the 2 ÷ 1 ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from contextlib import ExitStack

from bench.live import TOKEN, meets, percentile, presenter_session, room_run
from deploy.postgres import throwaway_postgres
from deploy.serve import deployment
from lien.live.store import Store

STEP_S = 5.0
PACES = (20, 40, 60, 80, 100, 120, 140, 160, 200, 240, 320)


def phones_for(replicas: int, paces=PACES) -> dict:
    with ExitStack() as stack:
        url = stack.enter_context(throwaway_postgres(fsync=True))
        found = stack.enter_context(deployment(replicas, url, token=TOKEN))
        playwright, browser, page, code = presenter_session(found.url)
        stack.callback(playwright.stop)
        stack.callback(browser.close)
        store = Store(url.replace("postgresql://", "postgresql+psycopg://", 1))
        stack.callback(store.dispose)
        pids = list(found.pids.values())
        # Warm-up, not counted: a few phones through nginx reach every replica, so no step
        # pays a replica's first requests (templates compiled, statements built, content read).
        warm = store.open_room()
        store.open_question(warm.code, "poll:alliance-weight")
        room_run(found.url, pids, store, None, {"choice": warm.code}, 40, 2.0, change_every=10**9)
        steps, held = [], 0
        for number, pace in enumerate(paces):
            if number == 0:
                room = code
                shown = page
            else:
                opened = store.open_room()
                store.open_question(opened.code, "poll:alliance-weight")
                room, shown = opened.code, None
            phones = int(pace * STEP_S)
            result = room_run(
                found.url, pids, store, shown, {"choice": room}, phones, STEP_S, change_every=10**9
            )
            result["pace_per_s"] = pace
            if shown is None:
                result["presenter_right_after_s"] = 0.0  # watched on the first step only
            ok = meets(result)
            result["held"] = ok
            steps.append(result)
            print(json.dumps({"replicas": replicas, **result}, ensure_ascii=False), flush=True)
            if not ok:
                break
            held = pace
        return {"replicas": replicas, "held_phones_per_s": held, "steps": steps}


def phones_main(args) -> int:
    results = [phones_for(n) for n in args.replicas]
    summary = {r["replicas"]: r["held_phones_per_s"] for r in results}
    print(json.dumps({"phones_per_s_held_at_p95_50ms": summary}), flush=True)
    if 1 in summary and 2 in summary and summary[1]:
        print(json.dumps({"ratio_2_over_1": round(summary[2] / summary[1], 2)}), flush=True)
    return 0


async def _page_loads(port: int, pages, sessions: int, loads: int, lang: str):
    import websockets

    from bench.pages import Target, _rerun

    url_paths = {p.id: p.url_path for p in __import__("lien.sitemap").sitemap.PAGES}
    samples: dict[str, list[float]] = {p: [] for p in pages}

    async def one(worker: int):
        address = f"127.3.0.{worker + 1}"
        order = [p for _ in range(loads) for p in pages]
        shift = worker % len(order)
        for name in order[shift:] + order[:shift]:
            async with websockets.connect(
                f"ws://127.0.0.1:{port}/_stcore/stream",
                subprotocols=["streamlit"],
                max_size=None,
                open_timeout=120,
                local_addr=(address, 0),
            ) as ws:
                seconds = await _rerun(ws, Target(name, port, url_paths[name]), f"lang={lang}", 120)
                samples[name].append(seconds)

    # Warm-up: one load of each page on each replica's readers, not counted.
    await asyncio.gather(*(one(w) for w in range(min(sessions, 4))))
    for values in samples.values():
        values.clear()
    await asyncio.gather(*(one(w) for w in range(sessions)))
    return samples


def pages_for(replicas: int, sessions: int, loads: int, lang: str) -> dict:
    from lien.sitemap import PAGES

    pages = [p.id for p in PAGES]
    with ExitStack() as stack:
        url = stack.enter_context(throwaway_postgres())
        found = stack.enter_context(deployment(replicas, url, token=TOKEN))
        port = int(found.url.rsplit(":", 1)[1])
        load = os.getloadavg()[0]
        samples = asyncio.run(_page_loads(port, pages, sessions, loads, lang))
        out = {
            name: (
                round(statistics.median(v) * 1000),
                round(percentile(v, 0.95) * 1000),
            )
            for name, v in samples.items()
        }
        return {"replicas": replicas, "pages": out, "load_average": [load, os.getloadavg()[0]]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", action="store_true")
    parser.add_argument("--replicas", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--lang", default="fr")
    args = parser.parse_args(argv)
    if not args.pages:
        return phones_main(args)
    results = [pages_for(n, args.sessions, args.loads, args.lang) for n in args.replicas]
    lines = [
        "| page | " + " | ".join(f"{r['replicas']} replica(s) p50 / p95 (ms)" for r in results)
    ]
    lines.append("|---|" + "---:|" * len(results) + ("---:|---:|" if len(results) == 2 else ""))
    if len(results) == 2:
        lines[0] += " | p50 speed-up (1÷2) | p95 speed-up (1÷2) |"
    else:
        lines[0] += " |"
    for name in results[0]["pages"]:
        cells = [f"{r['pages'][name][0]} / {r['pages'][name][1]}" for r in results]
        row = f"| {name} | " + " | ".join(cells) + " |"
        if len(results) == 2:
            one, two = results[0]["pages"][name], results[1]["pages"][name]
            row += f" {one[0] / two[0]:.2f} | {one[1] / two[1]:.2f} |"
        lines.append(row)
    print("\n".join(lines))
    print(json.dumps({"load_average": [r["load_average"] for r in results]}))
    return 0


if __name__ == "__main__":
    started = time.monotonic()
    code = main()
    print(f"({time.monotonic() - started:.0f} s)", file=sys.stderr)
    sys.exit(code)
