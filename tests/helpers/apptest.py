"""Running Lien's pages under Streamlit's AppTest, the way a reader would open them."""

from __future__ import annotations

import html
import io
import re
from urllib.parse import unquote

import pandas as pd
from streamlit.testing.v1 import AppTest

from lien.content import ROOT
from lien.sitemap import page


def open_page(page_id: str, lang: str | None = None, **params: str) -> AppTest:
    """Open the app, as a fresh session, on a page, with `?lang=` and other URL parameters."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if lang is not None:
        at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    # The first run is on the page, as a link to it opens (a run of the home page first
    # would see, and rewrite, the same address).
    if page_id != "home":
        at.switch_page(page(page_id).script)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def all_text(at: AppTest) -> str:
    """Every text a reader sees on the page, as one string (a chart's closed data panel is
    not seen until opened: shown_table reads it)."""
    parts = [e.value for e in (*at.title, *at.header, *at.subheader, *at.markdown, *at.caption)]
    parts += [e.proto.text for e in at.get("progress")]  # a progress bar's words
    return _PANEL.sub("", "\n".join(str(p) for p in parts))


_PANEL = re.compile(r'<details class="lien-data">.*?</details>', re.S)
_CSV_LINK = re.compile(
    r'href="data:text/csv;charset=utf-8,([^"]*)" download="lien-([^"]*)-\w+\.csv"'
)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)


def data_panel(at: AppTest, chart_key: str) -> str:
    """The "see the data" panel of a chart (lien.ui.chart.data_panel_html), as sent: HTML in
    the caption under the chart."""
    for caption in at.caption:
        for panel in _PANEL.findall(str(caption.value)):
            link = _CSV_LINK.search(panel)
            if link and link.group(2) == chart_key:
                return panel
    raise AssertionError(f"no data panel for {chart_key}")


def shown_table(at: AppTest, chart_key: str) -> list[list[str]]:
    """The table a reader sees in a chart's data panel: its header row, then each row."""
    return [
        [html.unescape(cell) for cell in _CELL.findall(row)]
        for row in _ROW.findall(data_panel(at, chart_key))
    ]


def data_csv(at: AppTest, chart_key: str) -> pd.DataFrame:
    """The CSV a reader downloads from a chart's data panel, read back."""
    encoded = _CSV_LINK.search(data_panel(at, chart_key)).group(1)
    return pd.read_csv(io.StringIO(unquote(html.unescape(encoded))))


_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.S)


def _leaves(node):
    children = getattr(node, "children", None)
    if children:
        for child in children.values():
            yield from _leaves(child)
    else:
        yield node


def headings_of(at: AppTest, level: int) -> list[str]:
    """The texts of the headings of one level (1 for a title, 2 a section, 3 a chart's), in
    the order a reader meets them: heading elements, and headings a page writes inside its
    Markdown (lien.ui.sections joins a page's text into one element per run between blocks)."""
    elements = {1: at.title, 2: at.header, 3: at.subheader}[level]
    ids = {id(e) for e in elements}
    shown: list[str] = []
    for leaf in _leaves(at.main):
        if id(leaf) in ids:
            shown.append(leaf.value)
        elif type(leaf).__name__ in ("Markdown", "Caption"):
            shown += [
                html.unescape(text)
                for tag, text in _HTML_HEADING.findall(str(leaf.value))
                if int(tag) == level
            ]
    return shown
