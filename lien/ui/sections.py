"""Streamlit's renderer of lien.layout: the pages, the slides and /live draw their text here."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from lien.layout import Block, ClaimBeside, Heading, Part, Text, page_parts
from lien.ui.blocks import BLOCKS
from lien.view import View

_HEADINGS = {1: st.title, 2: st.header, 3: st.subheader}


def render(view: View, parts: Sequence[Part]) -> None:
    """Draw headings, texts, claims beside their evidence, and blocks, in order."""
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


def render_page(view: View, page_id: str) -> None:
    """Title, lead, then each section: heading, text, claim beside evidence, and its block."""
    render(view, page_parts(view.page(page_id)))
