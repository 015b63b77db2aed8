"""A rehearsal leaves no empty room behind (AppTest, issue 24 requirement 6): the presenter
leaving present mode deletes the run's room when no phone joined it, and keeps it otherwise."""

from __future__ import annotations

from lien.live.runs import current_runs
from lien.live.store import current_store
from tests.test_poll_slides import presenting, projector  # noqa: F401
from tests.test_present import param


def test_leaving_a_rehearsal_deletes_the_room_no_phone_joined(presenting):  # noqa: F811
    at = projector("join")
    run_id = param(at, "run")
    code = current_runs().run(run_id).room_code
    assert code and current_store().room(code) is not None
    at.button(key="present_exit").click().run()
    assert current_store().room(code) is None
    assert current_runs().run(run_id).room_code is None
    assert code not in [room.code for room in current_store().open_rooms()]


def test_leaving_a_talk_a_phone_joined_keeps_its_room(presenting):  # noqa: F811
    at = projector("join")
    code = current_runs().run(param(at, "run")).room_code
    assert current_store().join(code, "phone-one-000000") == "joined"
    at.button(key="present_exit").click().run()
    assert current_store().room(code) is not None


def test_leaving_without_the_token_deletes_nothing(presenting):  # noqa: F811
    presenter = projector("join")
    run_id = param(presenter, "run")
    code = current_runs().run(run_id).room_code
    stranger = projector("join", token=False, run=run_id)
    stranger.button(key="present_exit").click().run()
    assert current_store().room(code) is not None
