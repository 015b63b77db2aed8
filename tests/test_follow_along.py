"""Issue 24: a phone follows the talk between questions, sees vote counts move, and is told on
joining what the room is (anonymous, what it keeps, small groups, helplines)."""

from __future__ import annotations

import dataclasses
import re
import threading
import xml.etree.ElementTree as ET

import pytest
from markupsafe import escape
from pydantic import ValidationError
from sqlalchemy import func, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from lien.charts.catalogue import CATALOGUE
from lien.check import run_check
from lien.content import load_bundle
from lien.content.models import MIN_GROUP_DEFAULT, TalkPlan
from lien.live import following
from lien.live.phone_chart import phone_svg
from lien.live.runs import Run, current_runs
from lien.live.store import current_store, metadata
from lien.talks import talk_of
from lien.web import follow_along
from lien.web import phone as web
from lien.web.hello import hello_routes
from tests.test_one_language_talks import write_french_talk

RUN = "follow-run-1"
DEFINITION = 7  # workshop: slide:alliance-definition (text)
WEIGHT = 10  # workshop: slide:alliance-weight (the forest plot)
WELCOME = 2  # workshop: own:welcome (text and an image)
QUESTIONS = "poll:room-questions"


@pytest.fixture
def client(store_url, monkeypatch):
    monkeypatch.setattr(web, "room_states", web.RoomStates(ttl=0))
    monkeypatch.setattr(following, "positions", following.Positions(ttl=0))
    routes = [*web.participant_routes(), *follow_along.follow_along_routes(), *hello_routes()]
    with TestClient(Starlette(routes=routes), follow_redirects=False) as c:
        yield c


@pytest.fixture
def room(bundle):
    """A room opened for a run of the workshop talk, presented in French."""
    store = current_store()
    room = store.open_room()
    talk = talk_of(bundle, "fr", "workshop")
    runs = current_runs()
    runs.start(RUN, "workshop", "fr", DEFINITION, talk.slide(DEFINITION).id)
    runs.set_room(RUN, room.code)
    return room


def move(bundle, number: int) -> None:
    talk = talk_of(bundle, "fr", "workshop")
    current_runs().move(RUN, number, talk.slide(number).id)


def page(client, room, lang: str) -> str:
    answer = client.get(f"/join/{room.code}?lang={lang}")
    assert answer.status_code == 200
    return answer.text


def test_a_phone_follows_the_projected_slide_in_its_own_language(client, room, bundle):
    for lang in ("fr", "en"):
        slide = talk_of(bundle, lang, "workshop").slide(DEFINITION)
        shown = page(client, room, lang)
        assert escape(slide.title) in shown
        assert escape(bundle.ui[lang]["follow.heading"]) in shown
        other = talk_of(bundle, "en" if lang == "fr" else "fr", "workshop").slide(DEFINITION)
        assert escape(other.title) not in shown


def test_a_phone_that_joins_mid_talk_sees_where_the_talk_is(client, room, bundle):
    talk = talk_of(bundle, "en", "workshop")
    where = bundle.ui["en"]["follow.where"].format(
        number=DEFINITION, total=len(talk), part=talk.part_of(DEFINITION).title
    )
    assert escape(where) in page(client, room, "en")


def test_a_chart_slide_gives_its_sentence_a_drawing_for_the_phone_and_its_numbers(
    client, room, bundle
):
    move(bundle, WEIGHT)
    shown = page(client, room, "en")
    assert 'id="chart-alliance_forest_chart-alt"' in shown
    svg = re.search(r"<svg [^>]*>", shown).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="chart-alliance_forest_chart-alt"' in svg
    assert 'viewBox="0 0 360 ' in svg and 'width="100%"' in svg
    assert "<circle" in shown  # the studies' points
    assert "<table>" in shown and '<th scope="col">' in shown
    assert escape(bundle.ui["en"]["follow.chart_data"]) in shown
    assert " style=" not in shown.split("<footer>")[0]  # the CSP allows no inline style


def test_an_own_slide_shows_its_image_from_the_room_and_no_other_file(client, room, bundle):
    move(bundle, WELCOME)
    shown = page(client, room, "fr")
    src = re.search(r'<img class="slide-image" src="([^"]+)" alt="([^"]+)"', shown)
    assert src and src.group(2) == escape(bundle.own_slides["fr"][0].image_alt)
    image = client.get(src.group(1).replace("&amp;", "&"))
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert client.get(f"/join/{room.code}/image/nothing-of-this-talk").status_code == 404
    assert client.get(f"/join/{room.code}/image/..%2F..%2Fpyproject.toml").status_code == 404


