"""The measured link between repairing ruptures and outcome (Eubanks, Muran & Safran 2018),
beside the alliance's."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from lien.charts.alliance_forest import forest_figure, forest_table
from lien.charts.parts import ChartParts
from lien.content.models import EffectRow, Source
from lien.text import count, number, short_citation
from lien.view import View


def repair_rows(effects: Sequence[EffectRow]) -> list[EffectRow]:
    """The repair–outcome meta-analysis, and the largest alliance–outcome one for comparison."""
    repair = [e for e in effects if e.effect == "repair_outcome"]
    alliance = [e for e in effects if e.effect == "alliance_outcome"]
    reference = max(alliance, key=lambda e: e.k or 0)
    return [*repair, reference]


def repair_figure(
    effects: Sequence[EffectRow], sources: Mapping[str, Source], texts: Mapping[str, str], lang: str
) -> go.Figure:
    return forest_figure(
        repair_rows(effects),
        sources,
        texts,
        lang,
        title=texts["therapy_charts.repair_title"],
        x_title=texts["therapy_charts.repair_x"],
        row_labels={
            "repair_outcome": texts["therapy_charts.repair_label"],
            "alliance_outcome": texts["therapy_charts.alliance_label"],
        },
    )


def repair_alt(
    effects: Sequence[EffectRow], sources: Mapping[str, Source], texts: Mapping[str, str], lang: str
) -> str:
    row, ref = repair_rows(effects)
    return texts["therapy_charts.repair_alt"].format(
        r=number(row.r, lang, row.r_digits),
        ci_low=number(row.ci_low, lang, row.ci_digits),
        ci_high=number(row.ci_high, lang, row.ci_digits),
        d=number(row.d, lang, row.d_digits),
        k=row.k,
        n=count(row.n, lang),
        source=short_citation(sources[row.source_id]),
        ref_r=number(ref.r, lang, ref.r_digits),
        ref_source=short_citation(sources[ref.source_id]),
    )


def repair_parts(view: View) -> ChartParts:
    """The measured link between repairing ruptures and outcome, beside the alliance's."""
    effects, sources = view.bundle.effects, view.bundle.sources_by_id
    return ChartParts(
        repair_figure(effects, sources, view.texts, view.lang),
        forest_table(repair_rows(effects), sources, view.texts),
        repair_alt(effects, sources, view.texts, view.lang),
    )
