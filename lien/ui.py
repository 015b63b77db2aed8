"""The Streamlit frame shared by every page: content loading, language, header, footer, sections."""

from __future__ import annotations

import base64
from pathlib import Path

import streamlit as st

from lien.blocks import BLOCKS, safety_lines
from lien.content import BUNDLES, Bundle, content_root
from lien.i18n import resolve_language
from lien.problems import ContentError
from lien.site import PAGES
from lien.view import View

LANG_KEY = "lang"
SWITCH_KEY = "lang_switch"

# Shown when content itself cannot be read, so these few words cannot come from content.
_BROKEN = {
    "title": "Lien : contenu à corriger · content to fix",
    "intro": (
        "L'application ne peut pas s'afficher : des fichiers de contenu contiennent des erreurs. "
        "Rien n'est perdu ; corrigez les points ci-dessous puis rechargez la page.\n\n"
        "The app cannot be shown: some content files contain errors. Nothing is lost; fix the "
        "points below, then reload the page."
    ),
    "hint": "python -m lien check",
}


# Streamlit fades captions with opacity 0.6, which puts their links near 3:1 on white. A solid
# dark grey and a dark blue keep captions and their links at WCAG 2.2 AA (over 7:1).
_FRAME_CSS = (
    "<style>[data-testid='stCaptionContainer'] { opacity: 1 !important; color: #4A4A4A; }"
    "[data-testid='stCaptionContainer'] a { color: #084C7A !important; }"
    # Page links keep their one line and cut it on a phone or a slide: let them wrap.
    "[data-testid='stPageLink-NavLink'] :is(span, p) { white-space: normal !important;"
    " overflow: visible !important; text-overflow: clip !important; }"
    "[data-testid='stPageLink-NavLink'] { height: auto !important; }</style>"
)


# A local icon, inlined: a Material icon name would make the browser fetch it from the
# internet, and a file path would be read and registered again on every run.
FAVICON = "data:image/png;base64," + base64.b64encode(
    (Path(__file__).resolve().parent.parent / "assets" / "favicon.png").read_bytes()
).decode("ascii")


def page_config(title: str) -> None:
    st.set_page_config(page_title=title, page_icon=FAVICON, layout="centered")


def bundle_or_stop() -> Bundle:
    """The validated content; when it is broken, a calm page listing the problems, then stop."""
    try:
        return BUNDLES.get(content_root())
    except ContentError as error:
        show_problems(error.problems)
        st.stop()
        raise  # unreachable: st.stop() ends the run


def show_problems(problems) -> None:
    page_config(_BROKEN["title"])
    st.title(_BROKEN["title"])
    st.markdown(_BROKEN["intro"])
    st.code("\n".join(str(p) for p in problems), language=None, wrap_lines=True)
    st.caption(_BROKEN["hint"])


def choose_language(bundle: Bundle) -> str:
    """The language of this run: the URL's `lang`, else this session's, else the browser's.

    The choice is written back to the URL on every run, so it stays there from page to page
    and any view can be shared as a link.
    """
    languages = bundle.languages
    requested = st.query_params.get(LANG_KEY)
    if requested in languages:
        lang = requested
    elif st.session_state.get(LANG_KEY) in languages:
        lang = st.session_state[LANG_KEY]
    else:
        lang = resolve_language(None, st.context.locale, languages, bundle.site.default_language)
    st.session_state[LANG_KEY] = lang
    if requested != lang:
        st.query_params[LANG_KEY] = lang
    return lang


def _switch_language() -> None:
    chosen = st.session_state[SWITCH_KEY]
    st.session_state[LANG_KEY] = chosen
    st.query_params[LANG_KEY] = chosen


def page_frame(view: View) -> None:
    """What every view needs in the browser: the page's language and readable captions."""
    # Screen readers pick their voice from <html lang>, which Streamlit leaves at "en".
    # The code comes from the validated list of languages, never from the reader.
    st.html(
        f"<script>document.documentElement.lang = {view.lang!r};</script>{_FRAME_CSS}",
        unsafe_allow_javascript=True,
        width="content",
    )


def header(view: View) -> None:
    """The language switch and the helplines, at the top of every page."""
    page_frame(view)
    st.session_state[SWITCH_KEY] = view.lang
    # One horizontal row, not columns: every block is a message per load, and columns are three.
    with st.container(
        horizontal=True, horizontal_alignment="distribute", vertical_alignment="center"
    ):
        st.segmented_control(
            view.t("lang.label"),
            options=view.bundle.languages,
            format_func=lambda code: view.t(f"lang.{code}"),
            key=SWITCH_KEY,
            on_change=_switch_language,
            required=True,
            label_visibility="collapsed",
        )
        with st.popover(view.t("safety.button"), icon=":material/support:"):
            safety_lines(view)


def footer(view: View, page_id: str) -> None:
    # Plain text, not st.caption: the caption's faded grey puts its links under AA contrast.
    # The rule and the text are one element.
    st.markdown(
        "---\n\n"
        f"{view.t('footer.disclaimer')} [{view.t('footer.sources_link')}]({view.href('sources')})"
        f" · [{view.t('present.start')}]({view.href(page_id)}&present=1)"
    )


def render_page(view: View, page_id: str) -> None:
    """Title, lead, then each section: heading, text, claim beside evidence, and its block."""
    text = view.page(page_id)
    st.title(text.title, anchor=False)
    st.markdown(view.markdown(text.lead))
    for section in text.sections:
        st.header(section.heading, anchor=section.id)
        st.markdown(view.markdown(section.body))
        if section.claim is not None:
            claim, evidence = st.columns(2, border=True)
            claim.markdown(f"**{view.t('claim.label')}**\n\n{view.markdown(section.claim)}")
            evidence.markdown(
                f"**{view.t('claim.evidence_label')}**\n\n{view.markdown(section.evidence)}"
            )
        if section.block is not None:
            BLOCKS[section.block](view)


def page_id_of(navigation_page) -> str:
    """The id of the page st.navigation chose for this run."""
    return next(spec.id for spec in PAGES if spec.url_path == navigation_page.url_path)


def current_view() -> View:
    """The view of this rerun, for page scripts (app.py has already chosen the language)."""
    bundle = bundle_or_stop()
    return View(bundle, choose_language(bundle))
