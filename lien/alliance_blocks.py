"""The chart blocks of /alliance and /therapy: controls, cached figures, text alternatives.

Each figure is built once per language (and per choice, for interactive charts) and shared by
every session through st.cache_resource; an interactive chart lives in a fragment, so moving
its control reruns that chart only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lien.chart_ui import bundle_token, chart_heading, frozen, show_chart
from lien.charts import alliance_outcome as ao
from lien.charts import components as comp
from lien.charts import rupture
from lien.charts.cite import count, number, short_citation
from lien.content import Bundle
from lien.models import Source
from lien.view import View

# Widget keys start with the page's name.
COMPONENT_KEY = "alliance_component"
R_KEY = "alliance_r"
RUPTURE_KIND_KEY = "therapy_rupture_kind"
REPAIR_KEY = "therapy_repair"

R_STEPS = tuple(round(i / 100, 2) for i in range(101))

Built = tuple[go.Figure, str, pd.DataFrame]  # figure, text alternative, data table


def _untitled(figure: go.Figure) -> go.Figure:
    """The page shows the chart's title as a heading (st.subheader), so the figure drops it."""
    figure.update_layout(title=None, margin={"t": 20})
    return figure


def _sources(bundle: Bundle) -> dict[str, Source]:
    return {s.id: s for s in bundle.sources}


def _links(sources: Sequence[Source]) -> str:
    """Markdown links to the sources page, one per study, for captions."""
    return ", ".join(f"[{short_citation(s)}](source:{s.id})" for s in sources)


@st.cache_resource(show_spinner=False, max_entries=128)
def _components_chart(_bundle: Bundle, token: int, lang: str, selected: str) -> Built:
    components, ui = _bundle.components[lang], _bundle.ui[lang]
    return (
        frozen(_untitled(comp.components_figure(components, ui, selected))),
        comp.components_alt(components, ui, selected),
        comp.components_table(components, ui),
    )


@st.cache_resource(show_spinner=False, max_entries=8)
def _forest_chart(_bundle: Bundle, token: int, lang: str) -> Built:
    ui, sources = _bundle.ui[lang], _sources(_bundle)
    rows = [e for e in _bundle.effects if e.effect == "alliance_outcome"]
    figure = ao.forest_figure(rows, sources, ui, lang, title=ui["alliance_charts.forest_title"])
    return (
        frozen(_untitled(figure)),
        ao.forest_alt(rows, sources, ui, lang),
        ao.forest_table(rows, sources, ui),
    )


@st.cache_resource(show_spinner=False, max_entries=256)
def _r_chart(_bundle: Bundle, token: int, lang: str, r: float) -> Built:
    ui = _bundle.ui[lang]
    therapies = ao.simulate_therapies(r)
    return (
        frozen(ao.r_figure(therapies, r, ui, lang)),
        ao.r_alt(therapies, r, ui, lang),
        ao.r_table(therapies, ui),
    )


@st.cache_resource(show_spinner=False, max_entries=8)
def _shares_charts(_bundle: Bundle, token: int, lang: str) -> tuple[Built, Built]:
    ui, sources = _bundle.ui[lang], _sources(_bundle)
    figures = {f.id: f for f in _bundle.figures}
    return (
        (
            frozen(_untitled(ao.shares_figure(figures, sources, ui, lang))),
            ao.shares_alt(figures, ui, lang),
            ao.shares_table(figures, sources, ui),
        ),
        (
            frozen(_untitled(ao.lambert_figure(figures, sources, ui, lang))),
            ao.lambert_alt(figures, ui, lang),
            ao.lambert_table(figures, sources, ui),
        ),
    )


@st.cache_resource(show_spinner=False, max_entries=16)
def _rupture_chart(_bundle: Bundle, token: int, lang: str, kind: str, repair: bool) -> Built:
    ui = _bundle.ui[lang]
    course = rupture.illustrative_course(kind, repair)
    return (
        frozen(_untitled(rupture.rupture_figure(course, kind, repair, ui, lang))),
        rupture.rupture_alt(course, kind, repair, ui),
        rupture.rupture_table(course, ui),
    )


@st.cache_resource(show_spinner=False, max_entries=8)
def _repair_chart(_bundle: Bundle, token: int, lang: str) -> Built:
    ui, sources = _bundle.ui[lang], _sources(_bundle)
    return (
        frozen(_untitled(rupture.repair_figure(_bundle.effects, sources, ui, lang))),
        rupture.repair_alt(_bundle.effects, sources, ui, lang),
        ao.forest_table(rupture.repair_rows(_bundle.effects), sources, ui),
    )


# --- the blocks ----------------------------------------------------------------------------


@st.fragment
def alliance_components(view: View) -> None:
    """The sunburst, and a keyboard-reachable choice of part whose meaning is shown."""
    components = view.bundle.components[view.lang]
    walk = components.walk()
    names = {comp.ROOT_ID: components.label}
    path = {comp.ROOT_ID: components.label}
    for node, parent in walk:
        names[node.id] = node.label
        path[node.id] = node.label if parent is None else f"{path[parent]} › {node.label}"
    meanings = {comp.ROOT_ID: components.meaning, **{n.id: n.meaning for n, _ in walk}}
    chart_heading(view.t("alliance_charts.components_title"))
    st.session_state.setdefault(COMPONENT_KEY, comp.ROOT_ID)
    selected = st.selectbox(
        view.t("alliance_charts.components_select"),
        options=list(path),
        format_func=path.__getitem__,
        key=COMPONENT_KEY,
    )
    with st.container(border=True):
        st.markdown(f"**{names[selected]}**  \n{meanings[selected]}")
    token = bundle_token(view.bundle)
    figure, alt, table = _components_chart(view.bundle, token, view.lang, selected)
    show_chart(view, figure, key="alliance_components_chart", alt_text=alt, table=table)


