"""The elements bench/elements.py prices, one function per kind (imported once, so the
chart is built once, as the app's cache builds its charts)."""

import functools

import plotly.graph_objects as go
import streamlit as st

from lien.ui.chart import frozen

# 5,000 characters of French prose on 80 lines, as a page's text is.
TEXT = ("Une thérapie réussit mieux quand l’alliance est bonne : r = 0,28\n\n" * 80)[:5000]


@functools.cache
def _chart() -> go.Figure:
    return frozen(go.Figure(go.Bar(x=[f"catégorie {i}" for i in range(60)], y=list(range(60)))))


@st.fragment
def _empty_fragment(number: int) -> None:
    pass


KINDS = {
    "markdown": lambda i: st.markdown(f"Bonjour {i}"),
    "markdown_5000_chars": lambda i: st.markdown(TEXT),
    "plotly_chart": lambda i: st.plotly_chart(_chart(), key=f"c{i}", theme=None, width="stretch"),
    "container": lambda i: st.container(),
    "fragment": _empty_fragment,
    "selectbox": lambda i: st.selectbox("Choix", ["a", "b", "c", "d"], key=f"s{i}"),
    "radio": lambda i: st.radio("Choix", [1, 2, 3, 4, 5, 6, 7], index=None, key=f"r{i}"),
}


def draw(kind: str, count: int) -> None:
    st.title("Elements")
    for number in range(count):
        KINDS[kind](number)
