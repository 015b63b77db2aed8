"""Talk runs in the live room's database (SQLite and PostgreSQL): where a talk stands, seen
from another connection as from another server process."""

from __future__ import annotations

import pytest

from lien.live.runs import (
    Runs,
    Step,
    current_runs,
    new_run_id,
    run_key,
    run_key_matches,
    time_per_item,
    valid_run_id,
)
from lien.live.store import Store, StoreUnavailable
from tests.helpers.clock import FakeClock


@pytest.fixture
def runs(store_url) -> Runs:
    return current_runs()


@pytest.fixture
def timed(store_url):
    """Runs on a store whose clock the test moves (starting at 0 s): (runs, clock)."""
    clock = FakeClock(wall=0.0)
    store = Store(store_url, wall=clock.wall, monotonic=clock.monotonic)
    yield Runs(store), clock
    store.dispose()


def test_a_run_starts_moves_and_is_seen_from_another_connection(timed, store_url):
    runs, clock = timed
    clock.wait(100)
    runs.start("run-a", "workshop", "fr", 1, "slide:home-title")
    # A second store on the same database: what another server process would open.
    other = Runs(Store(store_url))
    assert other.run("run-a").slide == 1
    clock.wait(30)
    assert runs.move("run-a", 2, "own:welcome")
    seen = other.run("run-a")
    assert (seen.talk_id, seen.lang, seen.slide, seen.item_id) == (
        "workshop",
        "fr",
        2,
        "own:welcome",
    )
    assert seen.started_at == 100.0 and seen.updated_at == 130.0
    assert seen.room_code is None
    other.store.dispose()


def test_moving_an_unknown_run_says_so_and_stores_nothing(runs):
    assert not runs.move("nobody", 3, "join")
    assert runs.run("nobody") is None


def test_each_change_of_slide_is_a_step_and_the_time_per_slide_adds_up(timed):
    runs, clock = timed
    runs.start("run-b", "short", "en", 1, "slide:a")
    clock.wait(60)
    runs.move("run-b", 2, "slide:b")
    clock.wait(10)
    runs.move("run-b", 2, "slide:b")  # the same slide again: no new step
    clock.wait(20)
    runs.move("run-b", 1, "slide:a")
    assert runs.steps("run-b") == [
        Step("slide:a", 0.0),
        Step("slide:b", 60.0),
        Step("slide:a", 90.0),
    ]
    assert time_per_item(runs.steps("run-b"), now=120.0) == {"slide:a": 90.0, "slide:b": 30.0}


def test_blank_is_kept_and_a_move_brings_the_screen_back(runs):
    runs.start("run-c", "short", "en", 4, "slide:x")
    runs.set_blank("run-c", True)
    assert runs.run("run-c").blank
    runs.move("run-c", 5, "slide:y")
    assert not runs.run("run-c").blank


def test_starting_an_existing_run_again_moves_it_and_keeps_its_clock(timed):
    runs, clock = timed
    clock.wait(10)
    runs.start("run-d", "short", "en", 1, "slide:a")
    clock.wait(40)
    again = runs.start("run-d", "workshop", "fr", 7, "join")
    assert (again.talk_id, again.lang, again.slide, again.started_at) == ("workshop", "fr", 7, 10.0)


def test_restarting_the_clock_forgets_the_rehearsal(timed):
    runs, clock = timed
    runs.start("run-e", "short", "en", 1, "slide:a")
    clock.wait(600)
    runs.move("run-e", 2, "slide:b")
    clock.wait(100)
    runs.restart_clock("run-e")
    assert runs.run("run-e").started_at == 700.0
    assert runs.steps("run-e") == [Step("slide:b", 700.0)]


def test_the_live_room_of_a_run_has_its_place(runs):
    runs.start("run-f", "workshop", "en", 3, "join")
    runs.set_room("run-f", "K7P2QX")
    assert runs.run("run-f").room_code == "K7P2QX"


def test_a_run_that_has_not_moved_for_the_rooms_lifetime_is_deleted(timed, monkeypatch):
    runs, clock = timed
    monkeypatch.setenv("LIEN_ROOM_HOURS", "1")
    runs.start("old", "short", "en", 1, "slide:a")
    clock.wait(3000)
    runs.start("new", "short", "en", 1, "slide:a")
    clock.wait(700)
    assert runs.purge_expired() == 1
    assert runs.run("old") is None and runs.steps("old") == []
    assert runs.run("new") is not None


def test_an_unreachable_database_is_a_store_error_not_a_crash(tmp_path):
    folder = tmp_path / "a-folder-where-the-file-should-be"
    folder.mkdir()
    store = Store(f"sqlite:///{folder}")
    with pytest.raises(StoreUnavailable):
        Runs(store).start("run-g", "short", "en", 1, "slide:a")
    with pytest.raises(StoreUnavailable):
        Runs(store).run("run-g")
    store.dispose()


def test_run_ids_and_keys():
    drawn = {new_run_id() for _ in range(50)}
    assert len(drawn) == 50 and all(valid_run_id(r) for r in drawn)
    assert not valid_run_id("") and not valid_run_id("a b") and not valid_run_id("x" * 40)
    key = run_key("the token", "run-1")
    assert "the token" not in key and len(key) == 32
    assert run_key_matches(key, "the token", "run-1")
    assert not run_key_matches(key, "the token", "run-2")
    assert not run_key_matches(key, "another token", "run-1")
    assert not run_key_matches(None, "the token", "run-1")
