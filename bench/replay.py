"""bench/replay_app.py's drawing: a captured page's elements with Streamlit's own calls.

A module of its own, imported once: a script's own functions are defined again on every
run, and their cache with them.
"""

import functools
import json
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

from lien.ui.chart import frozen


@functools.cache
def items(path: str) -> list:
    return _prepare(json.loads(Path(path).read_text(encoding="utf-8")))


def _prepare(items: list) -> list:
    """Charts built once, as the app's cache does; the rest as captured."""
    prepared = []
    for item in items:
        if item["kind"] == "plotly":
            item = {
                **item,
                "figure": frozen(go.Figure(json.loads(item["spec"]))),
                "config": json.loads(item["config"]),
            }
        if "items" in item:
            item = {**item, "items": _prepare(item["items"])}
        prepared.append(item)
    return prepared


@st.fragment
def _fragment(items: list, prefix: str) -> None:
    draw(items, prefix)


def draw(items: list, prefix: str = "") -> None:  # noqa: C901 - one branch per kind
    for number, item in enumerate(items):
        kind, key = item["kind"], f"{prefix}{number}"
        if kind == "markdown":
            st.markdown(item["body"], unsafe_allow_html=item["html"])
        elif kind == "caption":
            st.caption(item["body"], unsafe_allow_html=item["html"])
        elif kind == "plotly":
            st.plotly_chart(
                item["figure"],
                key=f"chart_{key}",
                config=item["config"],
                width="stretch",
                theme=None,
                alt=item["alt"] or None,
            )
        elif kind == "fragment":
            _fragment(item["items"], f"{key}_")
        elif kind == "container":
            with st.container(border=item["border"], key=item["key"] or None):
                draw(item["items"], f"{key}_")
        elif kind == "expander":
            with st.expander(item["label"], key=f"expander_{key}", on_change="rerun") as panel:
                if panel.open:
                    draw(item["items"], f"{key}_")
        elif kind == "selectbox":
            st.selectbox(item["label"], item["options"], key=f"select_{key}")
        elif kind == "select_slider":
            st.select_slider(
                item["label"], item["options"], value=item["value"], key=f"slider_{key}"
            )
        elif kind == "segmented":
            st.segmented_control(
                item["label"],
                item["options"],
                default=item["options"][0],
                required=True,
                key=f"seg_{key}",
            )
        elif kind == "toggle":
            st.toggle(item["label"], value=True, key=f"toggle_{key}")
        elif kind == "radio":
            st.radio(item["label"], item["options"], index=None, horizontal=True, key=f"r_{key}")
        elif kind == "progress":
            st.progress(item["value"], text=item["text"])
        elif kind == "button":
            st.button(item["label"], key=f"button_{key}", disabled=item["disabled"])
        elif kind == "download_button":
            st.download_button(item["label"], data=b"", key=f"download_{key}", on_click="ignore")
        else:
            raise ValueError(f"replay: no replay for {kind}")
