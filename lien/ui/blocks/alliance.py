"""The chart blocks of /alliance and /therapy: controls, cached charts, text alternatives.

Each chart is declared in lien.charts.catalogue (its id, heading, sources, illustrative or
not), where these blocks look it up by id. Each is built once per loaded content, language and
choice, and shared by every session (lien.ui.chart.chart_cache); an interactive chart lives
in a fragment, so moving its control reruns that chart only.
"""

from __future__ import annotations

import functools

import streamlit as st

from lien.charts import components as comp
from lien.charts import rupture
from lien.charts.alliance_forest import forest_parts
from lien.charts.alliance_lambert import lambert_parts
from lien.charts.alliance_r import DEFAULT_R, SIMULATED_THERAPIES, r_parts
from lien.charts.alliance_shares import shares_parts
from lien.charts.parts import ChartParts
from lien.charts.repair import repair_parts, repair_rows
from lien.text import count, number
from lien.ui.chart import (
    chart_cache,
    chart_heading,
    chart_heading_html,
    chart_lead,
    chart_title,
    frozen,
    show_catalogued,
    source_links,
    view_cache,
)
from lien.ui.markup import card_html
from lien.view import View

# Widget keys start with the page's name.
COMPONENT_KEY = "alliance_component"
R_KEY = "alliance_r"
RUPTURE_KIND_KEY = "therapy_rupture_kind"
REPAIR_KEY = "therapy_repair"

# The charts these blocks draw, by their id in lien.charts.catalogue.
COMPONENTS = "alliance_components_chart"
FOREST = "alliance_forest_chart"
R_CHART = "alliance_r_chart"
SHARES = "alliance_shares_chart"
LAMBERT = "alliance_lambert_chart"
RUPTURE = "therapy_rupture_chart"
REPAIR = "therapy_repair_chart"

R_STEPS = tuple(round(i / 100, 2) for i in range(101))


def _shown(parts: ChartParts, titled: bool = False) -> ChartParts:
    """Frozen for the cache; the page shows most charts' titles as a heading, so their
    figure drops it."""
    figure = parts.figure
    if not titled:
        figure.update_layout(title=None, margin={"t": 20})
    return parts._replace(figure=frozen(figure))


@chart_cache(max_entries=128)
def _components_chart(view: View, selected: str) -> ChartParts:
    return _shown(comp.components_parts(view, selected))


@chart_cache(max_entries=8)
def _forest_chart(view: View) -> ChartParts:
    return _shown(forest_parts(view))


@chart_cache(max_entries=256)
def _r_chart(view: View, r: float) -> ChartParts:
    return _shown(r_parts(view, r), titled=True)


@chart_cache(max_entries=8)
def _shares_charts(view: View) -> tuple[ChartParts, ChartParts]:
    return _shown(shares_parts(view)), _shown(lambert_parts(view))


@chart_cache(max_entries=16)
def _rupture_chart(view: View, kind: str, repair: bool) -> ChartParts:
    return _shown(rupture.rupture_parts(view, kind, repair))


@chart_cache(max_entries=8)
def _repair_chart(view: View) -> ChartParts:
    return _shown(repair_parts(view))


# --- the blocks ----------------------------------------------------------------------------


def components_lead(view: View) -> str:
    return chart_lead(chart_title(view, COMPONENTS))


@view_cache(max_entries=8)
def _components_texts(view: View) -> tuple[dict[str, str], dict[str, str], str]:
    """Each part's path as the choice shows it, each part's card, and the list of every part
    under the chart: the same for every reader of a language, written once."""
    components = view.bundle.components[view.lang]
    walk = components.walk()
    names = {comp.ROOT_ID: components.label}
    path = {comp.ROOT_ID: components.label}
    for node, parent in walk:
        names[node.id] = node.label
        path[node.id] = node.label if parent is None else f"{path[parent]} › {node.label}"
    meanings = {comp.ROOT_ID: components.meaning, **{n.id: n.meaning for n, _ in walk}}
    # A bordered card in one Markdown element (a container would be one more element).
    cards = {part: card_html(f"**{names[part]}**  \n{meanings[part]}") for part in path}
    return path, cards, comp.components_list(components, view.texts)


@st.fragment
def alliance_components(view: View, lead: bool = True) -> None:
    """The sunburst, and a keyboard-reachable choice of part whose meaning is shown.

    `lead=False`: its title was written with the page's text (components_lead)."""
    path, cards, note = _components_texts(view)
    if lead:
        chart_heading(chart_title(view, COMPONENTS))
    if COMPONENT_KEY not in st.session_state:
        st.session_state[COMPONENT_KEY] = comp.ROOT_ID
    selected = st.selectbox(
        view.t("alliance_charts.components_select"),
        options=list(path),
        format_func=path.__getitem__,
        key=COMPONENT_KEY,
    )
    st.markdown(cards[selected], unsafe_allow_html=True)
    show_catalogued(view, COMPONENTS, _components_chart(view, selected), note=note)


