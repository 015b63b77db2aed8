"""What every view needs in the browser: page config, <html lang>, the frame's CSS and French
chrome, the notice of a content edit to fix, and the calm page shown when content cannot be
read at start."""

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

# Streamlit fades captions with opacity 0.6, which puts their links near 3:1 on white. A solid
# dark grey and a dark blue keep captions and their links at WCAG 2.2 AA (over 7:1).
FRAME_CSS = (
    "<style>[data-testid='stCaptionContainer'] { opacity: 1 !important; color: #4A4A4A; }"
    "[data-testid='stCaptionContainer'] a { color: #084C7A !important; }"
    # Page links keep their one line and cut it on a phone or a slide: let them wrap.
    "[data-testid='stPageLink-NavLink'] :is(span, p) { white-space: normal !important;"
    " overflow: visible !important; text-overflow: clip !important; }"
    "[data-testid='stPageLink-NavLink'] { height: auto !important; }"
    # A closed side menu (the navigation, on a phone) is moved off screen but its links stay
    # in the Tab order: hidden, they are out of it until the menu is opened.
    "[data-testid='stSidebar'][data-collapsed='true'] { visibility: hidden; }"
    # A heading's anchor link shows on hover only; reached with Tab, it shows too.
    "[data-testid='stHeaderActionElements'] a:focus-visible { opacity: 1 !important;"
    " transition: none !important; }"
    # On a phone Plotly's toolbar sits over the chart's title and axis: not shown there (the
    # chart's data and its PNG stay one tap away in "See the data" and on a larger screen).
    "@media (max-width: 640px) { .js-plotly-plot .modebar-container { display: none !important; }"
    " }</style>"
)

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


# Streamlit's own interface words (English whatever the page's language) and the text key
# that says each in the reader's language (content/<lang>/ui.toml, [a11y]).
STREAMLIT_WORDS = {
    "Skip to main content": "a11y.skip_link",
    "App pages": "a11y.app_pages",
    "Main menu": "a11y.main_menu",
    "Link to heading": "a11y.heading_link",
    "Fullscreen": "a11y.fullscreen",
    "Close fullscreen": "a11y.fullscreen_close",
    "Exit fullscreen": "a11y.fullscreen_close",
    "Choose an option": "a11y.choose_option",
    "Open": "a11y.open",
    "Close": "a11y.close",
    "Clear all": "a11y.clear",
    "Clear value": "a11y.clear",
    "Show password": "a11y.show_password",
    "Hide password": "a11y.hide_password",
    "Sidebar": "a11y.sidebar",
    "Expand sidebar": "a11y.sidebar_expand",
    "Collapse sidebar": "a11y.sidebar_collapse",
    "progress": "a11y.progress",
    "Press Enter to apply": "a11y.press_enter",
    "No results": "a11y.no_results",
    "Download as CSV": "a11y.download_csv",
    "Search": "a11y.search",
    "Running...": "a11y.running",
}

# Says Streamlit's words in the page's language, now and whenever Streamlit draws them again
# (a MutationObserver, installed once per browser tab; each run hands it this run's words).
# Decorative icons ("info icon") are hidden from screen readers: the text beside them says it.
_CHROME_JS = """
(function (words) {
  window.__lienWords = words;
  var ATTRS = ['aria-label', 'title', 'data-title', 'placeholder'];
  function say(text) {
    var w = window.__lienWords;
    return Object.prototype.hasOwnProperty.call(w, text) ? w[text] : null;
  }
  function fix(root) {
    if (!root || !root.querySelectorAll) return;
    var nodes = [root].concat(Array.prototype.slice.call(
      root.querySelectorAll('[aria-label],[title],[data-title],[placeholder]')));
    nodes.forEach(function (el) {
      if (!el.getAttribute) return;
      ATTRS.forEach(function (a) {
        var v = el.getAttribute(a), t = v && say(v);
        if (t && t !== v) el.setAttribute(a, t);
      });
      var label = el.getAttribute('aria-label');
      if (label && / icon$/.test(label) && el.tagName === 'SPAN') {
        el.removeAttribute('aria-label'); el.setAttribute('aria-hidden', 'true');
      }
    });
    root.querySelectorAll('a[href="#stMain"], [data-testid="InputInstructions"],'
      + ' [data-testid="stStatusWidget"] label, li[role="option"]').forEach(function (el) {
      var t = say(el.textContent.trim());
      if (t && el.children.length === 0) el.textContent = t;
    });
  }
  fix(document.body);
  if (window.__lienObserver) return;
  window.__lienObserver = new MutationObserver(function (changes) {
    changes.forEach(function (c) {
      if (c.type === 'attributes') fix(c.target);
      c.addedNodes && c.addedNodes.forEach(function (n) { if (n.nodeType === 1) fix(n); });
      if (c.type === 'characterData' && c.target.parentElement) fix(c.target.parentElement);
    });
  });
  window.__lienObserver.observe(document.body, {subtree: true, childList: true,
    characterData: true, attributes: true, attributeFilter: ATTRS});
})(WORDS);
"""


def page_config(title: str) -> None:
    st.set_page_config(page_title=title, page_icon=FAVICON, layout="centered")


def plotly_config(lang: str, base: dict) -> dict:
    """A chart's Plotly config in the reader's language (Plotly's locale, when it has one)."""
    if lang not in PLOTLY_LOCALES:
        return base
    return {**base, "locale": lang, "locales": {lang: PLOTLY_LOCALES[lang]}}


def page_frame(view: View) -> None:
    """The page's language for screen readers, the skip link in its words, readable captions,
    and a discreet notice while a content edit is to fix."""
    # Screen readers pick their voice from <html lang>, which Streamlit leaves at "en", and
    # Streamlit's own words (the skip link, its buttons' labels) are English. The code comes
    # from the validated list of languages and the words from content (JSON-escaped), never
    # from the reader.
    words = {english: view.t(key) for english, key in STREAMLIT_WORDS.items()}
    chrome = _CHROME_JS.replace("WORDS", json.dumps(words).replace("<", "\\u003c"))
    st.html(
        f"<script>document.documentElement.lang = {view.lang!r};{chrome}</script>{FRAME_CSS}",
        unsafe_allow_javascript=True,
        width="content",
    )
    content_notice(view)


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
    st.html(
        f"<script>document.documentElement.lang = {lang!r};</script>",
        width="content",
        unsafe_allow_javascript=True,
    )
    st.title(words["title"])
    st.markdown(words["intro"])
    st.code("\n".join(str(p) for p in problems), language=None, wrap_lines=True)
    st.caption(words["hint"])
