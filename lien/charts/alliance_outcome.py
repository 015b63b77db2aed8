"""Alliance and outcome: the meta-analyses (forest plot), what r looks like, and the percentages."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lien.charts.parts import ChartParts
from lien.charts.style import FOOT_LEGEND, MIN_FONT_PX, OKABE_ITO, styled, wrap
from lien.content.models import EffectRow, FigureRow, Source
from lien.text import (
    count,
    number,
    percent,
    percent_sign,
    plotly_separators,
    short_citation,
)
from lien.view import View

# The simulation of "what does r look like": a fixed seed, so every reader sees the same
# 300 therapies and the chart changes only when r changes.
SIMULATION_SEED = 20180316
SIMULATED_THERAPIES = 300
DEFAULT_R = 0.28


# --- forest plot ---------------------------------------------------------------------------


def _patients(row: EffectRow, texts: Mapping[str, str], lang: str) -> str:
    if row.n is None:
        return ""
    more = f"{texts['alliance_charts.forest_more_than']} " if row.n_is_minimum else ""
    return f"N = {more}{count(row.n, lang)}"


def forest_figure(
    rows: Sequence[EffectRow],
    sources: Mapping[str, Source],
    texts: Mapping[str, str],
    lang: str,
    *,
    title: str,
    row_labels: Mapping[str, str] | None = None,
    x_title: str | None = None,
) -> go.Figure:
    """One point per meta-analysis: r, its 95 % CI where known, and k and N under its name.

    Rows are drawn oldest at the top. `row_labels` may name a row by its effect (for the
    rupture-repair chart); by default each row is named by its short citation.
    """
    rows = sorted(rows, key=lambda r: sources[r.source_id].year or 0)
    # Each row's label ends with its k and N, so they are readable without hovering and take
    # no column of their own at the right (on a phone, that column left no room to plot).
    names = []
    for row in rows:
        cite = short_citation(sources[row.source_id])
        label = f"{row_labels[row.effect]}<br>{cite}" if row_labels else cite
        details = " · ".join(
            x for x in (f"k = {row.k}" if row.k else "", _patients(row, texts, lang)) if x
        )
        names.append(f"{label}<br>{details}" if details else label)
    figure = go.Figure()
    figure.add_vline(x=0, line={"color": "#595959", "dash": "dot"})
    for has_ci in (True, False):
        chosen = [
            (n, r) for n, r in zip(names, rows, strict=True) if (r.ci_low is not None) == has_ci
        ]
        if not chosen:
            continue
        hover = []
        for _, row in chosen:
            # Every value with the decimals its paper gives (r = .26, not .260).
            parts = [
                f"<b>{short_citation(sources[row.source_id])}</b>",
                f"r = {number(row.r, lang, row.r_digits)}",
            ]
            if has_ci:
                low = number(row.ci_low, lang, row.ci_digits)
                high = number(row.ci_high, lang, row.ci_digits)
                parts.append(f"{texts['alliance_charts.forest_ci']} {low} – {high}")
            else:
                parts.append(texts["alliance_charts.forest_no_ci"])
            if row.d is not None:
                parts.append(f"d = {number(row.d, lang, row.d_digits)}")
            if row.k is not None:
                parts.append(f"k = {row.k} {texts[f'alliance_charts.forest_k_{row.k_unit}']}")
            if row.n is not None:
                parts.append(
                    f"{_patients(row, texts, lang)} {texts['alliance_charts.forest_patients']}"
                )
            hover.append("<br>".join(parts))
        figure.add_trace(
            go.Scatter(
                x=[r.r for _, r in chosen],
                y=[n for n, _ in chosen],
                mode="markers",
                marker={
                    "size": 16,
                    "symbol": "square" if has_ci else "diamond-open",
                    "color": OKABE_ITO["blue"] if has_ci else OKABE_ITO["vermillion"],
                    "line": {
                        "width": 2,
                        "color": OKABE_ITO["blue"] if has_ci else OKABE_ITO["vermillion"],
                    },
                },
                error_x=(
                    {
                        "type": "data",
                        "symmetric": False,
                        "array": [r.ci_high - r.r for _, r in chosen],
                        "arrayminus": [r.r - r.ci_low for _, r in chosen],
                        "thickness": 3,
                        "width": 10,
                        "color": OKABE_ITO["blue"],
                    }
                    if has_ci
                    else None
                ),
                name=texts["alliance_charts.forest_ci"]
                if has_ci
                else texts["alliance_charts.forest_no_ci"],
                hovertext=hover,
                hoverinfo="text",
            )
        )
    high = max((r.ci_high if r.ci_high is not None else r.r) for r in rows)
    top = max(0.5, high + 0.05)
    # Ticks every 0.2: finer ones touched on a phone.
    ticks = [round(0.2 * i, 1) for i in range(int(top / 0.2) + 1)]
    figure.update_xaxes(
        title_text=x_title or texts["alliance_charts.forest_x"],
        range=[-0.02, top],
        tickvals=ticks,
        ticktext=[number(t, lang, 1) if t else "0" for t in ticks],
    )
    # The dotted zero named at its foot, inside the plot, under the last row.
    figure.add_annotation(
        x=0,
        xanchor="left",
        xshift=4,
        y=0,
        yref="paper",
        yanchor="bottom",
        text=texts["alliance_charts.forest_zero"],
        showarrow=False,
        font={"size": MIN_FONT_PX, "color": "#595959"},
    )
    # Each study's name, k and N above its row, from the left edge, rather than beside it as
    # tick labels: on a phone those took most of the width and left no room to plot.
    for name in names:
        figure.add_annotation(
            x=0,
            xanchor="left",
            xshift=6,  # just right of the dotted zero
            y=name,
            yanchor="bottom",
            yshift=12,
            text=name,
            align="left",
            showarrow=False,
            font={"size": MIN_FONT_PX, "color": "#1A1A1A"},
        )
    figure.update_yaxes(
        categoryorder="array",
        categoryarray=list(reversed(names)),
        showticklabels=False,
        # Room above the top row for its name.
        range=[-0.6, len(names) - 0.1],
    )
    figure.update_layout(
        separators=plotly_separators(lang),
        showlegend=True,
        legend=FOOT_LEGEND,
    )
    styled(figure, title=title, height=230 + 110 * len(rows))
    figure.update_layout(margin={"b": 120})
    return figure


def forest_table(
    rows: Sequence[EffectRow], sources: Mapping[str, Source], texts: Mapping[str, str]
) -> pd.DataFrame:
    rows = sorted(rows, key=lambda r: sources[r.source_id].year or 0)
    return pd.DataFrame(
        {
            texts["alliance_charts.col_source"]: [
                short_citation(sources[r.source_id]) for r in rows
            ],
            "r": [r.r for r in rows],
            f"{texts['alliance_charts.forest_ci']} min": [r.ci_low for r in rows],
            f"{texts['alliance_charts.forest_ci']} max": [r.ci_high for r in rows],
            "d": [r.d for r in rows],
            "k": pd.array([r.k for r in rows], dtype="Int64"),
            "N": [
                (
                    f"{texts['alliance_charts.forest_more_than']} {r.n}"
                    if r.n_is_minimum
                    else str(r.n)
                )
                if r.n is not None
                else None
                for r in rows
            ],
        }
    )


def forest_alt(
    rows: Sequence[EffectRow], sources: Mapping[str, Source], texts: Mapping[str, str], lang: str
) -> str:
    largest = max(rows, key=lambda r: r.k or 0)
    lowest, highest = min(rows, key=lambda r: r.r), max(rows, key=lambda r: r.r)
    ci = largest.ci_digits
    return texts["alliance_charts.forest_alt"].format(
        count=len(rows),
        low=number(lowest.r, lang, lowest.r_digits),
        high=number(highest.r, lang, highest.r_digits),
        largest=short_citation(sources[largest.source_id]),
        r=number(largest.r, lang, largest.r_digits),
        ci_low=number(largest.ci_low, lang, ci) if largest.ci_low is not None else "—",
        ci_high=number(largest.ci_high, lang, ci) if largest.ci_high is not None else "—",
    )


# --- what does r look like -----------------------------------------------------------------


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


# --- the percentages: the claim beside what studies measure ---------------------------------

# Figure ids of data/figures.csv, in the order drawn (top to bottom), and their label keys.
SHARE_BARS = (
    ("claim_alliance", "shares_claim"),
    ("lambert_relationship", "shares_lambert"),
    ("alliance_variance", "shares_alliance"),
    ("therapist_effects", "shares_therapist"),
)
KIND_COLOURS = {
    "claim": OKABE_ITO["vermillion"],
    "estimate": OKABE_ITO["orange"],
    "derived": OKABE_ITO["blue"],
    "measured": OKABE_ITO["green"],
}


def share_rows(figures: Mapping[str, FigureRow]) -> list[dict]:
    """The bars: the claim as a range (70 to 80), every other figure from 0 to its value."""
    out = []
    for figure_id, key in SHARE_BARS:
        if figure_id == "claim_alliance":
            low, high = figures["claim_alliance_low"], figures["claim_alliance_high"]
            out.append({"key": key, "start": low.value, "end": high.value, "row": low})
        else:
            row = figures[figure_id]
            out.append({"key": key, "start": 0.0, "end": row.value, "row": row})
    return out


LEGEND_CHARS = 34  # a legend entry per line, so two sit side by side or wrap on a phone
SHARE_LABEL_CHARS = 20  # the shares chart's names, beside their bars


def _wrapped(label: str, width: int = SHARE_LABEL_CHARS) -> str:
    return "<br>".join(textwrap.wrap(label, width))


def shares_figure(
    figures: Mapping[str, FigureRow],
    sources: Mapping[str, Source],
    texts: Mapping[str, str],
    lang: str,
    *,
    label_chars: int = SHARE_LABEL_CHARS,
) -> go.Figure:
    """Each percentage as a bar (the claim as a 70–80 range), its value and kind under its
    name: in the label, so they never cover a bar or run off a phone's narrow plot. A wider
    column (print) takes longer lines of `label_chars`: fewer lines a bar, so a label stays
    beside its own bar."""
    bars = share_rows(figures)
    figure = go.Figure()
    labels = []
    for bar in bars:
        row = bar["row"]
        value = (
            f"{number(bar['start'], lang, 0)}–{percent(bar['end'], lang, 0)}"
            if bar["start"]
            else percent(bar["end"], lang)
        )
        kind = texts[f"alliance_charts.kind_{row.kind}"]
        name = texts[f"alliance_charts.{bar['key']}"]
        label = f"{_wrapped(name, label_chars)}<br><b>{value}</b> · {_wrapped(kind, label_chars)}"
        labels.append(label)
        cite = _cite(sources[row.source_id], texts)
        figure.add_trace(
            go.Bar(
                x=[bar["end"] - bar["start"]],
                base=[bar["start"]],
                y=[label],
                orientation="h",
                marker={"color": KIND_COLOURS[row.kind], "line": {"color": "#1A1A1A", "width": 1}},
                hovertext=[f"<b>{name}</b><br>{value}<br>{kind}<br>{cite}"],
                hoverinfo="text",
                showlegend=False,
            )
        )
    figure.update_xaxes(
        title_text=texts["alliance_charts.shares_x"], range=[0, 100], ticksuffix=percent_sign(lang)
    )
    figure.update_yaxes(
        categoryorder="array", categoryarray=list(reversed(labels)), ticklabelstandoff=6
    )
    figure.update_layout(separators=plotly_separators(lang), bargap=0.35)
    styled(figure, title=texts["alliance_charts.shares_title"], height=520)
    return figure


def _cite(source: Source, texts: Mapping[str, str]) -> str:
    """The short citation; the source page is named in the reader's language."""
    if source.id == "source_page":
        return texts["alliance_charts.source_page"]
    return short_citation(source)


