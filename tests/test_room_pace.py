"""The phones' pace signal (issue 24, requirement 2): two quiet buttons, one tap per phone per
minute, kept two minutes, counted for the speaker view only from three phones."""

from __future__ import annotations

import pytest
from markupsafe import escape
from sqlalchemy import func, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from lien.live import tokens
from lien.live.store import current_store, pace
from lien.ui.room_side import pace_lines
from lien.view import View
from lien.web import phone as web
from lien.web.pace_signal import pace_routes

QUESTION = "poll:alliance-weight"


@pytest.fixture
def room(store_url):
    store = current_store()
    opened = store.open_room()
    store.open_question(opened.code, QUESTION)
    return store.room(opened.code)


@pytest.fixture
def client(store_url, monkeypatch):
    monkeypatch.setattr(web, "room_states", web.RoomStates(ttl=0))
    app = Starlette(routes=web.participant_routes() + pace_routes())
    with TestClient(app, follow_redirects=False) as c:
        yield c


def _clocked_room(store):
    opened = store.open_room()
    store.open_question(opened.code, QUESTION)
    return store.room(opened.code)


def test_a_phone_taps_once_a_minute_whichever_button(clocked_store):
    store, clock = clocked_store
    room = _clocked_room(store)
    assert pace.signal(store, room, "phone-a", "slower") == "stored"
    clock.wait(30)
    assert pace.signal(store, room, "phone-a", "slower") == "too_fast"
    clock.wait(29)
    assert pace.signal(store, room, "phone-a", "moment") == "too_fast"
    assert pace.signal(store, room, "phone-b", "moment") == "stored"
    clock.wait(1)
    assert pace.signal(store, room, "phone-a", "moment") == "stored"
    # Refused taps counted nothing, and the phone is one phone per kind however often it taps.
    clock.wait(1)
    assert pace.counts(store, room.code) == {"slower": 1, "moment": 2}


def test_the_count_is_of_phones_in_the_last_two_minutes_and_older_taps_are_deleted(
    clocked_store,
):
    store, clock = clocked_store
    room = _clocked_room(store)
    for n in range(4):
        assert pace.signal(store, room, f"phone-{n}", "slower") == "stored"
        clock.wait(1)
    clock.wait(6)  # 10 s after the first tap
    assert pace.counts(store, room.code)["slower"] == 4
    clock.wait(111.5)  # 121.5 s after the first tap
    assert pace.counts(store, room.code)["slower"] == 2  # phones 0 and 1 expired
    clock.wait(78.5)
    pace.signal(store, room, "phone-9", "moment")  # a tap clears what has expired
    with store.transaction(write=False) as conn:
        kept = conn.execute(
            select(func.count()).select_from(pace.pace).where(pace.pace.c.kind == "slower")
        ).scalar_one()
    assert kept == 0


def test_the_speaker_view_shows_a_count_only_from_three_phones(bundle):
    for lang in ("fr", "en"):
        view = View(bundle, lang)
        few = view.t("pace.speaker_few")
        assert pace_lines(view, {"slower": 2, "moment": 1}) == [few]
        assert pace_lines(view, {"slower": 0, "moment": 0}) == [few]
        lines = pace_lines(view, {"slower": 3, "moment": 2})
        assert lines == [view.t("pace.speaker_slower").format(count=3)]
        assert "3" in lines[0] and all("2" not in line for line in lines)
    assert pace.shown(2) is None and pace.shown(3) == 3


def test_three_phones_in_a_room_show_on_the_speaker_view_and_two_do_not(room, bundle):
    store, view = current_store(), View(bundle, "en")
    for n in range(2):
        pace.signal(store, room, f"phone-{n}", "moment")
    assert pace_lines(view, pace.counts(store, room.code)) == [view.t("pace.speaker_few")]
    pace.signal(store, room, "phone-2", "moment")
    assert pace_lines(view, pace.counts(store, room.code)) == ["I need a moment: 3 phones"]


def test_the_pace_rows_of_a_room_go_with_the_room(room):
    store = current_store()
    pace.signal(store, room, "phone-a", "slower")
    store.delete_room(room.code)
    assert pace.counts(store, room.code) == {"slower": 0, "moment": 0}
    with store.transaction(write=False) as conn:
        left = conn.execute(
            select(func.count()).select_from(pace.pace).where(pace.pace.c.room_code == room.code)
        ).scalar_one()
    assert left == 0


def test_a_phone_sees_the_two_quiet_buttons_in_its_language(client, room, bundle):
    for lang in ("fr", "en"):
        page = client.get(f"/join/{room.code}?lang={lang}").text
        assert f'action="/join/{room.code}/pace?lang={lang}"' in page
        for kind in ("slower", "moment"):
            assert f'name="kind" value="{kind}">{escape(bundle.ui[lang][f"pace.{kind}"])}' in page
    assert "Un peu plus lentement" in client.get(f"/join/{room.code}?lang=fr").text


def test_the_pace_route_takes_one_tap_per_phone_per_minute(client, room, bundle):
    client.get(f"/join/{room.code}?lang=en")  # the phone's room cookie
    first = client.post(f"/join/{room.code}/pace?lang=en", data={"kind": "slower"})
    assert first.status_code == 200
    assert escape(bundle.ui["en"]["pace.sent"]) in first.text
    assert f'data-page="/join/{room.code}?lang=en"' in first.text  # back when the room moves
    assert 'http-equiv="refresh"' not in first.text  # never a timed refresh (WCAG 2.2.1)
    again = client.post(f"/join/{room.code}/pace?lang=en", data={"kind": "moment"})
    assert again.status_code == 429
    assert escape(bundle.ui["en"]["pace.too_fast"]) in again.text
    assert pace.counts(current_store(), room.code) == {"slower": 1, "moment": 0}


def test_the_pace_route_refuses_a_phone_without_its_cookie_and_an_unknown_kind(
    client, room, bundle
):
    refused = client.post(f"/join/{room.code}/pace?lang=en", data={"kind": "slower"})
    assert refused.status_code == 400
    client.get(f"/join/{room.code}?lang=en")
    cookie = client.cookies.get(tokens.cookie_name(room.code))
    assert cookie
    for form in ({"kind": "faster"}, {"kind": ["slower", "moment"]}, {}):
        assert client.post(f"/join/{room.code}/pace?lang=en", data=form).status_code == 400
    assert pace.counts(current_store(), room.code) == {"slower": 0, "moment": 0}


def test_the_pace_signal_is_read_by_the_speaker_view_only():
    """Never projected: of the app's code, only the speaker view's side panel reads counts."""
    from pathlib import Path

    readers = [
        path.as_posix()
        for path in Path("lien").rglob("*.py")
        if "pace.counts(" in path.read_text(encoding="utf-8")
    ]
    assert readers == ["lien/ui/room_side.py"]
