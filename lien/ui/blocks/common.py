"""The blocks every part of the app shares: page cards, references, helplines, handout."""

from __future__ import annotations

import streamlit as st

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


def references(view: View) -> None:
    for (topic, entries), anchor in zip(view.references(), TOPICS, strict=True):
        st.subheader(topic, anchor=f"topic-{anchor}")
        entries_md = []
        for ref in entries:
            link = f" [{view.t('sources.link')}]({ref.source.link})" if ref.source.link else ""
            consulted = f" {ref.consulted}." if ref.consulted else ""
            status = f"  \n**{ref.status}**" if ref.status else ""
            entries_md.append(
                f'<span id="{ref.source.id}"></span>{ref.authors}{ref.year}. *{ref.title}*. '
                f"{ref.container}{ref.where}.{consulted}{link}  \n{ref.sample} · {ref.measure}"
                f"{status}"
            )
        # One element per topic, the references as paragraphs (an element each is a message
        # each on every load of the page).
        st.markdown("\n\n".join(entries_md), unsafe_allow_html=True)


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


def helplines_checked(view: View) -> None:
    """The helplines, then where each number was checked and when (the Sources page)."""
    safety(view)
    checks = "\n".join(f"- {line}" for line in view.helpline_checks())
    st.markdown(
        f"**{view.t('safety.checked_heading')}**\n\n{view.t('safety.checked_intro')}\n\n{checks}"
    )


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