def shares_table(
    figures: Mapping[str, FigureRow], sources: Mapping[str, Source], texts: Mapping[str, str]
) -> pd.DataFrame:
    bars = share_rows(figures)
    return pd.DataFrame(
        {
            texts["alliance_charts.col_figure"]: [
                texts[f"alliance_charts.{b['key']}"] for b in bars
            ],
            texts["alliance_charts.col_value"]: [
                f"{b['start']:g}–{b['end']:g}" if b["start"] else f"{b['end']:g}" for b in bars
            ],
            texts["alliance_charts.col_kind"]: [
                texts[f"alliance_charts.kind_{b['row'].kind}"] for b in bars
            ],
            texts["alliance_charts.col_source"]: [
                _cite(sources[b["row"].source_id], texts) for b in bars
            ],
        }
    )


def shares_alt(figures: Mapping[str, FigureRow], texts: Mapping[str, str], lang: str) -> str:
    def v(figure_id: str) -> str:
        value = figures[figure_id].value
        return number(value, lang, 1 if value % 1 else 0)

    return texts["alliance_charts.shares_alt"].format(
        claim_low=v("claim_alliance_low"),
        claim_high=v("claim_alliance_high"),
        lambert=v("lambert_relationship"),
        alliance=v("alliance_variance"),
        therapist=v("therapist_effects"),
    )


