"""Readable everywhere, as a reader sees it in Chromium (issues 9 req 6, 14 req 1–3).

Every chart at 390×844 and 1280×800 in both languages: no two text boxes overlap and none
leaves the figure (SVG text boxes measured inside each plot). French pages: no ordinary space
before : ; ? ! and no line that starts with one of them at 390 px; no English. On a phone, Tab
never lands on an element off screen or hidden.
"""

from __future__ import annotations

import contextlib
import re
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from lien.live.questions import live_questions
from lien.live.results import result
from lien.live.runs import Runs, new_run_id
from lien.quiz import draw_round
from lien.sitemap import PAGES, page
from lien.talks import talk_of
from tests.conftest import LIVE_TOKEN
from tests.helpers.browser import SCREENSHOTS, wait_until_ready
from tests.test_live_presenter_browser import app_store
from tests.test_talk_polls_browser import Phone
from tests.test_talks_browser import wait_for_slide

pytestmark = pytest.mark.browser

PLOT = "[data-testid='stMain'] .js-plotly-plot"
CHART_BOXES = (Path(__file__).parent / "helpers" / "chart_boxes.js").read_text(encoding="utf-8")
HTML_BOXES = (Path(__file__).parent / "helpers" / "html_boxes.js").read_text(encoding="utf-8")
SIZES = [(390, 844), (1280, 800)]
CHART_PAGES = {"alliance": 5, "attachment": 3, "therapy": 2}


def open_tab(reading, width: int, height: int):
    """A tab in a context kept for the session (tests.helpers.browser.ReadingTabs)."""
    return reading.open(viewport={"width": width, "height": height}, locale="fr-FR")


def wait_for_charts(tab, count: int) -> None:
    """Until `count` plots are drawn with their texts, and the fonts are in (text widths)."""
    expect(tab.locator(PLOT)).to_have_count(count, timeout=30_000)
    tab.wait_for_function(
        "n => document.fonts.status === 'loaded' && [...document.querySelectorAll("
        "\"[data-testid='stMain'] .js-plotly-plot\")].filter(p => p.querySelector("
        "'svg.main-svg text')).length === n",
        arg=count,
        timeout=30_000,
    )


def title_pattern(title: str) -> re.Pattern[str]:
    """A chart title as its SVG reads once wrapped (its lines joined with no space)."""
    return re.compile("^" + r"\s?".join(re.escape(w) for w in title.split(" ")) + "$")


def chart_problems(tab) -> list[str]:
    """Every overlap of two texts and every text outside its figure, on every chart."""
    problems = []
    for chart in tab.evaluate(CHART_BOXES):
        assert chart["count"] > 0, chart
        problems += [f"chart {chart['index']}: {a!r} overlaps {b!r}" for a, b in chart["overlaps"]]
        problems += [f"chart {chart['index']}: {t!r} leaves the figure" for t in chart["outside"]]
    return problems


def html_problems(tab) -> list[str]:
    """Every overlap of two words of a cloud, every word cut by its cloud, every line of a
    list (the audience's questions) outside the window."""
    found = tab.evaluate(HTML_BOXES)
    return [f"{a!r} overlaps {b!r}" for a, b in found["overlaps"]] + [
        f"{t!r} leaves its box" for t in found["outside"]
    ]


