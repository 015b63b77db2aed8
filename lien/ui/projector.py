"""A slide's content in projector type: its title, its short text, its chart or its image.

The charts come from lien.projection (a projector copy of each page's figure, built once per
loaded content and language, shared by every session); a section's other blocks (page links,
the quiz, the reflection …) stay on the pages, except the helplines, which a slide shows.
"""

from __future__ import annotations

import streamlit as st

from lien.charts.catalogue import Chart, chart
from lien.content.models import OwnSlide, Slide
from lien.layout import Block, Heading, Text, slide_parts
from lien.projection import (
    HELPLINE_BLOCKS,
    helpline_columns,
    projected,
    slide_charts,
    sources_line,
)
from lien.ui.chart import chart_cache, frozen
from lien.view import View

# A slide of text alone with at most this many characters sets it in larger type (present
# mode's CSS: .st-key-present_short), rather than leaving two thirds of the screen empty.
SHORT_TEXT = 200
# On a slide a chart is a picture: no hover, no toolbar, the size of the stage.
SLIDE_CHART_CONFIG = {"displayModeBar": False, "staticPlot": True, "responsive": True}


@chart_cache(max_entries=64)
def slide_figure(view: View, key: str):
    """The projector copy of one chart (frozen: shared by every session), and its text
    alternative."""
    figure, alt = projected(view, chart(key))
    return frozen(figure), alt


def charts_of(view: View, slide: Slide) -> list[Chart]:
    """The charts a page slide shows: its section's block's, or the one it names."""
    if slide.section is None:
        return []
    section = next(s for s in view.page(slide.page).sections if s.id == slide.section)
    return list(slide_charts(section.block, slide.chart))


def page_slide(view: View, slide: Slide) -> None:
    """A page's slide: its title, then its text, with its chart beside it (16:9 is wide: the
    chart gets the stage's full height)."""
    parts = slide_parts(view.page(slide.page), slide)
    blocks = [p.name for p in parts if isinstance(p, Block)]
    words = "\n\n".join(view.markdown(p.markdown) for p in parts if isinstance(p, Text))
    for part in parts:
        if isinstance(part, Heading):
            st.title(part.text, anchor=False)
    charts = charts_of(view, slide)
    if not charts:
        helpline = bool(HELPLINE_BLOCKS & set(blocks))
        text_alone(words, short=not helpline)
        if helpline:
            helplines(view)
        return
    with st.container(key="present_body", horizontal=True, gap="large"):
        with st.container(key="present_words"):
            st.markdown(words)
            # The charts' sources under the text: the chart keeps the column's height.
            lines = [line for line in (sources_line(view, c) for c in charts) if line]
            if lines:
                st.caption("\n\n".join(lines))
        # A fixed height (made the stage's by CSS): the chart stretches into what is left.
        with st.container(key="present_figure", height=800, border=False):
            for shown in charts:
                show_chart(view, shown)


def text_alone(markdown: str, *, short: bool = True) -> None:
    """A slide's text with no chart or image beside it: larger when it is short."""
    if short and len(markdown) <= SHORT_TEXT:
        with st.container(key="present_short"):
            st.markdown(markdown)
    else:
        st.markdown(markdown)


def show_chart(view: View, shown: Chart) -> None:
    figure, alt = slide_figure(view, shown.id)
    # An h2 under the slide's h1, as on the page in present mode.
    st.header(view.t(shown.title_key), anchor=False)
    st.plotly_chart(
        figure,
        key=shown.id,
        config=SLIDE_CHART_CONFIG,
        width="stretch",
        height="stretch",
        theme=None,
        alt=alt,
    )


def helplines(view: View) -> None:
    """The helplines of the talk's language as the Sources page has them (number, name, cost
    and hours: lien.view.View.helplines), each place in a column of its own."""
    with st.container(key="present_helplines", horizontal=True, gap="medium"):
        for markdown in helpline_columns(view):
            with st.container():
                st.markdown(markdown)


def own_slide(view: View, slide: OwnSlide) -> None:
    path = view.bundle.media_dir / slide.image if view.bundle.media_dir and slide.image else None
    if slide.image_only:
        # A page of one's own deck: the picture alone, whole, as large as the stage allows
        # (letterboxed by present mode's CSS); its text is the picture's alternative.
        with st.container(key="present_page"):
            if path is not None and path.is_file():
                st.image(str(path), width="stretch", alt=slide.image_alt)
        return
    st.title(slide.title, anchor=False)
    if slide.image is None:
        if slide.text:
            text_alone(view.markdown(slide.text))
        return
    with st.container(key="present_body", horizontal=True, gap="large"):
        if slide.text:
            with st.container(key="present_words"):
                st.markdown(view.markdown(slide.text))
        with st.container(key="present_figure", height=800, border=False):
            if path is not None and path.is_file():
                st.image(str(path), width="stretch", alt=slide.image_alt)
