"""What a page's block shows on a slide: its charts, in projector type, with their sources.

On a projector a chart has the whole stage and no controls: each block shows its charts in
their first state (the measured r, the first scenario …), restyled from the pages' own
builders (a copy: the builders and the pages' figures are untouched) so that every label is at
least PROJECTOR_MIN_PX, and the figure takes the size of the stage it is drawn in. Present
mode (lien.ui.projector) and the printable slides (lien.printout) both draw from here.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from lien.charts import alliance_outcome, components, dimensions, prevalence, rupture, stress
from lien.charts.parts import ChartParts
from lien.charts.style import MIN_FONT_PX
from lien.text import short_citation
from lien.view import View

# The blocks of a section that lists helplines: a slide of it shows them (projected, printed).
HELPLINE_BLOCKS = frozenset({"safety", "helplines_checked"})


def helpline_columns(view: View) -> list[str]:
    """The helplines of the view's language as a slide shows them: one Markdown text per
    place (its name, then each line with its number, cost and hours)."""
    return [
        "\n".join([f"**{place}**", "", *(f"- {line}" for line in lines)])
        for place, lines in view.helplines()
    ]


# The smallest text of a chart on a slide, in CSS pixels, at 1280×720 as at 1920×1080.
PROJECTOR_MIN_PX = 24
_SCALE = PROJECTOR_MIN_PX / MIN_FONT_PX


@dataclass(frozen=True)
class SlideChart:
    key: str  # the chart's element key (the same as on its page)
    title_key: str  # its heading, a text key
    build: Callable[[View], ChartParts]
    sources: Callable[[View], Sequence[str]]  # the ids of the studies it shows
    illustrative: bool = False
    detail_key: str | None = None  # what tells it from its siblings (an age group)
    # A projector adaptation of the figure, after the type is enlarged.
    adapt: Callable[[go.Figure], None] | None = None


def _effect_sources(effect: str) -> Callable[[View], list[str]]:
    def sources(view: View) -> list[str]:
        rows = sorted(
            (e for e in view.bundle.effects if e.effect == effect),
            key=lambda e: view.bundle.source(e.source_id).year or 0,
        )
        return list(dict.fromkeys(e.source_id for e in rows))

    return sources


def _fixed(*ids: str) -> Callable[[View], list[str]]:
    return lambda view: list(ids)


def _prevalence_sources(view: View) -> list[str]:
    group = prevalence.GROUPS[0]
    return [*prevalence.studies_of(view.bundle.prevalence, group), "source_page"]


def _repair_sources(view: View) -> list[str]:
    row, reference = rupture.repair_rows(view.bundle.effects)
    return [row.source_id, reference.source_id]


def _treemap_two_levels(figure: go.Figure) -> None:
    # 24 tiles cannot all carry 24 px words on a slide: the components and their families
    # are shown; the qualities stay on the page (and in the handout).
    figure.update_traces(maxdepth=3, selector={"type": "treemap"})


def _forest_legend(figure: go.Figure) -> None:
    # The legend above the plot, on the right (under it, in big type, it ran into the axis
    # title). The builder already names the zero line at its foot and each study above its
    # row: those notes keep their places (moving every note to the foot stacked the studies'
    # names on one another).
    figure.update_layout(
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.03, "x": 1, "xanchor": "right"},
        margin={"t": 60},
    )


def _r_rows(figure: go.Figure) -> None:
    # Room between the cloud and the r² bar for the cloud's axis in big type, and that axis's
    # title on one line (on two, beside a slide's text at 1280×720, it ran into the bar).
    figure.update_layout(yaxis={"domain": [0.46, 1]}, yaxis2={"domain": [0, 0.12]})
    figure.for_each_xaxis(lambda axis: axis.update(title_text=_one_line(axis.title.text)))
    _legend_on_top(figure)
    # The page's legend sits at the foot of the figure (yref "container"): above the plot,
    # it is placed by the plot's top.
    figure.update_layout(legend={"yref": "paper"})
    for trace in figure.data:
        if trace.name:
            trace.name = _two_lines(_one_line(trace.name), 36)


def _one_line(text: str | None) -> str | None:
    return " ".join(text.split("<br>")) if text else text


def _wide_labels(figure: go.Figure) -> None:
    # A bar's name on lines of the slide's width, and its value and kind on one line: the
    # builder's narrow lines (made for a phone) would run into the next bar's name.
    def rename(label: str) -> str:
        name, _, rest = label.partition("<br><b>")
        lines = textwrap.wrap(" ".join(name.split("<br>")), 40)
        return "<br>".join(lines) + (f"<br><b>{rest.replace('<br>', ' ')}" if rest else "")

    _rename_categories(figure, "y", rename)


def _claims_unlabelled(figure: go.Figure) -> None:
    # In big type the claim's value beside its diamond runs into the next bar's value; the
    # legend names the diamond, and the slide's text gives the figure. Category names on two
    # lines, upright, rather than slanted into one another.
    figure.update_traces(mode="markers", selector={"type": "scatter"})
    _rename_categories(figure, "x", lambda name: _two_lines(name, 12))
    figure.update_xaxes(tickangle=0)
    _legend_on_top(figure)


def _legend_on_top(figure: go.Figure) -> None:
    # Under the plot, a legend in big type runs into the axis title: above the plot it has
    # its own row.
    figure.update_layout(
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "xanchor": "left"},
        margin={"t": 60},
    )


def _pie_legend_beside(figure: go.Figure) -> None:
    figure.update_layout(
        legend={"orientation": "v", "yanchor": "middle", "y": 0.5, "x": 1.02, "xanchor": "left"}
    )


SLIDE_CHARTS: dict[str, tuple[SlideChart, ...]] = {
    "alliance_forest": (
        SlideChart(
            "alliance_forest_chart",
            "alliance_charts.forest_title",
            alliance_outcome.forest_parts,
            _effect_sources("alliance_outcome"),
            adapt=_forest_legend,
        ),
    ),
    "alliance_r": (
        SlideChart(
            "alliance_r_chart",
            "alliance_charts.r_title",
            lambda v: alliance_outcome.r_parts(v, alliance_outcome.DEFAULT_R),
            _fixed("fluckiger2018"),
            adapt=_r_rows,
        ),
    ),
    "alliance_shares": (
        SlideChart(
            "alliance_shares_chart",
            "alliance_charts.shares_title",
            alliance_outcome.shares_parts,
            _fixed("source_page", "fluckiger2018", "wampold2005", "lambert1992"),
            adapt=_wide_labels,
        ),
        SlideChart(
            "alliance_lambert_chart",
            "alliance_charts.lambert_title",
            alliance_outcome.lambert_parts,
            _fixed("lambert1992"),
            adapt=_pie_legend_beside,
        ),
    ),
    "alliance_components": (
        SlideChart(
            "alliance_components_chart",
            "alliance_charts.components_title",
            components.components_parts,
            _fixed("bordin1979", "source_page"),
            adapt=_treemap_two_levels,
        ),
    ),
    "therapy_rupture": (
        SlideChart(
            "therapy_rupture_chart",
            "therapy_charts.rupture_title",
            lambda v: rupture.rupture_parts(v, rupture.RUPTURE_KINDS[0], True),
            _fixed(),
            illustrative=True,
            adapt=_legend_on_top,
        ),
        SlideChart(
            "therapy_repair_chart",
            "therapy_charts.repair_title",
            rupture.repair_parts,
            _repair_sources,
            adapt=_forest_legend,
        ),
    ),
    "attachment_prevalence": (
        SlideChart(
            "attachment_prevalence",
            "attachment.prevalence.title",
            lambda v: prevalence.prevalence_parts(v, prevalence.GROUPS[0], True),
            _prevalence_sources,
            detail_key=f"attachment.group.{prevalence.GROUPS[0]}",
            adapt=_claims_unlabelled,
        ),
    ),
    "attachment_stress": (
        SlideChart(
            "attachment_stress",
            "attachment.stress.title",
            lambda v: stress.stress_parts(v, v.bundle.stress[v.lang].scenarios[0].id),
            _fixed("source_page"),
            illustrative=True,
            adapt=_legend_on_top,
        ),
    ),
    "attachment_map": (
        SlideChart(
            "attachment_map",
            "attachment.map.title",
            dimensions.dimension_map_parts,
            _fixed("bartholomew1991", "brennan1998"),
            illustrative=True,
        ),
    ),
}


def _enlarge(node: Any, parent: str = "") -> None:
    """Every font size of a figure's dict form at least PROJECTOR_MIN_PX (×1.5 the page's)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "size" and parent.endswith("font") and isinstance(value, int | float):
                node[key] = max(PROJECTOR_MIN_PX, round(value * _SCALE))
            elif key == "minsize" and parent == "uniformtext":
                node[key] = PROJECTOR_MIN_PX
            else:
                _enlarge(value, key)
    elif isinstance(node, list):
        for item in node:
            _enlarge(item, parent)