# True once every plot is drawn with the same text boxes over the last polls (a resize redraws
# a plot, a live page's fragment draws it again every 1.5 s): two polls when it is as wide as
# its box, eight (2 s) when it is not (what figure_problems then reports).
SETTLED = """() => {
  const plots = [...document.querySelectorAll("[data-testid='stMain'] .js-plotly-plot")]
    .filter((p) => p.checkVisibility());
  const svgs = plots.map((p) => p.querySelector('svg.main-svg'));
  if (!plots.length || svgs.some((s) => !s)) return false;
  const snap = JSON.stringify(plots.map((p) => [...p.querySelectorAll('svg text')].map((t) => {
    const r = t.getBoundingClientRect();
    return [Math.round(r.x), Math.round(r.y), Math.round(r.width)]; })));
  window.__lienSame = window.__lienSnap === snap ? (window.__lienSame || 0) + 1 : 0;
  window.__lienSnap = snap;
  const fits = plots.every((p, i) => Math.abs(svgs[i].getBoundingClientRect().width
                                              - p.getBoundingClientRect().width) <= 1);
  // A plot not yet redrawn at the window's new size gets 10 s (40 polls) to be: under the
  // suite's load, the map on the projector took over 2 s once, and the check then measured it
  // at its old width.
  return document.fonts.status === 'loaded' && window.__lienSame >= (fits ? 1 : 40);
}"""


def settled(tab) -> None:
    tab.wait_for_function(SETTLED, polling=250, timeout=30_000)


def figure_problems(tab) -> list[str]:
    """A plot drawn wider or narrower than the box it sits in (cut, or not redrawn)."""
    sizes = tab.evaluate(
        "() => [...document.querySelectorAll(\"[data-testid='stMain'] .js-plotly-plot\")]"
        ".filter(p => p.checkVisibility()).map(p => [p.getBoundingClientRect().width,"
        " p.querySelector('svg.main-svg').getBoundingClientRect().width])"
    )
    return [
        f"chart {i}: drawn {svg:.0f} px wide in a {box:.0f} px box"
        for i, (box, svg) in enumerate(sizes)
        if abs(box - svg) > 1
    ]


def answer_the_reflection(tab, bundle, lang: str) -> None:
    groups = tab.locator("[data-testid='stRadio']")
    expect(groups).to_have_count(len(bundle.reflection[lang].statements), timeout=30_000)
    for index in range(groups.count()):
        groups.nth(index).get_by_text("6" if index % 2 else "2", exact=True).click()


