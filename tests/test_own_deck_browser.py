"""In Chromium: an imported PDF page shows whole (letterboxed, never cut) in present mode at
1920×1080 and 1280×720, in the slides to print and in the handout; and the slides to print
open the browser's print window (issue 20, reqs 4 and 5)."""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path

import pytest

from lien.content import load_bundle
from lien.handout import handout_html
from lien.pdf_import import import_pdf
from lien.printout import slides_html
from lien.talks import talk_of
from lien.view import View
from tests.helpers.browser import running_app
from tests.helpers.pdfs import deck
from tests.test_talks_browser import wait_for_slide


@contextmanager
def editor_open(browser, content: Path, tmp_path: Path, token: str, t, lang: str = "fr"):
    """The app on `content`, the presenter signed in on /live, the talk editor opened:
    yields the app's address, the browser context and its page."""
    from tests.helpers.browser import wait_until_ready

    env = {
        "LIEN_CONTENT_ROOT": str(content),
        "LIEN_LIVE_TOKEN": token,
        "LIEN_DATA_DIR": str(tmp_path / "var"),
        "LIEN_DATABASE_URL": "",
    }
    with running_app(env=env) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{base}/live?lang={lang}&token={token}")
        page.wait_for_url(lambda url: "/live" in url and "token" not in url)
        wait_until_ready(page)
        page.get_by_role("button", name=t["editor.open_link"]).click()
        yield base, context, page


pytestmark = pytest.mark.browser
# ms: a rerun of the editor (a save checks the whole content first) on a busy machine.
EDITOR_WAIT = 30_000

# The picture's box, and whether any box around it cuts it (an ancestor that hides overflow
# and does not contain it), and how it is fitted.
WHOLE = """
(img) => {
  const r = img.getBoundingClientRect();
  const cut = [];
  for (let el = img.parentElement; el; el = el.parentElement) {
    const style = getComputedStyle(el);
    if (style.overflow !== 'visible' || style.overflowX !== 'visible') {
      const b = el.getBoundingClientRect();
      if (r.left < b.left - 1 || r.top < b.top - 1 || r.right > b.right + 1 ||
          r.bottom > b.bottom + 1) cut.push(el.className || el.tagName);
    }
    // A fixed box (the projector's stage) is clipped by the window only, not by the boxes
    // around it in the page: the window is checked on its own.
    if (style.position === 'fixed') break;
  }
  return {x: r.left, y: r.top, w: r.width, h: r.height, fit: getComputedStyle(img).objectFit,
          natural: [img.naturalWidth, img.naturalHeight], cut,
          vw: innerWidth, vh: innerHeight, complete: img.complete};
}
"""


def drawn(box) -> tuple[float, float]:
    """The size the picture is drawn at inside its box (object-fit: contain)."""
    ratio = box["natural"][0] / box["natural"][1]
    width = min(box["w"], box["h"] * ratio)
    return width, width / ratio


@pytest.fixture(scope="module")
def deck_content(tmp_path_factory):
    """A content copy with a French talk of three imported pages (16:9, 4:3, A4 portrait)."""
    import shutil

    from lien.content import ROOT

    root = tmp_path_factory.mktemp("deck")
    for folder in ("content", "data"):
        shutil.copytree(ROOT / folder, root / folder)
    folder = tmp_path_factory.mktemp("pdfs")
    import_pdf(root, deck(folder / "large.pdf", ["Une page large"]), "atelier")
    import_pdf(root, deck(folder / "carre.pdf", ["Une page 4:3"], size=(720, 540)), "atelier")
    import_pdf(root, deck(folder / "a4.pdf", ["Une page A4"], size=(595, 842)), "atelier")
    return root


@pytest.fixture(scope="module")
def deck_app(deck_content):
    """The app on the content with the imported talk: one server for both window sizes."""
    with running_app(env={"LIEN_CONTENT_ROOT": str(deck_content)}) as base:
        yield base


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_an_imported_page_shows_whole_and_large_in_present_mode(
    browser, deck_content, deck_app, size
):
    bundle = load_bundle(deck_content)
    talk = talk_of(bundle, "fr", "atelier")
    base = deck_app
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    for number in range(1, len(talk) + 1):
        page.goto(f"{base}/?lang=fr&present=1&talk=atelier&slide={number}")
        wait_for_slide(page, number, len(talk))
        image = page.locator(".st-key-present_page img")
        image.wait_for()
        page.wait_for_function("(img) => img.complete", arg=image.element_handle())
        box = image.evaluate(WHOLE)
        assert box["cut"] == [], (number, box)
        assert box["fit"] == "contain"
        assert box["x"] >= 0 and box["y"] >= 0
        assert box["x"] + box["w"] <= size[0] and box["y"] + box["h"] <= size[1]
        width, height = drawn(box)
        # As large as the stage allows: it fills the stage's width or its height.
        assert width >= 0.8 * size[0] or height >= 0.8 * size[1], (number, box)
        assert image.get_attribute("alt") == talk.slide(number).own.image_alt
    context.close()


