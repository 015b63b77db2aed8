"""The blocks every part of the app shares: page cards, references, helplines, handout."""

from __future__ import annotations

import nh3
import streamlit as st
from markupsafe import escape

from lien.handout import handout_html
from lien.sitemap import PAGES
from lien.ui import nav
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
_REFERENCE_TAGS = {"span", "em", "br", "a"}
_REFERENCE_ATTRIBUTES = {"span": {"id"}, "a": {"href"}}


def reference_html(ref, link_text: str) -> str:
    link = ""
    if ref.source.link:
        link = f' <a href="{escape(ref.source.link)}">{escape(link_text)}</a>'
    built = (
        f'<span id="{escape(ref.source.id)}"></span>{escape(ref.authors)}{escape(ref.year)}. '
        f"<em>{escape(ref.title)}</em>. {escape(ref.container)}{escape(ref.where)}.{link}"
        f"<br>{escape(ref.sample)} · {escape(ref.measure)}"
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


def references(view: View) -> None:
    for (topic, entries), anchor in zip(view.references(), TOPICS, strict=True):
        st.subheader(topic, anchor=f"topic-{anchor}")
        html = [reference_html(ref, view.t("sources.link")) for ref in entries]
        # One element per topic, the references as paragraphs (an element each is a message
        # each on every load of the page). Sanitised above: no raw HTML from content.
        st.markdown("\n\n".join(f"<p>{entry}</p>" for entry in html), unsafe_allow_html=True)


def safety_lines(view: View) -> None:
    safety = view.bundle.safety[view.lang]
    # One element, not one per country: this popover is on every page, every rerun.
    parts = [f"**{safety.title}**", safety.intro]
    for place in safety.places:
        lines = "\n".join(f"- **{line.number}**: {line.label}" for line in place.lines)
        parts.append(f"*{place.place}*\n\n{lines}")
    st.markdown("\n\n".join(parts))


def safety(view: View) -> None:
    with st.container(border=True):
        safety_lines(view)


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
