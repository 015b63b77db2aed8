"""The chart blocks of /alliance and /therapy: controls, cached charts, text alternatives.

Each chart is built once per loaded content, language and choice, and shared by every session
(lien.ui.chart.chart_cache); an interactive chart lives in a fragment, so moving its control
reruns that chart only.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from lien.charts import alliance_outcome as ao
from lien.charts import components as comp
from lien.charts import rupture
from lien.charts.parts import ChartParts
from lien.content.models import Source
from lien.text import count, number, short_citation
from lien.ui.chart import chart_cache, chart_heading, chart_lead, frozen, show_chart
from lien.ui.markup import card_html
from lien.view import View

# Widget keys start with the page's name.
COMPONENT_KEY = "alliance_component"
R_KEY = "alliance_r"
RUPTURE_KIND_KEY = "therapy_rupture_kind"
REPAIR_KEY = "therapy_repair"

R_STEPS = tuple(round(i / 100, 2) for i in range(101))


def _shown(parts: ChartParts, titled: bool = False) -> ChartParts:
    """Frozen for the cache; the page shows most charts' titles as a heading, so their
    figure drops it."""
    figure = parts.figure
    if not titled:
        figure.update_layout(title=None, margin={"t": 20})
    return parts._replace(figure=frozen(figure))


def _links(sources: Sequence[Source]) -> str:
    """Markdown links to the sources page, one per study, for captions."""
    return ", ".join(f"[{short_citation(s)}](source:{s.id})" for s in sources)


@chart_cache(max_entries=128)
def _components_chart(view: View, selected: str) -> ChartParts:
    return _shown(comp.components_parts(view, selected))


@chart_cache(max_entries=8)
def _forest_chart(view: View) -> ChartParts:
    return _shown(ao.forest_parts(view))


@chart_cache(max_entries=256)
def _r_chart(view: View, r: float) -> ChartParts:
    return _shown(ao.r_parts(view, r), titled=True)


@chart_cache(max_entries=8)
def _shares_charts(view: View) -> tuple[ChartParts, ChartParts]:
    return _shown(ao.shares_parts(view)), _shown(ao.lambert_parts(view))


@chart_cache(max_entries=16)
def _rupture_chart(view: View, kind: str, repair: bool) -> ChartParts:
    return _shown(rupture.rupture_parts(view, kind, repair))


@chart_cache(max_entries=8)
def _repair_chart(view: View) -> ChartParts:
    return _shown(rupture.repair_parts(view))


# --- the blocks ----------------------------------------------------------------------------


def components_lead(view: View) -> str:
    return chart_lead(view.t("alliance_charts.components_title"))


@st.fragment
def alliance_components(view: View, lead: bool = True) -> None:
    """The sunburst, and a keyboard-reachable choice of part whose meaning is shown.

    `lead=False`: its title was written with the page's text (components_lead)."""
    components = view.bundle.components[view.lang]
    walk = components.walk()
    names = {comp.ROOT_ID: components.label}
    path = {comp.ROOT_ID: components.label}
    for node, parent in walk:
        names[node.id] = node.label
        path[node.id] = node.label if parent is None else f"{path[parent]} › {node.label}"
    meanings = {comp.ROOT_ID: components.meaning, **{n.id: n.meaning for n, _ in walk}}
    if lead:
        chart_heading(view.t("alliance_charts.components_title"))
    st.session_state.setdefault(COMPONENT_KEY, comp.ROOT_ID)
    selected = st.selectbox(
        view.t("alliance_charts.components_select"),
        options=list(path),
        format_func=path.__getitem__,
        key=COMPONENT_KEY,
    )
    # A bordered card in one Markdown element (a container would be one more element).
    st.markdown(card_html(f"**{names[selected]}**  \n{meanings[selected]}"), unsafe_allow_html=True)
    figure, table, alt = _components_chart(view, selected)
    show_chart(
        view,
        figure,
        key="alliance_components_chart",
        alt_text=alt,
        table=table,
        note=comp.components_list(components, view.texts),
    )


