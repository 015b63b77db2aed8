"""Streamlit's renderer of lien.layout: the pages, the slides and /live draw their text here.

A reading page is written as few elements as it can be: every element is a websocket message
on every load, about 0.25 ms of the server's time under a room's load. Everything between two
blocks (the title, the lead, each section's heading and text, a claim beside its evidence,
a block that is text alone, and the next block's own heading and intro) is Markdown, so it
goes out as one st.markdown; after a chart block, the block writes it in its chart's caption
element (BLOCK_TAILS).
Headings are HTML so each keeps its own anchor (Streamlit's Markdown headings take their id
from `data-anchor`): /alliance#frame still lands on its section.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from lien.layout import Block, ClaimBeside, Folded, Heading, Part, Text, page_parts
from lien.ui.blocks import BLOCK_LEADS, BLOCK_TAILS, BLOCK_TEXTS, BLOCKS
from lien.ui.chart import view_cache
from lien.ui.markup import cards_html, fold_html, heading_html
from lien.view import View

_HEADINGS = {1: st.title, 2: st.header, 3: st.subheader}


def _claim_cards(view: View, part: ClaimBeside) -> tuple[str, str]:
    """The claim and its evidence, each under its label, as Markdown."""
    return (
        f"**{view.t('claim.label')}**\n\n{view.markdown(part.claim)}",
        f"**{view.t('claim.evidence_label')}**\n\n{view.markdown(part.evidence)}",
    )


def render(view: View, parts: Sequence[Part]) -> None:
    """Draw headings, texts, claims beside their evidence, and blocks, one element each."""
    for part in parts:
        if isinstance(part, Folded):  # on a slide or /live, shown open
            render(view, [part.heading, part.text])
        elif isinstance(part, Heading):
            _HEADINGS[part.level](part.text, anchor=part.anchor or False)
        elif isinstance(part, Text):
            st.markdown(view.markdown(part.markdown))
        elif isinstance(part, ClaimBeside):
            for column, text in zip(
                st.columns(2, border=True), _claim_cards(view, part), strict=True
            ):
                column.markdown(text)
        elif isinstance(part, Block):
            BLOCKS[part.name](view)


# A page as steps: Markdown to write, or (block name, its lead already written, the text after
# it that the block writes in its last element, or None).
Step = str | tuple[str, bool, str | None]


def _prose(view: View, part: Part) -> str | None:
    """A part of a page as the Markdown written with the text around it, or None for a
    block drawn by its own elements."""
    if isinstance(part, Heading):
        return heading_html(part.level, part.text, part.anchor)
    if isinstance(part, Text):
        return view.markdown(part.markdown).strip()
    if isinstance(part, Folded):
        heading = part.heading
        return fold_html(
            heading_html(heading.level, heading.text, heading.anchor),
            view.markdown(part.text.markdown),
        )
    if isinstance(part, ClaimBeside):
        return cards_html(*_claim_cards(view, part))
    if isinstance(part, Block) and part.name in BLOCK_TEXTS:
        # A block that is text alone (the references, the checked helplines).
        return BLOCK_TEXTS[part.name](view)
    return None


@view_cache(max_entries=64)
def page_steps(view: View, page_id: str) -> tuple[Step, ...]:
    """Built once per content generation, language and page, shared by every session."""
    built: list = []
    prose: list[str] = []

    def flush() -> None:
        if not prose:
            return
        text = "\n\n".join(prose)
        prose.clear()
        last = built[-1] if built else None
        if isinstance(last, list) and last[0] in BLOCK_TAILS:
            last[2] = text  # written by the block, in its last element
        else:
            built.append(text)

    for part in page_parts(view.page(page_id)):
        text = _prose(view, part)
        if text is not None:
            prose.append(text)
        elif isinstance(part, Block):
            lead = BLOCK_LEADS.get(part.name)
            if lead is not None:
                prose.append(lead(view))
            flush()
            built.append([part.name, lead is not None, None])
    flush()
    return tuple(tuple(step) if isinstance(step, list) else step for step in built)


def render_page(view: View, page_id: str) -> None:
    """Title, lead, then each section: heading, text, claim beside evidence, and its block."""
    for step in page_steps(view, page_id):
        if isinstance(step, str):
            # HTML on for the headings and cards above only: content's own raw HTML is
            # refused when it loads (python -m lien check), and no text comes from a reader.
            st.markdown(step, unsafe_allow_html=True)
        else:
            name, lead_written, tail = step
            options = {}
            if lead_written:
                options["lead"] = False
            if tail is not None:
                options["tail"] = tail
            BLOCKS[name](view, **options)
