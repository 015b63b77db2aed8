"""The printable handout of a talk: one self-contained HTML file (works offline, prints on A4).

It follows the talk (the default talk, every slide, unless another is named): the pages the
talk shows slides of, each with its key points (the short texts of the talk's slides of that
page) and every chart of the page in the page's order, in its handout form
(lien.charts.catalogue: the same builders as the app, at their own size so no label runs into
another); then what the presenter added (their own slides), the questions put to the room
with their answers, the presenter card, the disclaimer, what the app keeps, the helplines and
the references. Nothing that only a screen can do: slide texts are written for print too,
and charts are static. The page is a Jinja2 template (templates/handout.html), autoescaped.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence

import plotly.graph_objects as go
from markupsafe import Markup
from plotly.offline import get_plotlyjs

from lien.charts.catalogue import Chart, Form, charts_of
from lien.content.models import IMAGE_TYPES
from lien.html import TEMPLATES, markdown, markdown_inline
from lien.layout import Heading, Part, Text, slide_parts, title_parts
from lien.talks import Talk, talk_of
from lien.view import View

# Pages whose text is the frame of the talk, not its matter: the handout has its own intro,
# disclaimer, helplines and references.
_FRAME_PAGES = ("home", "sources")
# The handout's width for charts, in CSS pixels: A4's text column.
CHART_WIDTH = 660

_INTERNAL_LINK = re.compile(r"\[([^\]]+)\]\((?:page|source):[^)]*\)")


def markdown_html(text: str) -> Markup:
    """Content Markdown as HTML; links to pages and sources become plain text (paper has no
    links). Raw HTML in content is not rendered (markdown-it with html off)."""
    return markdown(_INTERNAL_LINK.sub(r"\1", text))


def inline_html(text: str) -> Markup:
    """One line of content Markdown (bold, links as text) as HTML, without a paragraph."""
    return markdown_inline(_INTERNAL_LINK.sub(r"\1", text))


def _parts_html(parts: Sequence[Part], shift: int) -> list[dict]:
    """The layout's parts as the template's items, headings `shift` levels down."""
    items = []
    for part in parts:
        if isinstance(part, Heading):
            items.append({"heading": part.text, "level": min(part.level + shift, 6)})
        elif isinstance(part, Text):
            items.append({"html": markdown_html(part.markdown)})
    return items


def _chart(view: View, chart: Chart, form: Form) -> dict:
    figure, _, alt = form.build(view)
    # The column's width at the height its builder gives it (a shorter one ran the labels of
    # the taller charts into one another), and no title of its own: the heading says it, so
    # the room the builder kept above the plot for the title goes too.
    figure = go.Figure(figure)
    top = figure.layout.margin.t or 0
    if figure.layout.title.text:
        figure.update_layout(margin={"t": 20}, height=(figure.layout.height or 450) - top + 20)
    figure.update_layout(width=CHART_WIDTH, title=None)
    alt = f"{view.t('charts.illustrative')} {alt}" if chart.illustrative else alt
    return {
        "title": " · ".join(view.t(k) for k in (chart.title_key, form.detail_key) if k),
        "alt": alt,
        "plot": Markup(
            figure.to_html(full_html=False, include_plotlyjs=False, config={"staticPlot": True})
        ),
    }


def handout_pages(view: View, talk: Talk) -> list[dict]:
    """Each page the talk teaches from: its title and lead, the key points of the talk's
    slides of that page, and every chart of the page."""
    pages = []
    for page_id in talk.page_ids:
        if page_id in _FRAME_PAGES:
            continue
        text = view.page(page_id)
        points = [
            _parts_html(slide_parts(text, s.page_slide, blocks=False), shift=2)
            for s in talk.slides
            if s.page_id == page_id
            and s.page_slide.section is not None
            and s.page_slide.text is not None
        ]
        pages.append(
            {
                "intro": _parts_html(title_parts(text), shift=1),
                "points": points,
                "charts": [
                    _chart(view, chart, form)
                    for section in text.sections
                    for chart in charts_of(section.block)
                    for form in chart.handout_forms()
                ],
            }
        )
    return pages


_MIME = {"PNG": "image/png", "JPEG": "image/jpeg", "WebP": "image/webp"}


def image_data(view: View, own) -> dict | None:
    """An own slide's image, inline (the file works offline), with its text alternative."""
    if own is None or own.image is None or view.bundle.media_dir is None:
        return None
    path = view.bundle.media_dir / own.image
    if not path.is_file():
        return None
    kind = IMAGE_TYPES[path.suffix.lower()]
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return {"src": f"data:{_MIME[kind]};base64,{data}", "alt": own.image_alt}


def _own_points(view: View, talk: Talk) -> list[dict]:
    """The presenter's own slides that have a text, as key points; a page of their own deck
    (image_only) as its picture, whole."""
    return [
        {
            "heading": s.own.title,
            "html": markdown_html(s.own.text or ""),
            "image": image_data(view, s.own) if s.own.image_only else None,
        }
        for s in talk.slides
        if s.own is not None and (s.own.text or s.own.image_only)
    ]


def _questions(talk: Talk) -> list[dict]:
    """The questions put to the room, with the right answer and its explanation if any."""
    out = []
    for s in talk.slides:
        question = s.question
        if question is None:
            continue
        right = [text for option_id, text in question.options if option_id in question.correct]
        out.append(
            {
                "situation": question.situation,
                "prompt": question.prompt,
                "options": [text for _, text in question.options],
                "right": right,
                "explanation": question.explanation,
            }
        )
    return out


def handout_html(view: View, talk_id: str | None = None, join_address: str | None = None) -> str:
    """The handout of a talk (the default talk when none is named), as one HTML document;
    with `join_address`, the room's address (the one the presenter's check verified) beside
    the questions put to the room."""
    talk = talk_of(view.bundle, view.lang, talk_id)
    if talk is None:
        raise KeyError(f"no talk '{talk_id}'")
    pages = handout_pages(view, talk)
    sections = {s.id: s for s in view.page("sources").sections}
    disclaimer = sections.get("disclaimer")
    return TEMPLATES.get_template("handout.html").render(
        lang=view.lang,
        t=view.t,
        talk=talk,
        pages=pages,
        own=_own_points(view, talk),
        questions=_questions(talk),
        join_address=join_address,
        disclaimer=disclaimer,
        # What the live room keeps, in content's one privacy text (lien.content.privacy), under
        # the Sources page's heading; the page's other points are about a screen.
        privacy_heading=sections["privacy"].heading if "privacy" in sections else None,
        privacy=view.t("privacy.room"),
        markdown=markdown_html,
        safety=view.bundle.safety[view.lang],
        helplines=view.helplines(),
        inline=inline_html,
        references=view.references(),
        presenter=view.bundle.presenter[view.lang],
        plotly_js=Markup(get_plotlyjs()) if any(p["charts"] for p in pages) else None,
    )