def projector_figure(figure: go.Figure, adapt: Callable[[go.Figure], None] | None = None):
    """A copy of a page's figure for a slide: projector type, no title (the slide's heading
    says it), and no fixed size, so it takes the stage's."""
    spec = figure.to_dict()
    layout = spec.setdefault("layout", {})
    # Every text gets a size to enlarge: the figure's base font sets the ones left unset.
    layout.setdefault("font", {}).setdefault("size", MIN_FONT_PX + 2)
    for axis in [k for k in layout if k.startswith(("xaxis", "yaxis"))]:
        layout[axis].setdefault("tickfont", {}).setdefault("size", MIN_FONT_PX)
        title = layout[axis].get("title")
        if isinstance(title, dict):
            title.setdefault("font", {}).setdefault("size", MIN_FONT_PX + 1)
    for note in layout.get("annotations", []):
        note.setdefault("font", {}).setdefault("size", MIN_FONT_PX)
    _enlarge(spec)
    for axis in [k for k in layout if k.startswith(("xaxis", "yaxis"))]:
        title = layout[axis].get("title")
        if isinstance(title, dict) and isinstance(title.get("text"), str):
            title["text"] = _two_lines(title["text"])
    copy = go.Figure(spec)
    copy.update_layout(
        title=None,
        height=None,
        width=None,
        autosize=True,
        margin={"l": 10, "r": 20, "t": 20, "b": 10},
    )
    if adapt is not None:
        adapt(copy)
    return copy


