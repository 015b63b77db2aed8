"""What a correlation of r looks like: simulated therapies, and r² as a share."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lien.charts.parts import ChartParts
from lien.charts.style import FOOT_LEGEND, OKABE_ITO, styled, wrap
from lien.text import number, percent, plotly_separators
from lien.view import View

# The simulation of "what does r look like": a fixed seed, so every reader sees the same
# 300 therapies and the chart changes only when r changes.
SIMULATION_SEED = 20180316
SIMULATED_THERAPIES = 300
DEFAULT_R = 0.28
LEGEND_CHARS = 34  # a legend entry per line, so two sit side by side or wrap on a phone


def simulate_therapies(
    r: float, n: int = SIMULATED_THERAPIES, seed: int = SIMULATION_SEED
) -> pd.DataFrame:
    """`n` therapies whose alliance and outcome (standard scores) correlate at exactly `r`.

    The random draws are adjusted (the noise is made uncorrelated with the alliance) so that the
    sample shows the chosen r, not r plus chance: with 300 points, chance alone could move it
    by ± .1 and blur the lesson. The same draws serve every r, so moving the slider moves the
    same therapies rather than drawing new ones.
    """
    if not 0 <= r <= 1:
        raise ValueError(f"r must lie between 0 and 1, not {r}")
    rng = np.random.default_rng(seed)
    alliance = _standardised(rng.standard_normal(n))
    noise = rng.standard_normal(n)
    noise = _standardised(noise - np.mean(noise * alliance) * alliance)
    outcome = r * alliance + np.sqrt(1 - r * r) * noise
    return pd.DataFrame({"therapy": np.arange(1, n + 1), "alliance": alliance, "outcome": outcome})


def _standardised(values: np.ndarray) -> np.ndarray:
    return (values - values.mean()) / values.std()


def sample_r(therapies: pd.DataFrame) -> float:
    return float(np.corrcoef(therapies["alliance"], therapies["outcome"])[0, 1])


def share_of_variance(r: float) -> float:
    """r² in percent: the share of the differences in outcome that goes with the alliance."""
    return 100 * r * r


def r_figure(therapies: pd.DataFrame, r: float, texts: Mapping[str, str], lang: str) -> go.Figure:
    """The simulated therapies as a scatter with their trend, and r² as a share of a bar."""
    share = share_of_variance(r)
    figure = make_subplots(rows=2, cols=1, row_heights=[0.8, 0.2], vertical_spacing=0.16)
    figure.add_trace(
        go.Scatter(
            x=therapies["alliance"],
            y=therapies["outcome"],
            mode="markers",
            name=texts["alliance_charts.r_point"],
            marker={"size": 8, "color": OKABE_ITO["blue"], "opacity": 0.6},
            customdata=therapies["therapy"],
            hovertemplate=f"{texts['alliance_charts.r_point']} %{{customdata}}<extra></extra>",
            showlegend=False,
        ),
        row=1,
        col=1,
    )
    edge = np.array([-3.2, 3.2])
    figure.add_trace(
        go.Scatter(
            x=edge,
            y=r * edge,
            mode="lines",
            name=texts["alliance_charts.r_line"],
            line={"color": OKABE_ITO["vermillion"], "width": 4},
            hoverinfo="skip",
            showlegend=False,
        ),
        row=1,
        col=1,
    )
    for value, label, colour in (
        (share, texts["alliance_charts.r_share"], OKABE_ITO["orange"]),
        (100 - share, texts["alliance_charts.r_rest"], "#BBBBBB"),
    ):
        figure.add_trace(
            go.Bar(
                x=[value],
                y=[""],
                orientation="h",
                name=label,
                marker={"color": colour},
                hovertemplate=texts["charts.label_value"].format(
                    label=label, value=percent(value, lang, 1)
                )
                + "<extra></extra>",
            ),
            row=2,
            col=1,
        )
    figure.update_xaxes(title_text=texts["alliance_charts.r_x"], range=[-3.5, 3.5], row=1, col=1)
    figure.update_yaxes(title_text=texts["alliance_charts.r_y"], range=[-3.5, 3.5], row=1, col=1)
    figure.update_xaxes(
        title_text=texts["alliance_charts.r_share_axis"], range=[0, 100], row=2, col=1
    )
    figure.update_yaxes(showticklabels=False, row=2, col=1)
    figure.update_layout(
        barmode="stack",
        separators=plotly_separators(lang),
        # Under everything, in the figure's own space: below the lower plot it ran into that
        # plot's axis title once the title took two lines on a phone.
        legend={**FOOT_LEGEND, "traceorder": "normal"},
    )
    title = texts["alliance_charts.r_heading"].format(
        r=number(r, lang), share=number(share, lang, 1)
    )
    for trace in figure.data:
        if trace.type == "bar":
            trace.name = wrap(trace.name, LEGEND_CHARS)
    styled(figure, title=title, height=760)
    figure.update_layout(margin={"b": 150})
    return figure


def r_alt(therapies: pd.DataFrame, r: float, texts: Mapping[str, str], lang: str) -> str:
    share = share_of_variance(r)
    return texts["alliance_charts.r_alt"].format(
        n=len(therapies),
        r=number(r, lang),
        sample_r=number(sample_r(therapies), lang),
        share=number(share, lang, 1),
        rest=number(100 - share, lang, 1),
    )


def r_table(therapies: pd.DataFrame, texts: Mapping[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            texts["alliance_charts.col_therapy"]: therapies["therapy"],
            texts["alliance_charts.col_alliance"]: therapies["alliance"].round(3),
            texts["alliance_charts.col_outcome"]: therapies["outcome"].round(3),
        }
    )


def r_parts(view: View, r: float) -> ChartParts:
    """What a correlation of r looks like over the simulated therapies."""
    therapies = simulate_therapies(r)
    return ChartParts(
        r_figure(therapies, r, view.texts, view.lang),
        r_table(therapies, view.texts),
        r_alt(therapies, r, view.texts, view.lang),
    )
