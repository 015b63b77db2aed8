"""Capacity per core: one server pinned to one core, the load generator to the other.

    python -m bench.capacity                         # 1,000 phones in 10 s, 20 readers
    python -m bench.capacity --phones 2000 --spread 10 --sessions 20 --loads 5

Issue 13's ratio (2 replicas ≥ 1.5× one) cannot be shown on 2 cores shared by two replicas,
nginx, PostgreSQL and the load generator. What a practitioner can plan on is what one core
holds. So here the app's server (every thread of it, as `taskset -a`) runs on core 0 and
this process, its phones' threads and its Chromium on core 1 (os.sched_setaffinity). Two
runs, each on a fresh server:

- phones: bench.live's room (mixed kinds, SQLite): phones arriving at `--phones`/`--spread`
  a second, each joining and answering; the server's CPU per phone gives the phones per
  second one core holds at 100 % (1000 / ms per phone), beside what this run held at its
  targets (0 errors, p95 submit→stored ≤ 1 s);
- page loads: `--sessions` readers each loading `--loads` rounds of every page as new
  sessions (bench.pages); the server's CPU per load gives the page loads per second one
  core holds, beside the p95 of this run (target ≤ 1 s).

Then a table for 1, 2, 4 and 8 cores: a PROJECTION (per-core capacity times cores, as
replicas behind nginx on PostgreSQL would share them), not a measurement. Loopback only;
every loop is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from bench import live
from bench.pages import Target, cpu_seconds, load_once, percentile
from deploy.launch import streamlit_server
from lien.sitemap import PAGES

SERVER_CORE, LOAD_CORE = 0, 1
PROJECTED_CORES = (1, 2, 4, 8)


def pin(pid: int, cores: set[int]) -> None:
    """Every thread of `pid` on `cores` (threads started later inherit it)."""
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):  # a thread that just ended
            os.sched_setaffinity(int(task.name), cores)


def pinned_server(env: dict, log: Path):
    """streamlit_server, its process pinned to SERVER_CORE and this one to LOAD_CORE."""
    os.sched_setaffinity(0, {LOAD_CORE})
    server = streamlit_server(env=env, log=log, open_files=(1024, 20000))

    class Pinned:
        def __enter__(self):
            self.inner = server.__enter__()
            pin(self.inner.pid, {SERVER_CORE})
            return self.inner

        def __exit__(self, *exc):
            return server.__exit__(*exc)

    return Pinned()


def phones_per_core(phones: int, spread: float) -> dict:
    original = live.streamlit_server
    live.streamlit_server = lambda env, log, open_files=None: pinned_server(env, log)
    try:
        result = live.bench_one("sqlite", phones, spread, None, mix=True)
    finally:
        live.streamlit_server = original
    ms = result["server_cpu_ms_per_phone"]
    held = result["errors"] == 0 and (result["submit_to_stored_p95_ms"] or 1e9) <= 1000
    return {
        "phones": phones,
        "offered_phones_per_s": round(phones / spread, 1),
        "held_at_targets": held and result["lost"] == 0 and result["doubled"] == 0,
        "errors": result["errors"],
        "submit_to_stored_p95_ms": result["submit_to_stored_p95_ms"],
        "server_cpu_ms_per_phone": ms,
        "phones_per_s_per_core_at_full_cpu": round(1000 / ms, 1) if ms else None,
    }


def pages_per_core(sessions: int, loads: int, lang: str = "fr") -> dict:
    with tempfile.TemporaryDirectory(prefix="lien-capacity-") as folder:
        env = {"LIEN_DATA_DIR": str(Path(folder) / "var"), "LIEN_DATABASE_URL": ""}
        with pinned_server(env, Path(folder) / "streamlit.log") as server:
            targets = [Target(p.id, server.port, p.url_path) for p in PAGES]

            async def reader(index: int, out: list[float]) -> None:
                order = targets[index % len(targets) :] + targets[: index % len(targets)]
                for _ in range(loads):
                    for target in order:
                        out.append(await load_once(target, f"lang={lang}"))

            async def warm() -> None:  # one load of each page, not counted
                for target in targets:
                    await load_once(target, f"lang={lang}")

            async def run() -> list[float]:
                out: list[float] = []
                await asyncio.gather(*(reader(i, out) for i in range(sessions)))
                return out

            asyncio.run(warm())
            before, started = cpu_seconds(server.pid), time.monotonic()
            samples = asyncio.run(run())
            used, elapsed = cpu_seconds(server.pid) - before, time.monotonic() - started
    ms = used * 1000 / len(samples)
    return {
        "sessions": sessions,
        "page_loads": len(samples),
        "page_loads_per_s_held": round(len(samples) / elapsed, 1),
        "page_load_p95_s": round(percentile(samples, 0.95), 3),
        "held_at_targets": percentile(samples, 0.95) <= 1.0,
        "server_cpu_ms_per_load": round(ms, 1),
        "page_loads_per_s_per_core_at_full_cpu": round(1000 / ms, 1),
    }


def projection(phones: dict, pages: dict) -> str:
    lines = [
        "| cores (PROJECTION) | phones per second | page loads per second |",
        "|---:|---:|---:|",
    ]
    for cores in PROJECTED_CORES:
        p = phones["phones_per_s_per_core_at_full_cpu"] or 0
        lines.append(
            f"| {cores} | {p * cores:.0f} | "
            f"{pages['page_loads_per_s_per_core_at_full_cpu'] * cores:.0f} |"
        )
    lines.append(
        "Projection: one core's measured capacity times the cores, as one replica per core "
        "behind nginx on PostgreSQL would share them; not measured."
    )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--spread", type=float, default=10.0)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--loads", type=int, default=3, help="rounds of every page per reader")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if len(os.sched_getaffinity(0)) < 2:
        print("bench.capacity needs two cores: one for the server, one for the load")
        return 2
    phones = phones_per_core(args.phones, args.spread)
    print(json.dumps(phones), flush=True)
    pages = pages_per_core(args.sessions, args.loads)
    print(json.dumps(pages), flush=True)
    print(projection(phones, pages))
    if args.json:
        args.json.write_text(json.dumps({"phones": phones, "pages": pages}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