def alliance_forest(view: View) -> None:
    figure, alt, table = _forest_chart(view.bundle, bundle_token(view.bundle), view.lang)
    chart_heading(view.t("alliance_charts.forest_title"))
    sources = _sources(view.bundle)
    cited = sorted(
        {sources[e.source_id] for e in view.bundle.effects if e.effect == "alliance_outcome"},
        key=lambda s: s.year or 0,
    )
    note = view.markdown(view.t("alliance_charts.forest_caption").format(sources=_links(cited)))
    show_chart(view, figure, key="alliance_forest_chart", alt_text=alt, table=table, note=note)


@st.fragment
def alliance_r(view: View) -> None:
    """'What does r look like': a slider for r, the simulated therapies, r² as a share."""
    chart_heading(view.t("alliance_charts.r_title"))
    st.session_state.setdefault(R_KEY, ao.DEFAULT_R)
    # A select_slider over r = 0.00 … 1.00, so each value is written the reader's way (0,28).
    r = st.select_slider(
        view.t("alliance_charts.r_slider"),
        options=R_STEPS,
        format_func=lambda value: number(value, view.lang),
        key=R_KEY,
    )
    r = round(float(r), 2)
    figure, alt, table = _r_chart(view.bundle, bundle_token(view.bundle), view.lang, r)
    measured = max(
        (e for e in view.bundle.effects if e.effect == "alliance_outcome"), key=lambda e: e.k or 0
    )
    variance = view.bundle.figure("alliance_variance")
    sources = _sources(view.bundle)
    note = view.markdown(
        view.t("alliance_charts.r_caption").format(
            n=ao.SIMULATED_THERAPIES,
            measured=number(measured.r, view.lang, 3),
            source=_links([sources[measured.source_id]]),
            variance=number(variance.value, view.lang, 1),
        )
    )
    show_chart(view, figure, key="alliance_r_chart", alt_text=alt, table=table, note=note)


def alliance_shares(view: View) -> None:
    """The source page's 70–80 % beside what studies measure, then Lambert's estimate."""
    shares, lambert = _shares_charts(view.bundle, bundle_token(view.bundle), view.lang)
    sources = _sources(view.bundle)
    chart_heading(view.t("alliance_charts.shares_title"))
    figure, alt, table = shares
    cited = [sources[i] for i in ("fluckiger2018", "wampold2005", "lambert1992")]
    links = f"[{view.t('alliance_charts.source_page')}](source:source_page), {_links(cited)}"
    note = view.markdown(view.t("alliance_charts.shares_caption").format(sources=links))
    show_chart(view, figure, key="alliance_shares_chart", alt_text=alt, table=table, note=note)
    chart_heading(view.t("alliance_charts.lambert_title"))
    figure, alt, table = lambert
    note = view.markdown(
        view.t("alliance_charts.lambert_caption").format(source=_links([sources["lambert1992"]]))
    )
    show_chart(view, figure, key="alliance_lambert_chart", alt_text=alt, table=table, note=note)


@st.fragment
def _rupture_course(view: View) -> None:
    chart_heading(view.t("therapy_charts.rupture_title"))
    st.session_state.setdefault(RUPTURE_KIND_KEY, rupture.RUPTURE_KINDS[0])
    st.session_state.setdefault(REPAIR_KEY, True)
    kind = st.radio(
        view.t("therapy_charts.rupture_kind"),
        options=list(rupture.RUPTURE_KINDS),
        format_func=lambda k: view.t(f"therapy_charts.rupture_{k}"),
        key=RUPTURE_KIND_KEY,
    )
    repair = st.toggle(view.t("therapy_charts.rupture_repair"), key=REPAIR_KEY)
    token = bundle_token(view.bundle)
    figure, alt, table = _rupture_chart(view.bundle, token, view.lang, kind, repair)
    show_chart(
        view, figure, key="therapy_rupture_chart", alt_text=alt, table=table, illustrative=True
    )


def therapy_rupture(view: View) -> None:
    """The illustrative course of ruptures and repairs, then the measured repair–outcome link."""
    _rupture_course(view)
    figure, alt, table = _repair_chart(view.bundle, bundle_token(view.bundle), view.lang)
    chart_heading(view.t("therapy_charts.repair_title"))
    sources = _sources(view.bundle)
    row, reference = rupture.repair_rows(view.bundle.effects)
    note = view.markdown(
        view.t("therapy_charts.repair_caption").format(
            sources=_links([sources[row.source_id], sources[reference.source_id]]),
            k=row.k,
            n=count(row.n, view.lang),
        )
    )
    show_chart(view, figure, key="therapy_repair_chart", alt_text=alt, table=table, note=note)


ALLIANCE_BLOCKS: dict[str, Callable[[View], None]] = {
    "alliance_components": alliance_components,
    "alliance_forest": alliance_forest,
    "alliance_r": alliance_r,
    "alliance_shares": alliance_shares,
    "therapy_rupture": therapy_rupture,
}
