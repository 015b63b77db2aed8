"""The blocks every part of the app shares: page cards, references, helplines, handout."""

from __future__ import annotations

import nh3
import streamlit as st

from lien.handout import handout_html
from lien.html import escape
from lien.sitemap import PAGES
from lien.ui import nav
from lien.ui.markup import card_html, heading_html
from lien.view import TOPICS, View


def page_cards(view: View) -> None:
    for spec in PAGES:
        if spec.id != "home":
            st.page_link(
                nav.page_object(view, spec.id),
                label=f"{view.t(f'nav.{spec.id}')} — {view.t(f'cards.{spec.id}')}",
                icon=spec.icon,
            )


# What a reference may hold once built: its anchor, the title in italics, a line break, a link
# to http(s) only. Everything from content is escaped first; nh3 (a maintained sanitiser)
# then removes anything else, so a CSV field can never run script, style the page, frame or
# post elsewhere, or load from another host.
_REFERENCE_TAGS = {"span", "em", "strong", "br", "a"}
_REFERENCE_ATTRIBUTES = {"span": {"id"}, "a": {"href"}}


def reference_html(ref, link_text: str) -> str:
    link = ""
    consulted = f" {escape(ref.consulted)}." if ref.consulted else ""
    status = f"<br><strong>{escape(ref.status)}</strong>" if ref.status else ""
    if ref.source.link:
        link = f' <a href="{escape(ref.source.link)}">{escape(link_text)}</a>'
    built = (
        f'<span id="{escape(ref.source.id)}"></span>{escape(ref.authors)}{escape(ref.year)}. '
        f"<em>{escape(ref.title)}</em>. {escape(ref.container)}{escape(ref.where)}."
        f"{consulted}{link}<br>{escape(ref.sample)} · {escape(ref.measure)}"
        # A claim's source says so: its figures are claims, never checked data.
        f"{status}"
    )
    clean = nh3.clean(
        built,
        tags=_REFERENCE_TAGS,
        attributes=_REFERENCE_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer",
    )
    # The serialiser writes no-break spaces and ampersands as entities: as characters they
    # read the same and cannot open a tag ("<" and ">" stay escaped).
    return clean.replace("&nbsp;", "\u00a0").replace("&amp;", "&")


def references_markdown(view: View) -> str:
    """Every reference, grouped by topic under its heading (with its anchor, #topic-…), as
    one Markdown text: a page writes it with its text around it (lien.ui.sections)."""
    parts = []
    for (topic, entries), anchor in zip(view.references(), TOPICS, strict=True):
        parts.append(heading_html(3, topic, f"topic-{anchor}"))
        # The references as paragraphs, sanitised above: no raw HTML from content.
        html = [reference_html(ref, view.t("sources.link")) for ref in entries]
        parts.append("\n\n".join(f"<p>{entry}</p>" for entry in html))
    return "\n\n".join(parts)


def references(view: View) -> None:
    st.markdown(references_markdown(view), unsafe_allow_html=True)


def safety_markdown(view: View) -> str:
    """The helplines as one Markdown text, every word and mark from content."""
    safety = view.bundle.safety[view.lang]
    parts = [f"**{safety.title}**", safety.intro]
    for place, lines in view.helplines():
        parts.append(f"*{place}*\n\n" + "\n".join(f"- {line}" for line in lines))
    return "\n\n".join(parts)


def safety_lines(view: View) -> None:
    # One element, not one per country: this popover is on every page, every rerun.
    st.markdown(safety_markdown(view))


def safety(view: View) -> None:
    with st.container(border=True):
        safety_lines(view)


def safety_card_markdown(view: View) -> str:
    """The helplines in their bordered card, as one Markdown text: a page writes it with its
    text before it (lien.ui.sections)."""
    return card_html(safety_markdown(view))


def helplines_checked_markdown(view: View) -> str:
    """The helplines in their bordered card, then where each number was checked and when (the
    Sources page), as one Markdown text."""
    checks = "\n".join(f"- {line}" for line in view.helpline_checks())
    return (
        f"{safety_card_markdown(view)}\n\n"
        f"**{view.t('safety.checked_heading')}**\n\n{view.t('safety.checked_intro')}\n\n{checks}"
    )


def helplines_checked(view: View) -> None:
    st.markdown(helplines_checked_markdown(view), unsafe_allow_html=True)


def presenter_card(view: View) -> None:
    person = view.bundle.presenter[view.lang]
    if not person.filled:
        return
    with st.container(border=True):
        st.markdown(f"**{view.t('presenter.heading')}**")
        details = " · ".join(x for x in (person.title, person.place) if x)
        st.markdown(f"{person.name}" + (f"  \n{details}" if details else ""))
        if person.contact:
            st.markdown(f"{view.t('presenter.contact')} {person.contact}")


@st.cache_resource(max_entries=4, show_spinner=False, hash_funcs={View: View.cache_key})
def _handout_bytes(view: View) -> bytes:
    return handout_html(view).encode("utf-8")


def handout(view: View) -> None:
    st.download_button(
        view.t("handout.download"),
        data=lambda: _handout_bytes(view),
        file_name=f"lien-handout-{view.lang}.html",
        mime="text/html",
        icon=":material/print:",
        key=f"sources_handout_{view.lang}",
        on_click="ignore",  # see chart_ui.show_chart: a rerun would only race the download
    )
