"""Lien's one way to write HTML: one Jinja environment, one Markdown renderer, one escape.

- `TEMPLATES`: every template (the phone pages, the word cloud and the room's report in
  lien/live/templates; the handout and the printed slides in lien/templates), autoescaped:
  a value written by a template is escaped unless it is `Markup`.
- `markdown` and `markdown_inline`: content's Markdown (CommonMark, its raw HTML refused)
  as `Markup`.
- `escape`: text made safe inside HTML written by code, the same escape the templates use
  (markupsafe's). With `quote=False` a quote stays as typed (text between two tags, read
  again as Markdown by Streamlit, keeps "l'alliance" as written).
"""

from __future__ import annotations

import markupsafe
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup

__all__ = ["TEMPLATES", "Markup", "escape", "markdown", "markdown_inline"]

TEMPLATES = Environment(
    loader=ChoiceLoader(
        [PackageLoader("lien.live", "templates"), PackageLoader("lien", "templates")]
    ),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
    # The templates are code, not content: read once, not checked on disk at every page.
    auto_reload=False,
)

_MARKDOWN = MarkdownIt("commonmark", {"html": False})


def markdown(text: str) -> Markup:
    """Content's Markdown as HTML blocks (paragraphs, lists); raw HTML in it stays text."""
    return Markup(_MARKDOWN.render(text))


def markdown_inline(text: str) -> Markup:
    """One line of content's Markdown (emphasis, links) as inline HTML, without a paragraph."""
    return Markup(_MARKDOWN.renderInline(text))


def escape(text: object, *, quote: bool = True) -> Markup:
    """`text` safe inside HTML: & < > always; quotes too unless `quote` is False."""
    escaped = markupsafe.escape(text)
    if quote:
        return escaped
    return Markup(str(escaped).replace("&#39;", "'").replace("&#34;", '"'))
