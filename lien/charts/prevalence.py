"""The prevalence explorer: each study's split of attachment categories for one age and measure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from lien.charts.parts import ChartParts
from lien.charts.style import COLORWAY, FOOT_LEGEND, MIN_FONT_PX, OKABE_ITO, styled, wrap
from lien.content.models import FigureRow, PrevalenceRow
from lien.text import decimal, percent, short_citation
from lien.view import View

GROUPS = ("infant", "preschool", "adult_aai", "adult_self_report")
CATEGORY_ORDER = (
    "secure",
    "avoidant",
    "dismissing",
    "resistant",
    "preoccupied",
    "anxious",
    "disorganized",
    "disorganized_controlling",
    "unresolved",
    "not_classified",
)
# Where the source page's two figures are drawn, by group. "About 5 % disorganized in
# adults" has no adult category of that name: the nearest is AAI "unresolved" (EVIDENCE A4);
# a self-reported style is not disorganization, so the claim is not drawn there.
CLAIM_PLACES: dict[str, dict[str, str]] = {
    "claim_secure": {g: "secure" for g in GROUPS},
    "claim_disorganized": {"adult_aai": "unresolved"},
}


CATEGORY_CHARS = 12  # a category's name per line beside its bars


def category_label(texts: Mapping[str, str], category: str) -> str:
    """A category's name as the chart writes it beside its bars (on lines that fit)."""
    return wrap(texts[f"attachment.category.{category}"], CATEGORY_CHARS)


@dataclass(frozen=True)
class Study:
    """What a chart says about a study: its short name, sample and measure in one language."""

    label: str
    sample: str
    measure: str


def categories_of(rows: Sequence[PrevalenceRow], group: str) -> list[str]:
    present = {r.category for r in rows if r.group == group}
    return [c for c in CATEGORY_ORDER if c in present]


def studies_of(rows: Sequence[PrevalenceRow], group: str) -> list[str]:
    """Source ids of a group, in the order of the data file."""
    return list(dict.fromkeys(r.source_id for r in rows if r.group == group))


def claims_shown(claims: Sequence[FigureRow], group: str) -> list[tuple[FigureRow, str]]:
    """The source page's figures that belong on this group's chart, with their category."""
    out = []
    for claim in claims:
        category = CLAIM_PLACES.get(claim.id, {}).get(group)
        if category is not None:
            out.append((claim, category))
    return out


def _hover(lines: list[str]) -> str:
    return "<br>".join(lines)


def prevalence_figure(
    rows: Sequence[PrevalenceRow],
    studies: Mapping[str, Study],
    texts: Mapping[str, str],
    lang: str,
    group: str,
    claims: Sequence[FigureRow] = (),
) -> go.Figure:
    """Grouped horizontal bars, one colour per study; the source page's claims as marked
    diamonds. Horizontal: the categories' names sit beside their bars, whole on a phone too,
    where side by side under vertical bars they touched."""
    t = texts.__getitem__
    categories = categories_of(rows, group)
    names = [category_label(texts, c) for c in categories]
    figure = go.Figure()
    for index, source_id in enumerate(studies_of(rows, group)):
        study = studies[source_id]
        mine = {r.category: r for r in rows if r.group == group and r.source_id == source_id}
        shown = [c for c in categories if c in mine]
        hover, patterns = [], []
        for category in shown:
            row = mine[category]
            n = decimal(row.n, lang) if row.n else t("attachment.prevalence.n_unknown")
            lines = [
                f"<b>{study.label}</b>",
                t("attachment.prevalence.hover_value").format(
                    category=t(f"attachment.category.{category}"),
                    value=percent(row.percent, lang),
                ),
                f"{t('attachment.prevalence.n_label')} = {n}",
                study.measure,
            ]
            if row.partition == "overlay":
                lines.append(f"<i>{t('attachment.prevalence.overlay_note')}</i>")
            elif row.partition == "single":
                lines.append(f"<i>{t('attachment.prevalence.single_note')}</i>")
            hover.append(_hover(lines))
            # Shares that are not part of a full split are hatched, so no one adds them up.
            patterns.append("/" if row.partition != "main" else "")
        figure.add_bar(
            name=study.label,
            orientation="h",
            y=[category_label(texts, c) for c in shown],
            x=[mine[c].percent for c in shown],
            text=[percent(mine[c].percent, lang) for c in shown],
            textposition="outside",
            textfont={"size": MIN_FONT_PX},
            marker={"color": COLORWAY[index % len(COLORWAY)], "pattern": {"shape": patterns}},
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            meta={"source_id": source_id},
        )
    placed = claims_shown(claims, group)
    if placed:
        hover = []
        for claim, category in placed:
            key = "claim_secure" if claim.id == "claim_secure" else "claim_disorganized"
            line = t(f"attachment.prevalence.{key}")
            if category != claim.id.removeprefix("claim_"):
                line += f" ({t('attachment.prevalence.claim_nearest')})"
            hover.append(_hover([f"<b>{t('attachment.prevalence.claim_name')}</b>", line]))
        # The diamonds carry no text of their own: beside the bars' values they collided;
        # their values are in the box under the chart, the hover, the table and the text.
        figure.add_scatter(
            name=t("attachment.prevalence.claim_name"),
            y=[category_label(texts, c) for _, c in placed],
            x=[claim.value for claim, _ in placed],
            mode="markers",
            marker={
                "symbol": "diamond",
                "size": 18,
                "color": OKABE_ITO["yellow"],
                "line": {"color": OKABE_ITO["black"], "width": 2},
            },
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            meta={"source_id": "source_page"},
        )
    # Room right of the longest bar for its value, on a phone's narrow plot too.
    top = max([r.percent for r in rows if r.group == group] + [50]) * 1.45
    figure.update_layout(
        barmode="group",
        legend=FOOT_LEGEND,
        hovermode="closest",
        bargap=0.25,
    )
    # The first category on top, as it is read.
    figure.update_yaxes(categoryorder="array", categoryarray=list(reversed(names)))
    figure.update_xaxes(
        title={"text": t("attachment.prevalence.axis_percent")}, range=[0, top], ticksuffix=""
    )
    styled(figure, title=t(f"attachment.group.{group}"), height=560)
    figure.update_layout(margin={"b": 130})
    return figure


