"""The printable handout: self-contained, offline, in the reader's language, with every part."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys

import pytest

from lien.content import ROOT
from lien.handout import handout_html
from lien.view import View
from tests.helpers.apptest import open_page


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_handout_holds_key_points_references_disclaimer_and_helplines(bundle, lang):
    markup = handout_html(View(bundle, lang))
    assert f"<html lang='{lang}'>" in markup
    page = html.unescape(markup)  # what a reader of the printed page reads
    for page_id in ("alliance", "attachment", "therapy"):
        assert bundle.pages[lang][page_id].title in page
    for source in bundle.sources:
        text = bundle.source_texts[lang][source.id]
        assert (text.title or source.title) in page, source.id
    for place in bundle.safety[lang].places:
        assert place.place in page
        for line in place.lines:
            # Each number kept on one line (no-break spaces), with its name from content.
            number = bundle.helplines_by_id[line.id].number.replace(" ", "\u00a0")
            assert number in page and line.label in page, line.id
    disclaimer = next(s for s in bundle.pages[lang]["sources"].sections if s.id == "disclaimer")
    assert disclaimer.heading in page
    assert "size: A4" in markup


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_handout_loads_nothing_from_outside_and_has_no_app_links(bundle, lang):
    page = handout_html(View(bundle, lang))
    # The inlined plotly.js names its home page in its own code (a logo link that a static
    # plot never shows); what matters is the handout's markup, outside the scripts.
    markup = re.sub(r"<script>.*?</script>", "<script></script>", page, flags=re.S)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", markup)
    assert "<link" not in markup
    assert not re.search(r"\((page|source):|href=.(page|source):", page)


def test_the_sources_page_offers_the_handout_download_in_each_language(bundle):
    for lang in ("fr", "en"):
        at = open_page("sources", lang)
        labels = [e.proto.label for e in at.get("download_button")]
        assert bundle.ui[lang]["handout.download"] in labels


def test_the_handout_holds_every_chart_of_each_page_it_covers_in_a_fresh_interpreter(bundle):
    # Nothing else imported first: no page, no Streamlit block. The charts must all be there.
    script = (
        "import html, json\n"
        "from lien.content import ROOT, load_bundle\n"
        "from lien.handout import handout_html\n"
        "from lien.view import View\n"
        "page = handout_html(View(load_bundle(ROOT), 'en'))\n"
        "print(json.dumps([page.count(\"class='chart'\"), html.unescape(page)]))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
    )
    count, page = json.loads(run.stdout)
    ui = bundle.ui["en"]
    titles = [
        "alliance_charts.components_title",
        "alliance_charts.forest_title",
        "alliance_charts.r_title",
        "alliance_charts.shares_title",
        "alliance_charts.lambert_title",
        "attachment.prevalence.title",
        "attachment.stress.title",
        "attachment.map.title",
        "therapy_charts.rupture_title",
        "therapy_charts.repair_title",
    ]
    for key in titles:
        assert f"<h3>{ui[key]}" in page, key
    # Five on /alliance, the four prevalence groups, the stress chart and the map on
    # /attachment, two on /therapy.
    assert count == 13
    assert "streamlit" not in run.stderr.lower()
