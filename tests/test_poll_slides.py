"""Poll slides in a talk (AppTest): the run's one live room, the presenter's keys and what the
projector shows of each state, nothing for anyone without the presenter token."""

from __future__ import annotations

import pytest

from lien.content import ROOT, load_bundle
from lien.live.questions import live_questions
from lien.live.results import result
from lien.live.runs import current_runs
from lien.live.slide_room import room_marker, slide_round
from lien.live.store import current_store
from lien.run_markers import run_room_marker
from lien.talks import talk_of
from tests.helpers.apptest import all_text, open_page
from tests.test_present import TOKEN, param, speaker

BUNDLE = load_bundle(ROOT)
WORKSHOP = talk_of(BUNDLE, "en", "workshop")


def number_of(item_id: str) -> int:
    return WORKSHOP.number_of(item_id)


@pytest.fixture
def presenting(sqlite_store_url, monkeypatch):
    monkeypatch.setenv("LIEN_LIVE_TOKEN", TOKEN)


def projector(item_id: str, *, token: bool = True, lang: str = "en", **params: str):
    extra = {"token": TOKEN} if token else {}
    return open_page(
        "home",
        lang,
        present="1",
        talk="workshop",
        slide=str(number_of(item_id)),
        **extra,
        **params,
    )


def poll_buttons(at) -> dict[str, object]:
    return {b.key: b for b in at.button if b.key and b.key.startswith("poll_slide_")}


def the_run(at):
    return current_runs().run(param(at, "run"))


def opened_with_answers(item_id: str, answers: list[str]):
    """The projector on this poll, opened by the presenter, and one phone per answer given."""
    at = projector(item_id)
    at.button(key="poll_slide_open").click().run()
    store, code = current_store(), the_run(at).room_code
    room = store.room(code)
    for n, option in enumerate(answers):
        store.join(code, f"phone-{n}")
        store.submit(code, room.round, item_id, f"phone-{n}", option)
    return at, store, code


def test_the_workshop_asks_a_question_of_every_kind_between_its_parts(bundle):
    talk = talk_of(bundle, "fr", "workshop")
    forms = {s.question.form for s in talk.slides if s.question is not None}
    assert forms == {"choice", "scale", "words", "open", "questions", "map"}
    assert {s.question.kind for s in talk.slides if s.question is not None} == {"poll", "quiz"}
    assert any(s.question.personal for s in talk.slides if s.question is not None)


def test_without_the_token_a_poll_slide_shows_the_question_presenter_only_and_no_control(
    presenting,
):
    question = live_questions(BUNDLE, "en")["poll:alliance-weight"]
    at = projector("poll:alliance-weight", token=False)
    assert at.title[0].value == question.prompt
    text = all_text(at)
    assert all(option in text for _, option in question.options)
    assert BUNDLE.ui["en"]["present.presenter_only"] in [c.value for c in at.caption]
    assert poll_buttons(at) == {}
    assert "/join/" not in text  # no room, no code
    assert the_run(at).room_code is None
    # The keys are bound to nothing: pressing A on this slide (a rerun) opens no room.
    at.run()
    assert the_run(at).room_code is None
    assert current_store().open_rooms() == []


def test_the_presenters_keys_on_a_poll_slide_are_a_s_and_v(presenting):
    at = projector("poll:alliance-weight")
    labels = {key: button.label for key, button in poll_buttons(at).items()}
    assert labels == {
        "poll_slide_open": f"{BUNDLE.ui['en']['present.poll_open']} (A)",
        "poll_slide_close": f"{BUNDLE.ui['en']['present.poll_close']} (S)",
        "poll_slide_reveal": f"{BUNDLE.ui['en']['present.poll_reveal']} (V)",
    }
    script = next(h.proto.body for h in at.get("html") if "PageDown" in h.proto.body)
    for key, button in (("a", "open"), ("s", "close"), ("v", "reveal")):
        assert f'"{key}": "poll_slide_{button}"' in script
    assert not poll_buttons(at)["poll_slide_open"].disabled
    assert poll_buttons(at)["poll_slide_close"].disabled  # nothing to close yet
    assert poll_buttons(at)["poll_slide_reveal"].disabled


