"""Talks in Chromium: a clicker's keys, every slide of every shipped talk inside the window at
1920×1080 and 1280×720, the speaker view following through reloads and an edit, the phone
remote, the printed slides and the handout's charts."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lien.content import ROOT
from lien.handout import handout_html
from lien.printout import slides_html
from lien.projection import slide_charts
from lien.talks import talk_of
from lien.view import View
from tests.conftest import LIVE_TOKEN
from tests.helpers import edit
from tests.helpers.browser import SCREENSHOTS, first_traceback, running_app, wait_until_ready

pytestmark = pytest.mark.browser

COUNTER = ".st-key-present_controls [data-testid='stMarkdownContainer'] p"

# Every box that must lie in the window: each line of text (its client rects), each image,
# each chart and each text inside it (axes, ticks, legend, notes), at 24 px at least; and
# nothing that scrolls. Text of a chart that runs into another text of it is reported too.
FIT = """
() => {
  const W = innerWidth, H = innerHeight, problems = [];
  const stage = document.querySelector('.st-key-present_stage');
  if (!stage) return ['no stage'];
  for (const s of [document.scrollingElement, document.querySelector('[data-testid=stMain]'),
                   stage]) {
    if (s.scrollHeight > s.clientHeight + 1 || s.scrollWidth > s.clientWidth + 1)
      problems.push(`scrolls: ${s.dataset.testid || s.className.split(' ')[0] || s.tagName}`);
  }
  const inside = (r) => r.left >= -0.5 && r.top >= -0.5
    && r.right <= W + 0.5 && r.bottom <= H + 0.5;
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const walker = document.createTreeWalker(stage, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    if (!node.textContent.trim() || node.parentElement.closest('svg')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width > 0 && !inside(r))
        problems.push(`line outside: ${node.textContent.trim().slice(0, 40)}`);
    }
    const size = parseFloat(getComputedStyle(node.parentElement).fontSize);
    if (size < 24) problems.push(`${size}px: ${node.textContent.trim().slice(0, 40)}`);
  }
  for (const img of stage.querySelectorAll('img')) {
    if (!img.complete || !img.naturalWidth) problems.push('image not drawn');
    else if (!inside(img.getBoundingClientRect())) problems.push('image outside');
  }
  // A chart drawn for another window width (a narrow one, lien.ui.live.NARROW_CSS) is hidden.
  for (const chart of [...stage.querySelectorAll('[data-testid=stPlotlyChart]')]
    .filter(c => c.checkVisibility())) {
    const box = chart.getBoundingClientRect();
    if (!inside(box)) problems.push('chart outside');
    const texts = [...chart.querySelectorAll('svg text')]
      .filter(t => t.textContent.trim() && shown(t));
    if (!texts.length) problems.push('chart without any text');
    const rects = texts.map(t => [t, t.getBoundingClientRect()]);
    for (const [t, r] of rects) {
      if (!inside(r) || r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1
          || r.bottom > box.bottom + 1)
        problems.push(`chart text outside: ${t.textContent.slice(0, 30)}`);
      const size = parseFloat(getComputedStyle(t).fontSize);
      if (size < 24) problems.push(`chart text ${size}px: ${t.textContent.slice(0, 30)}`);
    }
    for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) {
      const [a, ra] = rects[i], [b, rb] = rects[j];
      if (a.contains(b) || b.contains(a)) continue;
      const x = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const y = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (x > 2 && y > 2)
        problems.push(`overlap: ${a.textContent.slice(0, 20)} / ${b.textContent.slice(0, 20)}`);
    }
  }
  return problems;
}
"""

# Every chart drawn, at the size of its box, and still since the previous frame (polled each
# frame): Plotly draws a chart once, then again at the stage's size, and a chart measured in
# between, on a busy machine, had its labels placed for the first size.
DRAWN = """
(charts) => {
  const stage = document.querySelector('.st-key-present_stage');
  if (!stage || stage.querySelector('[data-testid=stSkeleton]')) return false;
  const drawn = [...stage.querySelectorAll('[data-testid=stPlotlyChart]')]
    .filter(c => c.checkVisibility() && c.querySelector('.main-svg text'));
  const images = [...stage.querySelectorAll('img')].every(i => i.complete && i.naturalWidth);
  if (drawn.length !== charts || !images) return false;
  const fitted = drawn.every(c => {
    const box = c.querySelector('.js-plotly-plot').getBoundingClientRect();
    const svg = c.querySelector('.main-svg').getBoundingClientRect();
    return Math.abs(box.width - svg.width) <= 1 && Math.abs(box.height - svg.height) <= 1;
  });
  const now = drawn.map(c => [...c.querySelectorAll('svg text')].map(t => {
    const r = t.getBoundingClientRect();
    return [t.textContent, Math.round(r.left), Math.round(r.top)].join(':');
  }).join('|')).join('#');
  const still = window.__lienChartTexts === now;
  window.__lienChartTexts = now;
  return fitted && still;
}
"""


def expected_charts(bundle, lang: str, slide) -> int:
    page_slide = slide.page_slide
    if page_slide is None or page_slide.section is None:
        return 0
    section = next(
        s for s in bundle.pages[lang][page_slide.page].sections if s.id == page_slide.section
    )
    return len(slide_charts(section.block, page_slide.chart))


# The projector answers its keys once the keys' script runs and the controls' buttons are drawn
# (the browser loads the buttons' code after the slide's text: a key pressed as soon as the
# counter shows went nowhere, one run in three on a busy machine).
KEYS_LIVE = """
() => window.__lienPresent === true
  && document.querySelectorAll('.st-key-present_controls button').length >= 4