def test_an_imported_page_prints_whole_on_its_page_and_in_the_handout(
    browser, deck_content, tmp_path
):
    bundle = load_bundle(deck_content)
    view = View(bundle, "fr")
    context = browser.new_context()
    page = context.new_page()
    for notes in (False, True):
        path = tmp_path / f"slides-{notes}.html"
        path.write_text(
            slides_html(view, "atelier", notes=notes, join_address="http://x/join"),
            encoding="utf-8",
        )
        page.goto(path.as_uri() + "#no-print")
        page.emulate_media(media="print")
        images = page.locator(".slide.page-only .figure img")
        assert images.count() == 3
        for index in range(3):
            box = images.nth(index).evaluate(WHOLE)
            assert box["cut"] == [] and box["fit"] == "contain", box
            width, height = drawn(box)
            assert width > 0 and height > 0
    path = tmp_path / "handout.html"
    path.write_text(handout_html(view, "atelier"), encoding="utf-8")
    page.goto(path.as_uri())
    images = page.locator("img.page")
    assert images.count() == 3
    for index in range(3):
        box = images.nth(index).evaluate(WHOLE)
        assert box["cut"] == [] and box["x"] + box["w"] <= box["vw"], box
    context.close()


def test_the_slides_to_print_open_the_print_window_once_drawn(browser, bundle, tmp_path):
    path = tmp_path / "slides.html"
    path.write_text(
        slides_html(View(bundle, "fr"), "short", notes=False, join_address="http://x/join"),
        encoding="utf-8",
    )
    context = browser.new_context()
    context.add_init_script("window.printed = 0; window.print = () => { window.printed += 1; };")
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_function("() => window.printed === 1", timeout=10_000)
    quiet = context.new_page()  # a new page: a change of #hash alone loads nothing
    quiet.goto(path.as_uri() + "#no-print")
    quiet.wait_for_timeout(1000)  # longer than the page waits before it prints
    assert quiet.evaluate("window.printed") == 0
    context.close()


# Each printed chart: its title, its height, the height of its largest plot area, and for the
# forest plot the smallest gap between two of its row labels and the height of one line.
PRINTED_CHARTS = """
() => [...document.querySelectorAll('.slide .figure')].filter(f => f.querySelector('.plot'))
  .map(figure => {
    const svg = figure.querySelector('.plot .main-svg');
    const height = svg.getBoundingClientRect().height;
    const zoom = height / svg.getAttribute('height');
    const areas = [...figure.querySelectorAll('.main-svg defs clipPath[id$="plot"] rect')]
      .map(r => +r.getAttribute('height') * zoom);
    const labels = [...figure.querySelectorAll('.annotation-text')]
      .map(t => t.getBoundingClientRect()).sort((a, b) => a.top - b.top);
    let gap = Infinity;
    for (let i = 1; i < labels.length; i++) {
      gap = Math.min(gap, labels[i].top - labels[i - 1].bottom);
    }
    const lines = figure.querySelectorAll('.annotation-text tspan, .annotation-text');
    const line = Math.min(...[...lines].map(t => t.getBoundingClientRect().height)
      .filter(h => h > 0));
    return {title: figure.querySelector('h2').textContent, height, area: Math.max(0, ...areas),
            gap, line};
  })
"""


@pytest.mark.parametrize("notes", [False, True])
def test_printed_charts_keep_their_proportions(browser, bundle, tmp_path, notes):
    path = tmp_path / "slides.html"
    path.write_text(
        slides_html(View(bundle, "fr"), "full", notes=notes, join_address="http://x/join"),
        encoding="utf-8",
    )
    context = browser.new_context()
    page = context.new_page()
    page.goto(path.as_uri() + "#no-print")
    page.emulate_media(media="print")
    charts = page.evaluate(PRINTED_CHARTS)
    assert len(charts) >= 8
    for chart in charts:
        if chart["area"]:  # a chart with axes: they leave the drawing most of its room
            assert chart["area"] >= 0.4 * chart["height"], chart
    forest = next(
        c for c in charts if c["title"] == bundle.ui["fr"]["alliance_charts.forest_title"]
    )
    # The forest plot's rows: each label clear of the next by at least a line of its type.
    assert forest["gap"] >= forest["line"], forest
    context.close()


