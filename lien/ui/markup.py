"""HTML pieces written inside st.markdown (headings with their anchors, bordered cards), so
that text between two widgets goes out as one element. The page's CSS (lien.web.index_page)
styles them; their texts are content, whose own raw HTML is refused when it loads."""

from __future__ import annotations

from lien.html import escape


def heading_html(level: int, text: str, anchor: str | None = None) -> str:
    """A heading inside Markdown; without an anchor it shows no link icon."""
    attrs = f' data-anchor="{escape(anchor)}"' if anchor else ' class="lien-plain"'
    return f"<h{level}{attrs}>{escape(text, quote=False)}</h{level}>"


def card_html(markdown: str) -> str:
    """A bordered card (as st.container(border=True)), its inside Markdown."""
    return f'<div class="lien-card">\n\n{markdown.strip()}\n\n</div>'


def note_html(markdown: str) -> str:
    """A note on a tinted box with an info icon (drawn by the page's CSS, hidden from screen
    readers as st.info's is), as st.info, its inside Markdown."""
    return f'<div class="lien-note">\n\n{markdown.strip()}\n\n</div>'


def fold_html(heading: str, markdown: str) -> str:
    """A heading (HTML) to open, its text (Markdown) shown once opened: a native disclosure,
    which Tab, Enter and Space open and close, and screen readers announce."""
    return (
        f'<details class="lien-fold">\n<summary>{heading}</summary>\n\n'
        f"{markdown.strip()}\n\n</details>"
    )


def cards_html(*cards: str) -> str:
    """Bordered cards side by side (one above the other on a phone), their insides Markdown."""
    return f'<div class="lien-pair">\n\n{"".join(card_html(c) for c in cards)}\n\n</div>'