# --- issue 14 req 1: every chart whole ------------------------------------------------------


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page_id", list(CHART_PAGES))
def test_no_two_texts_of_a_chart_overlap_and_none_leaves_its_figure(
    app_url, reading, bundle, page_id, lang, width, height
):
    tab = open_tab(reading, width, height)
    tab.goto(f"{app_url}/{page(page_id).url_path}?lang={lang}")
    wait_until_ready(tab)
    wait_for_charts(tab, CHART_PAGES[page_id])
    problems = chart_problems(tab)
    if page_id == "attachment":
        # Every age and measure of the prevalence explorer, and every stressor.
        ui = bundle.ui[lang]
        for group in ("preschool", "adult_aai", "adult_self_report"):
            tab.get_by_role("radio", name=ui[f"attachment.group.{group}"]).click()
            expect(tab.locator(f"{PLOT} .gtitle").first).to_have_text(
                title_pattern(ui[f"attachment.group.{group}"])
            )
            wait_for_charts(tab, 3)
            problems += [f"{group}: {p}" for p in chart_problems(tab)]
        for scenario in bundle.stress[lang].scenarios[1:]:
            tab.get_by_role("radio", name=scenario.label).click()
            # The stress chart (the second) is drawn again under its new title.
            expect(tab.locator(f"{PLOT} .gtitle").nth(1)).to_have_text(
                title_pattern(scenario.label)
            )
            wait_for_charts(tab, 3)
            problems += [f"{scenario.id}: {p}" for p in chart_problems(tab)]
        # No option of the controls is cut (the stressors' names are long): neither a button
        # nor the text inside it (which Streamlit ends with an ellipsis).
        cut = tab.evaluate(
            "() => [...document.querySelectorAll(\"[data-testid='stMain'] "
            "[data-testid='stButtonGroup'] button, [data-testid='stMain'] "
            "[data-testid='stButtonGroup'] button *\")].filter(b => b.scrollWidth > "
            "b.clientWidth + 1 || b.getBoundingClientRect().right > innerWidth + 1)"
            ".map(b => b.textContent)"
        )
        problems += [f"control option cut: {c}" for c in cut]
    tab.close()
    assert problems == []


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_reflections_map_is_whole_too(app_url, reading, bundle, lang, width, height):
    tab = open_tab(reading, width, height)
    tab.goto(f"{app_url}/reflection?lang={lang}")
    wait_until_ready(tab)
    answer_the_reflection(tab, bundle, lang)
    wait_for_charts(tab, 1)
    problems = chart_problems(tab)
    tab.close()
    assert problems == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_part_of_the_treemap_is_named_in_it_or_in_the_list_beside_it(
    app_url, reading, bundle, lang
):
    tab = open_tab(reading, 390, 844)
    tab.goto(f"{app_url}/alliance?lang={lang}")
    wait_until_ready(tab)
    wait_for_charts(tab, CHART_PAGES["alliance"])
    # The treemap's own labels, and the caption right under it (its list of every part).
    named, beside = tab.evaluate(
        """() => {
          const plot = [...document.querySelectorAll('.js-plotly-plot')]
            .find(p => p._fullData && p._fullData[0].type === 'treemap');
          const named = [...plot.querySelectorAll('svg text')].map(t => t.textContent).join(' ');
          let box = plot.closest('[data-testid="stElementContainer"]').nextElementSibling;
          while (box && !box.querySelector('[data-testid="stCaptionContainer"]'))
            box = box.nextElementSibling;
          return [named, box ? box.innerText : ''];
        }"""
    )
    tab.close()
    parts = [node.label for node, _ in bundle.components[lang].walk()]
    missing = [p for p in parts if p not in named.replace("\n", " ") and p not in beside]
    assert len(parts) == 30 and missing == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_on_a_phone_plotlys_toolbar_is_not_over_any_chart(app_url, reading, lang):
    tab = open_tab(reading, 390, 844)
    tab.goto(f"{app_url}/alliance?lang={lang}")
    wait_until_ready(tab)
    wait_for_charts(tab, CHART_PAGES["alliance"])
    tab.locator(PLOT).first.hover()
    shown = tab.evaluate(
        "() => [...document.querySelectorAll('.modebar-container')]"
        ".filter(m => m.checkVisibility()).length"
    )
    tab.close()
    assert shown == 0


# --- issue 9 req 6: French typography in what is rendered -----------------------------------

# A text node's punctuation marks, each with the box of its character and of the character
# before the space in front of it: a mark on another line than that character starts a line.
PUNCTUATION = (Path(__file__).parent / "helpers" / "punctuation.js").read_text(encoding="utf-8")


def _open_everything(tab) -> None:
    """Open the helplines' popover, so its words are read too."""
    tab.locator("[data-testid='stPopoverButton']").first.click()
    expect(tab.locator("[data-testid='stPopoverBody']")).to_be_visible()


# The two French pages' tests read one load of each page at 390×844 (what they read is taken once,
# the page's words before anything is clicked, its punctuation once a reflection is answered,
# then the popover's words), and run on the same worker.
FRENCH_PAGES = [pytest.param(p.id, marks=pytest.mark.xdist_group(f"fr-{p.id}")) for p in PAGES]


def read_french_page(app_url, reading, bundle, page_id) -> dict:
    tab = open_tab(reading, 390, 844)
    try:
        tab.goto(f"{app_url}/{page(page_id).url_path}?lang=fr")
        wait_until_ready(tab)
        if page_id in CHART_PAGES:
            wait_for_charts(tab, CHART_PAGES[page_id])
        words = tab.evaluate(WORDS_OF_A_PAGE)
        if page_id == "reflection":
            answer_the_reflection(tab, bundle, "fr")
            wait_for_charts(tab, 1)
        punctuation = tab.evaluate(PUNCTUATION)
        _open_everything(tab)
        words += "\n" + tab.evaluate(WORDS_OF_A_PAGE)
        popover = tab.locator("[data-testid='stPopoverBody']").inner_text()
    finally:
        tab.close()
    return {"words": words, "punctuation": punctuation, "popover": popover}


