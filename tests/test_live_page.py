"""The presenter's live room page under AppTest: the token gate and every control."""

from __future__ import annotations

import csv
import io

import pytest

from lien.live.store import current_store
from tests.helpers.apptest import all_text, open_page

TOKEN = "test-presenter-token-123"


@pytest.fixture
def presenter(sqlite_store_url, monkeypatch):
    monkeypatch.setenv("LIEN_LIVE_TOKEN", TOKEN)
    monkeypatch.setenv("LIEN_PUBLIC_URL", "http://192.0.2.10:8501")


def opened_room(lang: str = "en"):
    at = open_page("live", lang, token=TOKEN)
    at.button(key="live_open_room").click().run()
    assert not at.exception
    return at


def room_code(at) -> str:
    # The room is in the address (?room=CODE), so a reload or a second tab comes back to it.
    value = at.query_params["room"]
    return value[0] if isinstance(value, list) else value


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_without_the_token_the_page_says_how_to_join_and_offers_a_sign_in_in_place(
    presenter, bundle
):
    at = open_page("live", "en")
    text = all_text(at)
    assert bundle.pages["en"]["live"].sections[0].heading in [h.value for h in at.header]
    # For the room: how to join; nothing about consoles, files or tokens.
    for word in ("console", "secrets.toml", "LIEN_LIVE_TOKEN", "token"):
        assert word not in text, word
    assert [e.label for e in at.expander] == [bundle.ui["en"]["signin.in_place"]]
    assert not [b for b in at.button if b.key and b.key.startswith("live_")]
    assert at.text_input(key="live_token_input").label == bundle.ui["en"]["live.token_label"]


def test_a_wrong_token_is_refused_with_a_message(presenter, bundle):
    at = open_page("live", "en", token="not-it")
    assert at.error[0].value == bundle.ui["en"]["live.token_wrong"]
    assert not [b for b in at.button if b.key == "live_open_room"]


def test_the_token_typed_in_the_box_opens_the_controls_and_leaves_the_address(presenter):
    at = open_page("live", "en")
    at.text_input(key="live_token_input").input(TOKEN).run()
    assert at.button(key="live_open_room")
    at = open_page("live", "fr", token=TOKEN)
    assert "token" not in at.query_params
    assert at.button(key="live_open_room").label == "Ouvrir une salle"


def test_opening_a_room_shows_its_short_address_and_stores_it(presenter, bundle):
    at = opened_room()
    code = room_code(at)
    assert f"http://192.0.2.10:8501/join/{code}" in all_text(at)
    assert current_store().room(code).phase == "waiting"
    assert html_has_qr(at)
    assert bundle.ui["en"]["live.no_question"] in [i.value for i in at.info]


def html_has_qr(at) -> bool:
    return len(at.get("image")) == 1


def test_open_close_reveal_next_and_reset_drive_the_room(presenter, bundle):
    at = opened_room()
    code = room_code(at)
    store = current_store()
    at.button(key="live_open_question").click().run()
    room = store.room(code)
    assert room.phase == "open" and room.question_id == "poll:alliance-weight"
    for participant, option in (("p1", "moderate"), ("p2", "moderate"), ("p3", "none")):
        store.join(code, participant)
        store.submit(code, room.round, room.question_id, participant, option)
    at.run()
    assert metrics(at) == {"Participants": "3", "Answers": "3"}
    assert "Moderately (r ≈ 0.3): 2; Not at all: 0" not in all_text(at)  # order of the poll
    assert "Not at all: 1; Moderately (r ≈ 0.3): 2; Very strongly (r ≈ 0.8): 0" in all_text(at)

    at.button(key="live_close").click().run()
    assert store.room(code).phase == "closed"
    at.button(key="live_reveal").click().run()
    assert store.room(code).phase == "revealed"
    assert metrics(at)["Right"] == "67%"

    at.button(key="live_next").click().run()
    room = store.room(code)
    assert room.question_id == "poll:bordin-elements" and room.phase == "open"
    assert at.selectbox(key="live_question").value == "poll:bordin-elements"
    assert metrics(at)["Answers"] == "0"

    at.button(key="live_reset").click().run()
    assert store.room(code).question_id is None
    assert store.answers(code) == []