def test_opening_the_first_poll_opens_the_runs_room_and_the_next_poll_uses_the_same(presenting):
    at = projector("poll:alliance-weight")
    assert the_run(at).room_code is None
    at.button(key="poll_slide_open").click().run()
    code = the_run(at).room_code
    room = current_store().room(code)
    assert (room.question_id, room.phase) == ("poll:alliance-weight", "open")
    text = all_text(at)
    assert f"/join/{code}`" in text  # the short address beside the QR code
    assert "Participants **0** · Answers **0** · *Answers open*" in text
    at.button(key="present_next_button").click().run()
    at.button(key="poll_slide_open").click().run()
    assert the_run(at).room_code == code  # one room per talk run
    room = current_store().room(code)
    assert (room.question_id, room.round) == ("poll:bordin-elements", 2)
    assert len(current_store().open_rooms()) == 1


def test_close_then_reveal_shows_the_right_answer_and_the_explanation(presenting):
    question = live_questions(BUNDLE, "en")["poll:alliance-weight"]
    at, store, code = opened_with_answers(question.id, ["moderate", "moderate", "none"])
    at.run()  # what the follow script does when the room's marker changes
    assert "Participants **3** · Answers **3**" in all_text(at)
    assert at.get("plotly_chart")
    assert question.explanation not in all_text(at)
    at.button(key="poll_slide_close").click().run()
    assert store.room(code).phase == "closed"
    assert at.button(key="poll_slide_close").disabled
    at.button(key="poll_slide_reveal").click().run()
    assert store.room(code).phase == "revealed"
    text = all_text(at)
    right = BUNDLE.ui["en"]["join.right_answer"].format(option="Moderately (r ≈ 0.3)")
    assert f"**{right}**" in text
    assert question.explanation in text
    assert "*Answer revealed*" in text
    assert at.button(key="poll_slide_reveal").disabled


def test_a_reloaded_projector_shows_the_same_room_in_the_same_state(presenting):
    first = projector("poll:alliance-weight")
    first.button(key="poll_slide_open").click().run()
    run_id, code = param(first, "run"), the_run(first).room_code
    again = projector("poll:alliance-weight", run=run_id)  # a new session: a reload
    assert param(again, "run") == run_id
    text = all_text(again)
    assert f"/join/{code}`" in text and "*Answers open*" in text
    assert not again.button(key="poll_slide_close").disabled
    assert len(current_store().open_rooms()) == 1


def test_the_join_slide_opens_the_runs_room_and_shows_its_address_and_qr_code(presenting):
    at = projector("join")
    code = the_run(at).room_code
    assert code and current_store().room(code) is not None
    assert f"/join/{code}`" in all_text(at)
    assert len(at.get("image")) == 1  # its QR code
    # Without the token: the join page's address and no room.
    other = projector("join", token=False)
    assert the_run(other).room_code is None
    assert "/join`" in all_text(other)
    assert not other.get("image")


def test_a_personal_question_shows_no_count_and_nothing_below_its_minimum_group(
    presenting, no_blur
):
    question = live_questions(BUNDLE, "en")["poll:help-ease"]
    at, _, _ = opened_with_answers(question.id, ["2", "2", "2"])
    at.button(key="poll_slide_close").click().run()
    text = all_text(at)
    # No count at all: neither the answers nor the room's size beside its groups.
    assert "Participants" not in text and "Answers" not in text.split("\n")[1]
    assert "*Answers closed*" in text
    short = BUNDLE.ui["en"]["live.results_short"].format(n=question.min_group, more=5)
    assert short in [i.value for i in at.info]
    assert not at.get("plotly_chart")


def test_coming_back_to_an_earlier_poll_shows_its_last_round(presenting):
    store = current_store()
    at = projector("poll:alliance-weight")
    at.button(key="poll_slide_open").click().run()
    code = the_run(at).room_code
    store.join(code, "phone-0")
    store.submit(code, store.room(code).round, "poll:alliance-weight", "phone-0", "strong")
    at.button(key="poll_slide_reveal").click().run()
    store.open_question(code, "poll:bordin-elements")  # the room moved on
    state = slide_round(store, code, "poll:alliance-weight")
    assert (state.current, state.phase, state.tally.counts) == (False, "revealed", {"strong": 1})
    at.run()
    assert "*Answer revealed*" in all_text(at)
    assert not at.button(key="poll_slide_open").disabled  # asking it again is a new round
    assert at.button(key="poll_slide_reveal").disabled