@pytest.fixture(scope="module")
def french_page(app_url, reading, bundle):
    """What a French page shows at 390×844, read once per page for this file's tests."""
    readings: dict[str, dict] = {}

    def read(page_id: str) -> dict:
        if page_id not in readings:
            readings[page_id] = read_french_page(app_url, reading, bundle, page_id)
        return readings[page_id]

    return read


@pytest.mark.parametrize("page_id", FRENCH_PAGES)
def test_a_french_page_has_no_ordinary_space_before_punctuation_and_no_line_starts_with_it(
    french_page, page_id
):
    found, popover = french_page(page_id)["punctuation"], french_page(page_id)["popover"]
    assert found["checked"] > 0  # the page's punctuation was read
    assert found["spaced"] == [] and found["starts"] == []
    assert "\u202f?" in popover and not re.search(r" [:;?!]", popover), popover


# --- issue 14 req 2: no English on a French page --------------------------------------------

# Words that are English and not French: Streamlit's and Plotly's chrome, and the commonest
# English words. Proper names (the references' titles and journals) are left out of the read.
# ("main", "an", "content", "option" are French words too: "La Main Tendue", "un an".)
ENGLISH = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "with",
        "for",
        "this",
        "that",
        "from",
        "your",
        "you",
        "is",
        "are",
        "be",
        "by",
        "at",
        "it",
        "its",
        "will",
        "can",
        "skip",
        "link",
        "heading",
        "fullscreen",
        "download",
        "downloads",
        "plot",
        "reset",
        "autoscale",
        "pan",
        "choose",
        "open",
        "close",
        "show",
        "hide",
        "password",
        "progress",
        "icon",
        "sidebar",
        "expand",
        "collapse",
        "rerun",
        "settings",
        "print",
        "about",
        "press",
        "enter",
        "apply",
        "search",
        "running",
        "stop",
        "results",
        "chart",
        "data",
        "see",
        "view",
        "button",
        "select",
        "clear",
        "selected",
    ]
)

WORDS_OF_A_PAGE = (Path(__file__).parent / "helpers" / "page_words.js").read_text(encoding="utf-8")


def english_words(text: str, allowed: set[str]) -> list[str]:
    text = re.sub(r"\b[\w-]+(?:\.[\w-]+)+\b", " ", text)  # web addresses: 112.be, 143.ch
    words = re.findall(r"[A-Za-zÀ-ÿ']+", text)
    return sorted({w for w in words if w.lower() in ENGLISH and w not in allowed})


@pytest.mark.parametrize("page_id", FRENCH_PAGES)
def test_a_french_page_says_nothing_in_english(french_page, page_id):
    text = french_page(page_id)["words"]
    assert "Skip to main content" not in text and "Main menu" not in text
    # The language switch names English in English, as language switches do.
    assert english_words(text.replace("English", ""), set()) == []


def test_the_phones_join_page_is_french_too(app_url, reading):
    tab = open_tab(reading, 390, 844)
    tab.goto(f"{app_url}/join?lang=fr")
    text = tab.evaluate(WORDS_OF_A_PAGE)
    tab.close()
    assert english_words(text.replace("English", ""), set()) == []
    assert not re.search(r" [:;?!]", text), text


# --- issue 14 req 3: the keyboard on a phone ------------------------------------------------

FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const r = e.getBoundingClientRect();
  const seen = e.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const onScreen = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
    && r.top < innerHeight && r.left < innerWidth;
  return {what: e.tagName + ' ' + (e.getAttribute('aria-label') || e.textContent || '').trim()
    .slice(0, 40), seen, onScreen};
}"""


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page_id", ["home", "alliance", "attachment", "quiz", "sources"])
def test_on_a_phone_tab_never_lands_on_an_element_off_screen_or_hidden(
    app_url, reading, page_id, lang
):
    tab = open_tab(reading, 390, 844)
    tab.goto(f"{app_url}/{page(page_id).url_path}?lang={lang}")
    wait_until_ready(tab)
    bad, stops = [], 0
    for _ in range(30):  # bounded: the first screens of the page, header and menu included
        tab.keyboard.press("Tab")
        # What the reader sees once the page has scrolled to it: a chart drawn late above the
        # focused element may push it down for a moment, and the browser then follows it.
        with contextlib.suppress(PlaywrightTimeout):
            tab.wait_for_function(
                f"() => {{ const f = ({FOCUSED})(); return !f || (f.seen && f.onScreen); }}",
                timeout=1_000,
            )
        focused = tab.evaluate(FOCUSED)
        if focused is None:
            continue
        stops += 1
        if not (focused["seen"] and focused["onScreen"]):
            bad.append(focused["what"])
    tab.close()
    assert stops >= 5 and bad == []


# --- issue 14 req 1: the quiz's chart and the live room's charts, with real answers ---------

QUIZ_SEED = 5  # a round with every kind of question


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_quizs_score_per_topic_chart_is_whole_at_both_sizes(
    app_url, browser, reading, bundle, lang
):
    """A round played in the browser (every other answer right), its chart measured at 1280
    then at 390 px once redrawn."""
    bank = bundle.quiz[lang]
    tab = open_tab(reading, 1280, 800)
    tab.goto(f"{app_url}/quiz?lang={lang}&seed={QUIZ_SEED}")
    wait_until_ready(tab)
    for step, drawn in enumerate(draw_round(bank, seed=QUIZ_SEED).questions):
        question = bank.question(drawn.id)
        right = [i for i in drawn.option_ids if question.option(i).correct]
        wrong = [i for i in drawn.option_ids if not question.option(i).correct]
        chosen = right if step % 2 == 0 else wrong[:1]
        form = tab.locator("[data-testid=stForm]")  # only the current question has one
        for option_id in chosen if question.kind == "multiple" else chosen[:1]:
            form.get_by_text(question.option(option_id).text, exact=True).click()
        tab.locator(f".st-key-quiz_submit_{step} button").click()
        tab.locator(f".st-key-quiz_next_{step} button").click()
    expect(tab.locator(".st-key-quiz_score")).to_be_visible(timeout=30_000)
    problems = []
    for width, height in ((1280, 800), (390, 844)):
        tab.set_viewport_size({"width": width, "height": height})
        wait_for_charts(tab, 1)
        settled(tab)
        problems += [f"{width}px: {p}" for p in chart_problems(tab) + figure_problems(tab)]
        SCREENSHOTS.mkdir(exist_ok=True)
        tab.locator(PLOT).screenshot(path=str(SCREENSHOTS / f"quiz-topics-{lang}-{width}.png"))
    tab.close()
    assert problems == []


# What the room says, per kind: enough phones that a personal question shows its results.
WORDS = {
    "fr": [
        ("écoute", "bienveillance", "disponibilité"),
        ("écoute", "confiance", ""),
        ("patience", "écoute", "respect"),
        ("honnêteté", "constance", "confidentialité"),
        ("présence", "écoute", "confiance"),
    ],
    "en": [
        ("listening", "kindness", "availability"),
        ("listening", "trust", ""),
        ("patience", "listening", "respect"),
        ("honesty", "consistency", "confidentiality"),
        ("presence", "listening", "trust"),
    ],
}
ASKS = {
    "fr": [
        "Comment savoir si l'alliance avec mon ou ma thérapeute est suffisamment solide pour "
        "aborder les sujets les plus difficiles, et que faire si ce n'est pas le cas ?",
        "Un style d'attachement peut-il changer à l'âge adulte ?",
        "Que faire après une rupture de l'alliance ?",
    ],
    "en": [
        "How can I tell whether the alliance with my therapist is strong enough to bring up "
        "the hardest subjects, and what should I do if it is not?",
        "Can an attachment style change in adulthood?",
        "What helps after a rupture in the alliance?",
    ],
}
# (poll, what each phone sends, then): every kind, closed or revealed where it shows after.
ROOM = [
    ("alliance-weight", ["moderate", "none", "strong", "moderate", "moderate"], "reveal"),
    # Personal questions: enough alike to show a group (their blur may still hide it).
    ("comfort-first", ["partner"] * 9 + ["friend", "family", "skip"], "close"),
    ("help-ease", ["4"] * 6 + ["5"] * 5 + ["skip"], "close"),
    ("trustworthy-carer", "words", "close"),
    ("room-questions", "asks", None),
    ("room-map", ["x1y1", "x2y1", "x1y2", "x2y2"] * 3, "close"),
]


def post(phone: Phone, action: str, lang: str, **fields: str) -> str:
    """One form a phone sends (an answer, an audience question, a vote); where it landed."""
    request = urllib.request.Request(
        f"{phone.base}/join/{phone.code}/{action}?lang={lang}",
        data=urllib.parse.urlencode(fields).encode(),
        headers={"Origin": phone.base, "Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    with phone.opener.open(request, timeout=10) as answer:  # 303 back to the phone's page
        return answer.geturl()


def room_answers(store, phones, code: str, poll_id: str, sent, lang: str) -> list[str]:
    """The phones answer the room's open question; the texts its results will show."""
    room = store.room(code)
    form = {"round": str(room.round), "question": f"poll:{poll_id}"}
    if sent == "words":
        for phone, (w1, w2, w3) in zip(phones, WORDS[lang], strict=False):
            assert "saved=1" in post(
                phone, "answer", lang, **form, option="words", w1=w1, w2=w2, w3=w3
            )
        return [w for words in WORDS[lang] for w in words if w]
    if sent == "asks":
        for phone, text in zip(phones, ASKS[lang], strict=False):
            assert "asked=1" in post(phone, "ask", lang, **form, text=text)
        for ask in store.tally(code).asks:
            store.set_ask_status(code, ask.id, "approved")
        first = store.tally(code).asks[0]
        for phone in phones[3:6]:
            assert "saved=1" in post(phone, "vote", lang, **form, ask=str(first.id))
        return ASKS[lang]
    for phone, option in zip(phones, sent, strict=False):
        assert "saved=1" in post(phone, "answer", lang, **form, option=option)
    return []


