"""The workshop's words, true and kind (issue 22): what the app says it keeps, helplines wherever
a person is asked about themselves, the research beside the source page's view on slides and in
the handout, the room's map in the report without types, and the checks that keep it so."""

from __future__ import annotations

import html
import re

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from lien.check import run_check
from lien.content import load_bundle
from lien.content.wording import view_without_evidence
from lien.handout import handout_html, handout_pages
from lien.live import export, settings
from lien.live.store import current_store
from lien.printout import slides_html
from lien.projection import helpline_columns
from lien.talks import talk_of
from lien.text import NBSP
from lien.view import View
from lien.web import phone as web
from tests.helpers import edit, problems_of
from tests.helpers.apptest import all_text, open_page

LANGS = ("fr", "en")


def words(markup: str) -> str:
    """What a reader reads of some HTML: no tags, entities decoded, spaces as spaces."""
    inline = re.sub(r"</?(strong|b|i|em|a|span|small)\b[^>]*>", "", markup)
    text = html.unescape(re.sub(r"<[^>]+>", " ", inline))
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def flat(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


# --- what the app says it keeps: one text, everywhere (req 2) ---------------------------------


def test_the_privacy_text_names_what_the_room_keeps_where_how_long_and_what_never(bundle):
    for lang in LANGS:
        room = flat(bundle.ui[lang]["privacy.room"])
        hours = f"{settings.room_lifetime_seconds() / 3600:g} h"
        assert hours in room, lang
        kept = {
            "en": [
                "quiz",
                "scale",
                "words",
                "free texts",
                "map",
                "token",
                "data folder",
                "database",
            ],
            "fr": [
                "quiz",
                "échelle",
                "mots",
                "textes libres",
                "carte",
                "jeton",
                "dossier de données",
            ],
        }[lang]
        never = {
            "en": ["name", "account", "network address", "what you read", "Reflection"],
            "fr": ["nom", "compte", "adresse réseau", "ce que vous lisez", "Réflexion"],
        }[lang]
        for word in [*kept, *never]:
            assert word in room, (lang, word)
        assert "{" not in room and "{" not in bundle.ui[lang]["privacy.brief"]


def test_every_place_that_speaks_of_privacy_says_it_in_the_one_privacy_text(bundle):
    for lang in LANGS:
        room, brief = bundle.ui[lang]["privacy.room"], bundle.ui[lang]["privacy.brief"]
        pages = bundle.pages[lang]
        care = next(s for s in pages["home"].sections if s.id == "care")
        privacy = next(s for s in pages["sources"].sections if s.id == "privacy")
        slides = {s.id: s for s in bundle.slides[lang]}
        own = {s.id: s for s in bundle.own_slides[lang]}
        said = {
            "home page": care.body,
            "sources page": privacy.body,
            "sources lead": pages["sources"].lead,
            "home-care slide": slides["home-care"].text,
            "home-care notes": slides["home-care"].notes,
            "sources-title slide": slides["sources-title"].text,
            "sources-title notes": slides["sources-title"].notes,
            "welcome notes": own["welcome"].notes,
            "phones' footer": bundle.ui[lang]["join.anonymous"],
            "live page": bundle.ui[lang]["live.stored"],
        }
        for where, text in said.items():
            assert room in text or brief in text, (lang, where)
        handout = words(handout_html(View(bundle, lang), "workshop"))
        assert flat(room) in handout, lang


def test_the_rooms_lifetime_in_the_privacy_text_follows_lien_room_hours(monkeypatch):
    monkeypatch.setenv("LIEN_ROOM_HOURS", "6")
    bundle = load_bundle()
    assert f"6{NBSP}h" in bundle.ui["en"]["privacy.room"]  # the number and its unit on one line
    assert f"6{NBSP}h" in bundle.ui["fr"]["privacy.brief"]
    care = next(s for s in bundle.pages["en"]["home"].sections if s.id == "care")
    assert f"after 6{NBSP}h (12{NBSP}h at most)" in care.body  # twice: a stopped app, a clock


@pytest.mark.parametrize(
    ("path", "old", "new", "expected"),
    [
        (
            "content/en/pages/home.toml",
            "{privacy.brief} (see",
            "The app stores nothing of what you read or answer in the live room (see",
            "content/en/pages/home.toml: sections \"care\": 'stores nothing' is untrue where the "
            "live room keeps answers: write {privacy.brief} or {privacy.room} instead",
        ),
        (
            "content/fr/slides.toml",
            "- {privacy.brief}\n",
            "- L'application n'enregistre rien\n",
            "content/fr/slides.toml: slides \"home-care\": 'n'enregistre rien' is untrue where the "
            "live room keeps answers: write {privacy.brief} or {privacy.room} instead",
        ),
        (
            "content/en/my-slides.toml",
            "keeps: {privacy.room}",
            "keeps: nothing. Nothing they answer is kept.",
            "content/en/my-slides.toml: slides \"welcome\": 'Nothing they answer is kept' is "
            "untrue where the live room keeps answers: write {privacy.brief} or {privacy.room} "
            "instead",
        ),
    ],
)
def test_a_text_saying_nothing_is_kept_fails_the_check_where_the_live_room_keeps_answers(
    content_copy, path, old, new, expected
):
    edit(content_copy / path, old, new)
    assert problems_of(content_copy) == [expected]


def test_nothing_stored_on_the_reflection_page_is_true_and_passes(content_copy):
    # The reflection keeps its answers in the browser tab: no room, so "nothing is stored" holds.
    assert "Nothing is stored" in load_bundle(content_copy).ui["en"]["reflection.private"]
    assert run_check(content_copy)[0] == 0


def test_a_privacy_mark_naming_no_text_fails_the_check(content_copy):
    edit(
        content_copy / "content" / "en" / "pages" / "home.toml",
        "{privacy.brief}",
        "{privacy.short}",
    )
    assert problems_of(content_copy) == [
        "content/en/pages/home.toml: sections \"care\", body: no text 'privacy.short' in "
        "ui-privacy.toml"
    ]


# --- helplines wherever a person is asked about themselves (req 3) ----------------------------

KINDS = {
    "choice": '[[polls.options]]\nid = "a"\ntext = "A"\n[[polls.options]]\nid = "b"\ntext = "B"\n',
    "scale": 'scale = 5\nlow = "low"\nhigh = "high"\n',
    "words": "",
    "open": "",
}


@pytest.fixture
def personal_app(content_copy, sqlite_store_url, monkeypatch):
    """The phone routes on a copy of content with a personal question of every kind added
    (the map is one already), in both languages."""
    for lang in LANGS:
        path = content_copy / "content" / lang / "polls.toml"
        extra = "".join(
            f'\n[[polls]]\nid = "personal-{kind}"\nkind = "{kind}"\n'
            f'prompt = "About you ({kind})?"\npersonal = true\n{fields}'
            for kind, fields in KINDS.items()
        )
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    monkeypatch.setenv("LIEN_CONTENT_ROOT", str(content_copy))
    monkeypatch.setattr(web, "room_states", web.RoomStates(ttl=0))
    monkeypatch.setattr(settings, "trusted_proxies", lambda: frozenset({"testclient"}))
    assert run_check(content_copy) == (0, [run_check(content_copy)[1][0]])
    return load_bundle(content_copy), Starlette(routes=web.participant_routes())


def test_every_personal_question_of_every_kind_shows_the_helplines_of_the_phones_language(
    personal_app,
):
    bundle, app = personal_app
    store = current_store()
    personal = [p for p in bundle.polls["en"] if p.personal]
    assert {p.kind for p in personal} == {"choice", "scale", "words", "open", "map"}
    for lang in LANGS:
        lines = [line for _, place in View(bundle, lang).helplines() for line in place]
        numbers = [h.number for h in bundle.helplines]
        for poll in personal:
            room = store.open_room()
            store.open_question(room.code, f"poll:{poll.id}")
            client = TestClient(app, follow_redirects=False, headers={"x-real-ip": "10.9.0.1"})
            for phase in ("open", "closed"):
                page = words(client.get(f"/join/{room.code}?lang={lang}").text)
                assert flat(bundle.safety[lang].intro) in page, (lang, poll.id, phase)
                for number in numbers:
                    assert number in page, (lang, poll.id, phase, number)
                for line in lines:  # each with its cost and hours, in content's words
                    assert words(line.replace("**", "")) in page, (lang, poll.id, line)
                store.close_answers(room.code)
        if lang == "fr":  # what a reader in the UK dials, on the French phone pages too
            assert "116 123" in page and "999" in page and "Royaume-Uni" in page


def test_an_impersonal_question_carries_no_helplines(app_client_for_polls):
    page, bundle = app_client_for_polls
    assert flat(bundle.safety["en"].intro) not in page


@pytest.fixture
def app_client_for_polls(sqlite_store_url, monkeypatch, bundle):
    monkeypatch.setattr(web, "room_states", web.RoomStates(ttl=0))
    app = Starlette(routes=web.participant_routes())
    store = current_store()
    room = store.open_room()
    store.open_question(room.code, "poll:alliance-weight")
    client = TestClient(app, follow_redirects=False)
    return words(client.get(f"/join/{room.code}?lang=en").text), bundle


@pytest.mark.parametrize("lang", LANGS)
def test_the_safety_slide_projects_every_helpline_with_its_cost_and_hours(
    sqlite_store_url, monkeypatch, bundle, lang
):
    monkeypatch.setenv("LIEN_LIVE_TOKEN", "test-presenter-token-456")
    talk = talk_of(bundle, lang, "workshop")
    number = talk.number_of("slide:sources-safety")
    at = open_page("sources", lang, present="1", talk="workshop", slide=str(number))
    shown = flat(all_text(at)).replace("**", "")
    for column in helpline_columns(View(bundle, lang)):
        for line in column.splitlines()[2:]:
            assert flat(line.removeprefix("- ").replace("**", "")) in shown, (lang, line)
    if lang == "fr":
        assert "116 123" in shown and "999" in shown
    # The printed slides (PDF) show them too, with their cost and hours.
    printed = words(slides_html(View(bundle, lang), "workshop", notes=False, join_address="x"))
    for _, lines in View(bundle, lang).helplines():
        for line in lines:
            assert words(line.replace("**", "")) in printed, (lang, line)


# --- the research beside the source page's view, on every shipped talk (req 4) ----------------


def test_no_key_point_of_any_shipped_talk_gives_the_pages_view_without_the_research(bundle):
    checked = 0
    for talk_id in bundle.talks:
        for lang in LANGS:
            talk = talk_of(bundle, lang, talk_id)
            for slide in talk.slides:
                if slide.page_slide is not None and slide.page_slide.text:
                    assert not view_without_evidence(slide.page_slide.text, lang), (
                        talk_id,
                        lang,
                        slide.page_slide.id,
                    )
                    checked += 1
            for page in handout_pages(View(bundle, lang), talk):
                for point in page["points"]:
                    text = " ".join(words(str(item.get("html", ""))) for item in point)
                    assert not view_without_evidence(text, lang), (talk_id, lang, text)
    assert checked > 50


def test_a_slide_giving_the_pages_view_alone_fails_the_check(content_copy):
    edit(
        content_copy / "content" / "en" / "slides.toml",
        "**Studies find**: insecure patterns are common (about 4 in 10), mostly ordinary "
        "differences in care (Bakermans-Kranenburg & van IJzendoorn, 2009). ",
        "",
    )
    assert problems_of(content_copy) == [
        'content/en/slides.toml: slides "attachment-insecure", text: gives the source page\'s '
        "view without the research beside it: add what studies find"
    ]


# --- the room's map in the report: the two dimensions, never types (H-N1) ---------------------

STYLES = ("secure", "dismissing", "preoccupied", "fearful", "sécure", "détaché", "craintif")


@pytest.mark.parametrize("lang", LANGS)
def test_the_reports_map_names_its_quarters_by_anxiety_and_avoidance_never_by_style(
    sqlite_store_url, monkeypatch, bundle, lang
):
    monkeypatch.setattr(web, "room_states", web.RoomStates(ttl=0))
    monkeypatch.setattr(settings, "trusted_proxies", lambda: frozenset({"testclient"}))
    app = Starlette(routes=web.participant_routes())
    store = current_store()
    room = store.open_room()
    store.open_question(room.code, "poll:room-map")
    room = store.room(room.code)
    for n in range(20):
        client = TestClient(app, follow_redirects=False, headers={"x-real-ip": f"10.1.0.{n}"})
        client.get(f"/join/{room.code}")
        form = {"round": str(room.round), "question": room.question_id, "option": "x1y1"}
        assert client.post(f"/join/{room.code}/answer", data=form).status_code == 303
    store.close_answers(room.code)
    report = export.room_report(store, bundle, lang, room.code)
    page = words(export.report_html(report, bundle, lang, None))
    ui = bundle.ui[lang]
    assert flat(ui["live.quadrant_lower_anxiety_lower_avoidance"]) in page
    assert flat(ui["live.quadrant_higher_anxiety_higher_avoidance"]) in page
    assert flat(ui["live.report_map"]) in page
    for style in STYLES:
        assert not re.search(rf"\b{style}\b", page, re.IGNORECASE), (lang, style)


# --- the other checks: causal verbs, one scale, no style on the map (req 5) ------------------


def test_a_causal_verb_beside_a_correlation_fails_the_check(content_copy):
    edit(
        content_copy / "content" / "en" / "pages" / "alliance.toml",
        "a good alliance goes with a good outcome more often, without guaranteeing it.",
        "a good alliance makes a good outcome more likely, without guaranteeing it.",
    )
    assert problems_of(content_copy) == [
        "content/en/pages/alliance.toml: sections \"what-r-looks-like\", body: 'makes' beside "
        "a correlation says more than it measures: write 'goes with'"
    ]


def test_the_source_pages_own_causal_words_beside_a_figure_are_its_view_and_pass(content_copy):
    edit(
        content_copy / "content" / "en" / "slides.toml",
        "**The page says**: the relationship is the engine of change. **Studies find**: alliance "
        "and\noutcome go together",
        "**The page says**: the relationship causes change, where studies find that alliance "
        "and outcome go together",
    )
    assert run_check(content_copy)[0] == 0


def test_the_phones_and_the_reflection_page_rate_the_twelve_statements_on_one_scale(
    bundle, content_copy
):
    for lang in LANGS:
        assert bundle.ui[lang]["join.map_scale"] == bundle.ui[lang]["reflection.scale"]
    edit(
        content_copy / "content" / "fr" / "ui-live.toml",
        "4 = moyennement",
        "4 = ni l'un ni l'autre",
    )
    assert problems_of(content_copy) == [
        "content/fr/ui-live.toml: join.map_scale: must be the same text as reflection.scale "
        "(ui-reflection.toml): the same statements, the same scale"
    ]


def test_a_style_naming_a_quarter_of_the_rooms_map_fails_the_check(content_copy):
    edit(
        content_copy / "content" / "en" / "ui-live.toml",
        'quadrant_lower_anxiety_lower_avoidance = "lower anxiety · lower avoidance"',
        'quadrant_lower_anxiety_lower_avoidance = "Secure"',
    )
    assert problems_of(content_copy) == [
        "content/en/ui-live.toml: live.quadrant_lower_anxiety_lower_avoidance: names the style "
        "'secure': the room's map shows tendencies, not types"
    ]


def test_a_personal_questions_notes_tell_the_presenter_how_to_ask_it_with_care(bundle):
    for lang in LANGS:
        talk = talk_of(bundle, lang, "workshop")
        care = bundle.ui[lang]["present.poll_personal_notes"]
        notes = {s.item.id: s.notes for s in talk.slides}
        for poll_id in ("help-ease", "comfort-first", "room-map", "repair-moment"):
            assert care in notes[f"poll:{poll_id}"], (lang, poll_id)
        assert care not in notes["poll:alliance-weight"]
        assert "main levée aux questions de connaissances" in notes["join"] or lang == "en"
