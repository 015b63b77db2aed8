"""What a phone downloads on its first visit: bytes on the wire, as Chromium counts them.

Starts `streamlit run app.py` twice on free ports, once as shipped and once with compression
turned off (LIEN_COMPRESSION=off: the "before" of the same code, in the same run), then opens
each page in a fresh Chromium context (empty cache, a 390-px phone) and adds up every
response's encoded size (the Network domain's `encodedDataLength`: headers and body as sent).

    python -m bench.transfer                      # /alliance and the join page
    python -m bench.transfer --path / --path /attachment
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

from playwright.sync_api import sync_playwright

from deploy.launch import streamlit_server
from devtools.browser import launch_chromium

READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
DEFAULT_PATHS = ("/alliance", "/join")
# Pages that draw charts: their visit ends once every chart is drawn.
CHART_PAGES = ("/alliance", "/attachment")
CHARTS_DRAWN = """() => {
  const charts = [...document.querySelectorAll("[data-testid='stPlotlyChart']")];
  return charts.length > 0 && charts.every((chart) => chart.querySelector(".main-svg"));
}"""


@dataclass(frozen=True)
class Transfer:
    path: str
    compressed: bool
    bytes_on_wire: int
    bytes_decoded: int
    responses: int


def first_visit(browser, base: str, path: str) -> tuple[int, int, int]:
    """(bytes on the wire, bytes once decoded, responses) of one empty-cache visit."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    wire: dict[str, int] = {}
    decoded: dict[str, int] = {}
    cdp.on(
        "Network.loadingFinished",
        lambda e: wire.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    cdp.on(
        "Network.dataReceived",
        lambda e: decoded.__setitem__(
            e["requestId"], decoded.get(e["requestId"], 0) + e["dataLength"]
        ),
    )
    page.goto(base + path, wait_until="load")
    if not path.startswith("/join"):  # a Streamlit page, not a phone's plain page
        page.wait_for_selector(READY, timeout=60_000)
        if path.split("?")[0] in CHART_PAGES:
            # Charts load Plotly's bundle after the script run: wait until each is drawn.
            page.wait_for_function(CHARTS_DRAWN, timeout=60_000)
    page.wait_for_load_state("networkidle", timeout=60_000)
    context.close()
    return sum(wire.values()), sum(decoded.values()), len(wire)


def measure(paths: tuple[str, ...]) -> list[Transfer]:
    results: list[Transfer] = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for compressed in (False, True):
            env = {} if compressed else {"LIEN_COMPRESSION": "off"}
            with streamlit_server(env=env) as server:
                for path in paths:
                    first_visit(browser, server.url, path)  # warm the server's caches
                    wire, plain, count = first_visit(browser, server.url, path)
                    results.append(Transfer(path, compressed, wire, plain, count))
        browser.close()
    return results


def size(count: int) -> str:
    return f"{count / 1e6:.2f} MB" if count >= 100_000 else f"{count / 1e3:.1f} kB"


def table(results: list[Transfer]) -> str:
    rows = ["| page | compression | on the wire | decoded | responses |", "|---|---|---|---|---|"]
    for r in results:
        rows.append(
            f"| {r.path} | {'on' if r.compressed else 'off'} | {size(r.bytes_on_wire)}"
            f" | {size(r.bytes_decoded)} | {r.responses} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", action="append", help="a page's path (repeatable)")
    args = parser.parse_args(argv)
    print(table(measure(tuple(args.path or DEFAULT_PATHS))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