"""


def wait_for_slide(page, number: int, total: int, timeout: int = 20_000) -> None:
    page.wait_for_function(
        "([sel, text]) => [...document.querySelectorAll(sel)]"
        ".some(p => p.textContent.trim() === text)",
        arg=[COUNTER, f"{number} / {total}"],
        timeout=timeout,
    )
    wait_until_ready(page)
    page.wait_for_function(KEYS_LIVE, timeout=timeout)


def run_id_of(page) -> str:
    page.wait_for_function("() => location.search.includes('run=')")
    return re.search(r"[?&]run=([^&]+)", page.url).group(1)


def controls_opacity(page) -> float:
    return float(
        page.eval_on_selector(".st-key-present_controls", "n => getComputedStyle(n).opacity")
    )


# The projector's two windows. Each slide is measured at both in one load, the window resized
# in between: a resized slide lays out as one loaded at that size (checked on 94 slide-sizes
# on 7 Dec: the same findings, chart texts within 1 px), and a slide loads once, not twice.
WINDOWS = [(1920, 1080), (1280, 720)]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_slide_of_every_shipped_talk_lies_inside_the_window(app_url, browser, bundle, lang):
    window = WINDOWS[0]  # the window a slide arrives in: the one last measured
    context = browser.new_context(viewport={"width": window[0], "height": window[1]})
    page = context.new_page()
    # As the presenter (the cookie /live sets): the poll and join slides then show what the
    # projector shows in a talk (the room's QR code, its address, the question), not
    # "presenter only".
    page.goto(f"{app_url}/live?lang={lang}&token={LIVE_TOKEN}")
    wait_until_ready(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    problems: dict[str, list[str]] = {}
    walked = 0
    for talk_id in bundle.talks:
        talk = talk_of(bundle, lang, talk_id)
        page.goto(f"{app_url}/?lang={lang}&present=1&talk={talk_id}&slide=1")
        for slide in talk.slides:
            if slide.number > 1:
                page.keyboard.press("PageDown")
            wait_for_slide(page, slide.number, len(talk))
            # The window the slide arrived in first, then the other one.
            for width, height in sorted(WINDOWS, key=lambda w: w != window):
                window = (width, height)
                page.set_viewport_size({"width": width, "height": height})
                page.evaluate("() => { window.__lienChartTexts = null; }")  # still at this size
                charts = expected_charts(bundle, lang, slide)
                page.wait_for_function(DRAWN, arg=charts, timeout=20_000)
                found = page.evaluate(FIT)
                if slide.kind in ("poll", "quiz", "join"):  # the presenter's picture: QR code
                    qr = page.locator(".st-key-present_stage [data-testid=stImage] img")
                    if qr.count() == 0:
                        found = [*found, "no QR code: not the presenter's slide"]
                walked += 1
                if found or slide.number == 1:
                    name = f"talk-{talk_id}-{lang}-{width}-{slide.number:02d}.png"
                    page.screenshot(path=str(SCREENSHOTS / name))
                if found:
                    problems[f"{talk_id} {slide.number} {slide.id} at {width}"] = found
    context.close()
    slides = sum(len(talk_of(bundle, lang, t)) for t in bundle.talks)
    assert walked == len(WINDOWS) * slides
    assert problems == {}


def test_a_clickers_keys_move_blank_and_leave_the_projector(app_url, reading, bundle):
    talk = talk_of(bundle, "en", "short")
    page = reading.open(viewport={"width": 1920, "height": 1080}, locale="en-US")
    page.goto(f"{app_url}/?lang=en&present=1&talk=short&slide=1")
    wait_for_slide(page, 1, len(talk))
    title = page.locator(".st-key-present_stage h1").first
    for key, number in (
        ("PageDown", 2),
        ("PageDown", 3),
        ("PageUp", 2),
        ("Space", 3),
        ("ArrowRight", 4),
        ("ArrowLeft", 3),
        ("End", len(talk)),
        ("Home", 1),
    ):
        page.keyboard.press(key)
        wait_for_slide(page, number, len(talk))
        expect(title).to_have_text(talk.slide(number).title)
        expect(page).to_have_url(re.compile(rf"[?&]slide={number}\b"))
    page.keyboard.press("b")
    blank = page.locator(".st-key-present_blank")
    expect(blank).to_be_visible()
    assert blank.evaluate("n => getComputedStyle(n).backgroundColor") == "rgb(0, 0, 0)"
    box = blank.bounding_box()
    assert box["width"] >= 1920 and box["height"] >= 1080
    page.keyboard.press("b")
    expect(blank).to_have_count(0)
    expect(title).to_have_text(talk.slide(1).title)
    page.keyboard.press("q")
    expect(page).not_to_have_url(re.compile("present="))
    expect(page.locator("h1").first).to_have_text(bundle.pages["en"]["home"].title)
    page.close()


def test_escape_leaves_the_projector_as_q_does(app_url, reading, bundle):
    talk = talk_of(bundle, "en", "short")
    page = reading.open(viewport={"width": 1280, "height": 720}, locale="en-US")
    page.goto(f"{app_url}/?lang=en&present=1&talk=short&slide=2")
    wait_for_slide(page, 2, len(talk))
    page.keyboard.press("Escape")
    expect(page).not_to_have_url(re.compile("present="))
    # Back on the slide's page (the page present mode was opened on, for a slide of no page).
    back_to = talk.slide(2).page_id or "home"
    expect(page.locator("h1").first).to_have_text(bundle.pages["en"][back_to].title)
    page.close()


def test_the_projected_picture_has_no_buttons_and_no_focus_frame_when_clicked(
    app_url, reading, bundle
):
    page = reading.open(viewport={"width": 1280, "height": 720})
    page.goto(f"{app_url}/?lang=fr&present=1&talk=full&slide=9")
    wait_for_slide(page, 9, len(talk_of(bundle, "fr", "full")))
    assert controls_opacity(page) == 0
    page.keyboard.press("PageDown")
    wait_until_ready(page)
    assert controls_opacity(page) == 0  # a key press shows nothing
    page.mouse.click(300, 400)  # a click on the slide
    focused = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.boxShadow]; }"
    )
    assert focused[0] == "none" and focused[1] == "none", focused
    # The mouse moving shows them.
    page.mouse.move(600, 300)
    page.mouse.move(620, 320)
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.st-key-present_controls')).opacity === '1'"
    )
    # They hide again on their own once the mouse rests (2.5 s).
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.st-key-present_controls'))"
        ".opacity === '0'",
        timeout=10_000,
    )
    page.keyboard.press("Tab")  # keyboard focus shows them
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.st-key-present_controls')).opacity === '1'"
    )
    page.close()


@pytest.fixture
def editable_app(browser, tmp_path):
    """A server of its own, on a copy of the content that the test edits mid-talk."""
    for folder in ("content", "data"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    env = {
        "LIEN_CONTENT_ROOT": str(tmp_path),
        "LIEN_LIVE_TOKEN": LIVE_TOKEN,
        "LIEN_DATA_DIR": str(tmp_path / "var"),
        "LIEN_DATABASE_URL": "",
    }
    with running_app(env=env, log=tmp_path / "streamlit.log") as base:
        yield base, tmp_path


def speaker_shows(page, number: int, total: int, timeout: int) -> None:
    page.wait_for_function(
        "t => document.querySelector('[data-testid=stMain]').innerText.includes(t)",
        arg=f"{number} / {total}",
        timeout=timeout,
    )


def test_the_speaker_view_follows_within_a_second_through_reloads_and_an_edit(
    editable_app, browser, bundle
):
    base, root = editable_app
    talk = talk_of(bundle, "en", "short")
    total = len(talk)
    projector_context = browser.new_context(viewport={"width": 1920, "height": 1080})
    projector = projector_context.new_page()
    projector.goto(f"{base}/?lang=en&present=1&talk=short&slide=2")
    wait_for_slide(projector, 2, total)
    notes_href = projector.locator(".st-key-present_controls a").get_attribute("href")
    speaker_context = browser.new_context(viewport={"width": 1280, "height": 900})
    speaker = speaker_context.new_page()
    speaker.goto(f"{base}/{notes_href.removeprefix('./')}&token={LIVE_TOKEN}")
    wait_until_ready(speaker)
    speaker_shows(speaker, 2, total, 10_000)
    assert talk.slide(2).notes.split()[0] in speaker.locator(".st-key-speaker_notes").inner_text()
    expect(speaker).not_to_have_url(re.compile("token="))
    delays = []
    for number in (3, 4):
        projector.keyboard.press("PageDown")
        pressed = time.monotonic()
        speaker_shows(speaker, number, total, 5_000)
        delays.append(time.monotonic() - pressed)
    # The projector's tab is reloaded: it opens where it was and the speaker view follows on.
    projector.reload()
    wait_for_slide(projector, 4, total)
    projector.keyboard.press("PageDown")
    pressed = time.monotonic()
    speaker_shows(speaker, 5, total, 5_000)
    delays.append(time.monotonic() - pressed)
    # The speaker's tab is reloaded: no token asked again (its address keeps a key).
    speaker.reload()
    wait_until_ready(speaker)
    speaker_shows(speaker, 5, total, 10_000)
    projector.keyboard.press("PageUp")
    pressed = time.monotonic()
    speaker_shows(speaker, 4, total, 5_000)
    delays.append(time.monotonic() - pressed)
    assert max(delays) < 1.0, delays
    # The talk is edited mid-talk: the slide shown is removed. Both move to the nearest one.
    removed = talk.slide(4)
    path = root / "content/talks/short.toml"
    line = next(x for x in path.read_text(encoding="utf-8").splitlines() if f'"{removed.id}"' in x)
    edit(path, line + "\n", "")
    after = talk.slide(5).title
    speaker_shows(speaker, 4, total - 1, 15_000)
    expect(projector.locator(".st-key-present_stage h1").first).to_have_text(after, timeout=15_000)
    for page in (projector, speaker):
        assert page.locator("[data-testid='stException']").count() == 0
    projector_context.close()
    speaker_context.close()
    # Nor did any run fail on the way and get redrawn before the check above (the remote's
    # list of slides once reported its old choice after the edit, and its callback failed).
    assert first_traceback(root / "streamlit.log") == ""


def test_the_phone_remote_needs_the_token_then_moves_the_projector_with_big_buttons(
    app_url, browser, bundle
):
    talk = talk_of(bundle, "fr", "workshop")
    ui = bundle.ui["fr"]
    projector_context = browser.new_context(viewport={"width": 1280, "height": 720})
    projector = projector_context.new_page()
    projector.goto(f"{app_url}/?lang=fr&present=1&talk=workshop&slide=5")
    wait_for_slide(projector, 5, len(talk))
    run_id = run_id_of(projector)
    phone_context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="fr-FR"
    )
    phone = phone_context.new_page()
    phone.goto(f"{app_url}/?lang=fr&notes={run_id}")
    wait_until_ready(phone)
    expect(phone.get_by_label(ui["live.token_label"])).to_be_visible()
    expect(phone.get_by_role("button", name=ui["present.next"])).to_have_count(0)
    assert talk.slide(5).notes[:30] not in phone.inner_text("body")
    phone.get_by_label(ui["live.token_label"]).fill(LIVE_TOKEN)
    phone.get_by_label(ui["live.token_label"]).press("Enter")
    following = phone.get_by_role("button", name=ui["present.next"])
    expect(following).to_be_visible()
    previous = phone.get_by_role("button", name=ui["present.previous"])
    for button in (previous, following):
        box = button.bounding_box()
        assert box["height"] >= 56 and box["width"] >= 150, box  # big enough for a thumb
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert previous.bounding_box()["y"] == following.bounding_box()["y"]  # side by side
    assert phone.evaluate("document.documentElement.scrollWidth <= innerWidth")
    SCREENSHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "remote-fr-390.png"))
    following.tap()
    wait_for_slide(projector, 6, len(talk))
    expect(projector.locator(".st-key-present_stage h1").first).to_have_text(talk.slide(6).title)
    following.tap()
    wait_for_slide(projector, 7, len(talk))
    previous.tap()
    wait_for_slide(projector, 6, len(talk))
    projector_context.close()
    phone_context.close()


def pdf_pages(pdf: bytes) -> list[str]:
    """Each page's MediaBox, in points."""
    return re.findall(rb"/MediaBox\s*\[([^\]]+)\]", pdf)