def test_the_follow_route_sees_an_answer_arrive_on_a_poll_slide(presenting):
    question = live_questions(BUNDLE, "en")["poll:alliance-weight"]
    at = projector("poll:alliance-weight")
    at.button(key="poll_slide_open").click().run()
    run = the_run(at)
    store, code = current_store(), run.room_code
    before = run_room_marker(BUNDLE, run)
    assert before == room_marker(slide_round(store, code, question.id), question)
    store.join(code, "phone-0")
    store.submit(code, store.room(code).round, question.id, "phone-0", "none")
    after = run_room_marker(BUNDLE, run)
    assert after != before
    assert after == room_marker(slide_round(store, code, question.id), question)
    # What the presenter's projector draws is that marker.
    at.run()
    drawn = [h.proto.body for h in at.get("html") if h.proto.body.startswith("<span hidden")]
    drawn = [body for body in drawn if "data-lien-room" in body]
    assert drawn == [f"<span hidden data-lien-room='{after}'></span>"]


def test_the_speaker_view_opens_closes_and_reveals_with_its_key_alone(presenting):
    at = projector("poll:alliance-weight")
    run_id = param(at, "run")
    remote = speaker(run_id, token=TOKEN)
    key = param(remote, "key")
    phone = speaker(run_id, key=key)  # the phone remote: the run's key, no token
    phone.button(key="speaker_poll_open").click().run()
    code = current_runs().run(run_id).room_code
    assert current_store().room(code).phase == "open"
    phone.button(key="speaker_poll_reveal").click().run()
    assert current_store().room(code).phase == "revealed"
    # The room's report and CSV are offered beside the talk's files.
    assert phone.get("download_button")
    # A wrong key gets no control at all.
    stranger = speaker(run_id, key="0" * 32)
    assert not [b for b in stranger.button if b.key and b.key.startswith("speaker_poll")]


def test_a_talks_min_group_holds_for_its_personal_questions_on_its_slides_and_report(
    presenting, content_copy, monkeypatch, no_blur
):
    """A talk may set `min_group` (here 5) for its personal questions that set none of their
    own: the room opened for the talk keeps it; on the slide, in the report and the CSV, five
    answers show, four do not. A question with its own min_group keeps it."""
    from lien.live import export
    from lien.live.questions import in_room
    from tests.helpers import edit

    edit(content_copy / "content/talks/workshop.toml", "[[parts]]", "min_group = 5\n\n[[parts]]")
    monkeypatch.setenv("LIEN_CONTENT_ROOT", str(content_copy))
    bundle = load_bundle(content_copy)
    assert bundle.talks["workshop"].min_group == 5
    question = live_questions(bundle, "en")["poll:comfort-first"]
    assert question.personal and question.min_group == 8 and not question.own_group
    at, store, code = opened_with_answers(question.id, ["partner"] * 5)
    assert store.room(code).min_group == 5  # the room opened for the talk keeps its rule
    at.button(key="poll_slide_close").click().run()
    assert not [i.value for i in at.info if "Personal question" in i.value]
    assert at.get("plotly_chart")  # five answers: this talk's room sees its result
    # Four answers in a room of that talk: nothing, one more needed.
    four = store.open_room(min_group=5).code
    store.open_question(four, question.id)
    for n in range(4):
        store.join(four, f"phone-{n}")
        assert store.submit(four, store.room(four).round, question.id, f"phone-{n}", "partner")
    store.close_answers(four)
    shown = result(question, store.tally(four))
    assert shown.state == "short" and shown.needed == 1 and shown.min_group == 5
    report = export.room_report(store, bundle, "en", code)
    [part] = [p for p in report.rounds if p.question.id == question.id]
    assert part.question.min_group == 5 and part.result.state == "shown"
    counts = {bar.key: bar.count for bar in part.result.bars}
    assert counts["partner"] == 5 and counts["friend"] is None  # none said friend: < 5
    table = export.answers_csv(store.answers(code), code, bundle=bundle, lang="en", report=report)
    assert "fewer than 5" in table and "fewer than 8" not in table
    # A question that sets its own min_group keeps it in that room.
    from dataclasses import replace

    own = replace(question, min_group=10, own_group=True)
    assert in_room(own, 5).min_group == 10
    assert in_room(question, 5).min_group == 5 and in_room(question, None).min_group == 8


