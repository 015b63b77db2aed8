"""The three charts of /attachment as Streamlit blocks; each reruns on its own (a fragment)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lien import chart_ui
from lien.chart_ui import bundle_token, chart_heading, frozen
from lien.charts.dimensions import (
    dimension_map_alt_text,
    dimension_map_figure,
    dimension_map_table,
)
from lien.charts.numbers import study_label
from lien.charts.prevalence import (
    GROUPS,
    Study,
    prevalence_alt_text,
    prevalence_figure,
    prevalence_table,
    studies_of,
)
from lien.charts.stress import stress_alt_text, stress_figure, stress_table
from lien.content import Bundle
from lien.handout import HANDOUT_CHARTS
from lien.models import STYLE_IDS
from lien.view import View

CLAIM_IDS = ("claim_secure", "claim_disorganized")
NO_STYLE = "none"

# Figures are built once per language and choice, then shared by every session: building a
# Plotly figure costs far more than sending it. `token` ties an entry to the content it
# was built from (the bundle is itself cached, and replaced when a content file changes).
# Cached figures are never modified after they are built.
_CACHE = {"show_spinner": False, "max_entries": 64}


def studies(bundle: Bundle, lang: str) -> dict[str, Study]:
    texts = bundle.source_texts[lang]
    return {
        s.id: Study(study_label(s, texts[s.id].authors), texts[s.id].sample, texts[s.id].measure)
        for s in bundle.sources
        if s.id in texts
    }


@st.cache_resource(**_CACHE)
def _prevalence(
    _bundle: Bundle, token: int, lang: str, group: str, show_claims: bool
) -> tuple[go.Figure, pd.DataFrame, str]:
    ui = _bundle.ui[lang]
    known = studies(_bundle, lang)
    claims = [_bundle.figure(c) for c in CLAIM_IDS] if show_claims else []
    return (
        frozen(prevalence_figure(_bundle.prevalence, known, ui, lang, group, claims)),
        prevalence_table(_bundle.prevalence, known, ui, group, claims),
        prevalence_alt_text(_bundle.prevalence, known, ui, lang, group),
    )


@st.cache_resource(**_CACHE)
def _dimension_map(
    _bundle: Bundle,
    token: int,
    lang: str,
    highlight: str | None,
    point: tuple[float, float] | None,
) -> tuple[go.Figure, pd.DataFrame, str]:
    ui = _bundle.ui[lang]
    return (
        frozen(dimension_map_figure(ui, highlight=highlight, point=point)),
        dimension_map_table(ui, lang, point=point),
        dimension_map_alt_text(ui, lang, highlight=highlight, point=point),
    )


@st.cache_resource(**_CACHE)
def _stress(
    _bundle: Bundle, token: int, lang: str, scenario: str
) -> tuple[go.Figure, pd.DataFrame, str]:
    ui, texts, values = _bundle.ui[lang], _bundle.stress[lang], _bundle.stress_values
    return (
        frozen(stress_figure(values, texts, ui, scenario)),
        stress_table(values, ui, scenario),
        stress_alt_text(texts, ui, scenario),
    )


def dimension_map_parts(view: View, highlight=None, point=None):
    """The map's figure, table and text alternative (cached), for the reflection too."""
    return _dimension_map(view.bundle, bundle_token(view.bundle), view.lang, highlight, point)


@st.cache_resource(**_CACHE)
def _studies(_bundle: Bundle, token: int, lang: str) -> dict[str, Study]:
    return studies(_bundle, lang)


def _sources_caption(view: View, source_ids: list[str]) -> str:
    known = _studies(view.bundle, bundle_token(view.bundle), view.lang)
    links = ", ".join(f"[{known[s].label}]({view.href('sources', '#' + s)})" for s in source_ids)
    return f"{view.t('attachment.prevalence.sources_caption')} {links}."


@st.fragment
def prevalence(view: View) -> None:
    """Pick an age and a measure, see each study's split beside the source page's claims."""
    chart_heading(view.t("attachment.prevalence.title"))
    st.markdown(view.t("attachment.prevalence.intro"))
    group = st.segmented_control(
        view.t("attachment.prevalence.group_label"),
        options=GROUPS,
        format_func=lambda g: view.t(f"attachment.group.{g}"),
        default=GROUPS[0],
        required=True,
        key="attachment_group",
    )
    show_claims = st.toggle(
        view.t("attachment.prevalence.show_claims"), value=True, key="attachment_claims"
    )
    figure, table, alt = _prevalence(
        view.bundle, bundle_token(view.bundle), view.lang, group, show_claims
    )
    shown = studies_of(view.bundle.prevalence, group) + (["source_page"] if show_claims else [])
    chart_ui.show_chart(
        view,
        figure,
        key="attachment_prevalence",
        alt_text=alt,
        table=table,
        note=_sources_caption(view, shown),
    )
    if show_claims:
        # One element per block of text: each element is a message to the browser.
        with st.container(border=True):
            st.markdown(
                f"◆ {view.t('attachment.prevalence.claim_secure')}\n\n"
                f"◆ {view.t('attachment.prevalence.claim_disorganized')}"
            )