@pytest.mark.parametrize("notes", [False, True])
def test_a_talk_prints_as_a_pdf_of_one_landscape_page_per_slide(browser, bundle, tmp_path, notes):
    context = browser.new_context()
    page = context.new_page()
    for talk_id in bundle.talks:
        for lang in ("fr", "en"):
            talk = talk_of(bundle, lang, talk_id)
            path = tmp_path / f"{talk_id}-{lang}.html"
            path.write_text(
                slides_html(View(bundle, lang), talk_id, notes=notes, join_address="http://x/join"),
                encoding="utf-8",
            )
            page.goto(path.as_uri())
            pdf = page.pdf(prefer_css_page_size=True, print_background=True)
            boxes = pdf_pages(pdf)
            assert len(boxes) == len(talk), (talk_id, lang, len(boxes))
            for box in boxes:
                x0, y0, x1, y1 = (float(v) for v in box.split())
                assert x1 - x0 > y1 - y0  # landscape
                assert abs((x1 - x0) - 841.9) < 2 and abs((y1 - y0) - 595.3) < 2  # A4
            if talk_id == "workshop" and lang == "fr":
                (SCREENSHOTS / f"slides-workshop-fr{'-notes' if notes else ''}.pdf").write_bytes(
                    pdf
                )
    context.close()


