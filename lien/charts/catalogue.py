"""Every chart of the pages, declared once: what it is, where it is drawn, what it cites.

A chart's entry gives its id (its element key on the page, on a slide and in the handout),
the page block that draws it, its heading (a text key), its builder in its first state (the
measured r, the first scenario …: what a slide and the handout show), the studies it shows,
whether it is illustrative (a schematic) or data, its slide form (the projector's
adaptation, lien.charts.slide_form) and its handout form. The pages' blocks (lien.ui.blocks),
the slides (lien.projection, lien.ui.projector, lien.printout) and the handout (lien.handout)
look a chart up here by its id or its block and hold no list of their own.

Content names a chart (a slide's `chart = "…"`) before any builder is imported, so the names
of each block's charts are also in lien.sitemap.BLOCK_CHARTS, below the content layer;
tests/test_chart_catalogue.py keeps the two the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from lien.charts import (
    alliance_forest,
    alliance_lambert,
    alliance_r,
    alliance_shares,
    components,
    dimensions,
    prevalence,
    repair,
    rupture,
    slide_form,
    stress,
)
from lien.charts.parts import ChartParts
from lien.view import View

Build = Callable[[View], ChartParts]


@dataclass(frozen=True)
class Form:
    """One drawing of a chart (the handout may draw one per age group)."""

    build: Build
    detail_key: str | None = None  # what tells it from its siblings (an age group)


@dataclass(frozen=True)
class Chart:
    id: str  # its element key, the same on the page, on slides and in the handout
    block: str  # the page block that draws it (lien.sitemap.BLOCK_NAMES)
    title_key: str  # its heading, a text key
    build: Build  # its first state: what a slide and the handout show
    sources: Callable[[View], Sequence[str]]  # the ids of the studies it shows
    illustrative: bool = False  # a schematic, not measured data (said on screen and paper)
    detail_key: str | None = None  # what tells its first state from its siblings
    # Its slide form: shown on slides or not, and the projector's adaptation of the figure.
    on_slides: bool = True
    slide_adapt: Callable[[go.Figure], None] | None = None
    # Its handout form: True, its first state; a tuple, those drawings; False, not printed.
    handout: bool | tuple[Form, ...] = True

    def handout_forms(self) -> tuple[Form, ...]:
        if self.handout is True:
            return (Form(self.build, self.detail_key),)
        return self.handout or ()


# --- what each chart cites -----------------------------------------------------------------


def effect_sources(effect: str) -> Callable[[View], list[str]]:
    """The studies of one kind of effect (data/effects.csv), oldest first."""

    def sources(view: View) -> list[str]:
        rows = sorted(
            (e for e in view.bundle.effects if e.effect == effect),
            key=lambda e: view.bundle.source(e.source_id).year or 0,
        )
        return list(dict.fromkeys(e.source_id for e in rows))

    return sources


def fixed(*ids: str) -> Callable[[View], list[str]]:
    return lambda view: list(ids)


def _measured_sources(view: View) -> list[str]:
    """The meta-analysis whose r the scatter starts at: the largest alliance–outcome one."""
    rows = [e for e in view.bundle.effects if e.effect == "alliance_outcome"]
    return [max(rows, key=lambda e: e.k or 0).source_id]


def _prevalence_sources(view: View) -> list[str]:
    group = prevalence.GROUPS[0]
    return [*prevalence.studies_of(view.bundle.prevalence, group), "source_page"]


def _repair_sources(view: View) -> list[str]:
    row, reference = repair.repair_rows(view.bundle.effects)
    return [row.source_id, reference.source_id]


# --- first states --------------------------------------------------------------------------


def _r_measured(view: View) -> ChartParts:
    return alliance_r.r_parts(view, alliance_r.DEFAULT_R)


def _shares_for_print(view: View) -> ChartParts:
    # A4's text column is wider than a phone: the bars' names on lines of that width (the
    # page's, made for a phone, stacked five lines a bar and ran into one another).
    return alliance_shares.shares_parts(view, alliance_shares.PRINT_LABEL_CHARS)


def _first_rupture(view: View) -> ChartParts:
    return rupture.rupture_parts(view, rupture.RUPTURE_KINDS[0], True)


def _prevalence_of(group: str) -> Build:
    return lambda view: prevalence.prevalence_parts(view, group, True)


def _first_scenario(view: View) -> ChartParts:
    return stress.stress_parts(view, view.bundle.stress[view.lang].scenarios[0].id)


def _group(group: str) -> str:
    return f"attachment.group.{group}"


# --- the catalogue, in the order the pages show them ----------------------------------------

CATALOGUE: tuple[Chart, ...] = (
    Chart(
        "alliance_forest_chart",
        "alliance_forest",
        "alliance_charts.forest_title",
        alliance_forest.forest_parts,
        effect_sources("alliance_outcome"),
        slide_adapt=slide_form.forest_legend,
    ),
    Chart(
        "alliance_r_chart",
        "alliance_r",
        "alliance_charts.r_title",
        _r_measured,
        _measured_sources,
        slide_adapt=slide_form.r_rows,
    ),
    Chart(
        "alliance_shares_chart",
        "alliance_shares",
        "alliance_charts.shares_title",
        alliance_shares.shares_parts,
        fixed("source_page", "fluckiger2018", "wampold2005", "lambert1992"),
        slide_adapt=slide_form.wide_labels,
        handout=(Form(_shares_for_print),),
    ),
    Chart(
        "alliance_lambert_chart",
        "alliance_shares",
        "alliance_charts.lambert_title",
        alliance_lambert.lambert_parts,
        fixed("lambert1992"),
        slide_adapt=slide_form.pie_legend_beside,
    ),
    Chart(
        "alliance_components_chart",
        "alliance_components",
        "alliance_charts.components_title",
        components.components_parts,
        fixed("bordin1979", "source_page"),
        slide_adapt=slide_form.treemap_two_levels,
    ),
    Chart(
        "therapy_rupture_chart",
        "therapy_rupture",
        "therapy_charts.rupture_title",
        _first_rupture,
        fixed(),
        illustrative=True,
        slide_adapt=slide_form.legend_on_top,
    ),
    Chart(
        "therapy_repair_chart",
        "therapy_rupture",
        "therapy_charts.repair_title",
        repair.repair_parts,
        _repair_sources,
        slide_adapt=slide_form.forest_legend,
    ),
    Chart(
        "attachment_prevalence",
        "attachment_prevalence",
        "attachment.prevalence.title",
        _prevalence_of(prevalence.GROUPS[0]),
        _prevalence_sources,
        detail_key=_group(prevalence.GROUPS[0]),
        slide_adapt=slide_form.claims_unlabelled,
        # On paper, every age group (a reader cannot choose one there).
        handout=tuple(Form(_prevalence_of(group), _group(group)) for group in prevalence.GROUPS),
    ),
    Chart(
        "attachment_stress",
        "attachment_stress",
        "attachment.stress.title",
        _first_scenario,
        fixed("source_page"),
        illustrative=True,
        slide_adapt=slide_form.legend_on_top,
    ),
    Chart(
        "attachment_map",
        "attachment_map",
        "attachment.map.title",
        dimensions.dimension_map_parts,
        fixed("bartholomew1991", "brennan1998"),
        illustrative=True,
    ),
)

CHARTS: dict[str, Chart] = {chart.id: chart for chart in CATALOGUE}


def chart(chart_id: str) -> Chart:
    """The chart of this id (KeyError for an id no chart has)."""
    return CHARTS[chart_id]


def charts_of(block: str | None) -> tuple[Chart, ...]:
    """The charts a page block draws, in the page's order (none for a block without charts)."""
    return tuple(c for c in CATALOGUE if c.block == block)


def block_charts() -> dict[str, tuple[str, ...]]:
    """Each chart block's charts by id, as lien.sitemap.BLOCK_CHARTS names them for content."""
    out: dict[str, tuple[str, ...]] = {}
    for c in CATALOGUE:
        out[c.block] = (*out.get(c.block, ()), c.id)
    return out
