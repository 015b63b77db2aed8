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
# Bartholomew & Horowitz (1991): (avoidance range, anxiety range) of each prototype.
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


def dimension_map_figure(
    texts: Mapping[str, str],
    highlight: str | None = None,
    point: tuple[float, float] | None = None,
) -> go.Figure:
    """The map; `highlight`: a style id whose region lights up; `point`: (avoidance, anxiety)."""
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
    if point is not None:
        avoidance, anxiety = point
        figure.add_scatter(
            name=t("attachment.map.you"),
            x=[avoidance],
            y=[anxiety],
            mode="markers+text",
            text=[t("attachment.map.you")],
            textposition="top center",
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
    axis = {
        "range": [LOW - 0.1, HIGH + 0.1],
        "tickvals": [1, 2, 3, 4, 5, 6, 7],
        "zeroline": False,
        "showgrid": False,
        "fixedrange": True,
    }
    figure.update_xaxes(title={"text": t("attachment.map.axis_avoidance")}, **axis)
    figure.update_yaxes(title={"text": t("attachment.map.axis_anxiety")}, **axis)
    figure.update_layout(showlegend=False)
    return styled(figure, height=560)


def dimension_map_table(
    texts: Mapping[str, str], lang: str, point: tuple[float, float] | None = None
) -> pd.DataFrame:
    """Regions as ranges, styles and the reader's point as positions, all as text."""
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
    if point is not None:
        rows.append(
            [t("attachment.map.you"), t("attachment.map.kind_point"), num(point[0]), num(point[1])]
        )
    return pd.DataFrame(rows, columns=cols)


def dimension_map_alt_text(
    texts: Mapping[str, str],
    lang: str,
    highlight: str | None = None,
    point: tuple[float, float] | None = None,
) -> str:
    t = texts.__getitem__
    parts = [t("attachment.map.alt")]
    if highlight:
        region = t(f"attachment.region.{STYLE_REGION[highlight]}")
        parts.append(t("attachment.map.alt_highlight").format(region=region))
    if point is not None:
        parts.append(
            t("attachment.map.alt_point").format(
                avoidance=decimal(point[0], lang, 1), anxiety=decimal(point[1], lang, 1)
            )
        )
    return " ".join(parts)


def dimension_map_parts(
    view: View, highlight: str | None = None, point: tuple[float, float] | None = None
) -> ChartParts:
    """The anxiety × avoidance map, a style lit or the reader's point drawn."""
    return ChartParts(
        dimension_map_figure(view.texts, highlight=highlight, point=point),
        dimension_map_table(view.texts, view.lang, point=point),
        dimension_map_alt_text(view.texts, view.lang, highlight=highlight, point=point),
    )
