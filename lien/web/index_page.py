"""Streamlit's index.html, served by Lien with the reader's language, the frame's CSS and
Streamlit's own words in the reader's language.

These used to be an st.html element at the top of every page: one websocket message on every
run of every page. In the HTML page itself they cost nothing per run. `<html lang>` is written
for the language the run will choose (the address's `lang`, else the browser's, else the
default), a small script follows the `lang` parameter that each run writes into the address
(with history.replaceState), and the words for every language are in the page once.

User routes of st.App come before Streamlit's own, so these answer "/" and each page's path
(a deep link such as /alliance) instead of Streamlit's static handler.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from importlib.util import find_spec
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from lien.content import BUNDLES, Bundle, ContentError, content_root
from lien.content.messages import content_language, language_of
from lien.sitemap import LANG_PARAM, PAGES, START_PATH
from lien.text import accepted_languages, choose_language

# Streamlit fades captions with opacity 0.6, which puts their links near 3:1 on white. A solid
# dark grey and a dark blue keep captions and their links at WCAG 2.2 AA (over 7:1).
FRAME_CSS = (
    "[data-testid='stCaptionContainer'] { opacity: 1 !important; color: #4A4A4A; }"
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
    " }"
    # Headings written in a page's text (lien.ui.sections): those without an anchor of their
    # own (a page's title, a chart's title) show no link icon, as st.title(anchor=False).
    ".lien-plain [data-testid='stHeaderActionElements'] { display: none !important; }"
    # A claim beside its evidence: two bordered cards in one Markdown element, side by side
    # when there is room, one above the other on a phone (as st.columns did).
    ".lien-pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));"
    " gap: 1rem; margin-bottom: 1rem; }"
    ".lien-card { border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem;"
    " padding: calc(1rem - 1px); margin-bottom: 1rem; }"
    ".lien-pair > .lien-card { margin-bottom: 0; }"
    ".lien-card > :last-child { margin-bottom: 0; }"
    # The header's two controls on one row without a container (lien.ui.frame.header): the
    # help popover, out of the flow, at the right end of the language switch's row.
    "[data-testid='stVerticalBlock']:has(> .st-key-lang_switch) { position: relative; }"
    ".st-key-lien_help { position: absolute !important; top: 0; right: 0;"
    " width: auto !important; }"
    ".st-key-lang_switch { min-height: 2.5rem; display: flex; flex-direction: column;"
    " justify-content: center; }"
    # Too narrow for both (under about 350 px): the help button goes under the switch.
    "@media (max-width: 22rem) { .st-key-lien_help { position: static !important; } }"
)

# Targets a thumb can hit (WCAG 2.2, 2.5.8: 24×24 CSS px at least). Streamlit hides a radio's
# or a checkbox's input and makes its whole label the target: each label is at least 24 px
# tall, and the eye of a password field as well. A choice label's text may wrap (a long option
# on a phone) instead of being cut, and so may a segmented control's option (the situations
# of the stress chart on /attachment).
TARGETS_CSS = (
    "label[data-testid='stRadioOption'], [data-testid='stCheckbox'] > label {"
    " display: flex; align-items: center; min-height: 1.5rem; }"
    "[data-testid='stTextInputRootElement'] button { min-height: 1.5rem; min-width: 1.5rem; }"
    "[data-testid='stButtonGroup'] button { height: auto !important; min-height: 2rem; }"
    "[data-testid='stButtonGroup'] button :is(p, span, div) { white-space: normal !important;"
    " overflow: visible !important; text-overflow: clip !important; }"
    # The answers of the reflection and of the quiz (their containers' keys): boxes 44 px tall
    # (the comfortable size of WCAG 2.5.5 and of phones' own guidelines), bordered so a reader
    # sees where to tap, the chosen one marked by more than colour (a thicker border), the one
    # reached with the keyboard by a ring around it (react-aria marks it data-focus-visible).
    ":is(.st-key-reflection_statements, .st-key-quiz_round) :is("
    "label[data-testid='stRadioOption'], [data-testid='stCheckbox'] > label) {"
    " box-sizing: border-box; min-height: 2.75rem; padding: 0.25rem 0.75rem;"
    " border: 1px solid rgba(49, 51, 63, 0.3); border-radius: 0.5rem; cursor: pointer; }"
    ":is(.st-key-reflection_statements, .st-key-quiz_round) :is("
    "label[data-testid='stRadioOption'], [data-testid='stCheckbox'] > label):hover {"
    " border-color: #0072B2; }"
    ":is(.st-key-reflection_statements, .st-key-quiz_round) :is("
    "label[data-testid='stRadioOption'], [data-testid='stCheckbox'] > label):has(input:checked) {"
    " border: 2px solid #0072B2; padding: calc(0.25rem - 1px) calc(0.75rem - 1px);"
    " background: #EAF3FA; }"
    ":is(.st-key-reflection_statements, .st-key-quiz_round) :is("
    "label[data-testid='stRadioOption'], [data-testid='stCheckbox'] > label)"
    "[data-focus-visible] { outline: 2px solid #0072B2; outline-offset: 2px; }"
    # A section folded on its page (lien.ui.markup.fold_html): its heading is the line to open.
    ".lien-fold { margin-bottom: 1rem; }"
    ".lien-fold > summary { display: flex; align-items: center; gap: 0.75rem;"
    " min-height: 2.75rem; cursor: pointer; list-style: none; }"
    ".lien-fold > summary::-webkit-details-marker { display: none; }"
    ".lien-fold > summary::before { content: ''; flex: none; width: 0.6rem; height: 0.6rem;"
    " border: solid currentColor; border-width: 0 3px 3px 0; transform: rotate(-45deg);"
    " margin: 0 0.25rem; }"
    ".lien-fold[open] > summary::before { transform: rotate(45deg); }"
    # Its heading keeps its level but not its size: one line on a phone.
    ".lien-fold > summary :is(h2, h3) { margin: 0 !important; padding: 0.25rem 0 !important;"
    " font-size: 1.5rem !important; }"
    # No link icon inside the line to open (a link inside it would open it too); the
    # heading keeps its id, so an address ending in #how still lands on it.
    ".lien-fold > summary [data-testid='stHeaderActionElements'] { display: none !important; }"
    ".lien-fold > summary:focus-visible { outline: 2px solid #0072B2; outline-offset: 2px; }"
    # The quiz's keyboard help, not on a phone (a touch screen and no mouse).
    "@media (hover: none) and (pointer: coarse) {"
    " .st-key-quiz_keyboard { display: none !important; } }"
    # The quiz's answers one under another, each as wide as the question, in the text's size.
    ".st-key-quiz_round [data-testid='stElementContainer']:has(> :is([data-testid='stRadio'],"
    " [data-testid='stCheckbox'])), .st-key-quiz_round :is([data-testid='stRadio'],"
    " [data-testid='stCheckbox']) { width: 100% !important; }"
    ".st-key-quiz_round [role='radiogroup'] { gap: 0.5rem; }"
    ".st-key-quiz_round [role='radiogroup'] > div, .st-key-quiz_round label[data-testid="
    "'stRadioOption'], .st-key-quiz_round [data-testid='stCheckbox'] > label { width: 100%; }"
    ".st-key-quiz_round :is(label[data-testid='stRadioOption'], [data-testid='stCheckbox']"
    " > label) p { font-size: 1rem; }"
    # The reflection's 1–7 scale keeps its one line: seven equal boxes side by side, the
    # number beside its circle, in a row no wider than a comfortable reach on a laptop.
    ".st-key-reflection_statements :is([data-testid='stElementContainer'], [data-testid="
    "'stRadio']):has([role='radiogroup']) { width: 100% !important; }"
    ".st-key-reflection_statements [role='radiogroup'] { display: flex; flex-wrap: nowrap;"
    " gap: 0.25rem; width: 100%; max-width: 30rem; }"
    ".st-key-reflection_statements [role='radiogroup'] > div { flex: 1 1 0; min-width: 0; }"
    ".st-key-reflection_statements label[data-testid='stRadioOption'] { width: 100%;"
    " justify-content: center; padding-left: 0; padding-right: 0; }"
    ".st-key-reflection_statements label[data-testid='stRadioOption']:has(input:checked) {"
    " padding-left: 0; padding-right: 0; }"
    ".st-key-reflection_statements label[data-testid='stRadioOption'] > div { gap: 0.375rem;"
    " justify-content: center; }"
    ".st-key-reflection_statements label[data-testid='stRadioOption'] > div > * {"
    " flex: none !important; }"
    # A narrow phone (under 352 px): the number under its circle, so both fit the box.
    "@media (max-width: 22rem) { .st-key-reflection_statements label[data-testid="
    "'stRadioOption'] > div { flex-direction: column; gap: 0; } }"
)

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

# Follows the `lang` that each run writes into the address (history.replaceState/pushState),
# and says Streamlit's words in that language, now and whenever Streamlit draws them again (a
# MutationObserver). Decorative icons ("info icon") are hidden from screen readers: the text
# beside them says it. Only codes of the validated list are ever written to <html lang>.
_SCRIPT = """(function (all, fallback) {
  function lang() {
    var asked = new URLSearchParams(location.search).get("lang");
    return Object.prototype.hasOwnProperty.call(all, asked) ? asked : null;
  }
  function sync() {
    var code = lang();
    if (code && document.documentElement.lang !== code) {
      document.documentElement.lang = code;
      if (document.body) fix(document.body);
    }
  }
  var ATTRS = ['aria-label', 'title', 'data-title', 'placeholder'];
  var originals = new WeakMap();  // element -> {attribute or "text": Streamlit's English}
  function say(el, what, value) {
    var kept = originals.get(el) || {};
    var english = Object.prototype.hasOwnProperty.call(kept, what) ? kept[what] : value;
    var words = all[document.documentElement.lang] || all[fallback] || {};
    if (!Object.prototype.hasOwnProperty.call(words, english)) return null;
    kept[what] = english;
    originals.set(el, kept);
    return words[english];
  }
  function fix(root) {
    if (!root || !root.querySelectorAll) return;
    var nodes = [root].concat(Array.prototype.slice.call(
      root.querySelectorAll('[aria-label],[title],[data-title],[placeholder]')));
    nodes.forEach(function (el) {
      if (!el.getAttribute) return;
      ATTRS.forEach(function (a) {
        var v = el.getAttribute(a), t = v && say(el, a, v);
        if (t && t !== v) el.setAttribute(a, t);
      });
      var label = el.getAttribute('aria-label');
      if (label && / icon$/.test(label) && el.tagName === 'SPAN') {
        el.removeAttribute('aria-label'); el.setAttribute('aria-hidden', 'true');
      }
    });
    root.querySelectorAll('a[href="#stMain"], [data-testid="InputInstructions"],'
      + ' [data-testid="stStatusWidget"] label, li[role="option"]').forEach(function (el) {
      if (el.children.length !== 0) return;
      var v = el.textContent.trim(), t = say(el, 'text', v);
      if (t && t !== v) el.textContent = t;
    });
  }
  ["pushState", "replaceState"].forEach(function (name) {
    var original = history[name];
    history[name] = function () {
      var result = original.apply(this, arguments);
      sync();
      return result;
    };
  });
  window.addEventListener("popstate", sync);
  function start() {
    sync();
    fix(document.body);
    new MutationObserver(function (changes) {
      changes.forEach(function (c) {
        if (c.type === 'attributes') fix(c.target);
        c.addedNodes && c.addedNodes.forEach(function (n) { if (n.nodeType === 1) fix(n); });
        if (c.type === 'characterData' && c.target.parentElement) fix(c.target.parentElement);
      });
    }).observe(document.body, {subtree: true, childList: true, characterData: true,
      attributes: true, attributeFilter: ATTRS});
  }
  if (document.body) start(); else document.addEventListener("DOMContentLoaded", start);
})(WORDS, FALLBACK);"""


@cache
def _streamlit_index() -> str:
    # Streamlit's own page, read from its installed files (this module does not run Streamlit).
    folder = Path(find_spec("streamlit").origin).parent
    source = (folder / "static" / "index.html").read_text("utf-8")
    if '<html lang="en">' not in source or "</head>" not in source:
        raise RuntimeError("Streamlit's index.html changed: update lien.web.index_page")
    return source


def words_by_language(bundle: Bundle) -> dict[str, dict[str, str]]:
    """Streamlit's English words, and what each is in every language of the content."""
    return {
        lang: {english: bundle.ui[lang][key] for english, key in STREAMLIT_WORDS.items()}
        for lang in bundle.languages
    }


