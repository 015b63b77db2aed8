"""The look every chart shares: Okabe–Ito colours and type readable on a projector."""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

# Okabe & Ito (2008), a palette that stays distinct for the common kinds of colour blindness.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
# Order used for categories when no meaning-based colour applies.
COLORWAY = [
    OKABE_ITO[name]
    for name in ("blue", "orange", "green", "vermillion", "purple", "sky_blue", "yellow", "black")
]
# Body text on charts: 17:1 on white.
TEXT_COLOR = "#1A1A1A"
# The smallest text on any chart, in pixels (readable on a 1920×1080 projector).
MIN_FONT_PX = 16


# Plotly shrinks a bar's label to fit the bar. Below this size the label is hidden rather
# than shown unreadably small (5 px on a phone); on a desktop or a projector labels fit.
MIN_BAR_TEXT_PX = 12


# On a 390 px phone a chart is about 350 px wide: an axis title, centred on the plot, must
# fit in about 26 characters a line, a chart's title in about 30 (Lien's type sizes).
AXIS_TITLE_CHARS = 26
# A horizontal legend at the foot of the figure, in the figure's own space: under the plot's
# axis title, which it ran into on a phone once the title or the tick labels took more room.
FOOT_LEGEND = {"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "x": 0}
TITLE_CHARS = 30


def wrap(text: str, width: int) -> str:
    """Text broken into lines of at most `width` characters, between words (Plotly's <br>)."""
    lines = []
    for part in text.split("<br>"):
        lines.extend(textwrap.wrap(part, width, break_long_words=False) or [""])
    return "<br>".join(lines)


def _wrap_titles(figure: go.Figure) -> None:
    layout = figure.layout
    if layout.title and layout.title.text:
        layout.title.text = wrap(layout.title.text, TITLE_CHARS)

    def wrap_axis(axis) -> None:
        if axis.title and axis.title.text:
            axis.title.text = wrap(axis.title.text, AXIS_TITLE_CHARS)

    figure.for_each_xaxis(wrap_axis)
    figure.for_each_yaxis(wrap_axis)


def styled(figure: go.Figure, *, title: str | None = None, height: int = 440) -> go.Figure:
    """Apply Lien's common layout to a figure and return it: type, colours, and titles
    wrapped to fit a phone."""
    figure.update_layout(
        title={"text": title} if title else None,
        font={"size": MIN_FONT_PX + 2, "family": "Source Sans, sans-serif", "color": TEXT_COLOR},
        title_font={"size": MIN_FONT_PX + 6},
        legend={"font": {"size": MIN_FONT_PX}},
        hoverlabel={"font": {"size": MIN_FONT_PX}},
        colorway=COLORWAY,
        height=height,
        margin={"l": 10, "r": 10, "t": 60 if title else 20, "b": 10},
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        # Plotly shrinks the text on a bar to fit it; on a phone that made 5 px labels. Text
        # that would go below MIN_BAR_TEXT_PX is hidden instead (the value stays in the hover,
        # the text alternative and the data table).
        uniformtext={"minsize": MIN_BAR_TEXT_PX, "mode": "hide"},
    )
    # Explicit colours: Streamlit's chart theme greys axis text to below WCAG AA contrast.
    # automargin: long category labels push the plot aside instead of being cut off.
    axis_text = {
        "tickfont": {"size": MIN_FONT_PX, "color": TEXT_COLOR},
        "title_font": {"size": MIN_FONT_PX + 1, "color": TEXT_COLOR},
        "automargin": True,
    }
    figure.update_xaxes(**axis_text)
    figure.update_yaxes(**axis_text)
    _wrap_titles(figure)
    if title:
        # Room for every line of a wrapped title.
        lines = figure.layout.title.text.count("<br>") + 1
        figure.update_layout(margin={"t": 34 + 28 * lines})
    return figure
