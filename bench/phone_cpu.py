"""Benchmark: the server CPU one phone request of the live room costs, in process.

    python -m bench.phone_cpu                     # 300 phones, SQLite
    python -m bench.phone_cpu --phones 500 --db postgresql
    python -m bench.phone_cpu --profile answer    # where one kind's milliseconds go

The phones' routes (lien.web.phone) and the presenter's gate middleware run in one Starlette
app, called straight through ASGI (no socket, no HTTP client: what is measured is the server's
own work), against a temporary database. Each simulated phone, from its own network address,
does what a phone in a talk does: opens the join page (a new phone: its signed token is issued),
asks for the room's state, posts an answer, changes its mind (a second answer), and opens the
page again (a known phone, after the redirect). CPU is `time.process_time()` around each
request, so the threadpool's work counts too.

Printed per request kind: median and mean CPU ms, and both as a ratio against a reference
measured in the same run, interleaved with the phones' requests: a bare Starlette route that
returns a tiny HTML page through the same app and middleware. Ratios, not milliseconds, are
what compare across machines and runs; this is never a timed test.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gzip
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from urllib.parse import urlencode

KINDS = ("reference", "join", "state", "answer", "answer_again", "page_again")
QUESTION = "poll:alliance-weight"
TOKEN = "bench-presenter-token-0123456789"


def build_app():
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.responses import HTMLResponse
    from starlette.routing import Route
    from streamlit.web.server.starlette.starlette_app import create_streamlit_middleware

    from lien.web.phone import participant_routes, secured
    from lien.web.signin import TokenInAddress

    async def reference(_request):
        return secured(HTMLResponse("<!doctype html><title>Reference</title><p>Reference</p>"))

    return Starlette(
        routes=[Route("/reference", reference), *participant_routes()],
        # As st.App builds it: the app's middleware around Streamlit's own (path security,
        # session, gzip).
        middleware=[
            Middleware(TokenInAddress, expected=lambda: TOKEN),
            *create_streamlit_middleware(),
        ],
    )


async def call(app, method, path, *, query="", headers=(), body=b"", client="127.0.0.1"):
    """One request straight into the ASGI app: (status, headers as a dict, body)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [
            (b"host", b"lien.test"),
            (b"accept-encoding", b"gzip, deflate, br"),  # as a phone's browser asks
            (b"accept-language", b"fr-FR,fr;q=0.9,en;q=0.8"),
            *((k.encode(), v.encode()) for k, v in headers),
        ],
        "client": (client, 50000),
        "server": ("lien.test", 80),
    }
    sent = False

    async def receive():
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    status, out_headers, chunks = 0, {}, []

    async def send(message):
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
            for key, value in message["headers"]:
                out_headers.setdefault(key.decode().lower(), value.decode())
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    data = b"".join(chunks)
    if out_headers.get("content-encoding") == "gzip":
        data = gzip.decompress(data)
    elif out_headers.get("content-encoding") == "br":
        import brotli

        data = brotli.decompress(data)
    return status, out_headers, data


class Meter:
    def __init__(self, profile: str | None):
        self.cpu: dict[str, list[float]] = {kind: [] for kind in KINDS}
        self.profile = profile
        self.profiler = cProfile.Profile() if profile else None

    async def measure(self, kind, app, method, path, **kwargs):
        profiling = self.profiler is not None and kind == self.profile
        if profiling:
            self.profiler.enable()
        started = time.process_time()
        result = await call(app, method, path, **kwargs)
        self.cpu[kind].append((time.process_time() - started) * 1000)
        if profiling:
            self.profiler.disable()
        return result


def address(index: int) -> str:
    return f"127.2.{index // 250}.{index % 250 + 1}"


