"""The look every chart shares: Okabe–Ito colours and type readable on a projector."""

from __future__ import annotations

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
# The smallest text on any chart, in pixels (readable on a 1920×1080 projector).
MIN_FONT_PX = 16


def styled(figure: go.Figure, *, title: str | None = None, height: int = 440) -> go.Figure:
    """Apply Lien's common layout to a figure and return it."""
    figure.update_layout(
        title={"text": title} if title else None,
        font={"size": MIN_FONT_PX + 2, "family": "Source Sans, sans-serif", "color": "#1A1A1A"},
        title_font={"size": MIN_FONT_PX + 6},
        legend={"font": {"size": MIN_FONT_PX}},
        hoverlabel={"font": {"size": MIN_FONT_PX}},
        colorway=COLORWAY,
        height=height,
        margin={"l": 10, "r": 10, "t": 60 if title else 20, "b": 10},
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
    )
    # automargin: long category labels push the plot aside instead of being cut off.
    figure.update_xaxes(
        tickfont={"size": MIN_FONT_PX}, title_font={"size": MIN_FONT_PX + 1}, automargin=True
    )
    figure.update_yaxes(
        tickfont={"size": MIN_FONT_PX}, title_font={"size": MIN_FONT_PX + 1}, automargin=True
    )
    return figure
