"""The three charts of /attachment as Streamlit blocks; each reruns on its own (a fragment).

Each chart is declared in lien.charts.catalogue (its id, heading, illustrative or not), where
these blocks look it up by id."""

from __future__ import annotations

import streamlit as st

from lien.charts.dimensions import dimension_map_parts
from lien.charts.parts import ChartParts
from lien.charts.prevalence import GROUPS, prevalence_parts, studies, studies_of
from lien.charts.stress import stress_parts
from lien.content.models import STYLE_IDS
from lien.ui import chart as chart_ui
from lien.ui.chart import chart_cache, chart_heading, chart_lead, chart_title, frozen
from lien.ui.markup import card_html, note_html
from lien.view import View

NO_STYLE = "none"
# The charts these blocks draw, by their id in lien.charts.catalogue.
PREVALENCE = "attachment_prevalence"
MAP = "attachment_map"
STRESS = "attachment_stress"


def _frozen(parts: ChartParts) -> ChartParts:
    return parts._replace(figure=frozen(parts.figure))


@chart_cache()
def _prevalence(view: View, group: str, show_claims: bool) -> ChartParts:
    return _frozen(prevalence_parts(view, group, show_claims))


@chart_cache()
def dimension_map(view: View, highlight: str | None = None) -> ChartParts:
    """The map's figure, table and text alternative (cached)."""
    return _frozen(dimension_map_parts(view, highlight))


@chart_cache()
def _stress(view: View, scenario: str) -> ChartParts:
    return _frozen(stress_parts(view, scenario))


@chart_cache()
def _studies(view: View):
    return studies(view)


@chart_cache()
def _sources_caption(view: View, source_ids: tuple[str, ...]) -> str:
    known = _studies(view)
    links = ", ".join(f"[{known[s].label}]({view.href('sources', '#' + s)})" for s in source_ids)
    return f"{view.t('attachment.prevalence.sources_caption')} {links}."


def prevalence_lead(view: View) -> str:
    return chart_lead(chart_title(view, PREVALENCE), view.t("attachment.prevalence.intro"))


@st.fragment
def prevalence(view: View, lead: bool = True) -> None:
    """Pick an age and a measure, see each study's split beside the source page's claims.

    `lead=False`: its title and intro were written with the page's text (prevalence_lead)."""
    if lead:
        chart_heading(chart_title(view, PREVALENCE))
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
    shown = studies_of(view.bundle.prevalence, group) + (["source_page"] if show_claims else [])
    chart_ui.show_catalogued(
        view,
        PREVALENCE,
        _prevalence(view, group, show_claims),
        _sources_caption(view, tuple(shown)),
        after=_claims_card(view) if show_claims else None,
    )


@chart_cache(max_entries=8)
def _claims_card(view: View) -> str:
    # The claims' card is written in the chart's caption element: each element is a message
    # to the browser on every run.
    return card_html(
        f"◆ {view.t('attachment.prevalence.claim_secure')}\n\n"
        f"◆ {view.t('attachment.prevalence.claim_disorganized')}"
    )


def map_lead(view: View) -> str:
    return chart_lead(chart_title(view, MAP), view.t("attachment.map.intro"))


@st.fragment
def dimension_map_block(view: View, lead: bool = True) -> None:
    """Anxiety × avoidance; choosing a style lights its region and lists its stress behaviours."""
    if lead:
        chart_heading(chart_title(view, MAP))
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
    chart_ui.show_catalogued(
        view,
        MAP,
        dimension_map(view, highlight),
        view.t("attachment.map.sources"),
        after=_map_after(view, highlight),
    )


@chart_cache()
def _map_after(view: View, highlight: str | None) -> str:
    """The note and the chosen style's card, written in the chart's caption element."""
    after = note_html(view.t("attachment.map.loose_match"))
    if highlight is not None:
        style = view.bundle.stress[view.lang].style(highlight)
        name = view.t(f"attachment.style.{highlight}")
        after += "\n\n" + card_html(
            f"**{view.t('attachment.map.behaviours_heading').format(style=name)}**\n\n"
            f"{view.t('attachment.map.strategy')} {style.strategy}\n\n"
            + "\n".join(f"- {b}" for b in style.behaviours)
        )
    return after


def stress_lead(view: View) -> str:
    return chart_lead(chart_title(view, STRESS), view.t("attachment.stress.intro"))


@st.fragment
def stress(view: View, lead: bool = True) -> None:
    """Three everyday stressors and each style's typical response, as an illustrative chart."""
    texts = view.bundle.stress[view.lang]
    if lead:
        chart_heading(chart_title(view, STRESS))
        st.markdown(view.t("attachment.stress.intro"))
    scenario = st.segmented_control(
        view.t("attachment.stress.scenario_label"),
        options=[s.id for s in texts.scenarios],
        format_func=lambda s: texts.scenario(s).label,
        default=texts.scenarios[0].id,
        required=True,
        key="attachment_scenario",
    )
    chart_ui.show_catalogued(
        view, STRESS, _stress(view, scenario), after=_stress_responses(view, scenario)
    )


@chart_cache()
def _stress_responses(view: View, scenario: str) -> str:
    """Each style's response to the scenario, written in the chart's caption element."""
    responses = view.bundle.stress[view.lang].scenario(scenario).responses
    line = view.t("attachment.stress.response_line")
    return f"**{view.t('attachment.stress.responses_heading')}**\n\n" + "\n".join(
        "- "
        + line.format(
            style=view.t(f"attachment.style.{s}"),
            strategy=view.t(f"attachment.strategy.{s}"),
            response=responses[s],
        )
        for s in STYLE_IDS
    )