def test_the_state_tells_the_phone_when_the_projector_moves_and_the_slide_route_gives_it(
    client, room, bundle
):
    before = client.get(f"/join/{room.code}/state?lang=en").json()
    assert before["follow"] is True
    timer = threading.Timer(0.3, move, args=(bundle, WEIGHT))
    timer.start()
    after = client.get(f"/join/{room.code}/state?since={before['version']}&lang=en").json()
    timer.join()
    assert after["version"] != before["version"] and after["slide"] != before["slide"]
    assert after["base"] == before["base"]  # the room itself did not change: no reload
    fragment = client.get(f"/join/{room.code}/slide?lang=en").text
    title = talk_of(bundle, "en", "workshop").slide(WEIGHT).title
    assert f'<h2 id="follow-title" tabindex="-1">{escape(title)}</h2>' in fragment


def test_the_slide_is_rendered_once_per_slide_and_language(client, room, bundle):
    first = client.get(f"/join/{room.code}/slide?lang=en").text
    run = current_runs().run(RUN)
    again = follow_along.follow_of(bundle, "en", run, "waiting").html
    assert again is follow_along.follow_of(bundle, "en", run, "waiting").html
    assert str(again) == first


def test_an_open_question_takes_the_place_of_the_slide(client, room, bundle):
    current_store().open_question(room.code, "poll:alliance-weight")
    shown = page(client, room, "en")
    assert 'id="follow"' not in shown
    assert escape(bundle.polls["en"][0].prompt) in shown
    assert client.get(f"/join/{room.code}/state").json()["follow"] is False


def test_a_talk_with_follow_along_off_keeps_its_phones_on_the_room_page(room, bundle):
    plan = bundle.talks["workshop"].model_copy(update={"follow_along": False})
    quiet = dataclasses.replace(bundle, talks={**bundle.talks, "workshop": plan})
    run = current_runs().run(RUN)
    assert follow_along.follow_of(bundle, "en", run, "waiting").shown
    off = follow_along.follow_of(quiet, "en", run, "waiting")
    assert not off.shown and off.html is None  # no slide: the room's own page


def test_the_check_takes_follow_along_true_or_false_and_nothing_else(bundle):
    parts = bundle.talks["short"].model_dump()["parts"]
    assert TalkPlan(parts=parts, follow_along=False).follow_along is False
    assert TalkPlan(parts=parts).follow_along is True
    with pytest.raises(ValidationError):
        TalkPlan(parts=parts, follow_along="no")


def test_following_stores_nothing_about_the_phone(client, room, bundle):
    def rows() -> dict[str, int]:
        store = current_store()
        with store.transaction(write=False) as conn:
            return {
                t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in metadata.sorted_tables
                if conn.dialect.has_table(conn, t.name)
            }

    before = rows()
    for lang in ("fr", "en"):
        answer = client.get(f"/join/{room.code}/slide?lang={lang}")
        assert answer.status_code == 200 and "set-cookie" not in answer.headers
        client.get(f"/join/{room.code}/state?lang={lang}")
    move(bundle, WEIGHT)
    client.get(f"/join/{room.code}/slide?lang=en")
    after = rows()
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed <= {"live_talk_steps"}, changed  # the projector's move, nothing of a phone


def test_every_phone_s_vote_counts_follow_a_vote_within_the_long_poll(client, room, bundle):
    store = current_store()
    store.open_question(room.code, QUESTIONS)
    page(client, room, "en")
    fresh = store.room(room.code)
    assert store.ask(room.code, fresh.round, QUESTIONS, "someone", "Why?") == "stored"
    ask = store.tally(room.code).asks[0]
    store.set_ask_status(room.code, ask.id, "approved")
    shown = page(client, room, "en")
    assert f'<li data-ask="{ask.id}">' in shown and "(0 vote(s))" in shown
    before = client.get(f"/join/{room.code}/state").json()
    assert before["votes"] == {str(ask.id): 0}
    timer = threading.Timer(0.3, store.vote, args=(room.code, ask.id, "another"))
    timer.start()
    after = client.get(f"/join/{room.code}/state?since={before['version']}").json()
    timer.join()
    assert after["votes"] == {str(ask.id): 1}
    assert after["base"] == before["base"]  # counts change in place: the typed text stays
    assert "(1 vote(s))" in page(client, room, "en")


def test_a_phone_that_joins_sees_first_what_the_room_is_then_the_room(client, room, bundle):
    for lang in ("fr", "en"):
        client.cookies.clear()
        ui = bundle.ui[lang]
        first = page(client, room, lang)
        hello, _, rest = first.partition('<span id="room"></span>')
        assert escape(ui["hello.title"]) in hello
        assert escape(ui["hello.anonymous"]) in hello
        # What is kept, where and for how long: the privacy text, never a second wording.
        assert escape(ui["privacy.room"]) in hello and ui["hello.kept"] == ui["privacy.room"]
        small = ui["hello.small_groups"].format(n=room.min_group or MIN_GROUP_DEFAULT)
        assert escape(small) in hello
        # The helplines, one tap away: a page of their own (the room's page shows them only
        # beside a personal question).
        link = f'<a href="/join/{room.code}/helplines?lang={lang}">'
        assert link + str(escape(ui["hello.helplines"])) + "</a>" in hello
        helplines = client.get(f"/join/{room.code}/helplines?lang={lang}")
        assert helplines.status_code == 200 and "set-cookie" not in helplines.headers
        assert escape(bundle.safety[lang].intro) in helplines.text
        for place, _ in follow_along.View(bundle, lang).helplines():
            assert escape(place) in helplines.text
        assert f'href="/join/{room.code}?lang={lang}"' in helplines.text
        assert 'href="#room"' in hello and escape(ui["follow.heading"]) in rest
        assert 'id="hello"' not in page(client, room, lang)  # once: then the room


