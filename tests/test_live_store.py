"""The live room's store, against SQLite and a real PostgreSQL: rules, expiry, concurrency."""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from markupsafe import escape
from sqlalchemy import update

from lien.live import settings
from lien.live.store import CODE_ALPHABET, Store, StoreUnavailable, current_store, rooms
from lien.web.wiring import purge_expired_rooms


@pytest.fixture
def store(store_url) -> Store:
    return current_store()


def open_question(store: Store, question_id: str = "q1"):
    room = store.open_room()
    store.open_question(room.code, question_id)
    return store.room(room.code)


def test_the_sqlite_file_is_created_on_first_use_in_its_folder_in_wal_mode(tmp_path, monkeypatch):
    monkeypatch.setenv("LIEN_DATA_DIR", str(tmp_path / "talks"))
    monkeypatch.delenv("LIEN_DATABASE_URL", raising=False)
    path = tmp_path / "talks" / "live.sqlite3"
    store = Store(settings.database_url())
    assert not path.exists()
    store.open_room()
    assert path.exists()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.dispose()


def test_the_default_data_folder_is_var_outside_content_and_data(monkeypatch):
    monkeypatch.delenv("LIEN_DATA_DIR", raising=False)
    monkeypatch.delenv("LIEN_DATABASE_URL", raising=False)
    assert settings.data_dir().name == "var"
    assert settings.database_url().endswith("/var/live.sqlite3")


def test_a_changed_answer_replaces_the_earlier_one(store):
    room = open_question(store)
    assert store.submit(room.code, room.round, "q1", "p1", "a")
    assert store.submit(room.code, room.round, "q1", "p1", "b")
    assert store.tally(room.code).counts == {"b": 1}
    assert len(store.answers(room.code)) == 1


def test_answers_are_refused_unless_the_question_is_open(store):
    room = store.open_room()
    assert not store.submit(room.code, room.round, "q1", "p1", "a")  # nothing open yet
    store.open_question(room.code, "q1")
    room = store.room(room.code)
    store.close_answers(room.code)
    assert not store.submit(room.code, room.round, "q1", "p1", "a")
    store.reveal(room.code)
    assert not store.submit(room.code, room.round, "q1", "p1", "a")
    assert store.answers(room.code) == []


def test_an_answer_to_the_previous_question_is_not_counted_for_the_next(store):
    room = open_question(store, "q1")
    store.open_question(room.code, "q2")
    assert not store.submit(room.code, room.round, "q1", "p1", "a")
    now = store.room(room.code)
    assert store.submit(now.code, now.round, "q2", "p1", "a")
    assert store.tally(room.code).counts == {"a": 1}


def test_participants_are_counted_once_however_often_they_join(store):
    room = store.open_room()
    for participant in ("p1", "p2", "p1", "p1"):
        store.join(room.code, participant)
    assert store.tally(room.code).participants == 2


def test_reset_deletes_the_answers_and_shows_no_question(store):
    room = open_question(store)
    store.submit(room.code, room.round, "q1", "p1", "a")
    store.reset(room.code)
    tally = store.tally(room.code)
    assert tally.room.phase == "waiting" and tally.room.question_id is None
    assert store.answers(room.code) == []


def test_a_deleted_room_is_gone_with_its_participants_and_answers(store):
    room = open_question(store)
    store.join(room.code, "p1")
    store.submit(room.code, room.round, "q1", "p1", "a")
    store.delete_room(room.code)
    assert store.room(room.code) is None
    assert store.answers(room.code) == []


def test_a_room_expires_after_its_lifetime_and_is_then_purged(clocked_store, monkeypatch):
    store, clock = clocked_store
    monkeypatch.setenv("LIEN_ROOM_HOURS", "1")
    room = open_question(store)
    clock.wait(10)
    store.submit(room.code, room.round, "q1", "p1", "a")
    clock.wait(3589)
    assert store.room(room.code) is not None
    clock.wait(2)
    assert store.room(room.code) is None
    assert not store.submit(room.code, room.round, "q1", "p2", "a")
    assert store.purge_expired() == 1
    assert store.answers(room.code) == []


def test_room_codes_are_short_and_read_the_same_in_any_case(store):
    room = store.open_room()
    # Not isupper(): a code may be all digits (about 1 in 3,500), which has no case at all.
    assert len(room.code) == 6 and set(room.code) <= set(CODE_ALPHABET)
    assert not set(CODE_ALPHABET) & set("01ILO")  # no characters that read alike
    assert store.room(room.code.lower()) == store.room(room.code)
    assert store.room("NOSUCH") is None


