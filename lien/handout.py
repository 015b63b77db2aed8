"""The printable handout: one self-contained HTML file per language (works offline, prints on A4).

Key points come from the slides (one short text per idea), charts from the same builders as
the app, references from data/sources.csv, and the disclaimer and helplines from content.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import plotly.graph_objects as go
from markdown_it import MarkdownIt
from plotly.offline import get_plotlyjs

from lien.site import PAGES
from lien.view import View

# Charts printed in the handout, per page: each gives (title, figure, text alternative).
HandoutChart = Callable[[View], tuple[str, go.Figure, str]]
HANDOUT_CHARTS: dict[str, list[HandoutChart]] = {}

_MARKDOWN = MarkdownIt("commonmark", {"html": False})
_INTERNAL_LINK = re.compile(r"\[([^\]]+)\]\((?:page|source):[^)]*\)")

_CSS = """
@page { size: A4; margin: 16mm 15mm; }
* { box-sizing: border-box; }
body { font-family: "Source Sans 3", "Segoe UI", Arial, sans-serif; color: #1a1a1a;
       font-size: 11.5pt; line-height: 1.45; max-width: 180mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 22pt; margin: 0 0 4mm; }
h2 { font-size: 16pt; margin: 9mm 0 2mm; border-bottom: 1.5pt solid #0072B2; padding-bottom: 1mm;
     break-after: avoid; }
h3 { font-size: 12.5pt; margin: 5mm 0 1mm; break-after: avoid; }
p, li { margin: 0 0 2mm; }
.lead { font-size: 12.5pt; }
.point { break-inside: avoid; }
.chart { break-inside: avoid; margin: 4mm 0; }
.chart p.alt { font-size: 10pt; color: #444; }
.refs li { font-size: 10pt; break-inside: avoid; }
.box { border: 1pt solid #888; border-radius: 2mm; padding: 3mm 4mm; margin: 4mm 0;
       break-inside: avoid; }
a { color: #0b4f8a; }
@media print { .chart .modebar { display: none !important; } }
"""


def _md(view: View, text: str) -> str:
    """Markdown to HTML; links to pages and sources become plain text (paper has no links)."""
    return _MARKDOWN.render(_INTERNAL_LINK.sub(r"\1", text))


def _references(view: View) -> str:
    parts = []
    for topic, entries in view.references():
        items = "".join(
            f"<li>{html.escape(ref.authors)}{ref.year}. <i>{html.escape(ref.title)}</i>. "
            f"{html.escape(ref.container + ref.where)}."
            + (f" {html.escape(ref.source.link)}" if ref.source.link else "")
            + f"<br>{html.escape(ref.sample)} · {html.escape(ref.measure)}</li>"
            for ref in entries
        )
        parts.append(f"<h3>{html.escape(topic)}</h3><ul class='refs'>{items}</ul>")
    return "".join(parts)


def _charts(view: View, page_id: str) -> str:
    out = []
    for build in HANDOUT_CHARTS.get(page_id, []):
        title, figure, alt = build(view)
        figure = go.Figure(figure).update_layout(width=660, height=380)
        chart = figure.to_html(full_html=False, include_plotlyjs=False, config={"staticPlot": True})
        out.append(
            f"<div class='chart' role='figure' aria-label='{html.escape(alt, quote=True)}'>"
            f"<h3>{html.escape(title)}</h3>{chart}<p class='alt'>{html.escape(alt)}</p></div>"
        )
    return "".join(out)


def handout_html(view: View) -> str:
    """The whole handout for the view's language, as one HTML document."""
    body = [f"<h1>{html.escape(view.t('handout.title'))}</h1>"]
    body.append(f"<p class='lead'>{html.escape(view.t('handout.intro'))}</p>")
    for spec in PAGES:
        deck = view.bundle.deck(view.lang, spec.id)
        if spec.id in ("home", "sources") or not deck:
            continue
        text = view.page(spec.id)
        body.append(f"<h2>{html.escape(text.title)}</h2>")
        body.append(f"<div class='lead'>{_md(view, text.lead)}</div>")
        headings = {s.id: s.heading for s in text.sections}
        for slide in deck:
            if slide.section is None or slide.text is None:
                continue
            body.append(
                f"<div class='point'><h3>{html.escape(headings[slide.section])}</h3>"
                f"{_md(view, slide.text)}</div>"
            )
        body.append(_charts(view, spec.id))
    sources = view.page("sources")
    for section in sources.sections:
        if section.id == "disclaimer":
            body.append(f"<div class='box'><h2>{html.escape(section.heading)}</h2>")
            body.append(f"{_md(view, section.body)}</div>")
    safety = view.bundle.safety[view.lang]
    lines = "".join(
        f"<li><b>{html.escape(place.place)}</b>: "
        + "; ".join(f"<b>{html.escape(x.number)}</b> {html.escape(x.label)}" for x in place.lines)
        + "</li>"
        for place in safety.places
    )
    body.append(
        f"<div class='box'><h2>{html.escape(safety.title)}</h2>"
        f"<p>{html.escape(safety.intro)}</p><ul>{lines}</ul></div>"
    )
    body.append(f"<h2>{html.escape(view.t('handout.references'))}</h2>{_references(view)}")
    plotly_js = (
        f"<script>{get_plotlyjs()}</script>" if "<div class='chart'" in "".join(body) else ""
    )
    return (
        f"<!DOCTYPE html><html lang='{view.lang}'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html.escape(view.t('handout.title'))}</title><style>{_CSS}</style>"
        f"{plotly_js}</head><body>{''.join(body)}</body></html>"
    )