def shows(tab, prompt: str, texts: list[str], plot: bool) -> None:
    """Until the page shows this question and its results (a chart, or these texts)."""
    tab.wait_for_function(
        """([prompt, texts, plot]) => {
          const main = document.querySelector("[data-testid='stMain']");
          if (!main || !main.innerText.includes(prompt)) return false;
          if (plot) return !!main.querySelector('.js-plotly-plot svg.main-svg text');
          return texts.every((t) => main.innerText.includes(t));
        }""",
        arg=[prompt, texts, plot],
        timeout=30_000,
    )


def nothing_to_draw(bundle, lang: str, question, tally) -> str:
    """The sentence a personal result shows instead of a chart when it has nothing to draw
    (too few answers, or every group too small, which its blur decides from the room's
    secret), as every screen reads it; "" when it draws."""
    shown = result(question, tally, skip_label=bundle.ui[lang]["join.skip"])
    if shown.state == "short":
        return bundle.ui[lang]["live.results_short"].split("{")[0].strip()
    if shown.all_hidden:
        return bundle.ui[lang]["live.results_all_hidden"].split("{")[0].strip()
    return ""


def whole_at_each_size(tab, question, texts: list[str], said: str, shot_name: str) -> list[str]:
    """The question's result on this tab at each size in SIZES: what is cut or hidden, as
    "<width>px: <problem>"; a screenshot of it where something is."""
    problems = []
    for width, height in SIZES:
        tab.set_viewport_size({"width": width, "height": height})
        plot = question.form in ("choice", "scale", "map") and not said
        words = [said] if said else [t[:60] for t in texts[:3]]  # a slide cuts texts
        shows(tab, question.prompt, words, plot)
        if plot:
            settled(tab)
            found = chart_problems(tab) + figure_problems(tab)
        elif said:  # a personal question with nothing to draw: one sentence
            found = html_problems(tab)
        else:
            expect(tab.locator(".lien-cloud, [data-testid='stMain'] li").first).to_be_visible()
            found = html_problems(tab)
        problems += [f"{width}px: {p}" for p in found]
        # A picture of what is cut, to look at: taken only then (a picture of /live or the
        # projector took 3 to 5 s while their 1.5-s refresh redrew the chart, 50 s a test).
        if found:
            SCREENSHOTS.mkdir(exist_ok=True)
            shot = SCREENSHOTS / f"{shot_name}-{width}.png"
            drawn = tab.locator(f"{PLOT} >> visible=true").or_(tab.locator(".lien-cloud"))
            target = drawn.first if drawn.count() else tab
            try:  # a picture to look at, not a check: the 1.5-s refresh may
                # replace the chart while it is taken, then the whole tab is taken
                target.screenshot(path=str(shot), animations="disabled")
            except PlaywrightError:
                tab.screenshot(path=str(shot), animations="disabled")
    return problems


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_live_result_is_whole_on_live_the_projector_and_a_poll_slide(
    app_server, browser, bundle, lang
):
    """One room, every kind answered by phones (plain HTTP clients of /join), each result
    measured on the presenter's /live page, the projector view and the talk's poll slide, at
    1280×800 and 390×844."""
    store = app_store(app_server)
    runs = Runs(store)
    questions = live_questions(bundle, lang)
    talk = talk_of(bundle, lang, "workshop")
    code = store.open_room().code
    run_id = new_run_id()
    runs.start(run_id, talk.id, lang, 1, talk.slide(1).id)
    assert runs.claim_room(run_id, code) == code  # the talk's poll slides show this room
    phones = [Phone(app_server.url, code, lang, f"10.6.0.{n + 1}") for n in range(12)]
    for phone in phones:
        phone.page()  # each phone joins (its cookie)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    presenter = context.new_page()
    presenter.goto(f"{app_server.url}/live?lang={lang}&token={LIVE_TOKEN}")
    presenter.wait_for_url(lambda url: "token" not in url)
    presenter.goto(f"{app_server.url}/live?lang={lang}&room={code}")
    projector = context.new_page()
    projector.goto(f"{app_server.url}/live?lang={lang}&room={code}&screen=1")
    slide = context.new_page()
    problems = []
    for poll_id, sent, then in ROOM:
        question = questions[f"poll:{poll_id}"]
        store.open_question(code, question.id)
        texts = room_answers(store, phones, code, poll_id, sent, lang)
        if then == "close":
            store.close_answers(code)
        elif then == "reveal":
            store.close_answers(code)
            store.reveal(code)
        # A personal result may have nothing to draw (every group too small, which its blur
        # decides, from the room's secret): then one sentence, read as every screen reads it.
        said = nothing_to_draw(bundle, lang, question, store.tally(code))
        number = talk.number_of(question.id)
        slide.goto(
            f"{app_server.url}/?lang={lang}&present=1&talk=workshop&slide={number}&run={run_id}"
        )
        wait_for_slide(slide, number, len(talk))
        for name, tab in (("live", presenter), ("projector", projector), ("slide", slide)):
            found = whole_at_each_size(tab, question, texts, said, f"live-{lang}-{poll_id}-{name}")
            problems += [f"{poll_id} on {name} at {p}" for p in found]
    context.close()
    store.dispose()
    assert problems == [], "\n".join(problems)
