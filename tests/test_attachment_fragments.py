"""On the real server: a chart's control reruns only that chart's fragment, not the page."""

from __future__ import annotations

import asyncio
import json

import pytest
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.pages import rerun_message, run_in_thread, streamlit_server


@pytest.fixture(scope="module")
def port():
    with streamlit_server("app.py") as (port_, _pid):
        yield port_


async def until_finished(ws) -> list[ForwardMsg]:
    messages = []
    while True:
        message = ForwardMsg()
        message.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=60))
        messages.append(message)
        if message.WhichOneof("type") == "script_finished":
            return messages


def elements(messages):
    """(kind, element, fragment id) of every new element in a run."""
    return [
        (m.delta.new_element.WhichOneof("type"), m.delta.new_element, m.delta.fragment_id)
        for m in messages
        if m.WhichOneof("type") == "delta" and m.delta.WhichOneof("type") == "new_element"
    ]


async def change_one_widget(port: int, widget_key: str, set_value) -> tuple[list, list, int]:
    """Load /attachment, then change one widget as the browser would; both runs' elements."""
    uri = f"ws://127.0.0.1:{port}/_stcore/stream"
    async with websockets.connect(uri, subprotocols=["streamlit"], max_size=None) as ws:
        await ws.send(rerun_message("attachment", "lang=en"))
        first = await until_finished(ws)
        page_hash = next(m for m in first if m.WhichOneof("type") == "new_session")
        kind, element, fragment = next(
            (k, e, f)
            for k, e, f in elements(first)
            if getattr(getattr(e, k), "id", "").endswith(widget_key)
        )
        back = BackMsg()
        back.rerun_script.query_string = "lang=en"
        back.rerun_script.page_script_hash = page_hash.new_session.page_script_hash
        back.rerun_script.fragment_id = fragment
        state = back.rerun_script.widget_states.widgets.add()
        state.id = getattr(element, kind).id
        set_value(state)
        await ws.send(back.SerializeToString())
        second = await until_finished(ws)
        return elements(first), elements(second), second[-1].script_finished


def charts(run) -> list[dict]:
    return [json.loads(e.plotly_chart.spec) for k, e, _ in run if k == "plotly_chart"]


def test_turning_off_the_claims_reruns_only_the_prevalence_chart(port):
    def claims_off(state):
        state.bool_value = False

    first, second, status = run_in_thread(change_one_widget(port, "attachment_claims", claims_off))
    assert status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
    assert len(charts(first)) == 3 and len(charts(second)) == 1
    assert len(second) < len(first) / 4  # the page's text and other charts were not resent
    assert any(t["type"] == "scatter" for t in charts(first)[0]["data"])
    assert all(t["type"] == "bar" for t in charts(second)[0]["data"])


def test_choosing_a_stressor_reruns_only_the_stress_chart(port, bundle):
    farewell_label = bundle.stress["en"].scenarios[2].label

    def farewell(state):
        # A segmented control sends the label of the chosen option.
        state.string_array_value.data[:] = [farewell_label]

    first, second, status = run_in_thread(change_one_widget(port, "attachment_scenario", farewell))
    assert status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
    (chart,) = charts(second)
    assert chart["layout"]["title"]["text"].replace("<br>", " ") == farewell_label
    assert len(second) < len(first) / 4