def test_the_talk_editor_works_by_keyboard_and_passes_axe(browser, deck_content, tmp_path):
    from playwright.sync_api import expect

    from tests.helpers.browser import wait_until_ready
    from tests.test_browser import serious_violations

    bundle = load_bundle(deck_content)
    t = bundle.ui["fr"]
    token = "editor-browser-token-1234"
    with editor_open(browser, deck_content, tmp_path, token, t) as (_base, context, page):
        expect(page.get_by_role("heading", name=t["editor.heading"])).to_be_visible(
            timeout=EDITOR_WAIT
        )
        wait_until_ready(page)
        assert serious_violations(page) == []
        page.get_by_label(t["editor.talk"]).click()
        page.get_by_role("option", name="short", exact=True).click()
        page.get_by_role("button", name=t["editor.open"]).click()
        down = page.get_by_role("button", name=t["editor.down_short"]).first
        expect(down).to_be_visible(timeout=EDITOR_WAIT)
        wait_until_ready(page)
        assert serious_violations(page) == []
        down.focus()
        page.keyboard.press("Enter")  # by keyboard
        # The move shown before the next key: a save sent while the move's run is still
        # going would restart the script without it.
        expect(page.locator("li code").first).to_have_text("slide:home-care", timeout=EDITOR_WAIT)
        wait_until_ready(page)
        save = page.get_by_role("button", name=t["editor.save"], exact=True)
        save.focus()
        page.keyboard.press("Enter")
        expect(page.get_by_text(t["editor.saved"].format(count=1))).to_be_visible(
            timeout=EDITOR_WAIT
        )
        context.close()
    talk = talk_of(load_bundle(deck_content), "fr", "short")
    assert [s.id for s in talk.slides][:2] == ["slide:home-care", "slide:home-title"]


