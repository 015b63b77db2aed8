"""Page-load benchmark: every page of Lien against a one-title reference app.

Starts `streamlit run app.py` and `streamlit run bench/reference_app.py` on free ports, then
drives concurrent sessions over Streamlit's own websocket (/_stcore/stream), as a browser
does: open the socket with the "streamlit" subprotocol, send a BackMsg `rerun_script` for a
page (its URL path and query string), read ForwardMsgs until `script_finished`. By default
each sample is one fresh session loading one page: what a reader waits for on arrival. With
`--reuse` each of the concurrent sessions stays open and is rerun page after page: what a
reader moving through the app waits for. Samples alternate between the app and the reference
so both see the same machine load.

    python -m bench.pages                  # 20 sessions, 10 loads each per page
    python -m bench.pages --reuse          # the same, sessions kept open
    python -m bench.pages --frame          # then Lien's frame alone (bench/frame_app.py)
    python -m bench.pages --sessions 5 --loads 2 --lang en
    python -m bench.pages --per-page --frame --before ../lien-before   # before/after, one run
    python -m bench.pages --per-page --frame --rounds 3 --pages alliance   # medians of 3 rounds
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import itertools
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack, ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from deploy.launch import streamlit_server as app_server
from lien.sitemap import PAGES

REFERENCE = "reference"
BYTES_PREFIX = "bytes:"  # in a Counter of message kinds: the bytes of that kind's messages
BEFORE = " (before)"  # a row of the --before checkout
FRAME = "frame"  # bench/frame_app.py: Lien's header, navigation and footer around a title
FINISHED_FOR_GOOD = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
}


@dataclass(frozen=True)
class Target:
    name: str  # a page id of Lien, or REFERENCE
    port: int
    url_path: str


@contextmanager
def streamlit_server(script: str, root: Path | None = None):
    """`streamlit run script` on a free port; yields (port, pid) once /_stcore/health answers.

    `root`: another checkout of Lien to run (--before), else this one."""
    with app_server(script, **({"root": root} if root else {})) as server:
        yield server.port, server.pid


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far (Linux VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc status")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far (Linux /proc), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rerun_message(url_path: str, query_string: str) -> bytes:
    message = BackMsg()
    message.rerun_script.query_string = query_string
    message.rerun_script.page_name = url_path
    message.rerun_script.page_script_hash = ""
    return message.SerializeToString()


def message_kind(message: ForwardMsg) -> str:
    """A ForwardMsg's kind: its type, and for a delta the element or block it adds."""
    kind = message.WhichOneof("type")
    if kind != "delta":
        return kind
    delta_kind = message.delta.WhichOneof("type")
    if delta_kind == "new_element":
        return f"element:{message.delta.new_element.WhichOneof('type')}"
    if delta_kind == "add_block":
        block = message.delta.add_block
        return f"block:{block.WhichOneof('type')}" + (
            "(fragment)" if message.delta.fragment_id else ""
        )
    return f"delta:{delta_kind}"


async def _rerun(
    ws,
    target: Target,
    query_string: str,
    timeout: float,
    kinds: collections.Counter | None = None,
) -> float:
    """Seconds from asking this socket's session for a page to the end of its script run.

    With `kinds`, each ForwardMsg received is counted there by message_kind()."""
    start = time.perf_counter()
    await ws.send(rerun_message(target.url_path, query_string))
    while True:
        raw = await asyncio.wait_for(ws.recv(), timeout=timeout)
        message = ForwardMsg()
        message.ParseFromString(raw)
        kind = message.WhichOneof("type")
        if kinds is not None:
            kinds[message_kind(message)] += 1
            kinds[BYTES_PREFIX + message_kind(message)] += len(raw)
        if kind == "script_finished" and message.script_finished in FINISHED_FOR_GOOD:
            if message.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                raise RuntimeError(f"{target.name}: script failed to compile")
            return time.perf_counter() - start
        if kind == "delta" and message.delta.new_element.WhichOneof("type") == "exception":
            raise RuntimeError(f"{target.name}: {message.delta.new_element.exception.message}")


def _connect(port: int, timeout: float = 120):
    return websockets.connect(
        f"ws://127.0.0.1:{port}/_stcore/stream",
        subprotocols=["streamlit"],
        max_size=None,
        open_timeout=timeout,
    )


async def load_once(
    target: Target,
    query_string: str,
    timeout: float = 120,
    kinds: collections.Counter | None = None,
) -> float:
    """Seconds from asking for a page in a new session to the end of its script run."""
    async with _connect(target.port, timeout) as ws:
        return await _rerun(ws, target, query_string, timeout, kinds)


