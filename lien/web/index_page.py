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

from lien import static
from lien.content import BUNDLES, Bundle, ContentError, content_root
from lien.content.messages import content_language, language_of
from lien.sitemap import LANG_PARAM, PAGES, START_PATH
from lien.text import accepted_languages, choose_language

# What every page wears (captions' contrast, page links that wrap, cards, the header's
# controls …): lien/static/frame.css.
FRAME_CSS = static.read("frame.css")

# Targets a thumb can hit (WCAG 2.2, 2.5.8), and the answers of the reflection and the quiz:
# lien/static/targets.css.
TARGETS_CSS = static.read("targets.css")

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


@lru_cache(maxsize=16)  # languages × the few content versions of a session
def _page(lang: str, words_json: str, default: str) -> bytes:
    # The frame's script (lien/static/index.js) with this page's words and fallback language.
    script = static.read("index.js").strip()
    script = script.replace("__LIEN_WORDS__", words_json)
    script = script.replace("__LIEN_FALLBACK__", json.dumps(default))
    head = f"<style>{FRAME_CSS}{TARGETS_CSS}</style><script>{script}</script></head>"
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
