"""The two-dimension map (anxiety × avoidance), reused by the reflection to place a reader."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from lien.charts.parts import ChartParts
from lien.charts.style import MIN_FONT_PX, OKABE_ITO, styled
from lien.content.models import STYLE_IDS
from lien.text import decimal
from lien.view import View

# Both dimensions run from 1 to 7, like the reflection's answers; 4 is the middle.
LOW, MID, HIGH = 1.0, 4.0, 7.0
# The four prototypes of Bartholomew & Horowitz (1991), who crossed the image of oneself and
# the image of others, placed on the two dimensions as Brennan, Clark & Shaver (1998) did:
# (avoidance range, anxiety range) of each. The edges at 4.0 are schematic (no study draws
# cut-offs there), which is why the reflection's map has no regions at all.
REGIONS: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "secure": ((LOW, MID), (LOW, MID)),
    "preoccupied": ((LOW, MID), (MID, HIGH)),
    "dismissing": ((MID, HIGH), (LOW, MID)),
    "fearful": ((MID, HIGH), (MID, HIGH)),
}
REGION_COLORS = {
    "secure": OKABE_ITO["green"],
    "preoccupied": OKABE_ITO["orange"],
    "dismissing": OKABE_ITO["blue"],
    "fearful": OKABE_ITO["vermillion"],
}
# Each style of the source page and the region it sits in; disorganized ↔ fearful is loose.
STYLE_REGION = {
    "secure": "secure",
    "preoccupied": "preoccupied",
    "avoidant": "dismissing",
    "disorganized": "fearful",
}
# Schematic positions (avoidance, anxiety) of the source page's styles: not measurements.
STYLE_POSITIONS = {
    "secure": (2.5, 2.5),
    "preoccupied": (2.5, 5.5),
    "avoidant": (5.5, 2.5),
    "disorganized": (5.5, 5.5),
}
FILL_OPACITY, HIGHLIGHT_OPACITY = 0.12, 0.45


def _two_scales(figure: go.Figure, texts: Mapping[str, str]) -> None:
    """Avoidance across and anxiety up, each from 1 to 7, as both maps draw them."""
    axis = {
        "range": [LOW - 0.1, HIGH + 0.1],
        "tickvals": [1, 2, 3, 4, 5, 6, 7],
        "zeroline": False,
        "showgrid": False,
        "fixedrange": True,
    }
    figure.update_xaxes(title={"text": texts["attachment.map.axis_avoidance"]}, **axis)
    figure.update_yaxes(title={"text": texts["attachment.map.axis_anxiety"]}, **axis)
    figure.update_layout(showlegend=False)


def dimension_map_figure(texts: Mapping[str, str], highlight: str | None = None) -> go.Figure:
    """The map of the attachment page; `highlight`: a style id whose region lights up.

    A reader's own point is never drawn here, among named regions and the source page's
    styles (the reflection draws it on plain axes: reflection_map_figure)."""
    t = texts.__getitem__
    lit = STYLE_REGION.get(highlight) if highlight else None
    figure = go.Figure()
    for region, ((x0, x1), (y0, y1)) in REGIONS.items():
        figure.add_shape(
            type="rect",
            x0=x0,
            x1=x1,
            y0=y0,
            y1=y1,
            fillcolor=REGION_COLORS[region],
            opacity=HIGHLIGHT_OPACITY if region == lit else FILL_OPACITY,
            line={"width": 3 if region == lit else 0, "color": OKABE_ITO["black"]},
            layer="below",
            name=region,
        )
        # The region's name in its outer corner, away from the style markers.
        figure.add_annotation(
            x=x0 + 0.1 if x0 == LOW else x1 - 0.1,
            y=y0 + 0.25 if y0 == LOW else y1 - 0.25,
            xanchor="left" if x0 == LOW else "right",
            text=f"<b>{t(f'attachment.region.{region}')}</b>",
            showarrow=False,
            font={"size": MIN_FONT_PX + 2, "color": OKABE_ITO["black"]},
        )
    styles = list(STYLE_IDS)
    figure.add_scatter(
        name=t("attachment.map.style_marker"),
        x=[STYLE_POSITIONS[s][0] for s in styles],
        y=[STYLE_POSITIONS[s][1] for s in styles],
        mode="markers+text",
        text=[t(f"attachment.style.{s}") for s in styles],
        textposition="bottom center",
        textfont={"size": MIN_FONT_PX, "color": OKABE_ITO["black"]},
        marker={
            "size": [22 if s == highlight else 14 for s in styles],
            "color": OKABE_ITO["black"],
            "symbol": "circle",
        },
        customdata=[
            t("attachment.map.loose_match") if s == "disorganized" else t(f"attachment.style.{s}")
            for s in styles
        ],
        hovertemplate="%{customdata}<extra></extra>",
        meta={"kind": "styles"},
    )
    _two_scales(figure, texts)
    return styled(figure, height=560)


def reflection_map_figure(
    texts: Mapping[str, str], point: tuple[float, float], middle: tuple[float, float]
) -> go.Figure:
    """A reader's point on plain axes: no regions, no style names, no markers of the source
    page. A grey band marks the middle of each scale (`middle`, the cut-offs the reflection's
    words use), so the map and the text say the same thing."""
    t = texts.__getitem__
    low, high = middle
    figure = go.Figure()
    for shape in (
        {"x0": low, "x1": high, "y0": LOW, "y1": HIGH},
        {"x0": LOW, "x1": HIGH, "y0": low, "y1": high},
    ):
        figure.add_shape(
            type="rect",
            **shape,
            fillcolor=OKABE_ITO["black"],
            opacity=0.08,
            line={"width": 0},
            layer="below",
        )
    figure.add_annotation(
        x=(low + high) / 2,
        y=HIGH,
        yanchor="bottom",
        text=t("reflection.map_middle"),
        showarrow=False,
        font={"size": MIN_FONT_PX, "color": OKABE_ITO["black"]},
    )
    avoidance, anxiety = point
    figure.add_scatter(
        name=t("attachment.map.you"),
        x=[avoidance],
        y=[anxiety],
        mode="markers+text",
        text=[t("attachment.map.you")],
        textposition="top center" if anxiety < HIGH - 0.6 else "bottom center",
        textfont={"size": MIN_FONT_PX + 2, "color": OKABE_ITO["black"]},
        marker={
            "size": 26,
            "symbol": "star",
            "color": OKABE_ITO["purple"],
            "line": {"color": OKABE_ITO["black"], "width": 2},
        },
        hovertemplate=f"{t('attachment.map.you')}<extra></extra>",
        meta={"kind": "point"},
    )
    _two_scales(figure, texts)
    return styled(figure, height=520)


def reflection_map_parts(
    view: View, point: tuple[float, float], middle: tuple[float, float]
) -> ChartParts:
    """The reflection's result: the reader's point, the middle of each scale, nothing else."""
    t, lang = view.texts.__getitem__, view.lang
    low, high = (decimal(v, lang, 1) for v in middle)
    x, y = (decimal(v, lang, 1) for v in point)
    table = pd.DataFrame(
        [
            [t("attachment.map.you"), t("attachment.map.kind_point"), x, y],
            [
                t("reflection.map_middle"),
                t("reflection.map_kind_middle"),
                f"{low}–{high}",
                f"{low}–{high}",
            ],
        ],
        columns=[
            t("attachment.map.col_name"),
            t("attachment.map.col_kind"),
            t("attachment.map.col_avoidance"),
            t("attachment.map.col_anxiety"),
        ],
    )
    alt = t("reflection.map_alt").format(avoidance=x, anxiety=y, low=low, high=high)
    return ChartParts(reflection_map_figure(view.texts, point, middle), table, alt)


def dimension_map_table(texts: Mapping[str, str], lang: str) -> pd.DataFrame:
    """Regions as ranges and styles as positions, all as text."""
    t = texts.__getitem__

    def num(value: float) -> str:
        return decimal(value, lang, 1)

    cols = [
        t("attachment.map.col_name"),
        t("attachment.map.col_kind"),
        t("attachment.map.col_avoidance"),
        t("attachment.map.col_anxiety"),
    ]
    rows = [
        [
            t(f"attachment.region.{r}"),
            t("attachment.map.kind_region"),
            f"{num(x0)}–{num(x1)}",
            f"{num(y0)}–{num(y1)}",
        ]
        for r, ((x0, x1), (y0, y1)) in REGIONS.items()
    ]
    rows += [
        [t(f"attachment.style.{s}"), t("attachment.map.kind_style"), num(x), num(y)]
        for s, (x, y) in STYLE_POSITIONS.items()
    ]
    return pd.DataFrame(rows, columns=cols)


def dimension_map_alt_text(texts: Mapping[str, str], highlight: str | None = None) -> str:
    t = texts.__getitem__
    parts = [t("attachment.map.alt")]
    if highlight:
        region = t(f"attachment.region.{STYLE_REGION[highlight]}")
        parts.append(t("attachment.map.alt_highlight").format(region=region))
    return " ".join(parts)


def dimension_map_parts(view: View, highlight: str | None = None) -> ChartParts:
    """The anxiety × avoidance map, a style lit."""
    return ChartParts(
        dimension_map_figure(view.texts, highlight=highlight),
        dimension_map_table(view.texts, view.lang),
        dimension_map_alt_text(view.texts, highlight=highlight),
    )
