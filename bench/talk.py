"""Benchmark of present mode: from a key press on the projector to the next slide painted.

    python -m bench.talk                      # 30 readers, 2 s between their page loads
    python -m bench.talk --think 0            # readers loading pages back to back
    python -m bench.talk --presses 40 --readers 30 --lang en

It starts the real app (`streamlit run app.py`) on a free loopback port with a temporary data
folder, and opens present mode in headless Chromium at 1920×1080 on the default talk, on a
text slide followed by a chart slide. Each sample is one key press sent by Chromium's input
(PageDown to the chart slide, PageUp back to the text slide): the time from the keydown event
to the frame after the new slide is in the page (for the chart slide: its chart drawn), on
the browser's clock. Three phases in one run, so all see the same machine: idle, then while
`--readers` readers browse the pages over Streamlit's websocket (bench/pages.py's sessions,
each kept open and rerun page after page, with `--think` seconds, ± 50 %, between loads),
then idle again. Printed: p50 and p95 per slide and phase, the ratio under load to idle (the
two idle phases pooled), the readers' loads per second and the server's CPU. Loopback only;
every wait is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.pages import Target, _connect, _rerun, cpu_seconds, percentile
from deploy.launch import streamlit_server
from devtools.browser import launch_chromium
from lien.content import ROOT, load_bundle
from lien.sitemap import PAGES
from lien.talks import talk_of

TARGET_RATIO = 1.5
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
TEXT_SLIDE = "slide:alliance-foundations"  # followed, in the default talk, by…
CHART_SLIDE = "slide:alliance-weight"  # …a slide with a chart

STAMP = """() => { window.__lienKeyAt = null;
  document.addEventListener('keydown', e => { window.__lienKeyAt = e.timeStamp; },
    {capture: true, once: true}); }"""
# Resolves once the stage shows `title` (and a drawn chart when `chart`), one frame later.
PAINTED = """
async ([title, chart, counter]) => {
  const ready = () => {
    const stage = document.querySelector('.st-key-present_stage');
    if (!stage) return false;
    const h1 = stage.querySelector('h1');
    if (!h1 || h1.textContent.trim() !== title) return false;
    if (![...document.querySelectorAll('.st-key-present_controls p')]
        .some(p => p.textContent.trim() === counter)) return false;
    if (!chart) return true;
    return !stage.querySelector('[data-testid=stSkeleton]')
      && !!stage.querySelector('[data-testid=stPlotlyChart] .main-svg text');
  };
  const frame = () => new Promise(r => requestAnimationFrame(r));
  const started = performance.now();
  while (!ready()) {
    if (performance.now() - started > 30000) throw new Error('slide not shown in 30 s');
    await frame();
  }
  await frame();
  return performance.now() - window.__lienKeyAt;
}
"""


class Readers:
    """Readers browsing the pages in a thread of their own, until stopped."""

    def __init__(self, port: int, count: int, think: float, lang: str):
        self.port, self.count, self.think, self.lang = port, count, think, lang
        self.loads = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=lambda: asyncio.run(self._all()), daemon=True)

    async def _reader(self, index: int) -> None:
        order = [Target(p.id, self.port, p.url_path) for p in PAGES]
        order = order[index % len(order) :] + order[: index % len(order)]
        rng = random.Random(index)
        async with _connect(self.port) as ws:
            while not self.stop.is_set():
                for target in order:
                    if self.stop.is_set():
                        return
                    await _rerun(ws, target, f"lang={self.lang}", timeout=120)
                    self.loads += 1
                    if self.think:
                        await asyncio.sleep(self.think * rng.uniform(0.5, 1.5))

    async def _all(self) -> None:
        await asyncio.gather(*(self._reader(i) for i in range(self.count)))

    def __enter__(self):
        self.started = time.monotonic()
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join(timeout=180)


def press_and_time(page, key: str, title: str, chart: bool, counter: str) -> float:
    page.evaluate(STAMP)
    page.keyboard.press(key)
    seconds = page.evaluate(PAINTED, [title, chart, counter]) / 1000
    # The next press waits for the run to end, as a presenter does between two slides.
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    return seconds


def measure(page, presses: int, text: tuple[str, str], chart: tuple[str, str]):
    """`presses` pairs: PageDown to the chart slide, PageUp back to the text slide."""
    samples: dict[str, list[float]] = {"text": [], "chart": []}
    for _ in range(presses):
        samples["chart"].append(press_and_time(page, "PageDown", chart[0], True, chart[1]))
        samples["text"].append(press_and_time(page, "PageUp", text[0], False, text[1]))
    return samples


def report(phases: dict[str, dict[str, list[float]]], extra: dict[str, str]) -> str:
    idle = {k: phases["idle"][k] + phases["idle again"][k] for k in ("text", "chart")}
    lines = [
        "| slide | phase | presses | p50 (ms) | p95 (ms) | p50 ÷ idle | p95 ÷ idle |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for kind in ("text", "chart"):
        base50, base95 = percentile(idle[kind], 0.5), percentile(idle[kind], 0.95)
        for phase in ("idle", "readers", "idle again"):
            values = phases[phase][kind]
            p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
            lines.append(
                f"| {kind} | {phase} | {len(values)} | {p50 * 1000:.0f} | {p95 * 1000:.0f} "
                f"| {p50 / base50:.2f} | {p95 / base95:.2f} |"
            )
    lines.append("")
    lines += [f"{name}: {value}" for name, value in extra.items()]
    worst = max(percentile(phases["readers"][k], 0.95) / percentile(idle[k], 0.95) for k in idle)
    verdict = "met" if worst <= TARGET_RATIO else "NOT met"
    lines.append(f"target (p95 under load ≤ {TARGET_RATIO}× idle): {verdict} (worst ×{worst:.2f})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=30)
    parser.add_argument("--think", type=float, default=2.0, help="seconds between a reader's loads")
    parser.add_argument("--presses", type=int, default=30, help="key-press pairs per phase")
    parser.add_argument("--lang", default="fr", choices=["fr", "en"])
    args = parser.parse_args(argv)

    talk = talk_of(load_bundle(ROOT), args.lang, None)
    text_number, chart_number = talk.number_of(TEXT_SLIDE), talk.number_of(CHART_SLIDE)
    assert chart_number == text_number + 1, "the default talk no longer has the pair measured"
    text = (talk.slide(text_number).title, f"{text_number} / {len(talk)}")
    chart = (talk.slide(chart_number).title, f"{chart_number} / {len(talk)}")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        env = {"LIEN_DATA_DIR": str(Path(folder) / "var"), "LIEN_DATABASE_URL": ""}
        with streamlit_server("app.py", env) as server, sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            page.goto(
                f"{server.url}/?lang={args.lang}&present=1&slide={text_number}&talk={talk.id}"
            )
            page.wait_for_function(
                "t => document.querySelector('.st-key-present_stage h1')?.textContent.trim() === t",
                arg=text[0],
                timeout=60_000,
            )
            page.wait_for_selector(".st-key-present_next button", timeout=60_000)
            page.wait_for_selector(READY, state="attached", timeout=60_000)
            measure(page, 3, text, chart)  # warm-up: caches, plotly's first chart
            phases, cpu, rates = {}, {}, {}
            for phase in ("idle", "readers", "idle again"):
                before = cpu_seconds(server.pid), time.monotonic()
                if phase == "readers":
                    with Readers(server.port, args.readers, args.think, args.lang) as readers:
                        time.sleep(3)  # the readers are all in, loading pages
                        loads_before, t0 = readers.loads, time.monotonic()
                        phases[phase] = measure(page, args.presses, text, chart)
                        rates[phase] = (readers.loads - loads_before) / (time.monotonic() - t0)
                else:
                    phases[phase] = measure(page, args.presses, text, chart)
                used = cpu_seconds(server.pid) - before[0]
                cpu[phase] = 100 * used / (time.monotonic() - before[1])
            browser.close()
    setup = (
        f"{args.readers} readers ({args.think:g} s ± 50 % between loads), "
        f"{args.presses} key-press pairs per phase, lang={args.lang}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    extra = {
        "readers' page loads per second": f"{rates['readers']:.1f}",
        "server CPU (% of one core)": ", ".join(f"{k} {v:.0f}%" for k, v in cpu.items()),
    }
    print(f"Present mode, key press to slide painted: {setup}\n\n{report(phases, extra)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