def prevalence_table(
    rows: Sequence[PrevalenceRow],
    studies: Mapping[str, Study],
    texts: Mapping[str, str],
    group: str,
    claims: Sequence[FigureRow] = (),
) -> pd.DataFrame:
    """The numbers of the chart, one row per bar or claim, for "see the data" and CSV."""
    t = texts.__getitem__
    records = []
    for row in rows:
        if row.group != group:
            continue
        kind = "kind_overlay" if row.partition == "overlay" else "kind_measured"
        records.append(
            {
                t("attachment.prevalence.col_study"): studies[row.source_id].label,
                t("attachment.prevalence.col_category"): t(f"attachment.category.{row.category}"),
                t("attachment.prevalence.col_percent"): row.percent,
                t("attachment.prevalence.col_n"): row.n,
                t("attachment.prevalence.col_kind"): t(f"attachment.prevalence.{kind}"),
            }
        )
    for claim, category in claims_shown(claims, group):
        records.append(
            {
                t("attachment.prevalence.col_study"): studies[claim.source_id].label,
                t("attachment.prevalence.col_category"): t(f"attachment.category.{category}"),
                t("attachment.prevalence.col_percent"): claim.value,
                t("attachment.prevalence.col_n"): None,
                t("attachment.prevalence.col_kind"): t("attachment.prevalence.kind_claim"),
            }
        )
    return pd.DataFrame.from_records(records)


def prevalence_alt_text(
    rows: Sequence[PrevalenceRow],
    studies: Mapping[str, Study],
    texts: Mapping[str, str],
    lang: str,
    group: str,
) -> str:
    """One sentence per study with every number, for readers who cannot see the bars."""
    t = texts.__getitem__
    parts = []
    for source_id in studies_of(rows, group):
        values = ", ".join(
            f"{t(f'attachment.category.{r.category}').lower()} {percent(r.percent, lang)}"
            for r in rows
            if r.group == group and r.source_id == source_id
        )
        parts.append(
            t("attachment.prevalence.alt_study").format(
                study=studies[source_id].label, values=values
            )
        )
    return t("attachment.prevalence.alt").format(
        group=t(f"attachment.group.{group}"), studies=" ".join(parts)
    )


# The source page's two figures, drawn beside the studies (figures.csv).
CLAIM_IDS = ("claim_secure", "claim_disorganized")


def studies(view: View) -> dict[str, Study]:
    """How the charts name each study in the view's language, with its sample and measure."""
    texts = view.bundle.source_texts[view.lang]
    return {
        s.id: Study(short_citation(s, texts[s.id].authors), texts[s.id].sample, texts[s.id].measure)
        for s in view.bundle.sources
        if s.id in texts
    }


def prevalence_parts(view: View, group: str, show_claims: bool = True) -> ChartParts:
    """Each study's split of one age and measure, with the source page's claims or not."""
    rows, known = view.bundle.prevalence, studies(view)
    claims = [view.bundle.figure(c) for c in CLAIM_IDS] if show_claims else []
    return ChartParts(
        prevalence_figure(rows, known, view.texts, view.lang, group, claims),
        prevalence_table(rows, known, view.texts, group, claims),
        prevalence_alt_text(rows, known, view.texts, view.lang, group),
    )
