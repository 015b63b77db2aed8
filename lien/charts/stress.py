"""Under stress: an illustrative (schematic, not measured) chart of each style's response."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from lien.charts.dimensions import REGION_COLORS, STYLE_REGION
from lien.charts.style import OKABE_ITO, styled
from lien.models import STYLE_IDS, StressTexts, StressValues

# Line styles as well as colours, so the curves stay apart without colour vision.
DASHES = {"secure": "solid", "preoccupied": "dash", "avoidant": "dot", "disorganized": "dashdot"}
SYMBOLS = {
    "secure": "circle",
    "preoccupied": "triangle-up",
    "avoidant": "square",
    "disorganized": "x",
}


def phase_labels(values: StressValues, labels: Mapping[str, str]) -> list[str]:
    return [labels[f"attachment.stress.phase_{i}"] for i in range(1, values.phases + 1)]


def stress_figure(
    values: StressValues, texts: StressTexts, labels: Mapping[str, str], scenario: str
) -> go.Figure:
    t = labels.get
    phases = phase_labels(values, labels)
    figure = go.Figure()
    for style in STYLE_IDS:
        name = t(f"attachment.style.{style}")
        strategy = texts.style(style).strategy
        figure.add_scatter(
            name=name,
            x=phases,
            y=list(values.scenarios[scenario][style]),
            mode="lines+markers",
            line={"color": REGION_COLORS[STYLE_REGION[style]], "width": 4, "dash": DASHES[style]},
            marker={"size": 12, "symbol": SYMBOLS[style]},
            hovertemplate=f"<b>{name}</b><br>{strategy}<extra></extra>",
            meta={"style": style},
        )
    figure.add_hline(y=0, line={"color": OKABE_ITO["black"], "width": 1})
    figure.update_yaxes(
        title={"text": t("attachment.stress.axis_response")},
        range=[-3.4, 3.4],
        showticklabels=False,
        zeroline=False,
        fixedrange=True,
    )
    figure.update_xaxes(title={"text": t("attachment.stress.axis_phase")}, fixedrange=True)
    figure.update_layout(legend={"orientation": "h", "y": -0.25, "x": 0})
    return styled(figure, title=texts.scenario(scenario).label, height=500)


def stress_table(values: StressValues, labels: Mapping[str, str], scenario: str) -> pd.DataFrame:
    t = labels.get
    phases = phase_labels(values, labels)
    return pd.DataFrame(
        [
            {
                t("attachment.stress.col_style"): t(f"attachment.style.{style}"),
                t("attachment.stress.col_phase"): phase,
                t("attachment.stress.col_value"): value,
            }
            for style in STYLE_IDS
            for phase, value in zip(phases, values.scenarios[scenario][style], strict=True)
        ]
    )


def stress_alt_text(texts: StressTexts, labels: Mapping[str, str], scenario: str) -> str:
    t = labels.get
    styles = " ".join(
        t("attachment.stress.alt_style").format(
            style=t(f"attachment.style.{s}"), strategy=texts.style(s).strategy
        )
        for s in STYLE_IDS
    )
    return t("attachment.stress.alt").format(scenario=texts.scenario(scenario).label, styles=styles)