def _two_lines(text: str, width: int = 30) -> str:
    """A long axis title or legend entry on two balanced lines: in big type, an axis of a
    chart beside a slide's text is shorter than its title on one line."""
    if len(text) <= width or "<br>" in text:
        return text
    lines = textwrap.wrap(text, width=len(text) // 2 + 4)
    return "<br>".join(lines)


def _rename_categories(figure: go.Figure, axis: str, rename: Callable[[str], str]) -> None:
    """New tick labels for a category axis: every trace's values and the axis's order."""
    attr = axis[0]  # "x" or "y"
    for trace in figure.data:
        values = getattr(trace, attr, None)
        if values is not None:
            setattr(trace, attr, [rename(str(v)) for v in values])
    layout_axis = figure.layout[f"{attr}axis"]
    if layout_axis.categoryarray:
        layout_axis.categoryarray = [rename(str(v)) for v in layout_axis.categoryarray]


def detail_title(figure: go.Figure, text: str) -> None:
    """What tells a chart from its siblings (an age group), as its legend's title, above the
    legend's entries (a title of the figure's own ran into a legend on top)."""
    figure.update_layout(legend={"title": {"text": text, "side": "top"}})


def slide_charts(block: str | None) -> tuple[SlideChart, ...]:
    return SLIDE_CHARTS.get(block or "", ())


def sources_line(view: View, chart: SlideChart) -> str:
    """The chart's studies in a few words for under it ("Sources: Flückiger et al., 2018 …"),
    or that it is illustrative; Markdown without links (a projector has none)."""
    parts = []
    if chart.illustrative:
        parts.append(view.t("charts.illustrative"))
    ids = chart.sources(view)
    if ids:
        cited = [
            view.t("alliance_charts.source_page")
            if sid == "source_page"
            else short_citation(view.bundle.source(sid))
            for sid in ids
        ]
        parts.append(f"{view.t('present.sources')} {', '.join(cited)}")
    return " · ".join(parts)
