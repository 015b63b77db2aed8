"""A smoke test of the benchmark's machinery (the benchmark itself is run by hand, not here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.pages import (
    REFERENCE,
    Target,
    load_once,
    peak_rss_mb,
    run_in_thread,
    streamlit_server,
    table,
)

ROOT = Path(__file__).resolve().parent.parent


def test_the_benchmark_loads_a_page_over_the_websocket_until_its_script_finishes():
    with streamlit_server("bench/reference_app.py") as (port, pid):
        seconds = run_in_thread(load_once(Target(REFERENCE, port, ""), "lang=fr"))
        assert 0 < seconds < 60
        assert 10 < peak_rss_mb(pid) < 1000


def test_the_benchmark_table_gives_each_page_its_ratio_to_the_reference():
    samples = {"home": [0.2, 0.2, 0.4], REFERENCE: [0.1, 0.1, 0.2]}
    lines = table(samples, peak_mb=180, ref_peak_mb=70).splitlines()
    assert lines[2] == "| home |  | 3 | 200 | 400 | 2.00 | 2.00 |"
    assert lines[3] == "| reference |  | 3 | 100 | 200 | 1.00 | 1.00 |"
    assert lines[-1] == "peak server memory (RSS, VmHWM): app 180 MB, reference 70 MB"


def test_the_benchmark_table_gives_each_page_its_messages_per_load():
    import collections

    samples = {"home": [0.2, 0.2, 0.4], REFERENCE: [0.1, 0.1, 0.2]}
    messages = {
        "home": collections.Counter({"element:markdown": 9, "bytes:element:markdown": 900}),
        REFERENCE: collections.Counter({"element:heading": 1, "new_session": 1}),
    }
    lines = table(samples, peak_mb=180, ref_peak_mb=70, messages=messages).splitlines()
    assert lines[2].startswith("| home | 9 | 3 |")  # bytes are not counted as messages
    assert lines[3].startswith("| reference | 2 | 3 |")


@pytest.mark.parametrize(("reuse", "sessions"), [(True, 1), (False, 3)])
def test_with_reuse_one_session_per_server_is_rerun_for_every_load(monkeypatch, reuse, sessions):
    import bench.pages

    opened: list[int] = []
    connect = bench.pages._connect

    def counting(port, *args, **kwargs):
        opened.append(port)
        return connect(port, *args, **kwargs)

    monkeypatch.setattr(bench.pages, "_connect", counting)
    with streamlit_server("bench/reference_app.py") as (port, _pid):
        target = Target(REFERENCE, port, "")
        samples: dict[str, list[float]] = {REFERENCE: []}
        plan = [target, target, target]
        run_in_thread(bench.pages.session_worker(0, plan, "lang=fr", samples, reuse))
    assert len(opened) == sessions
    assert len(samples[REFERENCE]) == 3
    assert all(0 < s < 60 for s in samples[REFERENCE])


def test_the_frame_app_is_liens_header_navigation_and_footer_around_a_title(bundle):
    from streamlit.testing.v1 import AppTest

    from lien.content import ROOT

    at = AppTest.from_file(str(ROOT / "bench" / "frame_app.py"), default_timeout=60).run()
    assert not at.exception
    ui = bundle.ui["fr"]
    assert [t.value for t in at.title] == [ui["app.name"]]
    assert at.segmented_control(key="lang_switch").value == "fr"
    assert any(ui["footer.disclaimer"] in m.value for m in at.markdown)


def test_the_table_gives_each_servers_cpu_per_load_and_its_ratio_to_the_reference():
    samples = {"home": [0.2], REFERENCE: [0.1]}
    cpu = {"app": 10.0, "frame": 5.0, REFERENCE: 4.0}
    last = table(samples, peak_mb=180, ref_peak_mb=70, cpu_ms=cpu).splitlines()[-1]
    assert last.startswith("server CPU per load: app 10.0 ms (×2.50), frame 5.0 ms (×1.25)")


@pytest.mark.browser
def test_the_workshop_benchmark_reports_every_figure_of_a_small_workshop(tmp_path):
    # In a process of its own, as it is run: its Chromium must not meet this worker's.
    out = tmp_path / "workshop.json"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.workshop",
            "--participants",
            "4",
            "--arrival",
            "3",
            "--json",
            str(out),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=600,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["page_loads"] == 8  # two pages read by each participant
    assert report["answers"] == 4 and report["errors"] == 0, report["errors_by_kind"]
    assert report["key_presses"] >= 4
    for figure in (
        "page_load_p95_s",
        "answer_stored_p95_ms",
        "key_to_slide_p95_s",
        "key_to_speaker_view_p95_s",
        "server_cpu_s",
        "server_peak_memory_mb",
    ):
        assert isinstance(report[figure], float) and report[figure] > 0, figure
    assert isinstance(report["holds"], bool)


def test_per_page_gives_each_page_its_medians_and_each_rounds_ratio_to_the_frame():
    from bench.pages import FRAME, PageRun, per_page_table

    runs = [
        PageRun("alliance", 27, 8.0, 3.0, 0.060, 2.1, 2.0, 2.00),
        PageRun("alliance", 27, 12.0, 4.0, 0.080, 1.9, 2.2, 1.50),
        PageRun("alliance", 27, 9.0, 3.5, 0.070, 2.5, 2.4, 1.80),
        PageRun(FRAME, 10, 4.0, 3.0, 0.060, 1.2, 1.5),
    ]
    rows = per_page_table(runs)
    assert rows[2] == "| alliance | 27 | 9.0 | 1.80 | 2.00 1.50 1.80 | 3.5 | 70 | 2.10 | 2.20 |"
    assert rows[3] == f"| {FRAME} | 10 | 4.0 |  |  | 3.0 | 60 | 1.20 | 1.50 |"


def _delta(path, fragment="", **element):
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    message = ForwardMsg()
    message.metadata.delta_path[:] = path
    message.delta.fragment_id = fragment
    ((kind, fill),) = element.items()
    if kind == "block":
        fill(message.delta.add_block)
    else:
        fill(getattr(message.delta.new_element, kind))
    return message


def test_the_floor_replays_a_pages_elements_in_their_blocks_without_the_frames():
    from streamlit.proto.Markdown_pb2 import Markdown

    from bench.floor import element_tree, page_body

    def markdown(body, caption=False):
        def fill(proto):
            proto.body = body
            proto.element_type = Markdown.Type.CAPTION if caption else Markdown.Type.NATIVE

        return fill

    def chart(proto):
        proto.spec, proto.config, proto.alt = '{"data": []}', "{}", "A chart."

    def slider(proto):
        proto.label = "r"
        proto.options[:] = ["0,00", "0,28", "1,00"]
        proto.default[:] = [1]

    def switch(proto):
        proto.label = "Langue"
        proto.options.add().content = "FR"

    def heading(proto):
        proto.body = "Lien"

    def popover(block):
        block.popover.label = "Aide"

    def fragment_block(block):
        block.flex_container.SetInParent()

    header = [
        _delta([0, 0], button_group=switch),
        _delta([0, 1], block=popover),
        _delta([0, 1, 0], markdown=markdown("Besoin d'aide ?")),
    ]
    frame = element_tree(
        [*header, _delta([0, 2], heading=heading), _delta([0, 3], markdown=markdown("---"))]
    )
    page = element_tree(
        [
            *header,
            _delta([0, 2], markdown=markdown("<h1>L'alliance</h1>")),
            _delta([0, 3], "f1", block=fragment_block),
            _delta([0, 3, 0], "f1", slider=slider),
            _delta([0, 3, 1], "f1", plotly_chart=chart),
            _delta([0, 3, 2], "f1", markdown=markdown("Nuage de points.", caption=True)),
            _delta([0, 4], markdown=markdown("---")),
            _delta([1, 0], markdown=markdown("in the sidebar: not the page's")),
        ]
    )
    assert page_body(page, frame) == [
        {"kind": "markdown", "body": "<h1>L'alliance</h1>", "html": False},
        {
            "kind": "fragment",
            "items": [
                {
                    "kind": "select_slider",
                    "label": "r",
                    "options": ["0,00", "0,28", "1,00"],
                    "value": "0,28",
                },
                {"kind": "plotly", "spec": '{"data": []}', "config": "{}", "alt": "A chart."},
                {"kind": "caption", "body": "Nuage de points.", "html": False},
            ],
        },
    ]


def _bench_row(name: str, *args: str) -> list[str]:
    """The cells of the one row named `name` that a benchmark prints, run as it is run: in a
    process of its own (this worker may hold an event loop, from a browser test, where
    asyncio.run() is refused)."""
    done = subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    rows = [line for line in done.stdout.splitlines() if line.startswith(f"| {name} |")]
    assert len(rows) == 1, done.stdout
    return [cell.strip() for cell in rows[0].strip("|").split("|")]


def test_the_elements_benchmark_prices_one_kind_beside_a_page_of_none():
    cells = _bench_row(
        "markdown",
        "bench.elements",
        *("--kinds", "markdown", "--count", "3", "--sessions", "2", "--loads", "2"),
        *("--rounds", "1"),
    )
    float(cells[1])  # a number of microseconds, whatever this machine gives


def test_the_floor_replays_a_page_inside_the_frame_and_reports_both_ratios():
    cells = _bench_row(
        "reflection",
        "bench.floor",
        *("--pages", "reflection", "--sessions", "2", "--loads", "2", "--rounds", "1"),
    )
    page_messages, replay_messages = cells[1].split(", ")
    assert page_messages == replay_messages  # the replay sends the same elements
    assert all(float(cell) > 0 for cell in cells[2:7])
