"""The printable handout: one self-contained HTML file per language (works offline, prints on A4).

Key points come from the slides (one short text per idea), charts from the same builders as
the app (an explicit list, below), references from data/sources.csv, and the disclaimer and
helplines from content. The page is a Jinja2 template (templates/handout.html), autoescaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
from jinja2 import Environment, PackageLoader, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup
from plotly.offline import get_plotlyjs

from lien.charts import alliance_outcome, components, dimensions, prevalence, rupture, stress
from lien.charts.parts import ChartParts
from lien.layout import Heading, Part, Text, slide_parts, title_parts
from lien.sitemap import PAGES
from lien.view import View

_MARKDOWN = MarkdownIt("commonmark", {"html": False})
_INTERNAL_LINK = re.compile(r"\[([^\]]+)\]\((?:page|source):[^)]*\)")
TEMPLATES = Environment(
    loader=PackageLoader("lien", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class HandoutChart:
    title_key: str  # the chart's heading, a text key
    build: Callable[[View], ChartParts]
    illustrative: bool = False
    detail_key: str | None = None  # what tells this chart from its siblings (an age group)


def _first_scenario(view: View) -> ChartParts:
    return stress.stress_parts(view, view.bundle.stress[view.lang].scenarios[0].id)


# Every chart of every page the handout covers, in the page's order: the same builders the
# pages use, listed here so the handout is the same whatever was imported first.
HANDOUT_CHARTS: dict[str, tuple[HandoutChart, ...]] = {
    "alliance": (
        HandoutChart("alliance_charts.components_title", components.components_parts),
        HandoutChart("alliance_charts.forest_title", alliance_outcome.forest_parts),
        HandoutChart(
            "alliance_charts.r_title",
            lambda v: alliance_outcome.r_parts(v, alliance_outcome.DEFAULT_R),
        ),
        HandoutChart("alliance_charts.shares_title", alliance_outcome.shares_parts),
        HandoutChart("alliance_charts.lambert_title", alliance_outcome.lambert_parts),
    ),
    "attachment": (
        *(
            HandoutChart(
                "attachment.prevalence.title",
                lambda v, g=group: prevalence.prevalence_parts(v, g),
                detail_key=f"attachment.group.{group}",
            )
            for group in prevalence.GROUPS
        ),
        HandoutChart("attachment.stress.title", _first_scenario, illustrative=True),
        HandoutChart("attachment.map.title", dimensions.dimension_map_parts),
    ),
    "therapy": (
        HandoutChart(
            "therapy_charts.rupture_title",
            lambda v: rupture.rupture_parts(v, rupture.RUPTURE_KINDS[0], True),
            illustrative=True,
        ),
        HandoutChart("therapy_charts.repair_title", rupture.repair_parts),
    ),
}


def markdown_html(text: str) -> Markup:
    """Content Markdown as HTML; links to pages and sources become plain text (paper has no
    links). Raw HTML in content is not rendered (markdown-it with html off)."""
    return Markup(_MARKDOWN.render(_INTERNAL_LINK.sub(r"\1", text)))


def inline_html(text: str) -> Markup:
    """One line of content Markdown (bold, links as text) as HTML, without a paragraph."""
    return Markup(_MARKDOWN.renderInline(_INTERNAL_LINK.sub(r"\1", text)))


def _parts_html(parts: Sequence[Part], shift: int) -> list[dict]:
    """The layout's parts as the template's items, headings `shift` levels down."""
    items = []
    for part in parts:
        if isinstance(part, Heading):
            items.append({"heading": part.text, "level": min(part.level + shift, 6)})
        elif isinstance(part, Text):
            items.append({"html": markdown_html(part.markdown)})
    return items


def _chart(view: View, chart: HandoutChart) -> dict:
    figure, _, alt = chart.build(view)
    # A fixed size for A4, and the figure's own title dropped: the heading says it.
    figure = go.Figure(figure).update_layout(width=660, height=400, title=None)
    alt = f"{view.t('charts.illustrative')} {alt}" if chart.illustrative else alt
    return {
        "title": " · ".join(view.t(k) for k in (chart.title_key, chart.detail_key) if k),
        "alt": alt,
        "plot": Markup(
            figure.to_html(full_html=False, include_plotlyjs=False, config={"staticPlot": True})
        ),
    }


def handout_pages(view: View) -> list[dict]:
    """Each taught page: its title and lead, its key points (the slides' short texts), charts."""
    pages = []
    for spec in PAGES:
        deck = view.bundle.deck(view.lang, spec.id)
        if spec.id in ("home", "sources") or not deck:
            continue
        text = view.page(spec.id)
        points = [
            _parts_html(slide_parts(text, slide, blocks=False), shift=2)
            for slide in deck
            if slide.section is not None and slide.text is not None
        ]
        pages.append(
            {
                "intro": _parts_html(title_parts(text), shift=1),
                "points": points,
                "charts": [_chart(view, c) for c in HANDOUT_CHARTS.get(spec.id, ())],
            }
        )
    return pages


def handout_html(view: View) -> str:
    """The whole handout for the view's language, as one HTML document."""
    pages = handout_pages(view)
    disclaimer = next((s for s in view.page("sources").sections if s.id == "disclaimer"), None)
    return TEMPLATES.get_template("handout.html").render(
        lang=view.lang,
        t=view.t,
        pages=pages,
        disclaimer=disclaimer,
        markdown=markdown_html,
        safety=view.bundle.safety[view.lang],
        helplines=view.helplines(),
        inline=inline_html,
        references=view.references(),
        presenter=view.bundle.presenter[view.lang],
        plotly_js=Markup(get_plotlyjs()) if any(p["charts"] for p in pages) else None,
    )