# Streamlit's frontend does not know where the server's root is: on /alliance it first asks
# /alliance/_stcore/health and /alliance/_stcore/host-config (two 404s in every page's console)
# before it tries /. Every page of Lien is served from the root: say so before its script runs.
_BASE = 'window.__streamlit={...window.__streamlit,BACKEND_BASE_URL:location.origin+"/"};'


@lru_cache(maxsize=16)  # languages × the few content versions of a session
def _page(lang: str, words_json: str, default: str) -> bytes:
    script = _SCRIPT.replace("WORDS", words_json).replace("FALLBACK", json.dumps(default))
    head = f"<style>{FRAME_CSS}{TARGETS_CSS}</style><script>{_BASE}{script}</script></head>"
    return (
        _streamlit_index()
        .replace('<html lang="en">', f'<html lang="{lang}">', 1)
        .replace("</head>", head, 1)
        .encode("utf-8")
    )


def index_html(requested: str | None, accept_language: str | None) -> bytes:
    """The HTML page for a reader asking for `requested` with this Accept-Language."""
    try:
        bundle = BUNDLES.get(content_root(), keep_last_good=True)
    except ContentError:
        bundle = None
    if bundle is None:  # the calm page's language (lien.ui.page.broken_language)
        lang = language_of(content_root(), requested, accept_language=accept_language)
        default, words = content_language(content_root()), {}
    else:
        default = bundle.site.default_language
        words = words_by_language(bundle)
        lang = choose_language(
            list(bundle.languages),
            default,
            requested=requested,
            browser=accepted_languages(accept_language),
        )
    # JSON-escaped, "<" too: the words come from content, and nothing closes the script.
    words_json = json.dumps(words, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    return _page(lang, words_json, default)


async def index(request: Request) -> HTMLResponse:
    body = index_html(request.query_params.get(LANG_PARAM), request.headers.get("accept-language"))
    # As Streamlit serves index.html: never cached, so a new build or an edit is picked up.
    return HTMLResponse(body, headers={"Cache-Control": "no-cache"})


def index_routes() -> list[Route]:
    """ "/", every page's path and the presenter's start page, answered with Lien's index.html."""
    paths = ["/"] + [f"/{p.url_path}" for p in PAGES if p.url_path] + [f"/{START_PATH}"]
    return [Route(path, index, methods=["GET", "HEAD"]) for path in paths]