async def session_worker(
    worker: int,
    plan: list[Target],
    query_string: str,
    samples: dict[str, list[float]],
    reuse: bool = False,
) -> None:
    """One reader working through the plan: a new session per load, or with `reuse` one
    session per server kept open for all its loads (a reader moving from page to page)."""
    # Each worker starts at a different point of the plan, so at any moment the concurrent
    # sessions are spread over all pages, half of them on the reference.
    shift = worker % len(plan)
    order = plan[shift:] + plan[:shift]
    if not reuse:
        for target in order:
            samples[target.name].append(await load_once(target, query_string))
        return
    async with AsyncExitStack() as stack:
        sockets = {}
        for port in dict.fromkeys(t.port for t in order):
            sockets[port] = await stack.enter_async_context(_connect(port))
        for target in order:
            samples[target.name].append(
                await _rerun(sockets[target.port], target, query_string, timeout=120)
            )


def run_in_thread(coroutine):
    """Run a coroutine to its end on a fresh event loop in a thread of its own.

    For callers that already run an event loop in this thread (Playwright's sync API does,
    in the browser tests), where asyncio.run() is refused.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


async def measure(
    app: tuple[int, int],
    ref: tuple[int, int],
    pages: list[str],
    sessions: int,
    loads: int,
    lang: str,
    reuse: bool = False,
) -> tuple[dict[str, list[float]], dict[str, float]]:
    """Latencies per page, and each server's CPU milliseconds per load ("app", REFERENCE).

    `pages` are page ids of Lien, or FRAME when `app` is a server of bench/frame_app.py.
    """
    (app_port, app_pid), (ref_port, ref_pid) = app, ref
    reference = Target(REFERENCE, ref_port, "")
    url_paths = {p.id: p.url_path for p in PAGES} | {FRAME: ""}
    app_targets = [Target(p, app_port, url_paths[p]) for p in pages]
    # app page, reference, next app page, reference …: every other load is the reference.
    one_round = list(itertools.chain.from_iterable((t, reference) for t in app_targets))
    plan = one_round * loads
    samples: dict[str, list[float]] = {t.name: [] for t in (*app_targets, reference)}
    messages: dict[str, collections.Counter] = {}
    query_string = f"lang={lang}"
    # Warm-up: one load of each page, not timed (imports, first cache fill); then one more
    # whose messages are counted (the first load of a server may differ).
    for target in (*app_targets, reference):
        await load_once(target, query_string)
    for target in (*app_targets, reference):
        await load_once(
            target, query_string, kinds=messages.setdefault(target.name, collections.Counter())
        )
    cpu_before = cpu_seconds(app_pid), cpu_seconds(ref_pid)
    await asyncio.gather(
        *(session_worker(w, plan, query_string, samples, reuse) for w in range(sessions))
    )
    app_loads = sum(len(v) for k, v in samples.items() if k != REFERENCE)
    cpu_ms = {
        "app": (cpu_seconds(app_pid) - cpu_before[0]) * 1000 / app_loads,
        REFERENCE: (cpu_seconds(ref_pid) - cpu_before[1]) * 1000 / len(samples[REFERENCE]),
    }
    return samples, cpu_ms, messages


def beside(app, other, name: str, sessions: int, loads: int, lang: str, reuse: bool = False):
    """measure() of one page of `app` beside `other`, on an event loop of its own: each a
    (port, pid) pair or a running server (with .port and .pid)."""

    def pair(server):
        return server if isinstance(server, tuple) else (server.port, server.pid)

    return asyncio.run(measure(pair(app), pair(other), [name], sessions, loads, lang, reuse))


def table(
    samples: dict[str, list[float]],
    peak_mb: float,
    ref_peak_mb: float,
    cpu_ms: dict[str, float] | None = None,
    messages: dict[str, collections.Counter] | None = None,
) -> str:
    ref = samples[REFERENCE]
    ref_p50, ref_p95 = percentile(ref, 0.5), percentile(ref, 0.95)
    messages = messages or {}
    lines = [
        "| page | messages | loads | p50 (ms) | p95 (ms) | p50 ÷ reference | p95 ÷ reference |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, values in samples.items():
        p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
        count = message_count(messages.get(name, {})) or ""
        lines.append(
            f"| {name} | {count} | {len(values)} | {p50 * 1000:.0f} | {p95 * 1000:.0f} "
            f"| {p50 / ref_p50:.2f} | {p95 / ref_p95:.2f} |"
        )
    lines.append("")
    lines.append(
        f"peak server memory (RSS, VmHWM): app {peak_mb:.0f} MB, reference {ref_peak_mb:.0f} MB"
    )
    if cpu_ms is not None:
        # Under saturation the latency ratio tends to this ratio: a steadier figure than
        # latency on a machine shared with other work.
        ref_cpu = cpu_ms[REFERENCE]
        parts = [
            f"{name} {ms:.1f} ms (×{ms / ref_cpu:.2f})"
            for name, ms in cpu_ms.items()
            if name != REFERENCE
        ]
        lines.append(
            f"server CPU per load: {', '.join(parts)}, reference {ref_cpu:.1f} ms"
            " (app: the mean over its pages)"
        )
    return "\n".join(lines)


def message_count(kinds) -> int:
    return sum(n for k, n in kinds.items() if not k.startswith(BYTES_PREFIX))


def breakdown(messages: dict[str, collections.Counter]) -> str:
    """ForwardMsgs of one load of each page, by kind (a column per page), then their bytes."""
    names = list(messages)
    kinds = sorted(
        {k for c in messages.values() for k in c if not k.startswith(BYTES_PREFIX)},
        key=lambda k: (k.startswith(("element", "block", "delta")), k),
    )
    lines = ["| kind | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for kind in kinds:
        cells = (str(messages[n][kind] or "") for n in names)
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    lines.append(
        "| **messages** | " + " | ".join(str(message_count(messages[n])) for n in names) + " |"
    )
    lines.append(
        "| kB | "
        + " | ".join(
            f"{sum(v for k, v in messages[n].items() if k.startswith(BYTES_PREFIX)) / 1000:.1f}"
            for n in names
        )
        + " |"
    )
    lines.append(
        "| kB of plotly_chart | "
        + " | ".join(
            f"{messages[n][BYTES_PREFIX + 'element:plotly_chart'] / 1000:.1f}" for n in names
        )
        + " |"
    )
    return "\n".join(lines)


async def count_only(app_port: int, pages: list[str], lang: str) -> dict[str, collections.Counter]:
    """One warm-up load, then one counted load, of each page: its ForwardMsgs by kind."""
    url_paths = {p.id: p.url_path for p in PAGES} | {FRAME: "", REFERENCE: ""}
    result = {}
    for name in pages:
        target = Target(name, app_port, url_paths[name])
        await load_once(target, f"lang={lang}")
        result[name] = collections.Counter()
        await load_once(target, f"lang={lang}", kinds=result[name])
    return result


@dataclass(frozen=True)
class PageRun:
    """One measurement of one page beside the reference, and beside the frame (--frame)."""

    name: str  # the page id, with BEFORE for the --before checkout
    messages: int
    cpu_ms: float  # the page's server CPU per load, beside the reference
    ref_cpu_ms: float
    ref_p50: float  # seconds
    p50_vs_ref: float
    p95_vs_ref: float
    # Beside the frame: the page's CPU per load over the frame's, loads alternating.
    vs_frame: float | None = None


def per_page_table(runs: list[PageRun]) -> list[str]:
    """One row per page: the median over its rounds, and each round's ratio to the frame."""
    by_name: dict[str, list[PageRun]] = {}
    for run in runs:
        by_name.setdefault(run.name, []).append(run)
    lines = [
        "| page | messages | CPU/load (ms) | ÷ frame | ÷ frame, each round | ref CPU/load (ms) "
        "| ref p50 (ms) | p50 ÷ ref | p95 ÷ ref |",
        "|---|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for name, rounds in by_name.items():
        ratios = [r.vs_frame for r in rounds if r.vs_frame is not None]
        vs_frame = f"{median(ratios):.2f}" if ratios else ""
        each = " ".join(f"{x:.2f}" for x in ratios) if len(ratios) > 1 else ""
        lines.append(
            f"| {name} | {rounds[0].messages} | {median([r.cpu_ms for r in rounds]):.1f} "
            f"| {vs_frame} | {each} | {median([r.ref_cpu_ms for r in rounds]):.1f} "
            f"| {median([r.ref_p50 for r in rounds]) * 1000:.0f} "
            f"| {median([r.p50_vs_ref for r in rounds]):.2f} "
            f"| {median([r.p95_vs_ref for r in rounds]):.2f} |"
        )
    return lines


def _page_run(app, ref, frame, name: str, label: str, args) -> PageRun:
    """The page beside the reference (latency and CPU), then beside the frame (CPU)."""
    samples, cpu_ms, messages = beside(
        app, ref, name, args.sessions, args.loads, args.lang, args.reuse
    )
    ref_p50 = percentile(samples[REFERENCE], 0.5)
    vs_frame = None
    if frame is not None:
        # The frame's server in the reference's place: the same sessions alternate between
        # the page and the frame, so both servers' CPU is counted over the same seconds.
        _, cpu, _ = beside(app, frame, name, args.sessions, args.loads, args.lang, args.reuse)
        vs_frame = cpu["app"] / cpu[REFERENCE]
    return PageRun(
        name=name + label,
        messages=message_count(messages[name]),
        cpu_ms=cpu_ms["app"],
        ref_cpu_ms=cpu_ms[REFERENCE],
        ref_p50=ref_p50,
        p50_vs_ref=percentile(samples[name], 0.5) / ref_p50,
        p95_vs_ref=percentile(samples[name], 0.95) / percentile(samples[REFERENCE], 0.95),
        vs_frame=vs_frame,
    )


def per_page(args) -> str:
    """One row per page: messages, own CPU per load, its ratio to the frame, latency ratios.

    Every server is started once: the reference, the app (and the --before checkout's) and,
    with --frame, the frame of each checkout. Each page is measured beside the reference
    (sessions alternating between the two: the latency ratios), then beside its checkout's
    frame in the reference's place (the CPU ratio): a shared machine's speed drifts from one
    minute to the next by more than the pages differ, so both sides of each ratio are
    counted over the same seconds. The frame is also measured beside the reference, as a
    page. With --rounds N, every page is measured N times in turn and each figure is the
    median. With --before DIR, each page of that checkout is measured right before the same
    page of this one: before and after in the same run."""
    checkouts = [("", None)] + ([(BEFORE, Path(args.before).resolve())] if args.before else [])
    runs: list[PageRun] = []
    with ExitStack() as stack:
        ref = stack.enter_context(streamlit_server("bench/reference_app.py"))
        apps = {
            label: stack.enter_context(streamlit_server("app.py", root))
            for label, root in checkouts
        }
        frames = {
            label: stack.enter_context(streamlit_server("bench/frame_app.py", root))
            for label, root in checkouts
            if args.frame
        }
        for _round in range(args.rounds):
            for name, label in itertools.product(args.pages, reversed(list(apps))):
                runs.append(_page_run(apps[label], ref, frames.get(label), name, label, args))
            for label in reversed(list(frames)):
                runs.append(_page_run(frames[label], ref, None, FRAME, label, args))
    return "\n".join(
        [
            f"{args.sessions} sessions, {args.loads} loads per session, lang={args.lang}, "
            f"{'sessions kept open' if args.reuse else 'a new session per load'}, "
            f"{args.rounds} round(s)",
            "",
            *per_page_table(runs),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions")
    parser.add_argument("--loads", type=int, default=10, help="loads of each page per session")
    parser.add_argument("--lang", default="fr", choices=["fr", "en"])
    parser.add_argument("--pages", nargs="*", default=[p.id for p in PAGES])
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep each session open and rerun it (a reader moving on) instead of a new "
        "session per load (a reader arriving)",
    )
    parser.add_argument(
        "--frame",
        action="store_true",
        help="then measure bench/frame_app.py (Lien's frame around a title) the same way",
    )
    parser.add_argument(
        "--count",
        action="store_true",
        help="only count the ForwardMsgs of one load of each page (and the frame, the "
        "reference), by kind; no timing",
    )
    parser.add_argument(
        "--per-page",
        action="store_true",
        help="measure each page on its own (the same servers, one page and the reference at "
        "a time), for each page's own server CPU per load; with --frame, the frame too",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="with --per-page: measure every page this many times in turn; each figure is "
        "the median",
    )
    parser.add_argument(
        "--before",
        metavar="DIR",
        help="with --per-page: another checkout of Lien (a git worktree of an older commit), "
        "each of its pages measured right before the same page of this one",
    )
    args = parser.parse_args(argv)
    if args.per_page:
        print(per_page(args))
        return 0
    if args.count:
        counts = {}
        for script, pages in (
            ("app.py", args.pages),
            ("bench/frame_app.py", [FRAME]),
            ("bench/reference_app.py", [REFERENCE]),
        ):
            with streamlit_server(script) as (port, _pid):
                counts |= asyncio.run(count_only(port, pages, args.lang))
        print(breakdown(counts))
        return 0
    setup = (
        f"{args.sessions} concurrent sessions, {args.loads} loads of each page per session, "
        f"lang={args.lang}, {os.cpu_count()} CPUs, "
        f"{'sessions kept open' if args.reuse else 'a new session per load'}"
    )
    runs = [("app.py", args.pages, "Lien's pages")]
    if args.frame:
        runs.append(("bench/frame_app.py", [FRAME], "Lien's frame alone (bench/frame_app.py)"))
    for script, pages, what in runs:
        with ExitStack() as stack:
            app = stack.enter_context(streamlit_server(script))
            ref = stack.enter_context(streamlit_server("bench/reference_app.py"))
            samples, cpu_ms, messages = asyncio.run(
                measure(app, ref, pages, args.sessions, args.loads, args.lang, args.reuse)
            )
            report = table(samples, peak_rss_mb(app[1]), peak_rss_mb(ref[1]), cpu_ms, messages)
        print(f"{what}: {setup}\n\n{report}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
