"""In Chromium, in French and in English: the talk editor writes a question of one kind,
plans a part's minutes, previews a slide whole in a 16:9 frame at projector size, saves, all
by keyboard where a presenter would use it, and passes axe with its question form and its
preview open (issue 20, req 1)."""

from __future__ import annotations

import pytest

from lien.content import load_bundle
from lien.live.questions import live_questions
from lien.talks import talk_of
from tests.test_own_deck_browser import editor_open

pytestmark = pytest.mark.browser
WAIT = 30_000  # ms: a rerun of the editor on a talk of 16 items, on a busy machine

# Every box drawn inside the preview's frame, and whether it lies inside the frame (a slide
# shows whole: nothing spills out of the 16:9 frame, nothing is cut).
INSIDE = """
(frame) => {
  const f = frame.getBoundingClientRect();
  const out = [];
  for (const el of frame.querySelectorAll('h1, h2, p, li, img, svg.main-svg')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.left < f.left - 1 || r.top < f.top - 1 || r.right > f.right + 1 ||
        r.bottom > f.bottom + 1) out.push(el.tagName + ' ' + el.textContent.slice(0, 40));
  }
  return {width: f.width, height: f.height, out};
}
"""


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_editor_writes_a_question_plans_minutes_and_previews_a_slide_with_axe_clean(
    browser, content_copy, tmp_path, lang
):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    from tests.helpers.browser import wait_until_ready
    from tests.test_browser import serious_violations

    bundle = load_bundle(content_copy)
    t = bundle.ui[lang]
    token = f"editor-browser-token-{lang}-4321"
    with editor_open(browser, content_copy, tmp_path, token, t, lang=lang) as (_, context, page):
        page.get_by_label(t["editor.talk"]).click()
        page.get_by_role("option", name="short", exact=True).click()
        page.get_by_role("button", name=t["editor.open"]).click()
        expect(page.get_by_role("button", name=t["editor.preview_short"]).first).to_be_visible(
            timeout=WAIT
        )
        wait_until_ready(page)

        # A question of one kind, a word cloud, in the talk's two languages.
        page.get_by_text(t["editor.question_heading"]).click()
        kind = page.get_by_label(t["editor.kind"])
        expect(kind).to_be_visible(timeout=WAIT)
        wait_until_ready(page)
        # The list opens on a click once the form has settled; a click during a rerun is lost.
        option = page.get_by_role("option", name=t["editor.kind_words"])
        for _ in range(3):
            kind.click()
            try:
                option.wait_for(timeout=5_000)
                break
            except PlaywrightTimeout:
                page.keyboard.press("Escape")
                wait_until_ready(page)
        option.click()
        wait_until_ready(page)
        for each, words in (("fr", "En un mot, la confiance ?"), ("en", "In one word, trust?")):
            label = t["editor.in_language"].format(
                label=t["editor.prompt"], language=t[f"lang.{each}"]
            )
            page.get_by_label(label, exact=True).fill(words)
            page.keyboard.press("Tab")
            wait_until_ready(page)
        assert serious_violations(page) == []
        add = page.get_by_role("button", name=t["editor.question_add"])
        add.focus()
        page.keyboard.press("Enter")
        expect(page.get_by_text(t["editor.question_added"])).to_be_visible(timeout=WAIT)

        # A part's minutes: the first item of the first part, from 1 to 4 minutes.
        name = t["editor.minutes_of"].split("{")[0].rstrip(' «\u00a0"')
        minutes = page.get_by_role("textbox", name=name).first
        minutes.fill("4")
        minutes.press("Enter")
        wait_until_ready(page)
        heading = page.locator(".st-key-editor_part_opening p").first
        planned = t["editor.part_minutes"].format(minutes="5")
        expect(heading).to_have_text(
            f"{t['editor.part_heading'].format(number=1)} · {planned}", timeout=WAIT
        )

        # A slide with a chart, previewed by keyboard: whole in a 16:9 frame.
        short = talk_of(bundle, lang, "short")
        slide = short.slide(4)
        # The row of that slide (its id written in it), not the fourth row: a row's place moves
        # while a rerun is still drawing the list.
        row = page.locator(f"[class*='st-key-editor_{short.part_of(4).id}_']").filter(
            has=page.locator("code", has_text=slide.id)
        )
        preview = row.get_by_role("button", name=t["editor.preview_short"])
        expect(preview).to_have_count(1, timeout=WAIT)  # not while a rerun draws the row again
        preview.focus()
        page.keyboard.press("Enter")
        dialog = page.get_by_role("dialog")
        expect(dialog).to_be_visible(timeout=WAIT)
        frame = page.locator(".st-key-editor_preview_frame")
        frame.locator(".main-svg").first.wait_for(timeout=60_000)  # Plotly loads on a busy machine
        expect(frame.locator("h1")).to_have_text(slide.title, timeout=WAIT)
        box = frame.evaluate(INSIDE)
        assert abs(box["width"] / box["height"] - 16 / 9) < 0.02, box
        assert box["width"] >= 640, box
        assert box["out"] == [], box
        link = dialog.get_by_role("link", name=t["editor.preview_open"])
        assert "present=1&talk=short&slide=4" in link.get_attribute("href")
        assert serious_violations(page) == []
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden(timeout=WAIT)

        save = page.get_by_role("button", name=t["editor.save"], exact=True)
        save.focus()
        page.keyboard.press("Enter")
        expect(page.get_by_text(t["editor.saved"].split("(")[0].strip())).to_be_visible(
            timeout=WAIT
        )
        context.close()
    after = load_bundle(content_copy)
    talk = talk_of(after, lang, "short")
    assert talk.parts[0].planned_minutes == 5
    (poll,) = [s for s in talk.slides if s.kind == "poll"]
    question = live_questions(after, "en")[poll.id]
    assert (question.form, question.prompt) == ("words", "In one word, trust?")