@st.fragment
def dimension_map(view: View) -> None:
    """Anxiety × avoidance; choosing a style lights its region and lists its stress behaviours."""
    chart_heading(view.t("attachment.map.title"))
    st.markdown(view.t("attachment.map.intro"))
    choice = st.segmented_control(
        view.t("attachment.map.style_label"),
        options=(NO_STYLE, *STYLE_IDS),
        format_func=lambda s: view.t(
            "attachment.map.all_styles" if s == NO_STYLE else f"attachment.style.{s}"
        ),
        default=NO_STYLE,
        required=True,
        key="attachment_style",
    )
    highlight = None if choice == NO_STYLE else choice
    figure, table, alt = dimension_map_parts(view, highlight=highlight)
    chart_ui.show_chart(
        view,
        figure,
        key="attachment_map",
        alt_text=alt,
        table=table,
        note=view.t("attachment.map.sources"),
    )
    st.info(view.t("attachment.map.loose_match"), icon=":material/info:")
    if highlight is not None:
        style = view.bundle.stress[view.lang].style(highlight)
        name = view.t(f"attachment.style.{highlight}")
        with st.container(border=True, key="attachment_behaviours"):
            st.markdown(
                f"**{view.t('attachment.map.behaviours_heading').format(style=name)}**\n\n"
                f"{view.t('attachment.map.strategy')} {style.strategy}\n\n"
                + "\n".join(f"- {b}" for b in style.behaviours)
            )


@st.fragment
def stress(view: View) -> None:
    """Three everyday stressors and each style's typical response, as an illustrative chart."""
    texts = view.bundle.stress[view.lang]
    chart_heading(view.t("attachment.stress.title"))
    st.markdown(view.t("attachment.stress.intro"))
    scenario = st.segmented_control(
        view.t("attachment.stress.scenario_label"),
        options=[s.id for s in texts.scenarios],
        format_func=lambda s: texts.scenario(s).label,
        default=texts.scenarios[0].id,
        required=True,
        key="attachment_scenario",
    )
    figure, table, alt = _stress(view.bundle, bundle_token(view.bundle), view.lang, scenario)
    chart_ui.show_chart(
        view, figure, key="attachment_stress", alt_text=alt, table=table, illustrative=True
    )
    responses = texts.scenario(scenario).responses
    line = view.t("attachment.stress.response_line")
    st.markdown(
        f"**{view.t('attachment.stress.responses_heading')}**\n\n"
        + "\n".join(
            "- "
            + line.format(
                style=view.t(f"attachment.style.{s}"),
                strategy=view.t(f"attachment.strategy.{s}"),
                response=responses[s],
            )
            for s in STYLE_IDS
        )
    )


ATTACHMENT_BLOCKS: dict[str, Callable[[View], None]] = {
    "attachment_prevalence": prevalence,
    "attachment_map": dimension_map,
    "attachment_stress": stress,
}


def _handout_prevalence(group: str):
    def build(view: View) -> tuple[str, go.Figure, str]:
        figure, _, alt = _prevalence(view.bundle, bundle_token(view.bundle), view.lang, group, True)
        return view.t("attachment.prevalence.title"), figure, alt

    return build


def _handout_map(view: View) -> tuple[str, go.Figure, str]:
    figure, _, alt = dimension_map_parts(view)
    return view.t("attachment.map.title"), figure, alt


def _handout_stress(view: View) -> tuple[str, go.Figure, str]:
    scenario = view.bundle.stress[view.lang].scenarios[0].id
    figure, _, alt = _stress(view.bundle, bundle_token(view.bundle), view.lang, scenario)
    return view.t("attachment.stress.title"), figure, f"{view.t('charts.illustrative')} {alt}"


# The printed handout shows the same figures as the page (built by the same cached builders).
HANDOUT_CHARTS.setdefault("attachment", []).extend(
    [_handout_prevalence("infant"), _handout_prevalence("adult_aai"), _handout_stress, _handout_map]
)