def test_the_export_holds_every_answer_as_csv(presenter, bundle):
    at = opened_room()
    code = room_code(at)
    store = current_store()
    at.button(key="live_open_question").click().run()
    room = store.room(code)
    store.join(code, "p1-participant00")
    store.submit(code, room.round, room.question_id, "p1-participant00", "strong")
    from lien.live.export import answers_csv, room_report

    report = room_report(store, bundle, "en", code)
    text = answers_csv(store.answers(code), code, bundle=bundle, lang="en", report=report)
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [(r["room"], r["question_id"], r["answer_id"], r["participant"]) for r in rows] == [
        (code, "poll:alliance-weight", "strong", "P1")
    ]
    assert rows[0]["answer"] == "Very strongly (r ≈ 0.8)"
    assert at.get("download_button")[1].label == "Export the results (CSV)"


def test_deleting_the_room_removes_it_and_says_so(presenter, bundle):
    at = opened_room()
    code = room_code(at)
    at.button(key="live_delete").click().run()
    assert current_store().room(code) is None
    assert at.success[0].value == bundle.ui["en"]["live.deleted"]
    assert at.button(key="live_open_room")


def test_an_unreachable_database_shows_a_clear_message_not_a_traceback(
    presenter, monkeypatch, bundle
):
    monkeypatch.setenv("LIEN_DATABASE_URL", "postgresql://nobody@127.0.0.1:9/none")
    at = open_page("live", "en", token=TOKEN)
    at.button(key="live_open_room").click().run()
    assert not at.exception
    message = at.error[0].value
    assert message.startswith(bundle.ui["en"]["live.db_down"].split("(")[0])


def test_the_projector_view_shows_the_room_without_controls_or_hints(presenter, bundle):
    store = current_store()
    room = store.open_room()
    store.open_question(room.code, "poll:bordin-elements")
    at = open_page("live", "en", token=TOKEN, screen="1", room=room.code)
    assert not at.exception
    text = all_text(at)
    assert f"/join/{room.code}" in text and bundle.polls["en"][1].prompt in text
    assert "LIEN_PUBLIC_URL" not in text
    assert not [b for b in at.button if b.key and b.key.startswith("live_")]


def test_the_projector_view_of_a_personal_question_shows_no_count(presenter, bundle):
    store = current_store()
    room = store.open_room()
    for question_id, counted in (("poll:comfort-first", False), ("poll:bordin-elements", True)):
        store.open_question(room.code, question_id)
        for n in range(9):
            store.join(room.code, f"phone-{n}")
            store.submit(room.code, store.room(room.code).round, question_id, f"phone-{n}", "skip")
        at = open_page("live", "en", token=TOKEN, screen="1", room=room.code)
        text = all_text(at)
        assert ("Participants **9**" in text) is counted, question_id
        assert ("Answers **" in text) is counted, question_id


def test_in_french_the_share_of_right_answers_reads_67_percent_with_a_no_break_space(
    presenter, bundle
):
    at = opened_room("fr")
    code = room_code(at)
    store = current_store()
    at.button(key="live_open_question").click().run()
    room = store.room(code)
    for participant, option in (("p1", "moderate"), ("p2", "moderate"), ("p3", "none")):
        store.join(code, participant)
        store.submit(code, room.round, room.question_id, participant, option)
    at.run()
    at.button(key="live_close").click().run()
    at.button(key="live_reveal").click().run()
    shown = metrics(at)[bundle.ui["fr"]["live.share_right"]]
    assert shown == "67\u00a0%"  # lien.text.percent: never "67%" nor "67 %" with a plain space