def test_a_french_talk_built_in_the_editor_presents_whole_at_1920(browser, content_copy, tmp_path):
    """Req 6: a new talk from nothing, one library slide, a question, one own slide with an
    uploaded image, two imported PDF pages; saved, reordered, a version restored; then
    presented at 1920×1080 with every slide whole."""
    from playwright.sync_api import expect

    from tests.helpers.browser import wait_until_ready
    from tests.test_talk_edit import png

    bundle = load_bundle(content_copy)
    t = bundle.ui["fr"]
    token = "editor-browser-token-5678"
    (tmp_path / "photo.png").write_bytes(png())
    pdf = deck(tmp_path / "mes-pages.pdf", ["Ma première page", "Ma deuxième page"])
    with editor_open(browser, content_copy, tmp_path, token, t) as (base, context, page):
        page.get_by_role("textbox", name=t["editor.new_id"], exact=True).fill("mon-atelier")
        page.get_by_role("button", name=t["editor.open"]).click()
        page.get_by_role("textbox", name=t["editor.first_part"], exact=True).fill("Le début")
        page.get_by_role("textbox", name=t["editor.first_part"], exact=True).press("Enter")
        page.get_by_role("button", name=t["editor.add_part"]).click()
        wait_until_ready(page)

        def add_from_library(query: str) -> None:
            page.get_by_role("textbox", name=t["editor.search"], exact=True).fill(query)
            page.get_by_role("textbox", name=t["editor.search"], exact=True).press("Enter")
            wait_until_ready(page)
            # The list is filtered by the run that Enter started: open it once it has one option.
            for _ in range(5):
                page.get_by_role("combobox", name=t["editor.library"]).click()
                try:
                    expect(page.get_by_role("option")).to_have_count(1, timeout=4000)
                    break
                except AssertionError:
                    page.keyboard.press("Escape")
            page.get_by_role("option").first.click()
            page.get_by_role("button", name=t["editor.add"], exact=True).first.click()
            wait_until_ready(page)
            expect(page.locator("code", has_text=query)).to_be_visible(timeout=EDITOR_WAIT)

        add_from_library("slide:alliance-definition")
        add_from_library("poll:alliance-weight")
        page.get_by_text(t["editor.own_heading"]).click()
        page.get_by_role("textbox", name=t["editor.own_id"], exact=True).fill("ma-photo")
        page.get_by_role("textbox", name=t["editor.own_title"], exact=True).fill("Ma photo")
        page.get_by_role("textbox", name=t["editor.own_notes"], exact=True).fill("Ce que je dis.")
        page.get_by_role("textbox", name=t["editor.own_alt"], exact=True).fill("Un rectangle bleu.")
        page.locator("input[type=file]").first.set_input_files(str(tmp_path / "photo.png"))
        # Added once the picture is in, as a presenter sees it: its name and size listed (a
        # click right after choosing it had no effect in 2 full runs of 7, most likely while
        # the picture was still uploading).
        uploader = page.locator("[data-testid=stFileUploader]").first
        expect(uploader).to_contain_text(re.compile(r"photo\.png\s*\d+(\.\d+)?\s?B"))
        page.get_by_role("button", name=t["editor.add"], exact=True).last.click()
        expect(page.locator("li code", has_text="own:ma-photo")).to_be_visible(timeout=EDITOR_WAIT)
        page.get_by_role("button", name=t["editor.save"], exact=True).click()
        expect(page.get_by_text(t["editor.saved"].split("(")[0].strip())).to_be_visible(
            timeout=EDITOR_WAIT
        )
        wait_until_ready(page)
        page.get_by_text(t["editor.pdf_heading"]).click()
        pdf_part = page.locator("[data-testid=stExpander]", has_text=t["editor.pdf_heading"])
        expect(pdf_part.get_by_text(t["editor.pdf_file"])).to_be_visible(timeout=EDITOR_WAIT)
        pdf_part.locator("input[type=file]").set_input_files(str(pdf))
        page.get_by_role("button", name=t["editor.pdf_import"]).click()
        expect(page.get_by_text(t["editor.pdf_done"].format(count=2))).to_be_visible(
            timeout=EDITOR_WAIT
        )
        # The pages are in the draft (the edits before them kept): saved as the message asks.
        expect(page.locator("li code", has_text="own:mon-atelier-mes-pages-2")).to_be_visible(
            timeout=EDITOR_WAIT
        )
        page.get_by_role("button", name=t["editor.save"], exact=True).click()
        expect(page.get_by_text(t["editor.saved"].split("(")[0].strip())).to_be_visible(
            timeout=EDITOR_WAIT
        )
        # Reorder (the question first), save, then put the version before back.
        page.get_by_role("button", name=t["editor.up_short"]).nth(1).click()
        expect(page.locator("li code").first).to_have_text(
            "poll:alliance-weight", timeout=EDITOR_WAIT
        )
        page.get_by_role("button", name=t["editor.save"], exact=True).click()
        expect(page.get_by_text(t["editor.saved"].split("(")[0].strip())).to_be_visible(
            timeout=EDITOR_WAIT
        )
        saved = talk_of(load_bundle(content_copy), "fr", "mon-atelier")
        assert [s.id for s in saved.slides][:2] == [
            "poll:alliance-weight",
            "slide:alliance-definition",
        ]
        wait_until_ready(page)  # the save's run ended: no click lands in the middle of it
        page.get_by_text(t["editor.history"]).click()
        restore = page.get_by_role("button", name=t["editor.restore"])
        expect(restore).to_be_visible(timeout=EDITOR_WAIT)
        wait_until_ready(page)
        restore.click()
        expect(page.get_by_text(t["editor.restored"])).to_be_visible(timeout=EDITOR_WAIT)
        context.close()
        talk = talk_of(load_bundle(content_copy), "fr", "mon-atelier")
        assert [s.kind for s in talk.slides].count("own") == 3
        assert talk.slide(1).id == "slide:alliance-definition"
        context = browser.new_context(viewport={"width": 1920, "height": 1080})
        page = context.new_page()
        for number in range(1, len(talk) + 1):
            page.goto(f"{base}/?lang=fr&present=1&talk=mon-atelier&slide={number}")
            wait_for_slide(page, number, len(talk))
            if talk.slide(number).own is not None and talk.slide(number).own.image_only:
                box = page.locator(".st-key-present_page img").evaluate(WHOLE)
                assert box["cut"] == [] and box["fit"] == "contain", (number, box)
            stage = page.locator(".st-key-present_stage")
            assert stage.evaluate("(el) => el.scrollHeight <= el.clientHeight + 1"), number
        context.close()
