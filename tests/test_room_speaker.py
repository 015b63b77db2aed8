"""The speaker view's side of the room (AppTest, issue 24): the pace signal only from three
phones, and the co-facilitator's QR code, made and withdrawn by the presenter alone."""

from __future__ import annotations

from lien.live.runs import current_runs
from lien.live.store import current_store, moderators, pace
from tests.helpers.apptest import all_text
from tests.test_poll_slides import BUNDLE, presenting, projector  # noqa: F401
from tests.test_present import TOKEN, param, speaker

UI = BUNDLE.ui["en"]


def opened_room():
    at = projector("poll:alliance-weight")
    at.button(key="poll_slide_open").click().run()
    run_id = param(at, "run")
    return run_id, current_runs().run(run_id).room_code


def test_the_speaker_view_counts_the_pace_signal_only_from_three_phones(presenting):  # noqa: F811
    run_id, code = opened_room()
    store = current_store()
    room = store.room(code)
    for n in range(2):
        pace.signal(store, room, f"phone-{n}", "slower")
    remote = speaker(run_id, token=TOKEN)
    text = all_text(remote)
    assert UI["pace.speaker_few"] in text
    assert "A little slower: 2" not in text
    pace.signal(store, room, "phone-2", "slower")
    remote.run()
    text = all_text(remote)
    assert "A little slower: 3 phones" in text and UI["pace.speaker_few"] not in text
    assert UI["pace.speaker_source"] in text  # the number names its source


def test_the_presenter_makes_a_moderator_qr_code_and_withdraws_every_link(presenting):  # noqa: F811
    run_id, code = opened_room()
    remote = speaker(run_id, token=TOKEN)
    remote.button(key="room_side_make").click().run()
    assert moderators.links(current_store(), code) == 1
    alt = UI["moderate.qr_alt"].format(code=code)
    assert alt in [img.alt for element in remote.get("image") for img in element.proto.imgs]
    shown_code, link = remote.session_state["room_side_moderator"]  # what the QR code carries
    assert shown_code == code and moderators.room_of(current_store(), code, link) is not None
    assert link not in all_text(remote)  # shown as a picture only
    remote.button(key="room_side_revoke").click().run()
    assert moderators.links(current_store(), code) == 0
    assert UI["moderate.revoked"] in [i.value for i in remote.info]


def test_without_the_run_s_key_there_is_no_pace_and_no_moderator_link(presenting):  # noqa: F811
    run_id, _code = opened_room()
    stranger = speaker(run_id, key="0" * 32)
    assert not [b for b in stranger.button if b.key and b.key.startswith("room_side")]
    assert UI["pace.speaker_heading"] not in all_text(stranger)
