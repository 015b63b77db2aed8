"""The blocks a content section places after its text (`block = "…"`), by name.

Their names are declared in lien.sitemap.BLOCK_NAMES, which `python -m lien check` validates
content against; tests/test_architecture.py keeps the two the same.
"""

from __future__ import annotations

from collections.abc import Callable

from lien.ui.blocks import alliance, attachment, common, quiz, reflection
from lien.view import View

BLOCKS: dict[str, Callable[[View], None]] = {
    "page_cards": common.page_cards,
    "references": common.references,
    "safety": common.safety,
    "helplines_checked": common.helplines_checked,
    "handout": common.handout,
    "quiz_round": quiz.quiz_round,
    "alliance_components": alliance.alliance_components,
    "alliance_forest": alliance.alliance_forest,
    "alliance_r": alliance.alliance_r,
    "alliance_shares": alliance.alliance_shares,
    "therapy_rupture": alliance.therapy_rupture,
    "attachment_prevalence": attachment.prevalence,
    "attachment_map": attachment.dimension_map_block,
    "attachment_stress": attachment.stress,
    "reflection": reflection.reflection,
}

# The blocks whose own title (and intro) a page writes with its text before them, as one
# Markdown element: each gives that Markdown, and its block then takes `lead=False`.
BLOCK_LEADS: dict[str, Callable[[View], str]] = {
    "alliance_components": alliance.components_lead,
    "alliance_forest": alliance.forest_lead,
    "alliance_r": alliance.r_lead,
    "alliance_shares": alliance.shares_lead,
    "therapy_rupture": alliance.rupture_lead,
    "attachment_prevalence": attachment.prevalence_lead,
    "attachment_map": attachment.map_lead,
    "attachment_stress": attachment.stress_lead,
}

# The blocks that are text alone (Markdown and sanitised HTML, the same for every reader of a
# language): a page writes each with its text around it, as one element with that text.
BLOCK_TEXTS: dict[str, Callable[[View], str]] = {
    "references": common.references_markdown,
    "helplines_checked": common.helplines_checked_markdown,
    "safety": common.safety_card_markdown,
}

# The chart blocks that take the page's text after them (`tail`), to write in their last
# chart's caption element: one element fewer on every load. Only blocks whose last chart has
# no control: in a fragment, the page's text would be sent again each time the control moves.
BLOCK_TAILS: frozenset[str] = frozenset({"alliance_forest", "alliance_shares", "therapy_rupture"})