def test_a_phone_in_english_follows_a_french_only_talk_in_french_and_is_told_so(content_copy):
    write_french_talk(content_copy)
    french = load_bundle(content_copy)
    run = Run("r", "atelier", "fr", 2, "own:a-moi", False, 0.0, 0.0, "ABCDEF")
    follow = follow_along.follow_of(french, "en", run, "waiting")
    assert follow.shown
    assert "Ma diapositive" in follow.html and "Ce que je veux dire" in follow.html
    assert '<div class="slide" lang="fr">' in follow.html
    assert escape(french.ui["en"]["join.talk_in_fr"]) in follow.html
    assert escape(french.ui["en"]["follow.where"].format(number=2, total=3, part="Le début")) in (
        follow.html
    )


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_slide_chart_is_a_light_svg_for_a_phone_or_its_table_alone(bundle, lang):
    view = follow_along.View(bundle, lang)
    drawn = {}
    for chart in [c for c in CATALOGUE if c.on_slides]:
        svg = phone_svg(chart.build(view).figure, "alt", lang)
        drawn[chart.id] = svg
        if svg is None:
            continue
        root = ET.fromstring(str(svg))
        assert root.get("role") == "img" and root.get("aria-labelledby") == "alt"
        assert root.get("viewBox").startswith("0 0 360 ")
        assert all(node.get("style") is None for node in root.iter())  # the CSP's rule
        assert len(str(svg)) < 40_000, (chart.id, len(str(svg)))  # light on the Wi-Fi
        texts = [node.text or "" for node in root.iter() if node.tag.endswith("text")]
        decimals = [t for t in texts if re.fullmatch(r"−?\d+[.,]\d+", t)]
        mark = "," if lang == "fr" else "."
        assert all(mark in t for t in decimals), (chart.id, decimals)
    # A treemap has no drawing here: its table and sentence say it.
    assert drawn.pop("alliance_components_chart") is None
    assert all(svg is not None for svg in drawn.values()), [k for k, v in drawn.items() if not v]


def test_the_check_names_a_follow_along_that_is_not_true_or_false(content_copy):
    talk = content_copy / "content/talks/short.toml"
    talk.write_text('follow_along = "no"\n' + talk.read_text(encoding="utf-8"), encoding="utf-8")
    code, lines = run_check(content_copy, "en")
    assert code == 1
    assert "content/talks/short.toml: follow_along: must be true or false" in lines
    talk.write_text(talk.read_text(encoding="utf-8").replace('"no"', "false", 1), encoding="utf-8")
    code, lines = run_check(content_copy, "en")
    assert code == 0, lines
    assert load_bundle(content_copy).talks["short"].follow_along is False


def test_a_phone_joining_a_talk_with_follow_along_off_sees_where_the_talk_is_not_the_slide(
    client, room, content_copy, monkeypatch
):
    path = content_copy / "content/talks/workshop.toml"
    path.write_text("follow_along = false\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("LIEN_CONTENT_ROOT", str(content_copy))
    bundle = load_bundle(content_copy)
    assert bundle.talks["workshop"].follow_along is False
    for lang in ("fr", "en"):
        talk = talk_of(bundle, lang, "workshop")
        where = bundle.ui[lang]["follow.where"].format(
            number=DEFINITION, total=len(talk), part=talk.part_of(DEFINITION).title
        )
        shown = page(client, room, lang)
        assert f'<p class="where" id="talk-where">{escape(where)}</p>' in shown
        assert 'id="follow"' not in shown  # the slide itself is not on the phone
        assert escape(talk.slide(DEFINITION).title) not in shown
        assert escape(bundle.ui[lang]["join.waiting"]) in shown
    # The projector moves: the state wakes the phone and gives the new line, no reload.
    before = client.get(f"/join/{room.code}/state?lang=en").json()
    assert before["follow"] is False
    timer = threading.Timer(0.3, move, args=(bundle, WEIGHT))
    timer.start()
    after = client.get(f"/join/{room.code}/state?since={before['version']}&lang=en").json()
    timer.join()
    talk = talk_of(bundle, "en", "workshop")
    assert after["base"] == before["base"] and after["follow"] is False
    assert after["where"] == bundle.ui["en"]["follow.where"].format(
        number=WEIGHT, total=len(talk), part=talk.part_of(WEIGHT).title
    )
    assert client.get(f"/join/{room.code}/slide?lang=en").text == ""
