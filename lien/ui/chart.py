"""Showing a chart in Streamlit: the figure, its text alternative, its data as table and CSV."""

from __future__ import annotations

import functools
import numbers
import re
import threading
from collections import OrderedDict
from urllib.parse import quote

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

try:  # Plotly's fast JSON engine, pinned in requirements.txt
    import orjson as _orjson
except ImportError:  # pragma: no cover - Plotly falls back to json
    _orjson = None

from lien.charts.catalogue import chart
from lien.charts.parts import ChartParts
from lien.html import escape
from lien.sitemap import PRESENT_PARAM
from lien.text import count, decimal, short_citation
from lien.ui.markup import heading_html
from lien.ui.page import plotly_config
from lien.view import View

PLOTLY_CONFIG = {
    "displaylogo": False,
    # Plotly's own PNG download, sized for slides and handouts.
    "toImageButtonOptions": {"format": "png", "width": 1600, "height": 900, "scale": 1},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


class _SerialisedDict(dict):
    """A frozen figure's dict form that also keeps its JSON, written on first use.

    st.plotly_chart sends `plotly.io.to_json(figure)` on every run, and Plotly's orjson
    engine takes an object's `to_plotly_json()` before encoding it: here, the JSON already
    written (an `orjson.Fragment`, copied into the output as it is). Plotly's `_safe` pass
    then finds nothing left to escape, so the text sent is the same, character for
    character, as for the plain dict (tests/test_alliance_pages.py). Without orjson, Plotly
    encodes the dict as any dict.
    """

    def to_plotly_json(self):
        written = self.__dict__.get("_lien_json")
        if written is None:
            import plotly.io

            written = _orjson.Fragment(plotly.io.to_json(dict(self), validate=False))
            self.__dict__["_lien_json"] = written
        return written


class _FrozenFigure(go.Figure):
    """A figure that is built once and shown on many runs.

    st.plotly_chart asks the figure for its dict form on every run, and plotly builds it
    with a deep copy and a base64 encoding of every array: about a millisecond a chart
    without load, and far more with a room's sessions waiting on one another. A frozen figure
    builds that dict once, and its JSON once (_SerialisedDict). It must not be changed
    afterwards (cached figures never are: every session shares them).
    """

    def to_dict(self) -> dict:
        built = self.__dict__.get("_lien_dict")
        if built is None:
            built = _without_unused_trace_defaults(super().to_dict())
            if _orjson is not None:
                built = _SerialisedDict(built)
            self.__dict__["_lien_dict"] = built
        return built


def _without_unused_trace_defaults(spec: dict) -> dict:
    """The figure's dict form without its template's defaults for kinds of trace it does not
    draw: Plotly applies `template.data.<kind>` to traces of that kind only, so the chart is
    drawn the same. The template (Streamlit's, Plotly's default once Streamlit is imported)
    holds defaults for ten kinds, 2.2 kB of every chart's JSON on every load."""
    template = spec.get("layout", {}).get("template")
    defaults = template.get("data") if isinstance(template, dict) else None
    if defaults:
        drawn = {trace.get("type", "scatter") for trace in spec.get("data", ())}
        template["data"] = {kind: value for kind, value in defaults.items() if kind in drawn}
    return spec


def frozen(figure: go.Figure) -> go.Figure:
    """The figure, for a cache: its dict form is built on first use and kept."""
    return _FrozenFigure(figure)


def show_chart(
    view: View,
    figure: go.Figure,
    *,
    key: str,
    alt_text: str,
    table: pd.DataFrame,
    illustrative: bool = False,
    note: str | None = None,
    after: str | None = None,
) -> None:
    """A chart with what every chart owes its reader, in two elements (every element is a
    websocket message on every load: docs/performance.md).

    - `alt_text`: a sentence saying what the chart shows, for screen readers and for anyone
      who cannot see it: the chart's accessible name, and the caption under it;
    - `table`: the numbers plotted, in a closed "see the data" panel in the same caption, with
      a CSV download (data_panel_html); a table longer than INLINE_ROWS (the 300 simulated
      therapies) in an expander of its own, built when opened (data_panel);
    - `illustrative`: a visible label when the chart is a schematic, not data;
    - `note`: what the reader should know next (its sources, a caution), as Markdown, in the
      caption under the text alternative;
    - `after`: what the page shows right after the chart (Markdown and the page's own HTML:
      a card, a note, the next chart's heading), in the same element, as body text.
    """
    if illustrative:
        st.caption(f":material/info: {view.t('charts.illustrative')}")
    # theme=None: Streamlit's theme would replace styled()'s dark text with a grey that fails
    # WCAG AA contrast on white.
    # alt: the same sentence becomes the chart's accessible name for screen readers.
    st.plotly_chart(
        figure,
        key=key,
        config=plotly_config(view.lang, PLOTLY_CONFIG),
        width="stretch",
        theme=None,
        alt=alt_text,
    )
    caption = alt_text if note is None else f"{alt_text}\n\n{note}"
    if len(table) > INLINE_ROWS:
        st.caption(caption)
        data_panel(view, key, table)
        if after:
            st.markdown(after, unsafe_allow_html=True)
        return
    body = f"{caption}\n\n{data_panel_html(view, key, table)}"
    if after:
        # Body text again inside the caption (lien.web.index_page's CSS: .lien-after).
        body += f'\n\n<div class="lien-after">\n\n{after.strip()}\n\n</div>'
    # HTML on for the panel and the page's own pieces (cards, headings): every text in them
    # is escaped (data_panel_html, lien.ui.markup), and the Markdown is content's, whose raw
    # HTML is refused when it loads.
    st.caption(body, unsafe_allow_html=True)


def show_catalogued(
    view: View,
    chart_id: str,
    parts: ChartParts,
    note: str | None = None,
    after: str | None = None,
) -> None:
    """A chart of the catalogue (lien.charts.catalogue) on its page, in the state the reader
    chose: its id as element key, and labelled illustrative if the catalogue says so."""
    entry = chart(chart_id)
    figure, table, alt = parts
    show_chart(
        view,
        figure,
        key=entry.id,
        alt_text=alt,
        table=table,
        illustrative=entry.illustrative,
        note=note,
        after=after,
    )


def chart_title(view: View, chart_id: str) -> str:
    """A catalogued chart's heading, in the view's language."""
    return view.t(chart(chart_id).title_key)


def source_links(view: View, chart_id: str) -> str:
    """The studies a catalogued chart shows, as Markdown links to the sources page."""
    sources = view.bundle.sources_by_id

    def name(sid: str) -> str:
        if sid == "source_page":
            return view.t("alliance_charts.source_page")
        return short_citation(sources[sid])

    return ", ".join(f"[{name(sid)}](source:{sid})" for sid in chart(chart_id).sources(view))


# Streamlit dedents every Markdown text on every run (textwrap.dedent in its clean_text), about
# 30 ns a character under load: a table longer than this (40 kB of HTML and CSV for 300 rows)
# would cost more than the element it saves, and stays in a panel built when opened.
INLINE_ROWS = 100
# Above this many rows, a panel's table scrolls inside its own box.
_SCROLL_ROWS = 12


def _cell(value, digits: int | None, lang: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool | str):
        return str(value)
    if isinstance(value, numbers.Integral):
        return count(int(value), lang)
    if isinstance(value, numbers.Real):
        return decimal(float(value), lang, digits)
    return str(value)


def _digits(column: pd.Series) -> int | None:
    """A number column's decimals: the fewest (up to 3) that write every value exactly,
    the same for the whole column; None for a column that is not numbers."""
    if not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
        return None
    values = [float(v) for v in column.dropna()]
    for digits in range(4):
        if all(abs(v - round(v, digits)) < 1e-9 for v in values):
            return digits
    return 3


def _table_html(table: pd.DataFrame, lang: str) -> str:
    digits = {name: _digits(table[name]) for name in table.columns}
    head = "".join(f'<th scope="col">{escape(name, quote=False)}</th>' for name in table.columns)
    rows = []
    for row in table.itertuples(index=False, name=None):
        cells = []
        for name, value in zip(table.columns, row, strict=True):
            text = escape(_cell(value, digits[name], lang).replace("\n", " "), quote=False)
            cells.append(
                f'<td class="n">{text}</td>' if digits[name] is not None else f"<td>{text}</td>"
            )
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def data_panel_html(view: View, key: str, table: pd.DataFrame) -> str:
    """The "see the data" panel: a native disclosure (Tab, Enter and Space open and close it,
    screen readers announce it), closed, holding the numbers plotted as a table, written the
    reader's way (0,28; 1 314), and their CSV to download, the same file as the table's
    `to_csv`. One HTML block without blank lines, so Markdown leaves it whole.

    Written once per table, language and chart: the charts' tables come from cached parts,
    shared by every session (the cache keeps the table alive, so its id is not reused).
    """
    return _panel_html(view, key, _SameTable(table))


def data_panel(view: View, key: str, table: pd.DataFrame) -> None:
    """The "see the data" expander: its table and CSV are built only once it is opened.

    A closed panel costs one element instead of three (and no Arrow conversion of the table)
    on every load of a chart page. It is no fragment of its own (a fragment is one more
    element on every load): opening it reruns the chart's fragment when the chart has a
    control, else the page, which a reader does far less often than load one.
    """
    with st.expander(view.t("charts.see_data"), key=f"{key}_data", on_change="rerun") as panel:
        if not panel.open:
            return
        st.dataframe(table, hide_index=True, width="stretch")
        st.download_button(
            view.t("charts.download_csv"),
            # A callable: the CSV is written when the reader clicks, not on every rerun.
            data=lambda: table.to_csv(index=False).encode("utf-8"),
            file_name=f"lien-{key}-{view.lang}.csv",
            mime="text/csv",
            key=f"{key}_csv",
            # No rerun on click: nothing on the page changes, and a rerun racing the
            # deferred download could drop the file the browser is about to fetch.
            on_click="ignore",
        )


def chart_heading(text: str) -> None:
    """A chart's title, one level below the section it sits in: an h3 under a page's h2
    section, an h2 under the slide's h1 in present mode."""
    if st.query_params.get(PRESENT_PARAM) == "1":
        st.header(text, anchor=False)
    else:
        st.subheader(text, anchor=False)


def chart_heading_html(text: str) -> str:
    """chart_heading as HTML, to write with the text before it."""
    return heading_html(2 if st.query_params.get(PRESENT_PARAM) == "1" else 3, text)


def chart_lead(title: str, intro: str | None = None) -> str:
    """A chart's title (an h3 under a page's h2 section) and its intro, as Markdown that the
    page writes with the text before the block (lien.ui.sections.render_page)."""
    return heading_html(3, title) + (f"\n\n{intro}" if intro else "")


def view_cache(max_entries: int = 64):
    """A cache for builders that take the View first (charts, a page's steps): one entry per
    loaded content (its generation), language and choice, shared by every session, the least
    recently used dropped past `max_entries`. Cached charts are frozen by their builders and
    never changed afterwards.

    A dictionary, not st.cache_resource: Streamlit's cache hashes every argument with its own
    hasher on every call, about 5 % of the server's CPU on /alliance under 20 sessions
    (docs/performance.md); here the key is the View's cache key and the other arguments as
    they are (strings, numbers, booleans, tuples). Two sessions asking for a chart not yet
    built may both build it; the first one kept is the one every session gets.
    """

    def decorate(build):
        entries: OrderedDict = OrderedDict()
        lock = threading.Lock()

        @functools.wraps(build)
        def cached(view: View, *args, **kwargs):
            key = (view.cache_key(), args, tuple(sorted(kwargs.items())))
            with lock:
                if key in entries:
                    entries.move_to_end(key)
                    return entries[key]
            value = build(view, *args, **kwargs)
            with lock:
                value = entries.setdefault(key, value)
                while len(entries) > max_entries:
                    entries.popitem(last=False)
            return value

        cached.clear = entries.clear
        return cached

    return decorate


# The charts' builders are cached so.
chart_cache = view_cache


class _SameTable:
    """A table as a cache key: the same table object (the charts' tables come from cached
    parts, shared by every session), kept alive by the key so that its id is not reused."""

    __slots__ = ("table",)

    def __init__(self, table: pd.DataFrame):
        self.table = table

    def __hash__(self) -> int:
        return id(self.table)

    def __eq__(self, other) -> bool:
        return isinstance(other, _SameTable) and other.table is self.table


# What a data: address must escape: controls and spaces (an address drops tabs and line
# breaks), "%" and "#" (an escape, a fragment), and what HTML or Markdown would read. Letters
# with accents stay as they are (the browser encodes them as UTF-8): "é" is 1 character in
# the page's text instead of 6, and a French table's CSV half as long, text that Streamlit
# works through on every load.
_URI_ESCAPE = re.compile(r'[\x00-\x20\x7f%#"<>&\\^`{|}\[\]]')


def csv_data_uri(csv: str) -> str:
    """A CSV file as a data: address, every byte of it kept."""
    escaped = _URI_ESCAPE.sub(lambda m: quote(m.group(), safe=""), csv)
    return "data:text/csv;charset=utf-8," + escaped


@view_cache(max_entries=512)
def _panel_html(view: View, key: str, same: _SameTable) -> str:
    table = same.table
    href = csv_data_uri(table.to_csv(index=False))
    name = f"lien-{key}-{view.lang}.csv"
    label = escape(view.t("charts.see_data"), quote=False)
    inner = _table_html(table, view.lang)
    if len(table) > _SCROLL_ROWS:
        # A box that scrolls is reached with Tab, so the keyboard can scroll it too.
        inner = (
            f'<div class="lien-data-scroll" role="region" tabindex="0" '
            f'aria-label="{escape(view.t("charts.see_data"))}">{inner}</div>'
        )
    html = (
        f'<details class="lien-data"><summary>{label}</summary>{inner}'
        f'<p><a class="lien-csv" href="{escape(href)}" download="{escape(name)}" target="_self">'
        f"{escape(view.t('charts.download_csv'), quote=False)}</a></p></details>"
    )
    return html