def test_concurrent_writers_lose_nothing_and_count_nothing_twice(store):
    room = open_question(store)
    participants = [f"p{i:03d}" for i in range(120)]
    start = threading.Barrier(12)

    def answer_twice(chunk: list[str]) -> int:
        start.wait(timeout=30)
        stored = 0
        for participant in chunk:
            stored += store.submit(room.code, room.round, "q1", participant, "a")
            # Changing one's mind, concurrently with everyone else: replaces, never adds.
            stored += store.submit(room.code, room.round, "q1", participant, "b")
        return stored

    chunks = [participants[i::12] for i in range(12)]
    with ThreadPoolExecutor(max_workers=12) as pool:
        stored = sum(pool.map(answer_twice, chunks))
    assert stored == 240
    assert store.tally(room.code).counts == {"b": 120}
    assert sorted(a.participant for a in store.answers(room.code)) == participants


def test_an_unreachable_database_raises_store_unavailable_not_a_crash():
    store = Store("postgresql+psycopg://nobody@127.0.0.1:9/none")
    with pytest.raises(StoreUnavailable):
        store.open_room()
    store.dispose()


def test_a_locked_sqlite_database_is_reported_and_earlier_answers_survive(tmp_path, monkeypatch):
    monkeypatch.setenv("LIEN_DATA_DIR", str(tmp_path))
    store = Store(settings.database_url(), busy_ms=50)
    room = open_question(store)
    assert store.submit(room.code, room.round, "q1", "p1", "a")
    blocker = sqlite3.connect(tmp_path / "live.sqlite3", isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # another process holding the write lock too long
    try:
        with pytest.raises(StoreUnavailable):
            store.submit(room.code, room.round, "q1", "p2", "a")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert store.submit(room.code, room.round, "q1", "p2", "b")
    assert store.tally(room.code).counts == {"a": 1, "b": 1}
    store.dispose()


def test_expired_rooms_are_purged_when_the_app_starts(store):
    room = open_question(store)
    store.submit(room.code, room.round, "q1", "p1", "a")
    with store.engine.begin() as conn:
        conn.execute(update(rooms).values(expires_at=room.created_at - 1))
    purge_expired_rooms()
    assert store.answers(room.code) == []


def test_starting_the_app_creates_no_database_before_first_use(tmp_path, monkeypatch):
    monkeypatch.setenv("LIEN_DATA_DIR", str(tmp_path / "unused"))
    monkeypatch.delenv("LIEN_DATABASE_URL", raising=False)
    purge_expired_rooms()
    assert not (tmp_path / "unused").exists()


def test_postgresql_going_down_refuses_answers_and_keeps_the_earlier_ones(bundle, monkeypatch):
    """A real server stopped mid-talk and started again: nothing lost, nothing crashes."""
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from deploy.postgres import Cluster, postgres_bin
    from lien.web import phone as web

    if postgres_bin() is None:
        pytest.fail("no PostgreSQL: pip install -r requirements-dev.txt brings pgserver's")
    cluster = Cluster()
    try:
        cluster.start()
        store = Store(cluster.url.replace("postgresql://", "postgresql+psycopg://", 1))
        room = open_question(store, "poll:alliance-weight")
        assert store.submit(room.code, room.round, room.question_id, "p1", "moderate")
        cluster.stop()
        with pytest.raises(StoreUnavailable):
            store.submit(room.code, room.round, room.question_id, "p2", "strong")
        monkeypatch.setattr(web, "current_store", lambda: store)
        with TestClient(Starlette(routes=web.participant_routes())) as phone:
            answer = phone.get(f"/join/{room.code}?lang=en")
        assert answer.status_code == 503
        assert escape(bundle.ui["en"]["join.unavailable"]) in answer.text
        cluster.start()
        assert store.submit(room.code, room.round, room.question_id, "p2", "strong")
        assert store.tally(room.code).counts == {"moderate": 1, "strong": 1}
        store.dispose()
    finally:
        cluster.remove()


def test_a_room_s_guard_caps_phones_per_address_stops_joins_and_counts_recent_ones(clocked_store):
    store, clock = clocked_store
    room = store.open_room(max_phones=4, per_address=2)
    join = lambda p, a: store.join(room.code, p, address_key=a, per_address=2)  # noqa: E731
    clock.wait(1)
    assert [join(f"p{n}", "192.0.2.1") for n in range(3)] == ["joined", "joined", "address_full"]
    assert store.room(room.code).participants == 2  # the refused one took no place
    clock.wait(4)
    assert store.recent_joins(room.code, 10) == 2
    clock.wait(15)
    assert store.recent_joins(room.code, 10) == 0
    # The count per address outlives the hour the other limits are kept: the room's lifetime.
    clock.wait(7180)
    store.purge_expired()
    assert join("p3", "192.0.2.1") == "address_full"
    clock.wait(100)
    store.stop_joins(room.code)
    assert join("p4", "192.0.2.2") == "closed"
    store.stop_joins(room.code, False)
    assert join("p4", "192.0.2.2") == "joined"
    assert store.join(room.code, "p5", max_participants=room.max_phones) == "joined"
    assert store.join(room.code, "p6", max_participants=room.max_phones) == "full"


def test_a_closed_round_reopens_with_its_answers(clocked_store):
    store, clock = clocked_store
    room = open_question(store)
    store.join(room.code, "p1")
    assert store.submit(room.code, room.round, "q1", "p1", "a")
    clock.wait(10)
    store.close_answers(room.code)
    first_close = clock.now
    assert store.tally(room.code).closed_at == first_close
    store.reopen(room.code)
    again = store.room(room.code)
    assert (again.phase, again.round) == ("open", room.round)
    store.join(room.code, "p2")
    assert store.submit(room.code, room.round, "q1", "p2", "b")
    clock.wait(10)
    store.close_answers(room.code)
    tally = store.tally(room.code)
    assert tally.counts == {"a": 1, "b": 1} and tally.closed_at == first_close + 10


def test_a_room_no_phone_joined_goes_once_idle_two_hours_and_a_joined_one_stays(clocked_store):
    from lien.live.store.rooms import EMPTY_ROOM_IDLE_S

    store, clock = clocked_store
    empty, joined = store.open_room(), store.open_room()
    assert store.join(joined.code, "phone-one-000000") == "joined"
    clock.wait(EMPTY_ROOM_IDLE_S - 60)
    assert {r.code for r in store.open_rooms()} == {empty.code, joined.code}
    assert store.purge_expired() == 0
    clock.wait(120)
    assert [r.code for r in store.open_rooms()] == [joined.code]
    assert store.purge_expired() == 1
    assert store.room(empty.code) is None
    assert store.room(joined.code) is not None


def test_an_empty_room_with_a_question_opened_lately_is_kept(clocked_store):
    from lien.live.store.rooms import EMPTY_ROOM_IDLE_S

    store, clock = clocked_store
    room = store.open_room()
    clock.wait(EMPTY_ROOM_IDLE_S - 60)
    store.open_question(room.code, "q1")
    clock.wait(120)
    assert store.purge_expired() == 0
    assert [r.code for r in store.open_rooms()] == [room.code]


def test_the_empty_room_of_a_talk_being_presented_is_kept_until_its_run_stands_idle(clocked_store):
    from lien.live.runs import Runs
    from lien.live.store.rooms import EMPTY_ROOM_IDLE_S

    store, clock = clocked_store
    runs = Runs(store)
    runs.start("run-presented-01", "workshop", "fr", 1, "join")
    room = store.open_room()
    runs.set_room("run-presented-01", room.code)
    clock.wait(EMPTY_ROOM_IDLE_S - 60)
    runs.move("run-presented-01", 2, "slide:next")  # the projector moved a minute ago
    clock.wait(120)
    assert store.purge_expired() == 0
    assert [r.code for r in store.open_rooms()] == [room.code]
    # The projector's tab closed without leaving present mode: two hours later, it goes.
    clock.wait(EMPTY_ROOM_IDLE_S)
    assert store.open_rooms() == []
    assert store.purge_expired() == 1
    assert store.room(room.code) is None


def test_a_jump_of_the_computer_s_clock_makes_no_empty_room_look_idle(clocked_store):
    from lien.live.store.rooms import EMPTY_ROOM_IDLE_S

    store, clock = clocked_store
    room = store.open_room()
    clock.wait(60)
    store.room(room.code)  # the store reads its clock while the app runs
    clock.now += 3 * EMPTY_ROOM_IDLE_S  # the wall clock alone jumps forward
    assert [r.code for r in store.open_rooms()] == [room.code]
    assert store.purge_expired() == 0
    clock.wait(EMPTY_ROOM_IDLE_S)  # two idle hours, really
    assert store.purge_expired() == 1


def test_a_try_given_back_returns_to_its_bucket_never_past_its_capacity(clocked_store):
    """give_back undoes one try of allow (the presenter's right token), and a bucket given back
    more than it lost stays at its capacity."""
    store, _clock = clocked_store
    key, capacity, rate = "presenter:127.0.0.9", 3, 1 / 3600
    assert [store.allow(key, capacity, rate) for _ in range(3)] == [True] * 3
    store.give_back(key, capacity)
    assert store.allow(key, capacity, rate) is True  # the try given back
    assert store.allow(key, capacity, rate) is False
    for _ in range(10):
        store.give_back(key, capacity)
    assert [store.allow(key, capacity, rate) for _ in range(4)] == [True] * 3 + [False]
