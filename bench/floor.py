"""The floor of a page's server CPU: the same elements drawn with none of Lien's code.

For each page: one load is captured over the websocket (its elements, as the browser receives
them), and bench/replay_app.py draws the same elements with Streamlit's own calls inside
Lien's frame. Then, sessions alternating between two servers so that both are counted over
the same seconds (as bench.pages --per-page does): the page beside the frame, and its replay
beside the frame; then each beside the one-title reference, for the 20-session median. The
replay's ratio is what the page's elements cost Streamlit, whatever code chooses them; the
page's ratio over the replay's is what Lien's own code adds.

    python -m bench.floor --pages alliance attachment reflection --rounds 3
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Markdown_pb2 import Markdown

from bench.pages import (
    FRAME,
    REFERENCE,
    Target,
    _connect,
    beside,
    load_once,
    message_count,
    percentile,
    rerun_message,
)
from deploy.launch import streamlit_server
from lien.sitemap import PAGES


async def capture(port: int, url_path: str, lang: str) -> list[ForwardMsg]:
    """The deltas of a page's second load (the first fills the app's caches)."""
    query = f"lang={lang}"
    await load_once(Target(url_path, port, url_path), query)
    async with _connect(port) as ws:
        await ws.send(rerun_message(url_path, query))
        deltas = []
        while True:
            message = ForwardMsg()
            message.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=120))
            if message.WhichOneof("type") == "delta":
                deltas.append(message)
            if message.WhichOneof("type") == "script_finished":
                return deltas


def _element(element) -> dict:  # noqa: C901 - one branch per kind
    kind = element.WhichOneof("type")
    proto = getattr(element, kind)
    if kind == "markdown":
        caption = proto.element_type == Markdown.Type.CAPTION
        return {
            "kind": "caption" if caption else "markdown",
            "body": proto.body,
            "html": proto.allow_html,
        }
    if kind == "heading":
        return {"kind": "markdown", "body": f"### {proto.body}", "html": False}
    if kind == "plotly_chart":
        return {"kind": "plotly", "spec": proto.spec, "config": proto.config, "alt": proto.alt}
    if kind == "selectbox":
        return {"kind": "selectbox", "label": proto.label, "options": list(proto.options)}
    if kind == "slider":
        options = list(proto.options)
        value = options[int(proto.default[0])] if options and proto.default else None
        return {"kind": "select_slider", "label": proto.label, "options": options, "value": value}
    if kind == "button_group":
        options = [option.content for option in proto.options]
        return {"kind": "segmented", "label": proto.label, "options": options}
    if kind == "checkbox":
        return {"kind": "toggle", "label": proto.label}
    if kind == "radio":
        return {"kind": "radio", "label": proto.label, "options": list(proto.options)}
    if kind == "progress":
        return {"kind": "progress", "value": proto.value / 100, "text": proto.text}
    if kind == "button":
        return {"kind": "button", "label": proto.label, "disabled": proto.disabled}
    if kind == "download_button":
        return {"kind": "download_button", "label": proto.label}
    raise ValueError(f"floor: no replay for element {kind}")


def _block(block, fragment_root: bool) -> dict:
    if fragment_root:
        return {"kind": "fragment", "items": []}
    kind = block.WhichOneof("type")
    if kind == "expandable":
        return {"kind": "expander", "label": block.expandable.label, "items": []}
    if kind == "flex_container":
        return {
            "kind": "container",
            "border": block.flex_container.border,
            "key": None,
            "items": [],
        }
    if kind == "popover":
        return {"kind": "popover", "items": []}
    raise ValueError(f"floor: no replay for block {kind}")


def element_tree(deltas: list[ForwardMsg]) -> list[dict]:
    """The main area's elements as a tree of blocks, from their delta paths. A block whose
    fragment differs from its parent's is a fragment's own block."""
    nodes: dict[tuple[int, ...], dict] = {(0,): {"items": []}}
    fragments: dict[tuple[int, ...], str] = {(0,): ""}
    for message in deltas:
        path = tuple(message.metadata.delta_path)
        if path[0] != 0:
            continue  # not the main area
        parent = nodes[path[:-1]]
        delta = message.delta
        if delta.WhichOneof("type") == "new_element":
            parent["items"].append(_element(delta.new_element))
        elif delta.WhichOneof("type") == "add_block":
            fragment = delta.fragment_id
            root = bool(fragment) and fragment != fragments[path[:-1]]
            nodes[path] = _block(delta.add_block, root)
            fragments[path] = fragment
            parent["items"].append(nodes[path])
    return nodes[(0,)]["items"]


def page_body(page: list[dict], frame: list[dict]) -> list[dict]:
    """The page's elements without the frame's: what the frame app draws before its title
    (the header) and after it (the footer)."""
    title = next(i for i, item in enumerate(frame) if item["kind"] == "markdown")
    lead, tail = frame[:title], frame[title + 1 :]
    kinds = [item["kind"] for item in page]
    assert kinds[: len(lead)] == [item["kind"] for item in lead], kinds
    assert kinds[len(kinds) - len(tail) :] == [item["kind"] for item in tail], kinds
    return page[len(lead) : len(page) - len(tail)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # The pages whose every element has a replay (not /home's page links, not /live).
    parser.add_argument(
        "--pages", nargs="*", default=["alliance", "attachment", "therapy", "reflection", "sources"]
    )
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--loads", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--lang", default="fr", choices=["fr", "en"])
    args = parser.parse_args(argv)
    url_paths = {p.id: p.url_path for p in PAGES}
    rows = []
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        ref = stack.enter_context(streamlit_server("bench/reference_app.py"))
        app = stack.enter_context(streamlit_server("app.py"))
        frame = stack.enter_context(streamlit_server("bench/frame_app.py"))
        frame_items = element_tree(asyncio.run(capture(frame.port, "", args.lang)))
        for name in args.pages:
            deltas = asyncio.run(capture(app.port, url_paths[name], args.lang))
            body = page_body(element_tree(deltas), frame_items)
            captured = folder / f"{name}.json"
            captured.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
            replay = stack.enter_context(
                streamlit_server("bench/replay_app.py", env={"LIEN_REPLAY": str(captured)})
            )
            figures = {"page": ([], [], []), "replay": ([], [], [])}  # ÷ frame, p50 ÷ ref, msgs
            for _round in range(args.rounds):
                for label, server, target in (("page", app, name), ("replay", replay, FRAME)):
                    vs_frame, vs_ref, counts = figures[label]
                    _, cpu, messages = beside(
                        server, frame, target, args.sessions, args.loads, args.lang
                    )
                    vs_frame.append(cpu["app"] / cpu[REFERENCE])
                    counts.append(message_count(messages[target]))
                    samples, _, _ = beside(
                        server, ref, target, args.sessions, args.loads, args.lang
                    )
                    vs_ref.append(
                        percentile(samples[target], 0.5) / percentile(samples[REFERENCE], 0.5)
                    )
            rows.append((name, figures))
    print(
        f"{args.sessions} sessions, {args.loads} loads per session, lang={args.lang}, "
        f"{args.rounds} rounds (medians); CPU per load over the frame's, counted beside it; "
        "20-session p50 over the one-title reference's, loads alternating\n"
    )
    print(
        "| page | messages (page, replay) | page ÷ frame | replay ÷ frame | page ÷ replay "
        "| page p50 ÷ ref | replay p50 ÷ ref | ÷ frame, each round (page / replay) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for name, figures in rows:
        (page_cpu, page_p50, page_msgs), (replay_cpu, replay_p50, replay_msgs) = (
            figures["page"],
            figures["replay"],
        )
        each = " ".join(f"{p:.2f}/{r:.2f}" for p, r in zip(page_cpu, replay_cpu, strict=True))
        median = statistics.median
        print(
            f"| {name} | {page_msgs[0]}, {replay_msgs[0]} | {median(page_cpu):.2f} "
            f"| {median(replay_cpu):.2f} | {median(page_cpu) / median(replay_cpu):.2f} "
            f"| {median(page_p50):.2f} | {median(replay_p50):.2f} | {each} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
