"""What every view needs in the browser: page config, Plotly's locale, the notice of a content
edit to fix, and the calm page shown when content cannot be read at start (<html lang>, the
frame's CSS and Streamlit's words in the reader's language come with the HTML page:
lien.ui.index_page)."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable

import streamlit as st

from lien.content import BUNDLES, ROOT, Problem, content_root
from lien.sitemap import NOTES_PARAM, PRESENT_PARAM
from lien.text import accepted_languages, choose_language, typeset
from lien.view import View

# Shown when content itself cannot be read, so these few words cannot come from content:
# one version per language the code knows, chosen like the pages' language.
_BROKEN = {
    "fr": {
        "title": "Lien : contenu à corriger",
        "intro": (
            "L'application ne peut pas s'afficher : des fichiers de contenu contiennent des "
            "erreurs. Rien n'est perdu ; corrigez les points ci-dessous, puis rechargez la page."
        ),
        "hint": "Pour revoir la liste : python -m lien check",
    },
    "en": {
        "title": "Lien: content to fix",
        "intro": (
            "The app cannot be shown: some content files contain errors. Nothing is lost; fix "
            "the points below, then reload the page."
        ),
        "hint": "To see the list again: python -m lien check",
    },
}
BROKEN_DEFAULT = "fr"

# Plotly's own French (its locale file, shipped in assets/ rather than fetched): toolbar
# tooltips and number and date formats.
PLOTLY_LOCALES: dict[str, dict] = {
    lang: value
    for lang, value in json.loads(
        (ROOT / "assets" / "plotly-locales.json").read_text(encoding="utf-8")
    ).items()
    if isinstance(value, dict)
}

# A local icon, inlined: a Material icon name would make the browser fetch it from the
# internet, and a file path would be read and registered again on every run.
FAVICON = "data:image/png;base64," + base64.b64encode(
    (ROOT / "assets" / "favicon.png").read_bytes()
).decode("ascii")


def page_config(title: str) -> None:
    st.set_page_config(page_title=title, page_icon=FAVICON, layout="centered")


def plotly_config(lang: str, base: dict) -> dict:
    """A chart's Plotly config in the reader's language (Plotly's locale, when it has one)."""
    if lang not in PLOTLY_LOCALES:
        return base
    return {**base, "locale": lang, "locales": {lang: PLOTLY_LOCALES[lang]}}


def content_notice(view: View) -> None:
    """While the content on disk has problems, a one-line notice for the reader, in their
    language and without details (the editor sees them in the terminal and on /live). Not on
    the projected slides."""
    if st.query_params.get(PRESENT_PARAM) == "1" and not st.query_params.get(NOTES_PARAM):
        return
    root = content_root()
    if not BUNDLES.problems(root):
        return
    key = "problems.notice_stale" if BUNDLES.stale(root) else "problems.notice_fallback"
    st.caption(f":material/construction: {view.t(key)}")


def problems_panel(view: View) -> None:
    """For the presenter on /live: what the content on disk lacks, line by line, while the
    room goes on with the last content that loaded."""
    root = content_root()
    problems = BUNDLES.problems(root)
    if not problems:
        return
    key = "problems.live_stale" if BUNDLES.stale(root) else "problems.live_fallback"
    with st.container(border=True, key="live_content_problems"):
        st.warning(view.t(key), icon=":material/construction:")
        st.code("\n".join(str(p) for p in problems), language=None, wrap_lines=True)


def broken_language() -> str:
    """The calm page's language: the URL's, else the browser's, else French."""
    header = st.context.headers.get("Accept-Language") if st.context.headers else None
    return choose_language(
        list(_BROKEN),
        BROKEN_DEFAULT,
        requested=st.query_params.get("lang"),
        browser=accepted_languages(header),
    )


def show_problems(problems: Iterable[Problem]) -> None:
    """The calm page listing what to fix, when content cannot be read at all (at start)."""
    lang = broken_language()
    words = {key: typeset(text, lang) for key, text in _BROKEN[lang].items()}
    page_config(words["title"])
    # <html lang> is the same language already: lien.ui.index_page chooses it by this rule
    # when content cannot be read.
    st.title(words["title"])
    st.markdown(words["intro"])
    st.code("\n".join(str(p) for p in problems), language=None, wrap_lines=True)
    st.caption(words["hint"])
