"""Running Lien's pages under Streamlit's AppTest, the way a reader would open them."""

from __future__ import annotations

import html
import re

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
    """Every text a reader sees on the page, as one string."""
    parts = [e.value for e in (*at.title, *at.header, *at.subheader, *at.markdown, *at.caption)]
    return "\n".join(str(p) for p in parts)


def open_data(at: AppTest, *chart_keys: str) -> AppTest:
    """Open the "see the data" panel of these charts, as a reader clicking it would."""
    for key in chart_keys:
        at.session_state[f"{key}_data"] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


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
        elif type(leaf).__name__ == "Markdown":
            shown += [
                html.unescape(text)
                for tag, text in _HTML_HEADING.findall(str(leaf.value))
                if int(tag) == level
            ]
    return shown
