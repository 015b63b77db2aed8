"""The presenter's pages around a talk's room (AppTest, issue 24 requirement 6): leaving present
mode deletes the run's room when no phone joined it, and keeps it otherwise; /live lists the
running talk's questions first."""

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


def test_live_lists_the_running_talk_s_questions_first_in_the_talk_s_order(presenting):  # noqa: F811
    from lien.live.questions import live_questions
    from lien.talks import talk_of
    from tests.helpers.apptest import open_page
    from tests.test_poll_slides import BUNDLE
    from tests.test_present import TOKEN

    at = projector("join")
    code = current_runs().run(param(at, "run")).room_code
    talk = talk_of(BUNDLE, "en", "workshop")
    own = [s.question.prompt for s in talk.slides if s.question is not None]
    every = [q.prompt for q in live_questions(BUNDLE, "en").values()]
    assert every[: len(own)] != own  # the order of the talk is not the question bank's
    page = open_page("live", "en", token=TOKEN, room=code)
    shown = [option.split(" · ", 1)[1] for option in page.selectbox(key="live_question").options]
    assert shown[: len(own)] == own
    assert sorted(shown) == sorted(every)  # every other question still offered, after them
    # A room of /live's own (no talk) keeps the question bank's order.
    alone = current_store().open_room().code
    page = open_page("live", "en", token=TOKEN, room=alone)
    assert [o.split(" · ", 1)[1] for o in page.selectbox(key="live_question").options] == every