def test_the_overview_offers_the_slides_to_print_and_the_download_prints_every_slide(
    app_url, browser, bundle, tmp_path
):
    talk = talk_of(bundle, "en", "workshop")
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{app_url}/?lang=en&present=1&talk=workshop&slide=3")
    wait_for_slide(page, 3, len(talk))
    page.keyboard.press("o")
    expect(page.locator(".st-key-present_stage h1").first).to_have_text(talk.title)
    expect(page.locator(".st-key-present_overview button")).to_have_count(len(talk))
    with page.expect_download() as caught:
        page.get_by_role("button", name=bundle.ui["en"]["present.print_notes"]).click()
    saved = Path(tmp_path / "printed.html")
    caught.value.save_as(saved)
    printer = context.new_page()
    printer.goto(saved.as_uri())
    assert len(pdf_pages(printer.pdf(prefer_css_page_size=True))) == len(talk)
    # A slide of the overview jumps there and closes it.
    page.locator(".st-key-present_overview button").nth(11).click()
    wait_for_slide(page, 12, len(talk))
    expect(page.locator(".st-key-present_stage h1").first).to_have_text(talk.slide(12).title)
    context.close()


OVERLAPS = """
() => {
  const problems = [];
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  for (const chart of document.querySelectorAll('.chart')) {
    const svg = chart.querySelector('.main-svg');
    if (!svg) { problems.push('chart not drawn'); continue; }
    const box = svg.getBoundingClientRect();
    const rects = [...chart.querySelectorAll('svg text')]
      .filter(t => t.textContent.trim() && shown(t))
      .map(t => [t, t.getBoundingClientRect()]);
    for (const [t, r] of rects) {
      if (r.left < box.left - 1 || r.right > box.right + 1
          || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        problems.push(`outside its chart: ${t.textContent.slice(0, 30)}`);
    }
    for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) {
      const [a, ra] = rects[i], [b, rb] = rects[j];
      if (a.contains(b) || b.contains(a)) continue;
      const x = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const y = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (x > 2 && y > 2)
        problems.push(`${a.textContent.slice(0, 25)} over ${b.textContent.slice(0, 25)}`);
    }
  }
  return problems;
}
"""


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_label_of_the_handouts_charts_runs_into_another(browser, bundle, tmp_path, lang):
    context = browser.new_context(viewport={"width": 900, "height": 1200})
    page = context.new_page()
    for talk_id in ("full", "workshop"):
        path = tmp_path / f"handout-{talk_id}-{lang}.html"
        path.write_text(handout_html(View(bundle, lang), talk_id), encoding="utf-8")
        page.goto(path.as_uri())
        charts = page.locator(".chart")
        expect(charts.first).to_be_visible()
        assert charts.count() == 13
        assert page.evaluate(OVERLAPS) == [], talk_id
    context.close()
