"""Talks as content: the shipped talks, one's own slides, and what the check says when a talk
is wrong (file: field: reason)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from lien.content import ROOT, load_bundle
from lien.content.models import IMAGE_MAX_BYTES
from lien.projection import slide_charts
from lien.sitemap import BLOCK_CHARTS, PAGES
from lien.talks import talk_of
from tests.helpers import edit, problems_of


def test_the_three_shipped_talks_load_in_both_languages_with_the_same_slides(bundle):
    assert list(bundle.talks) == ["full", "short", "workshop"]
    for talk_id in bundle.talks:
        fr, en = talk_of(bundle, "fr", talk_id), talk_of(bundle, "en", talk_id)
        assert len(fr) == len(en) > 0
        assert [s.id for s in fr.slides] == [s.id for s in en.slides]
        assert [s.number for s in fr.slides] == list(range(1, len(fr) + 1))
        assert fr.title != en.title  # each language has its own words
        assert all(s.title and s.notes for s in fr.slides + en.slides)


def test_full_plays_every_slide_of_every_page_in_the_pages_order(bundle):
    for lang in bundle.languages:
        talk = talk_of(bundle, lang, "full")
        expected = [f"slide:{s.id}" for p in PAGES for s in bundle.deck(lang, p.id)]
        assert [s.id for s in talk.slides] == expected
        assert [p.id for p in talk.parts] == [p.id for p in PAGES if bundle.deck(lang, p.id)]


def test_short_lasts_about_twenty_minutes_and_the_workshop_about_ninety_with_polls(bundle):
    short, workshop = talk_of(bundle, "en", "short"), talk_of(bundle, "en", "workshop")
    assert 18 <= short.planned_minutes <= 22
    assert 85 <= workshop.planned_minutes <= 95
    kinds = [s.kind for s in workshop.slides]
    assert "join" in kinds[:5]  # the room joins at the start
    # Polls and quiz questions between the parts: parts of their own, between page parts.
    question_parts = [
        i
        for i, part in enumerate(workshop.parts)
        if all(workshop.slide(n).kind in ("poll", "quiz") for n in part.numbers)
    ]
    assert len(question_parts) >= 3
    for index in question_parts:
        assert 0 < index < len(workshop.parts) - 1
    assert any(s.kind == "own" and s.own.image for s in workshop.slides)


def test_a_talk_numbers_its_slides_over_the_whole_talk_and_finds_the_nearest(bundle):
    talk = talk_of(bundle, "en", "full")
    third_of_alliance = talk.page_slide_number("alliance", 3)
    assert talk.slide(third_of_alliance).page_slide == bundle.deck("en", "alliance")[2]
    assert talk.first_of_page("therapy") == talk.number_of("slide:therapy-title")
    # A position whose item has moved is found where the item now is; an item that is gone
    # leaves the position at its number, or the last slide.
    assert talk.find(1, "slide:therapy-title") == talk.number_of("slide:therapy-title")
    assert talk.find(7, "slide:gone") == 7
    assert talk.find(999, "slide:gone") == len(talk)
    assert talk.find(0) == 1


def test_each_chart_block_draws_on_slides_the_charts_content_may_name():
    assert {block: tuple(c.id for c in slide_charts(block)) for block in BLOCK_CHARTS} == (
        BLOCK_CHARTS
    )


def problems_after(content_copy, *edits) -> list[str]:
    for path, old, new in edits:
        edit(content_copy / path, old, new)
    return problems_of(content_copy)


def test_an_unknown_item_is_reported_with_its_file_and_place(content_copy):
    problems = problems_after(
        content_copy,
        ("content/talks/short.toml", '"slide:home-care"', '"slide:home-cares"'),
    )
    assert (
        'content/talks/short.toml: parts "opening", items "slide:home-cares": unknown item '
        "'slide:home-cares': no slide 'home-cares' in content/fr/slides.toml: did you mean "
        "`slide:home-care`?"
    ) in problems, problems


def test_a_talks_min_group_under_five_is_reported(content_copy):
    problems = problems_after(
        content_copy, ("content/talks/short.toml", "[[parts]]", "min_group = 4\n\n[[parts]]")
    )
    assert any(
        p.startswith("content/talks/short.toml: min_group:") and "5" in p for p in problems
    ), problems


def test_an_item_of_an_unknown_kind_says_how_to_write_one(content_copy):
    problems = problems_after(
        content_copy, ("content/talks/short.toml", '"slide:home-care"', '"page:home-care"')
    )
    assert any(
        p.startswith('content/talks/short.toml: parts "opening", items "page:home-care", id:')
        and "'page:home-care' is not an item: write slide:<id>, own:<id>, poll:<id>, "
        "quiz:<id> or join"
        in p
        for p in problems
    ), problems


def test_a_duplicated_item_is_reported(content_copy):
    problems = problems_after(
        content_copy,
        ("content/talks/short.toml", '"slide:home-care"', '"slide:home-title"'),
    )
    assert (
        'content/talks/short.toml: parts "opening", items "slide:home-title": item '
        "'slide:home-title' appears twice (also item #1 of part \"opening\")"
    ) in problems, problems


def test_an_item_missing_in_one_language_is_shown_from_the_other_and_reported(content_copy):
    text = (content_copy / "content/en/my-slides.toml").read_text(encoding="utf-8")
    start = text.index('[[slides]]\nid = "break"')
    end = text.index("[[slides]]", start + 1)
    (content_copy / "content/en/my-slides.toml").write_text(
        text[:start] + text[end:], encoding="utf-8"
    )
    problems = problems_of(content_copy)
    # The talk still plays (the French slide stands in); the check names what to write.
    assert (
        "content/en/my-slides.toml: slides \"break\": missing in 'en' but present in 'fr' "
        "(the app shows the 'fr' text)"
    ) in problems, problems
    assert not any("workshop.toml" in p for p in problems), problems


def test_a_poll_and_a_quiz_question_the_room_cannot_answer_in_one_tap_are_reported(
    content_copy,
):
    problems = problems_after(
        content_copy,
        ("content/talks/workshop.toml", '"poll:alliance-weight"', '"poll:nowhere"'),
        ("content/talks/workshop.toml", '"quiz:styles-change"', '"quiz:styles-four"'),
    )
    assert any(
        "unknown item 'poll:nowhere': no poll 'nowhere' in content/fr/polls.toml" in p
        for p in problems
    ), problems
    # styles-four has several right answers: the live room takes one-tap questions only.
    assert any(
        "unknown item 'quiz:styles-four': no quiz question with one right answer" in p
        for p in problems
    ), problems


def test_an_empty_talk_and_an_empty_part_are_reported(content_copy):
    (content_copy / "content/talks/empty.toml").write_text("# nothing yet\n", encoding="utf-8")
    problems = problems_after(
        content_copy,
        ("content/talks/short.toml", '  { id = "slide:sources-safety", minutes = 1 },\n', ""),
    )
    assert (
        "content/talks/empty.toml: parts: the talk is empty: give it at least one [[parts]] "
        "with items"
    ) in problems, problems
    assert (
        'content/talks/short.toml: parts "closing", items: this part is empty: give it '
        "at least one item"
    ) in problems, problems


def test_a_talk_without_its_title_or_a_part_title_is_reported_per_language(content_copy):
    problems = problems_after(
        content_copy,
        ("content/en/talks.toml", 'parts.break = "Break"\n', ""),
        ("content/fr/talks.toml", "[short]", "[shortt]"),
    )
    # A title missing in one language is shown from the other, and named for the editor; a
    # talk's id misspelt is one line naming the talk it meant (not also its title missing).
    assert problems == [
        "content/en/talks.toml: workshop, parts, break: missing in 'en' but present in 'fr' "
        "(the app shows the 'fr' text)",
        "content/fr/talks.toml: shortt: no talk 'shortt' in content/talks/ (check its spelling): "
        "did you mean `short`?",
    ]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("missing.png", None, "no file 'missing.png' in content/media/"),
        ("photo.gif", b"GIF89a....", "'photo.gif' is not a PNG, JPEG or WebP image"),
        ("fake.png", b"\xff\xd8\xff\xe0 a jpeg", "'fake.png' is named as a PNG image but is not"),
        (
            "big.jpg",
            b"\xff\xd8\xff" + b"0" * (IMAGE_MAX_BYTES + 1),
            "'big.jpg' is 2.0 MB: at most 2 MB (save it smaller)",
        ),
        ("../secret.png", None, "'../secret.png': give a file name of content/media/ only"),
    ],
)
def test_an_image_that_is_missing_too_large_or_of_another_type_is_reported(
    content_copy, name, content, reason
):
    if content is not None:
        (content_copy / "content/media" / name).write_bytes(content)
    edit(content_copy / "content/fr/my-slides.toml", 'image = "lien-bond.png"', f'image = "{name}"')
    problems = problems_of(content_copy)
    assert any(
        p.startswith('content/fr/my-slides.toml: slides "welcome", image: ') and reason in p
        for p in problems
    ), problems


def test_an_image_without_its_words_for_screen_readers_is_reported(content_copy):
    for lang in ("fr", "en"):
        path = content_copy / "content" / lang / "my-slides.toml"
        text = path.read_text(encoding="utf-8")
        line = next(x for x in text.splitlines() if x.startswith("image_alt = "))
        path.write_text(text.replace(line + "\n", ""), encoding="utf-8")
    problems = problems_of(content_copy)
    assert any(
        p.startswith('content/en/my-slides.toml: slides "welcome"')
        and "an image needs its image_alt" in p
        for p in problems
    ), problems


def test_a_slide_naming_a_chart_its_section_does_not_draw_is_reported(content_copy):
    problems = problems_after(
        content_copy,
        (
            "content/en/slides.toml",
            'chart = "alliance_lambert_chart"',
            'chart = "alliance_forest_chart"',
        ),
    )
    assert any(
        'content/en/slides.toml: slides "alliance-lambert", chart: no chart '
        "'alliance_forest_chart' here" in p
        for p in problems
    ), problems


def readme_examples(section: str) -> list[str]:
    """The TOML examples of one section of content/README.md, as a practitioner copies them."""
    text = (ROOT / "content" / "README.md").read_text(encoding="utf-8")
    part = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```toml\n(.*?)```", part, re.S)


def test_a_talk_of_ones_own_as_in_the_readme_loads_and_plays(content_copy):
    talk_file, titles = readme_examples("Slides, notes and talks")
    (content_copy / "content/talks/team-meeting.toml").write_text(talk_file, encoding="utf-8")
    for lang in ("fr", "en"):
        path = content_copy / "content" / lang / "talks.toml"
        path.write_text(path.read_text(encoding="utf-8") + "\n" + titles, encoding="utf-8")
    bundle = load_bundle(content_copy)
    talk = talk_of(bundle, "en", "team-meeting")
    assert [s.id for s in talk.slides] == [
        "own:welcome",
        "slide:alliance-definition",
        "join",
        "poll:alliance-weight",
    ]
    assert [p.planned_minutes for p in talk.parts] == [3, 4]


def test_python_dash_m_lien_check_prints_a_talk_problem_on_one_line(content_copy):
    edit(content_copy / "content/talks/short.toml", '"slide:home-care"', '"slide:home-cares"')
    run = subprocess.run(
        [sys.executable, "-m", "lien", "check", str(content_copy)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 1
    assert run.stdout.splitlines() == [  # in the content's default language, French
        'content/talks/short.toml\u00a0: parts "opening", items "slide:home-cares"\u00a0: '
        "élément inconnu «\u202fslide:home-cares\u202f»\u00a0: pas de diapositive "
        "«\u202fhome-cares\u202f» dans content/fr/slides.toml\u00a0: vouliez-vous dire "
        "`slide:home-care`\u202f?"
    ]
    assert "Traceback" not in run.stdout + run.stderr
