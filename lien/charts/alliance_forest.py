"""The alliance–outcome meta-analyses as a forest plot: each one's r, its interval, k and N."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from lien.charts.parts import ChartParts
from lien.charts.style import FOOT_LEGEND, MIN_FONT_PX, OKABE_ITO, styled
from lien.content.models import EffectRow, Source
from lien.text import count, number, plotly_separators, short_citation
from lien.view import View


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
