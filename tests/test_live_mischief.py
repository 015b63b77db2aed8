"""A mischievous laptop in the room (issue 21, part B): each of the red team's attacks of
7 December, on loopback, bounded, recovering nothing."""

from __future__ import annotations

import pytest

from lien.live.store import current_store
from tests.helpers.apptest import open_page

TOKEN = "test-presenter-token-123"
OPEN = "poll:repair-moment"


@pytest.fixture
def presenter(sqlite_store_url, monkeypatch):
    monkeypatch.setenv("LIEN_LIVE_TOKEN", TOKEN)
    monkeypatch.setenv("LIEN_PUBLIC_URL", "http://192.0.2.10:8501")


def _open_text_room(texts: list[str]):
    store = current_store()
    room = store.open_room()
    store.open_question(room.code, OPEN)
    room = store.room(room.code)
    for n, text in enumerate(texts):
        participant = f"phone-{n:02d}-" + "x" * 10
        assert store.join(room.code, participant) == "joined"
        stored = store.answer(
            room.code, room.round, OPEN, participant, "text", text, status="pending"
        )
        assert stored == "stored"
    return store, room


# --- N4: approve what was seen ------------------------------------------------------------


def test_approving_a_text_approves_the_words_seen_not_the_ones_swapped_in_since(presenter):
    store, room = _open_text_room(["I felt heard"])
    participant = store.tally(room.code).texts[0][0]
    # The phone swaps its text after the presenter read it, just before the click.
    store.answer(room.code, room.round, OPEN, participant, "text", "SWAPPED", status="pending")
    assert not store.set_text_status(
        room.code, room.round, participant, "approved", seen="I felt heard"
    )
    assert store.tally(room.code).texts == ((participant, "SWAPPED", "pending"),)
    # What is on screen now can be approved; a later replacement needs a new approval.
    assert store.set_text_status(room.code, room.round, participant, "approved", seen="SWAPPED")
    store.answer(room.code, room.round, OPEN, participant, "text", "again", status="pending")
    assert store.tally(room.code).texts == ((participant, "again", "pending"),)


def test_a_text_swapped_before_the_presenters_click_is_not_projected_and_the_presenter_is_told(
    presenter,
):
    store, room = _open_text_room(["I felt heard", "Someone listened"])
    at = open_page("live", "en", token=TOKEN, room=room.code)
    shown = [m.value for m in at.markdown]
    assert any("I felt heard" in v for v in shown)
    participant = store.tally(room.code).texts[0][0]
    store.answer(room.code, room.round, OPEN, participant, "text", "SWAPPED", status="pending")
    at.button(key=f"live_ok_{room.round}_{participant}").click().run()
    assert not at.exception
    assert dict((p, (t, s)) for p, t, s in store.tally(room.code).texts)[participant] == (
        "SWAPPED",
        "pending",
    )
    assert any("changed on the phone" in e.value for e in at.error)
