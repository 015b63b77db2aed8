"""The source page's 70–80 % beside the shares studies measure."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from lien.charts.parts import ChartParts
from lien.charts.style import OKABE_ITO, styled
from lien.content.models import FigureRow, Source
from lien.text import (
    decimal,
    number,
    percent,
    percent_sign,
    plotly_separators,
    short_citation,
)
from lien.view import View

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


SHARE_LABEL_CHARS = 20  # the shares chart's names, beside their bars
# The same names on paper, in A4's text column (lien.handout.CHART_WIDTH).
PRINT_LABEL_CHARS = 34


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
    figures: Mapping[str, FigureRow],
    sources: Mapping[str, Source],
    texts: Mapping[str, str],
    lang: str,
) -> pd.DataFrame:
    """The bars as a table, their values written the reader's way (7,7 in French)."""
    bars = share_rows(figures)
    return pd.DataFrame(
        {
            texts["alliance_charts.col_figure"]: [
                texts[f"alliance_charts.{b['key']}"] for b in bars
            ],
            texts["alliance_charts.col_value"]: [
                f"{decimal(b['start'], lang)}–{decimal(b['end'], lang)}"
                if b["start"]
                else decimal(b["end"], lang)
                for b in bars
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


def shares_parts(view: View, label_chars: int = SHARE_LABEL_CHARS) -> ChartParts:
    """The source page's 70–80 % beside the shares studies measure."""
    figures, sources = {f.id: f for f in view.bundle.figures}, view.bundle.sources_by_id
    return ChartParts(
        shares_figure(figures, sources, view.texts, view.lang, label_chars=label_chars),
        shares_table(figures, sources, view.texts, view.lang),
        shares_alt(figures, view.texts, view.lang),
    )
