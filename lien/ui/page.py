"""What every view needs in the browser: page config, Plotly's locale, the notice of a content
edit to fix, and the calm page shown when content cannot be read at start (<html lang>, the
frame's CSS and Streamlit's words in the reader's language come with the HTML page:
lien.web.index_page)."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable

import streamlit as st

from lien.content import BUNDLES, ROOT, Problem, content_root
from lien.content.messages import language_of, say
from lien.sitemap import LANG_PARAM, NOTES_PARAM, PRESENT_PARAM
from lien.view import View

# Plotly's own French (its locale file, shipped in assets/ rather than fetched): what Lien's
# charts can show of it. The toolbar's tooltips and messages and an unnamed trace's name are
# kept, with the decimal and thousands marks; its words for charts Lien does not draw (3D,
# maps, box plots, financial charts, flows, editable titles) and its month and day names (no
# chart has a date) are left out: st.plotly_chart encodes a chart's config on every run, and
# these were most of its 3.7 kB (docs/performance.md).
_PLOTLY_WORDS = frozenset(
    {
        "Autoscale",
        "Compare data on hover",
        "Double-click on legend to isolate one trace",
        "Double-click to zoom back out",
        "Download plot",
        "Download plot as a PNG",
        "Pan",
        "Reset",
        "Reset axes",
        "Reset view",
        "Reset views",
        "Show closest data on hover",
        "Snapshot succeeded",
        "Sorry, there was a problem downloading your snapshot!",
        "Taking snapshot - this may take a few seconds",
        "Toggle Spike Lines",
        "Toggle show closest data on hover",
        "Zoom",
        "Zoom in",
        "Zoom out",
        "trace",
    }
)
_PLOTLY_FORMAT = ("decimal", "thousands")


def _shown_locale(locale: dict) -> dict:
    return {
        "dictionary": {k: v for k, v in locale["dictionary"].items() if k in _PLOTLY_WORDS},
        "format": {k: locale["format"][k] for k in _PLOTLY_FORMAT},
    }


PLOTLY_LOCALES: dict[str, dict] = {
    lang: _shown_locale(value)
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
        # One line per problem, in the presenter's language (the content's default unless
        # the page is read in another).
        text = "\n".join(p.say(view.lang) for p in problems)
        st.code(text, language=None, wrap_lines=True)


def broken_language() -> str:
    """The calm page's language: the URL's, else the browser's, else the content's default
    (read from content/site.toml alone), else French."""
    header = st.context.headers.get("Accept-Language") if st.context.headers else None
    return language_of(
        content_root(), requested=st.query_params.get(LANG_PARAM), accept_language=header
    )


def show_problems(problems: Iterable[Problem]) -> None:
    """The calm page listing what to fix, when content cannot be read at all (at start).

    Its words cannot come from the broken content: they are lien/content/messages.toml's.
    """
    lang = broken_language()
    title = say("calm.title", lang)
    page_config(title)
    # <html lang> is the same language already: lien.web.index_page chooses it by this rule
    # when content cannot be read.
    st.title(title)
    st.markdown(say("calm.intro", lang))
    st.code("\n".join(p.say(lang) for p in problems), language=None, wrap_lines=True)
    st.caption(say("calm.hint", lang))