async def one_phone(app, meter: Meter, code: str, index: int) -> None:
    client = address(index)
    await meter.measure("reference", app, "GET", "/reference", client=client)
    status, headers, page = await meter.measure("join", app, "GET", f"/join/{code}", client=client)
    assert status == 200, (status, page[:300])
    cookie = headers["set-cookie"].split(";")[0]
    round_ = re.search(rb'name="round" value="(\d+)"', page).group(1).decode()
    status, _, _ = await meter.measure(
        "state", app, "GET", f"/join/{code}/state", headers=[("cookie", cookie)], client=client
    )
    assert status == 200
    for number, kind in enumerate(("answer", "answer_again")):
        option = ["none", "moderate", "strong"][(index + number) % 3]
        body = urlencode({"option": option, "round": round_, "question": QUESTION}).encode()
        headers_ = [
            ("content-type", "application/x-www-form-urlencoded"),
            ("content-length", str(len(body))),
            ("origin", "http://lien.test"),
            ("cookie", cookie),
        ]
        status, _, _ = await meter.measure(
            kind, app, "POST", f"/join/{code}/answer", headers=headers_, body=body, client=client
        )
        assert status == 303, status
    status, _, _ = await meter.measure(
        "page_again",
        app,
        "GET",
        f"/join/{code}",
        query="saved=1",
        headers=[("cookie", cookie)],
        client=client,
    )
    assert status == 200


async def _inline(func, *args, **kwargs):
    """run_in_threadpool, but on the loop's thread: cProfile sees one thread only."""
    return func(*args, **kwargs)


async def run(phones: int, profile: str | None) -> Meter:
    from lien.live.store import current_store
    from lien.web import phone as web
    from lien.web import signin as gate

    if profile:
        web.run_in_threadpool = gate.run_in_threadpool = _inline

    app = build_app()
    store = current_store()
    room = store.open_room()
    store.open_question(room.code, QUESTION)
    meter = Meter(profile)
    for index in range(20):  # warm-up: templates compiled, statements cached, pool filled
        await one_phone(app, Meter(None), room.code, phones + index)
    for index in range(phones):
        await one_phone(app, meter, room.code, index)
    tally = store.tally(room.code)
    expected = phones + 20
    assert tally.answered == expected, (tally.answered, expected)  # one answer per phone kept
    return meter


def report(meter: Meter, label: str) -> None:
    reference = statistics.median(meter.cpu["reference"])
    reference_mean = statistics.fmean(meter.cpu["reference"])
    print(f"\n{label}: server CPU per request (ms), ratio against the reference route")
    print(f"{'kind':<14}{'median':>9}{'mean':>9}{'× ref (median)':>17}{'× ref (mean)':>15}")
    for kind in KINDS:
        values = meter.cpu[kind]
        median, mean = statistics.median(values), statistics.fmean(values)
        print(
            f"{kind:<14}{median:>9.3f}{mean:>9.3f}"
            f"{median / reference:>17.1f}{mean / reference_mean:>15.1f}"
        )
    per_phone = sum(statistics.fmean(meter.cpu[k]) for k in ("join", "state", "answer"))
    print(
        f"a phone of bench.live's mix (join, state, one answer; 1 in 5 a second): "
        f"{per_phone + statistics.fmean(meter.cpu['answer_again']) / 5:.2f} ms"
    )
    print(f"load average: {os.getloadavg()[0]:.2f} (other work on this machine skews ms)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=300)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--profile", choices=KINDS, help="print where this kind's time goes")
    args = parser.parse_args(argv)
    with ExitStack() as stack:
        data = stack.enter_context(tempfile.TemporaryDirectory(prefix="lien-phone-cpu-"))
        os.environ["LIEN_DATA_DIR"] = data
        os.environ.pop("LIEN_DATABASE_URL", None)
        if args.db == "postgresql":
            from deploy.postgres import throwaway_postgres

            os.environ["LIEN_DATABASE_URL"] = stack.enter_context(throwaway_postgres())
        from lien.live import store

        store.forget_stores()
        meter = asyncio.run(run(args.phones, args.profile))
        store.forget_stores()
    report(meter, f"{args.phones} phones, {args.db}")
    if meter.profiler is not None:
        print(f"\nprofile of '{args.profile}' requests (cumulative):")
        stats = pstats.Stats(meter.profiler, stream=sys.stdout)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
