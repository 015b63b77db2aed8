"""The printable handout: self-contained, offline, in the reader's language, with every part."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys

import pytest

from lien.content import ROOT
from lien.handout import handout_html, markdown_html
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


def visible_text(markup: str) -> str:
    """What a reader of the printed handout reads: no scripts, no tags."""
    markup = re.sub(r"<script>.*?</script>", "", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def test_the_handout_follows_the_talk_its_points_and_every_chart_of_its_pages(bundle):
    from lien.charts.catalogue import charts_of
    from lien.talks import talk_of

    talk = talk_of(bundle, "en", "short")
    page = handout_html(View(bundle, "en"), "short")
    text = visible_text(page)
    assert talk.title in text
    squashed = re.sub(r"\s+", "", text)
    shown = {s.page_slide.id for s in talk.slides if s.page_slide is not None}
    for slide in bundle.slides["en"]:
        if slide.section is None or slide.text is None or slide.page in ("home", "sources"):
            continue
        point = re.sub(r"\s+", "", visible_text(markdown_html(slide.text)))
        assert (point in squashed) == (slide.id in shown), slide.id
    forms = {
        p: [
            f
            for s in bundle.pages["en"][p].sections
            for c in charts_of(s.block)
            for f in c.handout_forms()
        ]
        for p in talk.page_ids
    }
    covered = [p for p in talk.page_ids if forms[p] and p not in ("home", "sources")]
    assert covered == ["alliance", "attachment", "therapy"]
    assert page.count("class='chart'") == sum(len(forms[p]) for p in covered)


def test_the_handout_of_a_workshop_holds_the_presenters_slides_and_the_questions(bundle):
    from lien.talks import talk_of

    talk = talk_of(bundle, "fr", "workshop")
    text = visible_text(handout_html(View(bundle, "fr"), "workshop"))
    assert bundle.ui["fr"]["handout.questions"] in text
    for slide in talk.slides:
        if slide.question is not None:
            assert slide.question.prompt in text
        if slide.own is not None and slide.own.text:
            assert slide.own.title in text
    weight = next(s.question for s in talk.slides if s.id == "poll:alliance-weight")
    right = dict(weight.options)[next(iter(weight.correct))]
    assert f"{bundle.ui['fr']['handout.answer']} {right}" in text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_handout_names_the_room_s_checked_address_beside_its_questions(bundle, lang):
    checked = "http://192.168.1.20:8501/join"
    page = handout_html(View(bundle, lang), "workshop", join_address=checked)
    text = " ".join(visible_text(page).split())
    heading = bundle.ui[lang]["handout.questions"]
    line = f"{bundle.ui[lang]['handout.join']} {checked}"
    assert line in text
    assert text.index(heading) < text.index(line)
    assert checked not in visible_text(handout_html(View(bundle, lang), "workshop"))


def test_the_handout_carries_the_presenter_card_once_it_is_filled(content_copy):
    from lien.content import load_bundle

    for lang in ("fr", "en"):
        path = content_copy / "content" / lang / "presenter.toml"
        path.write_text(
            'name = "Dr Alex Martin"\ntitle = "Psychotherapist"\nplace = "Lyon"\n'
            'contact = "alex@example.org"\n',
            encoding="utf-8",
        )
    bundle = load_bundle(content_copy)
    text = visible_text(handout_html(View(bundle, "en"), "workshop"))
    assert "Dr Alex Martin" in text and "Psychotherapist · Lyon" in text
    assert "alex@example.org" in text


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("talk_id", ["full", "short", "workshop"])
def test_the_handout_gives_no_instruction_that_only_a_screen_can_follow(bundle, lang, talk_id):
    text = visible_text(handout_html(View(bundle, lang), talk_id)).lower()
    for words in (
        "move the slider",
        "déplacez le curseur",
        "choose a",
        "choisissez",
        "click",
        "cliquez",
        "tap ",
        "touchez",
        "hover",
        "survolez",
        "select a",
        "sélectionnez",
    ):
        assert words not in text, words
