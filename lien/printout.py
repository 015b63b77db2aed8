"""A talk's slides to print or save as PDF: one slide per landscape A4 page, notes optional.

One self-contained HTML file (works offline; Chromium, Firefox or Edge print it to PDF), made
from the same talk, texts and projector charts as present mode (lien.talks, lien.projection),
static, at a fixed size for the page. A Jinja2 template (templates/slides.html), autoescaped.
"""

from __future__ import annotations

from markupsafe import Markup
from plotly.offline import get_plotlyjs

from lien.handout import TEMPLATES, image_data, markdown_html
from lien.layout import Block, Text, slide_parts
from lien.projection import (
    HELPLINE_BLOCKS,
    helpline_columns,
    projected,
    slide_charts,
    sources_line,
)
from lien.talks import Talk, TalkSlide, talk_of
from lien.view import View

# The chart's box on an A4 landscape page, in CSS pixels (a page with notes draws it smaller).
CHART_SIZE = (690, 520)
# Each chart is drawn at about the size it has on the projector (PROJECTOR_SCALE times its box),
# in projector type, then scaled down into its box by the template's CSS zoom: type, legend
# and axis titles keep their share of the chart (drawn at the box's own size, the projector's
# type took a third of the scatter's height and crowded the forest plot's rows).
PROJECTOR_SCALE = 1.6


def _charts(view: View, slide: TalkSlide) -> list[dict]:
    page_slide = slide.page_slide
    if page_slide is None or page_slide.section is None:
        return []
    section = next(s for s in view.page(page_slide.page).sections if s.id == page_slide.section)
    width, height = CHART_SIZE
    out = []
    for chart in slide_charts(section.block, page_slide.chart):
        figure, alt = projected(view, chart)
        figure.update_layout(
            width=round(width * PROJECTOR_SCALE), height=round(height * PROJECTOR_SCALE)
        )
        out.append(
            {
                "title": view.t(chart.title_key),
                "alt": alt,
                "sources": sources_line(view, chart),
                "plot": Markup(
                    figure.to_html(
                        full_html=False, include_plotlyjs=False, config={"staticPlot": True}
                    )
                ),
            }
        )
    return out


def _image(view: View, slide: TalkSlide) -> dict | None:
    return image_data(view, slide.own)


def _words(view: View, slide: TalkSlide, join_address: str) -> Markup:
    if slide.page_slide is not None:
        parts = slide_parts(view.page(slide.page_slide.page), slide.page_slide)
        texts = [p.markdown for p in parts if isinstance(p, Text)]
        if HELPLINE_BLOCKS & {p.name for p in parts if isinstance(p, Block)}:
            texts += helpline_columns(view)  # the safety slide: every helpline, as projected
        return Markup("").join(markdown_html(text) for text in texts)
    if slide.own is not None:
        return markdown_html(slide.own.text or "")
    if slide.question is not None:
        letters = "ABCDEFGH"
        lines = [slide.question.situation or ""]
        options = enumerate(slide.question.options)
        lines += [f"- **{letters[i]}** · {text}" for i, (_, text) in options]
        return markdown_html("\n".join(lines))
    return markdown_html(f"{view.t('present.join_intro')}\n\n**{join_address}**")


def _title(slide: TalkSlide) -> str:
    if slide.question is not None:
        return slide.question.prompt
    return slide.title


def slides_html(view: View, talk_id: str | None, *, notes: bool, join_address: str) -> str:
    """The talk's slides, one per landscape page; with `notes`, each slide's notes under it."""
    talk: Talk | None = talk_of(view.bundle, view.lang, talk_id)
    if talk is None:
        raise KeyError(f"no talk '{talk_id}'")
    slides = [
        {
            "number": s.number,
            "part": talk.part_of(s.number).title,
            "title": _title(s),
            "words": _words(view, s, join_address),
            "charts": _charts(view, s),
            "image": _image(view, s),
            "page": s.own is not None and s.own.image_only,
            "notes": markdown_html(s.notes) if notes else None,
        }
        for s in talk.slides
    ]
    return TEMPLATES.get_template("slides.html").render(
        zoom=round(1 / PROJECTOR_SCALE, 4),
        lang=view.lang,
        t=view.t,
        talk=talk,
        total=len(talk),
        slides=slides,
        notes=notes,
        plotly_js=Markup(get_plotlyjs()) if any(s["charts"] for s in slides) else None,
    )
