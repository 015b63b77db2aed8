"""What a page, a section or a slide shows, in order: headings, texts, claims, blocks.

One description, drawn by two renderers: Streamlit's (lien.ui.sections) for the pages, the
slides and /live, and the handout's HTML (lien.handout).
"""

from __future__ import annotations

from dataclasses import dataclass

from lien.content.models import PageText, Section, Slide


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1 for a page's title or a slide's, 2 for a page's sections …
    anchor: str | None = None  # the id links point to (page:alliance#frame)


@dataclass(frozen=True)
class Text:
    markdown: str  # content Markdown; its page: and source: links are resolved when drawn


@dataclass(frozen=True)
class ClaimBeside:
    """A claim of the source page shown beside what the studies find."""

    claim: str
    evidence: str


@dataclass(frozen=True)
class Block:
    name: str  # one of lien.sitemap.BLOCK_NAMES


@dataclass(frozen=True)
class Folded:
    """A section's heading as a line to open, and its text shown once it is opened."""

    heading: Heading
    text: Text


Part = Heading | Text | ClaimBeside | Block | Folded


def section_parts(
    section: Section, level: int = 2, text: str | None = None, blocks: bool = True
) -> list[Part]:
    """A section: its heading, its text (or a slide's shorter one), its claim, its block."""
    parts: list[Part] = [Heading(section.heading, level, section.id)]
    parts.append(Text(text or section.body))
    if section.claim is not None and section.evidence is not None and text is None:
        parts.append(ClaimBeside(section.claim, section.evidence))
    if blocks and section.block is not None:
        parts.append(Block(section.block))
    return parts


def title_parts(page: PageText, level: int = 1, text: str | None = None) -> list[Part]:
    """A page's title and its lead (or a slide's text in place of the lead)."""
    return [Heading(page.title, level), Text(text or page.lead)]


def sections_parts(page: PageText) -> list[Part]:
    """Every section of a page, with its claim and block."""
    return [part for section in page.sections for part in section_parts(section)]


def page_parts(page: PageText) -> list[Part]:
    """A whole page: title, lead, then every section with its claim and block (a section to
    fold as a heading to open, its text inside)."""
    parts = title_parts(page)
    for section in page.sections:
        own = section_parts(section)
        if section.fold:
            heading, text, *rest = own
            own = [Folded(heading, text), *rest]
        parts += own
    return parts


def slide_parts(page: PageText, slide: Slide, level: int = 1, blocks: bool = True) -> list[Part]:
    """One slide: a page's title slide, or one of its sections in the slide's words."""
    if slide.section is None:
        return title_parts(page, level, slide.text)
    section = next(s for s in page.sections if s.id == slide.section)
    parts = section_parts(section, level, slide.text or section.body, blocks)
    # On a slide the heading is the slide's title: no anchor to jump to.
    parts[0] = Heading(section.heading, level)
    return parts
