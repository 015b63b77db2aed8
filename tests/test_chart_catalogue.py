"""One chart catalogue: every chart a page, a slide or the handout draws is declared once, in
lien.charts.catalogue, and the pages, the slides and the handout look it up there."""

from __future__ import annotations

import ast
import html
import re

import pytest

from lien.charts.catalogue import CATALOGUE, CHARTS, block_charts, charts_of
from lien.content import ROOT
from lien.handout import handout_html
from lien.projection import slide_charts, sources_line
from lien.sitemap import BLOCK_CHARTS, BLOCK_NAMES
from lien.talks import talk_of
from lien.view import View
from tests.helpers.apptest import open_page

CHART_PAGES = ("alliance", "therapy", "attachment")


def chart_keys(at) -> list[str]:
    return [e.proto.id.rsplit("-", 1)[-1] for e in at.get("plotly_chart")]


def page_charts(bundle, lang: str, page_id: str) -> list[str]:
    """The catalogue's charts of a page's blocks, in the page's order."""
    return [c.id for s in bundle.pages[lang][page_id].sections for c in charts_of(s.block)]


def test_each_chart_is_declared_once_with_an_id_of_its_own():
    ids = [c.id for c in CATALOGUE]
    assert len(ids) == len(set(ids)) == len(CHARTS)


def test_the_sitemap_names_each_blocks_charts_as_the_catalogue_declares_them():
    # Content names charts below the builders' layer: the names must be the catalogue's.
    assert block_charts() == BLOCK_CHARTS


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_chart_a_slide_names_is_a_chart_of_its_sections_block(bundle, lang):
    named = [s for s in bundle.slides[lang] if s.chart is not None]
    assert named, "the shipped talks name at least one chart"
    for slide in named:
        section = next(x for x in bundle.pages[lang][slide.page].sections if x.id == slide.section)
        assert CHARTS[slide.chart].block == section.block, slide.id
        assert [c.id for c in slide_charts(section.block, slide.chart)] == [slide.chart]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page_id", CHART_PAGES)
def test_every_chart_a_page_draws_is_in_the_catalogue_in_the_pages_order(bundle, page_id, lang):
    at = open_page(page_id, lang)
    assert chart_keys(at) == page_charts(bundle, lang, page_id)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_catalogued_chart_builds_and_names_studies_the_sources_page_lists(bundle, lang):
    view = View(bundle, lang)
    known = set(bundle.sources_by_id)
    for chart in CATALOGUE:
        figure, table, alt = chart.build(view)
        assert figure.data and len(table) and alt, chart.id
        assert set(chart.sources(view)) <= known, chart.id
        assert chart.illustrative or chart.sources(view), f"{chart.id}: data without a source"
        line = sources_line(view, chart)
        assert (bundle.ui[lang]["charts.illustrative"] in line) == chart.illustrative
        for form in chart.handout_forms():
            assert form.build(view).figure.data, chart.id


def test_the_handout_prints_each_pages_charts_in_the_pages_order_in_their_handout_forms(bundle):
    view = View(bundle, "en")
    page = handout_html(view, "short")
    titles = re.findall(r"class='chart'.*?<h\d[^>]*>(.*?)</h\d>", page, flags=re.S)
    talk = talk_of(bundle, "en", "short")
    expected = [
        " · ".join(view.t(k) for k in (chart.title_key, form.detail_key) if k)
        for page_id in talk.page_ids
        if page_id in CHART_PAGES
        for section in bundle.pages["en"][page_id].sections
        for chart in charts_of(section.block)
        for form in chart.handout_forms()
    ]
    assert len(expected) >= len(CATALOGUE)  # every group of the prevalence chart, too
    assert [html.unescape(re.sub(r"<[^>]+>", "", t)).strip() for t in titles] == expected


# The modules that show charts outside their pages: they look charts up in the catalogue and
# hold no chart table (no chart's id, no builder of their own).
VIEWS = ("lien/projection.py", "lien/handout.py", "lien/printout.py", "lien/ui/projector.py")
CATALOGUE_MODULES = {"lien.charts.catalogue", "lien.charts.slide_form", "lien.charts.style"}


@pytest.mark.parametrize("path", VIEWS)
def test_slides_and_the_handout_hold_no_chart_table_of_their_own(path):
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    strings = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    assert strings & set(CHARTS) == set()
    imported = {
        n.module
        for n in ast.walk(tree)
        if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("lien.charts")
    }
    imported |= {
        f"lien.charts.{a.name}"
        for n in ast.walk(tree)
        if isinstance(n, ast.ImportFrom) and n.module == "lien.charts"
        for a in n.names
    }
    assert imported <= CATALOGUE_MODULES


def test_the_catalogue_is_the_only_place_a_chart_id_is_written_in_lien():
    # The page blocks name their charts once each (the id they look up); nothing else does,
    # but the sitemap's names for content (checked equal above). Three charts are named as
    # their blocks are (attachment_map …): a block's name is no chart table, so those ids are
    # left to the test above.
    ids = set(CHARTS) - BLOCK_NAMES
    written: dict[str, list[str]] = {}
    for path in (ROOT / "lien").rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel in ("lien/charts/catalogue.py", "lien/sitemap.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value in ids:
                written.setdefault(node.value, []).append(rel)
    # Each id at most once, and only in the Streamlit blocks that draw it.
    assert {cid: where for cid, where in written.items() if len(where) > 1} == {}
    assert {w for where in written.values() for w in where} <= {
        "lien/ui/blocks/alliance.py",
        "lien/ui/blocks/attachment.py",
    }
