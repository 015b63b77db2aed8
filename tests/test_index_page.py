"""The HTML page Lien serves for "/" and every page's path (lien.web.index_page)."""

from __future__ import annotations

import json
import re

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from lien.sitemap import PAGES
from lien.web.index_page import STREAMLIT_WORDS, index_html, index_routes
from tests.helpers.apptest import open_page


def html_lang(body: bytes) -> str:
    return re.search(rb'<html lang="([^"]+)"', body).group(1).decode()


@pytest.mark.parametrize(
    ("requested", "accept", "expected"),
    [
        ("en", "fr-FR,fr;q=0.9", "en"),  # the address wins
        (None, "de-DE,en;q=0.8", "en"),  # the first language of the browser that Lien offers
        (None, "de-DE", "fr"),  # none: the default
        ("xx", None, "fr"),  # an unknown code is never written into the page
    ],
)
def test_the_page_is_in_the_language_the_run_will_choose(requested, accept, expected):
    assert html_lang(index_html(requested, accept)) == expected


def test_the_page_carries_streamlits_words_in_every_language_escaped(bundle):
    body = index_html(None, None).decode("utf-8")
    arguments = body.rsplit("})(", 1)[1].split(");</script>", 1)[0]  # (words, default)
    words = json.loads(arguments.rsplit(", ", 1)[0])
    assert set(words) == set(bundle.languages)
    assert words["fr"]["Skip to main content"] == bundle.ui["fr"]["a11y.skip_link"]
    assert set(words["en"]) == set(STREAMLIT_WORDS)
    assert "<" not in arguments  # nothing from content can close the script


def test_every_page_path_is_answered_with_lien_s_page_never_cached():
    client = TestClient(Starlette(routes=index_routes()))
    for spec in PAGES:
        response = client.get(f"/{spec.url_path}?lang=en")
        assert response.status_code == 200
        assert response.headers["cache-control"] == "no-cache"
        assert html_lang(response.content) == "en"
        assert b".lien-card" in response.content  # the frame's CSS is in the page itself


def test_a_page_run_sends_no_html_element_and_its_text_as_few_elements(bundle):
    # <html lang>, the CSS and the words are in the HTML page: no st.html on every run, and
    # the text between two blocks of /alliance is one Markdown element.
    at = open_page("alliance", "fr")
    assert len(at.get("html")) == 0
    text = bundle.pages["fr"]["alliance"]
    blocks = [s.block for s in text.sections if s.block]
    titles = [m for m in at.markdown if '<h1 class="lien-plain">' in m.value]
    assert len(titles) == 1 and titles[0].value.count("<h2 ") == sum(
        1 for s in text.sections[: [s.block for s in text.sections].index(blocks[0]) + 1]
    )
