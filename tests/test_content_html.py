"""No script from content: raw HTML in a text or a CSV field is reported by the check, and the
references are built from escaped fields through a sanitiser (nh3)."""

from __future__ import annotations

import csv

import pytest

from lien.content.models import Source
from lien.ui.blocks.common import reference_html
from lien.view import Reference
from tests.helpers import problems_of

ATTACKS = [
    '<iframe srcdoc="<script>parent.document.title=1</script>"></iframe>',
    "<style>body{display:none}</style>",
    '<form action="http://192.0.2.1/steal"><button>Go</button></form>',
    '<img src="http://192.0.2.1/pixel.png">',
    "<script>alert(1)</script>",
]


def set_field(path, source_id: str, field: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["id"] == source_id:
            row[field] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize("attack", ATTACKS)
def test_raw_html_in_sources_csv_is_reported(content_copy, attack):
    set_field(content_copy / "data" / "sources.csv", "ainsworth1978", "title", attack + " Patterns")
    problems = problems_of(content_copy)
    assert any(
        p.startswith("data/sources.csv: id 'ainsworth1978'") and "raw HTML is not allowed" in p
        for p in problems
    ), problems


@pytest.mark.parametrize("attack", ATTACKS)
def test_raw_html_in_a_page_text_is_reported(content_copy, attack):
    path = content_copy / "content" / "en" / "pages" / "home.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('lead = """') + len('lead = """')
    path.write_text(text[:start] + attack.replace('"', "'") + " " + text[start:], encoding="utf-8")
    problems = problems_of(content_copy)
    assert any(
        p.startswith("content/en/pages/home.toml: lead") and "raw HTML is not allowed" in p
        for p in problems
    ), problems


def test_a_markdown_image_or_a_script_link_in_a_text_is_reported(content_copy):
    path = content_copy / "content" / "en" / "pages" / "home.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('lead = """') + len('lead = """')
    extra = "![x](http://192.0.2.1/x.png) [click](javascript:alert(1)) "
    path.write_text(text[:start] + extra + text[start:], encoding="utf-8")
    problems = [p for p in problems_of(content_copy) if "home.toml: lead" in p]
    assert any("images are not allowed" in p for p in problems), problems
    assert any("link to 'javascript:alert(1'" in p for p in problems), problems


def test_a_source_link_that_is_not_the_web_is_reported(content_copy):
    set_field(content_copy / "data" / "sources.csv", "ainsworth1978", "link", "javascript:x")
    assert "data/sources.csv: id 'ainsworth1978'.link: must start with http(s)://" in problems_of(
        content_copy
    )


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_reference_built_from_a_hostile_field_holds_no_markup_of_it(bundle, attack):
    source = bundle.source("ainsworth1978")
    hostile = Source(**{**source.model_dump(), "link": "javascript:alert(1)"})
    ref = Reference(hostile, attack, attack, attack, attack, attack)
    html = reference_html(ref, "link")
    for tag in ("<iframe", "<style", "<form", "<img", "<script", 'href="javascript'):
        assert tag not in html
    assert "&lt;" in html  # shown as text
    assert html.startswith('<span id="ainsworth1978"></span>')
