"""One-language talks (issue 20, req 3): a talk that declares `languages = ["fr"]` needs its
own slides, questions and titles in French only; the check passes, no page shows a
translation notice because of it, and the shipped content stays bilingual and checked so."""

from __future__ import annotations

from pathlib import Path

from lien.check import run_check
from lien.content import load_bundle
from lien.talks import talk_of
from tests.helpers import edit

FRENCH_TALK = """\
# Mon atelier, en français seulement.
languages = ["fr"]

[[parts]]
id = "debut"
items = [
  { id = "slide:home-title", minutes = 1 },
  { id = "own:a-moi", minutes = 2 },
  { id = "poll:ma-question", minutes = 2 },
]
"""

FRENCH_SLIDE = """
[[slides]]
id = "a-moi"
title = "Ma diapositive"
text = "Ce que je veux dire"
notes = "Ce que je dis."
"""

FRENCH_POLL = """
[[polls]]
id = "ma-question"
kind = "scale"
prompt = "À quel point vous sentez-vous à l'aise ?"
scale = 5
low = "pas du tout"
high = "tout à fait"
"""

FRENCH_TITLES = """
[atelier]
title = "Mon atelier"
parts.debut = "Le début"
"""


def write_french_talk(root: Path, declared: bool = True) -> None:
    talk = FRENCH_TALK if declared else FRENCH_TALK.replace('languages = ["fr"]\n', "")
    (root / "content/talks/atelier.toml").write_text(talk, encoding="utf-8")
    for name, text in (
        ("my-slides.toml", FRENCH_SLIDE),
        ("polls.toml", FRENCH_POLL),
        ("talks.toml", FRENCH_TITLES),
    ):
        path = root / "content/fr" / name
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_french_only_talk_passes_the_check_and_leaves_no_translation_notice(content_copy):
    write_french_talk(content_copy)
    code, lines = run_check(content_copy)
    assert code == 0, lines
    bundle = load_bundle(content_copy)
    assert bundle.problems == ()  # the pages' notice shows only while there are some
    assert bundle.written_in == {
        "own:a-moi": ("fr",),
        "poll:ma-question": ("fr",),
        "talk:atelier": ("fr",),
    }


def test_the_same_talk_without_its_languages_fails_on_each_missing_english_text(content_copy):
    write_french_talk(content_copy, declared=False)
    code, lines = run_check(content_copy, "en")
    assert code == 1
    assert any(
        line.startswith('content/en/my-slides.toml: slides "a-moi"') and "missing in 'en'" in line
        for line in lines
    ), lines
    assert any(line.startswith('content/en/polls.toml: polls "ma-question"') for line in lines)
    assert any(line.startswith("content/en/talks.toml: atelier") for line in lines), lines


def test_in_english_a_french_talk_shows_its_french_words(content_copy):
    write_french_talk(content_copy)
    bundle = load_bundle(content_copy)
    talk = talk_of(bundle, "en", "atelier")
    assert talk.title == "Mon atelier"
    assert [s.title for s in talk.slides][1] == "Ma diapositive"
    assert talk.slides[2].question.prompt == "À quel point vous sentez-vous à l'aise\u202f?"
    # A library slide keeps its English words: only the talk's own are in French.
    assert talk.slides[0].title == talk_of(bundle, "en", "full").slide(1).title


def test_an_own_slide_a_bilingual_talk_also_shows_still_needs_every_language(content_copy):
    write_french_talk(content_copy)
    edit(
        content_copy / "content/talks/short.toml",
        '{ id = "slide:home-care", minutes = 1 },',
        '{ id = "slide:home-care", minutes = 1 },\n  { id = "own:a-moi", minutes = 1 },',
    )
    code, lines = run_check(content_copy, "en")
    assert code == 1
    assert any(line.startswith('content/en/my-slides.toml: slides "a-moi"') for line in lines), (
        lines
    )


def test_a_talk_in_a_language_the_site_does_not_have_is_reported(content_copy):
    write_french_talk(content_copy)
    edit(content_copy / "content/talks/atelier.toml", '["fr"]', '["fr", "de"]')
    code, lines = run_check(content_copy, "en")
    assert code == 1
    assert any(
        line.startswith("content/talks/atelier.toml: languages: no language 'de'") for line in lines
    ), lines


def test_the_shipped_talks_are_bilingual(bundle):
    assert all(plan.languages is None for plan in bundle.talks.values())
    assert bundle.written_in == {}


def test_a_phone_in_english_shows_the_french_question_and_one_line_saying_so(
    content_copy, store_url, monkeypatch
):
    from markupsafe import escape
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from lien.live.store import current_store
    from lien.web import phone as web

    write_french_talk(content_copy)
    monkeypatch.setenv("LIEN_CONTENT_ROOT", str(content_copy))
    monkeypatch.setattr(web, "room_states", web.RoomStates(ttl=0))
    store = current_store()
    room = store.open_room()
    store.open_question(room.code, "poll:ma-question")
    bundle = load_bundle(content_copy)
    with TestClient(Starlette(routes=web.participant_routes())) as client:
        english = client.get(f"/join/{room.code}?lang=en").text
        french = client.get(f"/join/{room.code}?lang=fr").text
    prompt = str(escape(bundle.polls["fr"][-1].prompt))
    assert prompt in english and prompt in french
    assert english.count(bundle.ui["en"]["join.talk_in_fr"]) == 1
    assert bundle.ui["fr"]["join.talk_in_fr"] not in french
    assert bundle.ui["en"]["join.talk_in_fr"] not in french


def test_a_phone_in_english_says_nothing_of_language_for_a_bilingual_question(
    store_url, monkeypatch, bundle
):
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from lien.live.store import current_store
    from lien.web import phone as web

    monkeypatch.setattr(web, "room_states", web.RoomStates(ttl=0))
    store = current_store()
    room = store.open_room()
    store.open_question(room.code, "poll:alliance-weight")
    with TestClient(Starlette(routes=web.participant_routes())) as client:
        english = client.get(f"/join/{room.code}?lang=en").text
    assert bundle.ui["en"]["join.talk_in_fr"] not in english
