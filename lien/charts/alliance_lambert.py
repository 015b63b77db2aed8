"""Lambert's 1992 estimate of what improvement owes to what, as a ring."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from lien.charts.parts import ChartParts
from lien.charts.style import MIN_FONT_PX, OKABE_ITO, styled
from lien.content.models import FigureRow, Source
from lien.text import number, percent_sign, plotly_separators, short_citation
from lien.view import View

LAMBERT_PARTS = ("outside", "relationship", "expectancy", "techniques")
LAMBERT_COLOURS = (
    OKABE_ITO["sky_blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["yellow"],
    OKABE_ITO["purple"],
)


def lambert_figure(
    figures: Mapping[str, FigureRow],
    sources: Mapping[str, Source],
    texts: Mapping[str, str],
    lang: str,
) -> go.Figure:
    rows = [figures[f"lambert_{part}"] for part in LAMBERT_PARTS]
    estimate = texts["alliance_charts.kind_estimate"]
    labels = [texts[f"alliance_charts.lambert_{part}"] for part in LAMBERT_PARTS]
    cite = short_citation(sources[rows[0].source_id])
    figure = go.Figure(
        go.Pie(
            labels=labels,
            values=[r.value for r in rows],
            hole=0.45,
            sort=False,
            direction="clockwise",
            marker={"colors": list(LAMBERT_COLOURS), "line": {"color": "#1A1A1A", "width": 1}},
            texttemplate="%{value}" + percent_sign(lang),
            textfont={"size": MIN_FONT_PX + 2, "color": "#000000"},
            hovertemplate=f"<b>%{{label}}</b><br>%{{value}}{percent_sign(lang)}<br>{estimate}"
            f"<br>{cite}<extra></extra>",
        )
    )
    figure.update_layout(
        separators=plotly_separators(lang),
        # The legend under the ring, not beside it: on a phone it took the ring's width.
        legend={"orientation": "h", "yanchor": "top", "y": -0.05, "x": 0},
        annotations=[
            {
                "text": texts["alliance_charts.kind_estimate"].split(",")[0],
                "showarrow": False,
                "font": {"size": MIN_FONT_PX},
            }
        ],
    )
    return styled(figure, title=texts["alliance_charts.lambert_title"], height=480)


def lambert_table(
    figures: Mapping[str, FigureRow], sources: Mapping[str, Source], texts: Mapping[str, str]
) -> pd.DataFrame:
    rows = [figures[f"lambert_{part}"] for part in LAMBERT_PARTS]
    return pd.DataFrame(
        {
            texts["alliance_charts.col_figure"]: [
                texts[f"alliance_charts.lambert_{part}"] for part in LAMBERT_PARTS
            ],
            texts["alliance_charts.col_value"]: [r.value for r in rows],
            texts["alliance_charts.col_kind"]: [
                texts[f"alliance_charts.kind_{r.kind}"] for r in rows
            ],
            texts["alliance_charts.col_source"]: [
                short_citation(sources[r.source_id]) for r in rows
            ],
        }
    )


def lambert_alt(figures: Mapping[str, FigureRow], texts: Mapping[str, str], lang: str) -> str:
    values = {part: number(figures[f"lambert_{part}"].value, lang, 0) for part in LAMBERT_PARTS}
    return texts["alliance_charts.lambert_alt"].format(**values)


def lambert_parts(view: View) -> ChartParts:
    """Lambert's 1992 estimate of what improvement owes to what."""
    figures, sources = {f.id: f for f in view.bundle.figures}, view.bundle.sources_by_id
    return ChartParts(
        lambert_figure(figures, sources, view.texts, view.lang),
        lambert_table(figures, sources, view.texts),
        lambert_alt(figures, view.texts, view.lang),
    )