def forest_lead(view: View) -> str:
    return chart_lead(chart_title(view, FOREST))


@view_cache(max_entries=8)
def _forest_note(view: View) -> str:
    links = source_links(view, FOREST)
    return view.markdown(view.t("alliance_charts.forest_caption").format(sources=links))


def alliance_forest(view: View, lead: bool = True, tail: str | None = None) -> None:
    parts = _forest_chart(view)
    if lead:
        chart_heading(chart_title(view, FOREST))
    show_catalogued(view, FOREST, parts, note=_forest_note(view), after=tail)


def r_lead(view: View) -> str:
    return chart_lead(chart_title(view, R_CHART))


@functools.cache
def _r_labels(lang: str) -> dict[float, str]:
    """Each step of the r slider written the reader's way (0,28), once per language: the
    slider formats its 101 steps on every run."""
    return {value: number(value, lang) for value in R_STEPS}


@view_cache(max_entries=8)
def _r_note(view: View) -> str:
    measured = max(
        (e for e in view.bundle.effects if e.effect == "alliance_outcome"), key=lambda e: e.k or 0
    )
    variance = view.bundle.figure("alliance_variance")
    return view.markdown(
        view.t("alliance_charts.r_caption").format(
            n=SIMULATED_THERAPIES,
            measured=number(measured.r, view.lang, measured.r_digits),
            source=source_links(view, R_CHART),
            variance=number(variance.value, view.lang, 1),
        )
    )


@st.fragment
def alliance_r(view: View, lead: bool = True) -> None:
    """'What does r look like': a slider for r, the simulated therapies, r² as a share."""
    if lead:
        chart_heading(chart_title(view, R_CHART))
    if R_KEY not in st.session_state:
        st.session_state[R_KEY] = DEFAULT_R
    # A select_slider over r = 0.00 … 1.00, so each value is written the reader's way (0,28).
    labels = _r_labels(view.lang)
    r = st.select_slider(
        view.t("alliance_charts.r_slider"),
        options=R_STEPS,
        format_func=lambda value: labels.get(value) or number(value, view.lang),
        key=R_KEY,
    )
    r = round(float(r), 2)
    show_catalogued(view, R_CHART, _r_chart(view, r), note=_r_note(view))


def shares_lead(view: View) -> str:
    return chart_lead(chart_title(view, SHARES))


@view_cache(max_entries=8)
def _shares_notes(view: View) -> tuple[str, str]:
    shares = view.t("alliance_charts.shares_caption").format(sources=source_links(view, SHARES))
    lambert = view.t("alliance_charts.lambert_caption").format(source=source_links(view, LAMBERT))
    return view.markdown(shares), view.markdown(lambert)


def alliance_shares(view: View, lead: bool = True, tail: str | None = None) -> None:
    """The source page's 70–80 % beside what studies measure, then Lambert's estimate."""
    shares, lambert = _shares_charts(view)
    shares_note, lambert_note = _shares_notes(view)
    if lead:
        chart_heading(chart_title(view, SHARES))
    # Lambert's heading is written in the same element as the caption above it.
    lambert_heading = chart_heading_html(chart_title(view, LAMBERT))
    show_catalogued(view, SHARES, shares, note=shares_note, after=lambert_heading)
    show_catalogued(view, LAMBERT, lambert, note=lambert_note, after=tail)


@st.fragment
def _rupture_course(view: View, lead: bool = True) -> None:
    if lead:
        chart_heading(chart_title(view, RUPTURE))
    st.session_state.setdefault(RUPTURE_KIND_KEY, rupture.RUPTURE_KINDS[0])
    st.session_state.setdefault(REPAIR_KEY, True)
    kind = st.radio(
        view.t("therapy_charts.rupture_kind"),
        options=list(rupture.RUPTURE_KINDS),
        format_func=lambda k: view.t(f"therapy_charts.rupture_{k}"),
        key=RUPTURE_KIND_KEY,
    )
    repair = st.toggle(view.t("therapy_charts.rupture_repair"), key=REPAIR_KEY)
    show_catalogued(view, RUPTURE, _rupture_chart(view, kind, repair))


def rupture_lead(view: View) -> str:
    return chart_lead(chart_title(view, RUPTURE))


def therapy_rupture(view: View, lead: bool = True, tail: str | None = None) -> None:
    """The illustrative course of ruptures and repairs, then the measured repair–outcome link."""
    _rupture_course(view, lead)
    parts = _repair_chart(view)
    chart_heading(chart_title(view, REPAIR))
    show_catalogued(view, REPAIR, parts, note=_repair_note(view), after=tail)


@view_cache(max_entries=8)
def _repair_note(view: View) -> str:
    row, _ = repair_rows(view.bundle.effects)
    return view.markdown(
        view.t("therapy_charts.repair_caption").format(
            sources=source_links(view, REPAIR), k=row.k, n=count(row.n, view.lang)
        )
    )
