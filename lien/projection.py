"""What a page's block shows on a slide: its charts, in projector type, with their sources.

On a projector a chart has the whole stage and no controls: each block shows its charts in
their first state (the measured r, the first scenario …), as the chart catalogue declares them
(lien.charts.catalogue: builder, slide form, sources), restyled from the pages' own builders (a
copy: the builders and the pages' figures are untouched) so that every label is at least
PROJECTOR_MIN_PX, and the figure takes the size of the stage it is drawn in. Present
mode (lien.ui.projector) and the printable slides (lien.printout) both draw from here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go

from lien.charts.catalogue import Chart, charts_of
from lien.charts.slide_form import two_lines
from lien.charts.style import MIN_FONT_PX
from lien.text import short_citation
from lien.view import View

# The blocks of a section that lists helplines: a slide of it shows them (projected, printed).
HELPLINE_BLOCKS = frozenset({"safety", "helplines_checked"})


def helpline_columns(view: View) -> list[str]:
    """The helplines of the view's language as a slide shows them: one Markdown text per
    place (its name, then each line with its number, cost and hours)."""
    return [
        "\n".join([f"**{place}**", "", *(f"- {line}" for line in lines)])
        for place, lines in view.helplines()
    ]


# The smallest text of a chart on a slide, in CSS pixels, at 1280×720 as at 1920×1080.
PROJECTOR_MIN_PX = 24
_SCALE = PROJECTOR_MIN_PX / MIN_FONT_PX


def _enlarge(node: Any, parent: str = "") -> None:
    """Every font size of a figure's dict form at least PROJECTOR_MIN_PX (×1.5 the page's)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "size" and parent.endswith("font") and isinstance(value, int | float):
                node[key] = max(PROJECTOR_MIN_PX, round(value * _SCALE))
            elif key == "minsize" and parent == "uniformtext":
                node[key] = PROJECTOR_MIN_PX
            else:
                _enlarge(value, key)
    elif isinstance(node, list):
        for item in node:
            _enlarge(item, parent)


def projector_figure(figure: go.Figure, adapt: Callable[[go.Figure], None] | None = None):
    """A copy of a page's figure for a slide: projector type, no title (the slide's heading
    says it), and no fixed size, so it takes the stage's."""
    spec = figure.to_dict()
    layout = spec.setdefault("layout", {})
    # Every text gets a size to enlarge: the figure's base font sets the ones left unset.
    layout.setdefault("font", {}).setdefault("size", MIN_FONT_PX + 2)
    for axis in [k for k in layout if k.startswith(("xaxis", "yaxis"))]:
        layout[axis].setdefault("tickfont", {}).setdefault("size", MIN_FONT_PX)
        title = layout[axis].get("title")
        if isinstance(title, dict):
            title.setdefault("font", {}).setdefault("size", MIN_FONT_PX + 1)
    for note in layout.get("annotations", []):
        note.setdefault("font", {}).setdefault("size", MIN_FONT_PX)
    _enlarge(spec)
    for axis in [k for k in layout if k.startswith(("xaxis", "yaxis"))]:
        title = layout[axis].get("title")
        if isinstance(title, dict) and isinstance(title.get("text"), str):
            title["text"] = two_lines(title["text"])
    copy = go.Figure(spec)
    copy.update_layout(
        title=None,
        height=None,
        width=None,
        autosize=True,
        margin={"l": 10, "r": 20, "t": 20, "b": 10},
    )
    if adapt is not None:
        adapt(copy)
    return copy


def detail_title(figure: go.Figure, text: str) -> None:
    """What tells a chart from its siblings (an age group), as its legend's title, above the
    legend's entries (a title of the figure's own ran into a legend on top)."""
    figure.update_layout(legend={"title": {"text": text, "side": "top"}})


def projected(view: View, chart: Chart) -> tuple[go.Figure, str]:
    """A chart's slide form: its first state in projector type, adapted as the catalogue says,
    and its text alternative."""
    parts = chart.build(view)
    figure = projector_figure(parts.figure, chart.slide_adapt)
    if chart.detail_key:
        detail_title(figure, view.t(chart.detail_key))
    return figure, parts.alt_text


def slide_charts(block: str | None, chart_id: str | None = None) -> tuple[Chart, ...]:
    """The charts a slide of a section with this block shows (lien.charts.catalogue): all its
    charts shown on slides, or the one the slide names."""
    return tuple(c for c in charts_of(block) if c.on_slides and chart_id in (None, c.id))


def sources_line(view: View, chart: Chart) -> str:
    """The chart's studies in a few words for under it ("Sources: Flückiger et al., 2018 …"),
    or that it is illustrative; Markdown without links (a projector has none)."""
    parts = []
    if chart.illustrative:
        parts.append(view.t("charts.illustrative"))
    ids = chart.sources(view)
    if ids:
        cited = [
            view.t("alliance_charts.source_page")
            if sid == "source_page"
            else short_citation(view.bundle.source(sid))
            for sid in ids
        ]
        parts.append(f"{view.t('present.sources')} {', '.join(cited)}")
    return " · ".join(parts)
