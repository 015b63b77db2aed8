"""Streamlit's renderer of lien.layout: the pages, the slides and /live draw their text here.

A reading page is written as few elements as it can be: every element is a websocket message
on every load, about 0.25 ms of the server's time under a room's load. Everything between two
blocks (the title, the lead, each section's heading and text, a claim beside its evidence,
and the next block's own heading and intro) is Markdown, so it goes out as one st.markdown.
Headings are HTML so each keeps its own anchor (Streamlit's Markdown headings take their id
from `data-anchor`): /alliance#frame still lands on its section.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import streamlit as st

from lien.layout import Block, ClaimBeside, Heading, Part, Text, page_parts
from lien.ui.blocks import BLOCK_LEADS, BLOCKS
from lien.ui.markup import cards_html, heading_html
from lien.view import View

_HEADINGS = {1: st.title, 2: st.header, 3: st.subheader}


def render(view: View, parts: Sequence[Part]) -> None:
    """Draw headings, texts, claims beside their evidence, and blocks, one element each."""
    for part in parts:
        if isinstance(part, Heading):
            _HEADINGS[part.level](part.text, anchor=part.anchor or False)
        elif isinstance(part, Text):
            st.markdown(view.markdown(part.markdown))
        elif isinstance(part, ClaimBeside):
            claim, evidence = st.columns(2, border=True)
            claim.markdown(f"**{view.t('claim.label')}**\n\n{view.markdown(part.claim)}")
            evidence.markdown(
                f"**{view.t('claim.evidence_label')}**\n\n{view.markdown(part.evidence)}"
            )
        elif isinstance(part, Block):
            BLOCKS[part.name](view)


# A page as steps: Markdown to write, or (block name, its lead already written). Built once
# per content generation, language and page, shared by every session.
Step = str | tuple[str, bool]
_STEPS: dict[tuple, tuple[Step, ...]] = {}
_STEPS_LOCK = threading.Lock()


def page_steps(view: View, page_id: str) -> tuple[Step, ...]:
    key = (*view.cache_key(), page_id)
    steps = _STEPS.get(key)
    if steps is not None:
        return steps
    built: list[Step] = []
    prose: list[str] = []

    def flush() -> None:
        if prose:
            built.append("\n\n".join(prose))
            prose.clear()

    for part in page_parts(view.page(page_id)):
        if isinstance(part, Heading):
            prose.append(heading_html(part.level, part.text, part.anchor))
        elif isinstance(part, Text):
            prose.append(view.markdown(part.markdown).strip())
        elif isinstance(part, ClaimBeside):
            prose.append(
                cards_html(
                    f"**{view.t('claim.label')}**\n\n{view.markdown(part.claim)}",
                    f"**{view.t('claim.evidence_label')}**\n\n{view.markdown(part.evidence)}",
                )
            )
        elif isinstance(part, Block):
            lead = BLOCK_LEADS.get(part.name)
            if lead is not None:
                prose.append(lead(view))
            flush()
            built.append((part.name, lead is not None))
    flush()
    with _STEPS_LOCK:
        if len(_STEPS) >= 64:
            _STEPS.clear()
        _STEPS[key] = result = tuple(built)
    return result


def render_page(view: View, page_id: str) -> None:
    """Title, lead, then each section: heading, text, claim beside evidence, and its block."""
    for step in page_steps(view, page_id):
        if isinstance(step, str):
            # HTML on for the headings and cards above only: content's own raw HTML is
            # refused when it loads (python -m lien check), and no text comes from a reader.
            st.markdown(step, unsafe_allow_html=True)
        else:
            name, lead_written = step
            if lead_written:
                BLOCKS[name](view, lead=False)
            else:
                BLOCKS[name](view)