def forest_lead(view: View) -> str:
    return chart_lead(view.t("alliance_charts.forest_title"))


def alliance_forest(view: View, lead: bool = True) -> None:
    figure, table, alt = _forest_chart(view)
    if lead:
        chart_heading(view.t("alliance_charts.forest_title"))
    sources = view.bundle.sources_by_id
    cited = sorted(
        {sources[e.source_id] for e in view.bundle.effects if e.effect == "alliance_outcome"},
        key=lambda s: s.year or 0,
    )
    note = view.markdown(view.t("alliance_charts.forest_caption").format(sources=_links(cited)))
    show_chart(view, figure, key="alliance_forest_chart", alt_text=alt, table=table, note=note)


def r_lead(view: View) -> str:
    return chart_lead(view.t("alliance_charts.r_title"))


@st.fragment
def alliance_r(view: View, lead: bool = True) -> None:
    """'What does r look like': a slider for r, the simulated therapies, r² as a share."""
    if lead:
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
    figure, table, alt = _r_chart(view, r)
    measured = max(
        (e for e in view.bundle.effects if e.effect == "alliance_outcome"), key=lambda e: e.k or 0
    )
    variance = view.bundle.figure("alliance_variance")
    sources = view.bundle.sources_by_id
    note = view.markdown(
        view.t("alliance_charts.r_caption").format(
            n=ao.SIMULATED_THERAPIES,
            measured=number(measured.r, view.lang, measured.r_digits),
            source=_links([sources[measured.source_id]]),
            variance=number(variance.value, view.lang, 1),
        )
    )
    show_chart(view, figure, key="alliance_r_chart", alt_text=alt, table=table, note=note)


def shares_lead(view: View) -> str:
    return chart_lead(view.t("alliance_charts.shares_title"))


def alliance_shares(view: View, lead: bool = True) -> None:
    """The source page's 70–80 % beside what studies measure, then Lambert's estimate."""
    shares, lambert = _shares_charts(view)
    sources = view.bundle.sources_by_id
    if lead:
        chart_heading(view.t("alliance_charts.shares_title"))
    figure, table, alt = shares
    cited = [sources[i] for i in ("fluckiger2018", "wampold2005", "lambert1992")]
    links = f"[{view.t('alliance_charts.source_page')}](source:source_page), {_links(cited)}"
    note = view.markdown(view.t("alliance_charts.shares_caption").format(sources=links))
    show_chart(view, figure, key="alliance_shares_chart", alt_text=alt, table=table, note=note)
    chart_heading(view.t("alliance_charts.lambert_title"))
    figure, table, alt = lambert
    note = view.markdown(
        view.t("alliance_charts.lambert_caption").format(source=_links([sources["lambert1992"]]))
    )
    show_chart(view, figure, key="alliance_lambert_chart", alt_text=alt, table=table, note=note)


@st.fragment
def _rupture_course(view: View, lead: bool = True) -> None:
    if lead:
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
    figure, table, alt = _rupture_chart(view, kind, repair)
    show_chart(
        view, figure, key="therapy_rupture_chart", alt_text=alt, table=table, illustrative=True
    )


def rupture_lead(view: View) -> str:
    return chart_lead(view.t("therapy_charts.rupture_title"))


def therapy_rupture(view: View, lead: bool = True) -> None:
    """The illustrative course of ruptures and repairs, then the measured repair–outcome link."""
    _rupture_course(view, lead)
    figure, table, alt = _repair_chart(view)
    chart_heading(view.t("therapy_charts.repair_title"))
    sources = view.bundle.sources_by_id
    row, reference = rupture.repair_rows(view.bundle.effects)
    note = view.markdown(
        view.t("therapy_charts.repair_caption").format(
            sources=_links([sources[row.source_id], sources[reference.source_id]]),
            k=row.k,
            n=count(row.n, view.lang),
        )
    )
    show_chart(view, figure, key="therapy_repair_chart", alt_text=alt, table=table, note=note)