def test_a_closed_personal_question_that_needs_more_answers_reopens_from_its_slide(
    presenting, no_blur
):
    """After S, "2 more answers needed": A reopens the same round, its answers kept."""
    question = live_questions(BUNDLE, "en")["poll:help-ease"]
    at, store, code = opened_with_answers(question.id, ["2", "3", "4", "5", "6", "3"])
    at.button(key="poll_slide_close").click().run()
    short = BUNDLE.ui["en"]["live.results_short"].format(n=8, more=2)
    assert short in [i.value for i in at.info]
    reopen = at.button(key="poll_slide_open")
    assert not reopen.disabled and reopen.label.startswith("Reopen to the phones")
    round_ = store.room(code).round
    reopen.click().run()
    room = store.room(code)
    assert (room.phase, room.round, store.tally(code).answered) == ("open", round_, 6)
    for n in (6, 7):
        store.join(code, f"phone-{n}")
        assert store.submit(code, round_, question.id, f"phone-{n}", "4")
    at.button(key="poll_slide_close").click().run()
    assert not [i.value for i in at.info if "more answer" in i.value]
    assert at.get("plotly_chart") or at.info  # shown now: a chart, or every group too small


def test_a_result_whose_every_group_is_too_small_says_so_in_one_sentence(presenting, no_blur):
    question = live_questions(BUNDLE, "en")["poll:comfort-first"]
    spread = ["partner", "friend", "family", "professional", "alone"] * 2  # two each
    at, _, _ = opened_with_answers(question.id, spread)
    at.button(key="poll_slide_close").click().run()
    sentence = BUNDLE.ui["en"]["live.results_all_hidden"].format(n=8)
    assert [i.value for i in at.info] == [sentence]
    assert not at.get("plotly_chart")  # no chart of "fewer than 8" on every bar


def test_the_projector_writes_a_median_in_the_language_s_form(presenting, no_blur):
    question = live_questions(BUNDLE, "fr")["poll:help-ease"]
    at = projector(question.id, lang="fr")
    at.button(key="poll_slide_open").click().run()
    store, code = current_store(), the_run(at).room_code
    room = store.room(code)
    for n, option in enumerate(["3"] * 10 + ["4"] * 10):
        store.join(code, f"phone-{n}")
        store.submit(code, room.round, question.id, f"phone-{n}", option)
    at.button(key="poll_slide_close").click().run()
    text = all_text(at)
    assert "Médiane : 3,5" in text.replace("\u00a0", " ") and "3.5" not in text


def test_the_speaker_view_says_when_phones_join_too_fast_and_stops_them_in_one_click(presenting):
    at = projector("poll:alliance-weight")
    at.button(key="poll_slide_open").click().run()
    run_id = param(at, "run")
    store, code = current_store(), the_run(at).room_code
    for n in range(60):  # faster than a real room
        store.join(code, f"phone-{n}")
    remote = speaker(run_id, token=TOKEN)
    alert = BUNDLE.ui["en"]["live.join_alert"].format(count=60, seconds="10")
    assert alert in [e.value for e in remote.error]
    remote.button(key="speaker_room_stop_joins").click().run()
    assert store.room(code).joins_closed
    assert store.join(code, "late-phone") == "closed"
    assert BUNDLE.ui["en"]["live.joins_stopped"] in [w.value for w in remote.warning]
    remote.button(key="speaker_room_reopen_joins").click().run()
    assert not store.room(code).joins_closed
    assert store.join(code, "late-phone") == "joined"


def test_the_live_page_says_when_phones_join_too_fast_and_stops_them_in_one_click(presenting):
    store = current_store()
    code = store.open_room().code
    store.open_question(code, "poll:alliance-weight")
    for n in range(60):
        store.join(code, f"phone-{n}")
    at = open_page("live", "en", token=TOKEN, room=code)
    alert = BUNDLE.ui["en"]["live.join_alert"].format(count=60, seconds="10")
    assert alert in [e.value for e in at.error]
    at.button(key="live_stop_joins").click().run()
    assert store.room(code).joins_closed
    assert BUNDLE.ui["en"]["live.joins_stopped"] in [w.value for w in at.warning]
    at.button(key="live_reopen_joins").click().run()
    assert not store.room(code).joins_closed
