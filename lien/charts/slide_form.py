"""Each chart's slide form: how a page's figure is adapted for a projector, after its type is
enlarged (lien.projection.projector_figure). The catalogue (lien.charts.catalogue) names each
chart's adaptation; these change a copy, never the page's figure."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import plotly.graph_objects as go


def treemap_two_levels(figure: go.Figure) -> None:
    # 24 tiles cannot all carry 24 px words on a slide: the components and their families
    # are shown; the qualities stay on the page (and in the handout).
    figure.update_traces(maxdepth=3, selector={"type": "treemap"})


def forest_legend(figure: go.Figure) -> None:
    # The legend above the plot, on the right (under it, in big type, it ran into the axis
    # title). The builder already names the zero line at its foot and each study above its
    # row: those notes keep their places (moving every note to the foot stacked the studies'
    # names on one another).
    figure.update_layout(
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.03, "x": 1, "xanchor": "right"},
        margin={"t": 60},
    )


def r_rows(figure: go.Figure) -> None:
    # Room between the cloud and the r² bar for the cloud's axis in big type, and that axis's
    # title on one line (on two, beside a slide's text at 1280×720, it ran into the bar).
    figure.update_layout(yaxis={"domain": [0.46, 1]}, yaxis2={"domain": [0, 0.12]})
    figure.for_each_xaxis(lambda axis: axis.update(title_text=_one_line(axis.title.text)))
    legend_on_top(figure)
    # The page's legend sits at the foot of the figure (yref "container"): above the plot,
    # it is placed by the plot's top.
    figure.update_layout(legend={"yref": "paper"})
    for trace in figure.data:
        if trace.name:
            trace.name = two_lines(_one_line(trace.name), 36)


def _one_line(text: str | None) -> str | None:
    return " ".join(text.split("<br>")) if text else text


def wide_labels(figure: go.Figure) -> None:
    # A bar's name on lines of the slide's width, and its value and kind on one line: the
    # builder's narrow lines (made for a phone) would run into the next bar's name.
    def rename(label: str) -> str:
        name, _, rest = label.partition("<br><b>")
        lines = textwrap.wrap(" ".join(name.split("<br>")), 40)
        return "<br>".join(lines) + (f"<br><b>{rest.replace('<br>', ' ')}" if rest else "")

    _rename_categories(figure, "y", rename)


def claims_unlabelled(figure: go.Figure) -> None:
    # In big type the claim's value beside its diamond runs into the next bar's value; the
    # legend names the diamond, and the slide's text gives the figure. Category names on two
    # lines, upright, rather than slanted into one another.
    figure.update_traces(mode="markers", selector={"type": "scatter"})
    _rename_categories(figure, "x", lambda name: two_lines(name, 12))
    figure.update_xaxes(tickangle=0)
    legend_on_top(figure)


def legend_on_top(figure: go.Figure) -> None:
    # Under the plot, a legend in big type runs into the axis title: above the plot it has
    # its own row.
    figure.update_layout(
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "xanchor": "left"},
        margin={"t": 60},
    )


def pie_legend_beside(figure: go.Figure) -> None:
    figure.update_layout(
        legend={"orientation": "v", "yanchor": "middle", "y": 0.5, "x": 1.02, "xanchor": "left"}
    )


def two_lines(text: str, width: int = 30) -> str:
    """A long axis title or legend entry on two balanced lines: in big type, an axis of a
    chart beside a slide's text is shorter than its title on one line."""
    if len(text) <= width or "<br>" in text:
        return text
    lines = textwrap.wrap(text, width=len(text) // 2 + 4)
    return "<br>".join(lines)


def _rename_categories(figure: go.Figure, axis: str, rename: Callable[[str], str]) -> None:
    """New tick labels for a category axis: every trace's values and the axis's order."""
    attr = axis[0]  # "x" or "y"
    for trace in figure.data:
        values = getattr(trace, attr, None)
        if values is not None:
            setattr(trace, attr, [rename(str(v)) for v in values])
    layout_axis = figure.layout[f"{attr}axis"]
    if layout_axis.categoryarray:
        layout_axis.categoryarray = [rename(str(v)) for v in layout_axis.categoryarray]