# --- Lambert's estimate --------------------------------------------------------------------

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


# --- built for a reader ---------------------------------------------------------------------


def _alliance_rows(view: View) -> list[EffectRow]:
    return [e for e in view.bundle.effects if e.effect == "alliance_outcome"]


def forest_parts(view: View) -> ChartParts:
    """The forest plot of the alliance–outcome meta-analyses, with its table and alt text."""
    rows, sources, texts = _alliance_rows(view), view.bundle.sources_by_id, view.texts
    return ChartParts(
        forest_figure(rows, sources, texts, view.lang, title=texts["alliance_charts.forest_title"]),
        forest_table(rows, sources, texts),
        forest_alt(rows, sources, texts, view.lang),
    )


def r_parts(view: View, r: float) -> ChartParts:
    """What a correlation of r looks like over the simulated therapies."""
    therapies = simulate_therapies(r)
    return ChartParts(
        r_figure(therapies, r, view.texts, view.lang),
        r_table(therapies, view.texts),
        r_alt(therapies, r, view.texts, view.lang),
    )


def shares_parts(view: View, label_chars: int = SHARE_LABEL_CHARS) -> ChartParts:
    """The source page's 70–80 % beside the shares studies measure."""
    figures, sources = {f.id: f for f in view.bundle.figures}, view.bundle.sources_by_id
    return ChartParts(
        shares_figure(figures, sources, view.texts, view.lang, label_chars=label_chars),
        shares_table(figures, sources, view.texts),
        shares_alt(figures, view.texts, view.lang),
    )


def lambert_parts(view: View) -> ChartParts:
    """Lambert's 1992 estimate of what improvement owes to what."""
    figures, sources = {f.id: f for f in view.bundle.figures}, view.bundle.sources_by_id
    return ChartParts(
        lambert_figure(figures, sources, view.texts, view.lang),
        lambert_table(figures, sources, view.texts),
        lambert_alt(figures, view.texts, view.lang),
    )
