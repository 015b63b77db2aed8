"""Under stress: an illustrative (schematic, not measured) chart of each style's response."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from lien.charts.dimensions import REGION_COLORS, STYLE_REGION
from lien.charts.parts import ChartParts
from lien.charts.style import OKABE_ITO, styled, wrap
from lien.content.models import STYLE_IDS, StressTexts, StressValues
from lien.view import View

# Line styles as well as colours, so the curves stay apart without colour vision.
DASHES = {"secure": "solid", "preoccupied": "dash", "avoidant": "dot", "disorganized": "dashdot"}
SYMBOLS = {
    "secure": "circle",
    "preoccupied": "triangle-up",
    "avoidant": "square",
    "disorganized": "x",
}


def phase_labels(values: StressValues, texts: Mapping[str, str]) -> list[str]:
    return [texts[f"attachment.stress.phase_{i}"] for i in range(1, values.phases + 1)]


PHASE_CHARS = 8  # a phase's name per line: four side by side fit a phone


def stress_figure(
    values: StressValues, stress_texts: StressTexts, texts: Mapping[str, str], scenario: str
) -> go.Figure:
    t = texts.__getitem__
    phases = phase_labels(values, texts)
    figure = go.Figure()
    for style in STYLE_IDS:
        name = t(f"attachment.style.{style}")
        strategy = stress_texts.style(style).strategy
        figure.add_scatter(
            name=name,
            x=[wrap(p, PHASE_CHARS) for p in phases],
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
    figure.update_xaxes(
        title={"text": t("attachment.stress.axis_phase")}, fixedrange=True, tickangle=0
    )
    figure.update_layout(legend={"orientation": "h", "y": -0.25, "x": 0})
    return styled(figure, title=stress_texts.scenario(scenario).label, height=500)


def stress_table(values: StressValues, texts: Mapping[str, str], scenario: str) -> pd.DataFrame:
    t = texts.__getitem__
    phases = phase_labels(values, texts)
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


def stress_alt_text(stress_texts: StressTexts, texts: Mapping[str, str], scenario: str) -> str:
    t = texts.__getitem__
    styles = " ".join(
        t("attachment.stress.alt_style").format(
            style=t(f"attachment.style.{s}"), strategy=stress_texts.style(s).strategy
        )
        for s in STYLE_IDS
    )
    return t("attachment.stress.alt").format(
        scenario=stress_texts.scenario(scenario).label, styles=styles
    )


def stress_parts(view: View, scenario: str) -> ChartParts:
    """Each style's schematic response to one everyday stressor (illustrative)."""
    values, stress_texts = view.bundle.stress_values, view.bundle.stress[view.lang]
    return ChartParts(
        stress_figure(values, stress_texts, view.texts, scenario),
        stress_table(values, view.texts, scenario),
        stress_alt_text(stress_texts, view.texts, scenario),
    )
