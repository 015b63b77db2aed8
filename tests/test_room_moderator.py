"""A second facilitator (issue 24, requirement 3): a moderator link approves or hides texts and
audience questions, pauses and resumes, and can do nothing else; it is revocable and ends with
the room; its token is random, kept hashed, and is not the presenter's."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from lien.live import presenter_token as token
from lien.live.store import current_store, moderators
from lien.web import phone as web
from lien.web.moderate import cookie_name, moderator_routes
from lien.web.signin import presenter_routes

OPEN = "poll:repair-moment"
ASKS = "poll:room-questions"
PRESENTER_TOKEN = "presenter-token-long-enough-to-count"


@pytest.fixture
def app(store_url, monkeypatch):
    monkeypatch.setattr(web, "room_states", web.RoomStates(ttl=0))
    routes = (
        web.participant_routes() + moderator_routes() + presenter_routes(lambda: PRESENTER_TOKEN)
    )
    return Starlette(routes=routes)


def phone(app) -> TestClient:
    return TestClient(app, follow_redirects=False)


def moderator(app, code: str, lang: str = "en") -> TestClient:
    """A phone that scanned a fresh moderator link of the room."""
    link = moderators.new_link(current_store(), code)
    client = phone(app)
    first = client.get(f"/moderate/{code}?key={link}&lang={lang}")
    assert first.status_code == 303
    assert first.headers["location"] == f"/moderate/{code}?lang={lang}"  # the key left behind
    assert client.cookies.get(cookie_name(code)) == link
    return client


def act(client, code, **form):
    return client.post(f"/moderate/{code}?lang=en", data=form)


def forms_of(page: str, action: str) -> list[dict[str, str]]:
    """The hidden fields of each form on the page whose button does `action`."""
    found = []
    for form in re.findall(r"<form .*?</form>", page, flags=re.S):
        if f'value="{action}"' in form:
            fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
            fields.pop("action")
            found.append(fields)
    return found


@pytest.fixture
def open_room():
    store = current_store()
    room = store.open_room()
    store.open_question(room.code, OPEN)
    return store.room(room.code)


def test_a_moderator_approves_a_free_text_and_hides_another(app, open_room, bundle):
    code, store = open_room.code, current_store()
    for words in ("Listening without judging", "Time and patience"):
        writer = phone(app)
        writer.get(f"/join/{code}?lang=en")
        form = {"option": "text", "text": words, "round": str(open_room.round), "question": OPEN}
        assert writer.post(f"/join/{code}/answer?lang=en", data=form).status_code == 303
    mod = moderator(app, code)
    page = mod.get(f"/moderate/{code}?lang=en").text
    assert "Listening without judging" in page and escape(bundle.ui["en"]["moderate.intro"]) in page
    first, second = forms_of(page, "approve_text")
    assert act(mod, code, action="approve_text", **first).status_code == 303
    assert act(mod, code, action="hide_text", **second).status_code == 303
    statuses = {text: status for _, text, status in store.tally(code).texts}
    assert statuses == {"Listening without judging": "approved", "Time and patience": "hidden"}


def test_approving_a_text_that_changed_since_it_was_seen_approves_nothing(app, open_room):
    code, store = open_room.code, current_store()
    writer = phone(app)
    writer.get(f"/join/{code}?lang=en")
    form = {
        "option": "text",
        "text": "First words",
        "round": str(open_room.round),
        "question": OPEN,
    }
    writer.post(f"/join/{code}/answer?lang=en", data=form)
    mod = moderator(app, code)
    (seen,) = forms_of(mod.get(f"/moderate/{code}?lang=en").text, "approve_text")
    writer.post(f"/join/{code}/answer?lang=en", data={**form, "text": "Something else"})
    answer = act(mod, code, action="approve_text", **seen)
    assert answer.headers["location"].endswith("done=changed")
    assert [status for *_, status in store.tally(code).texts] == ["pending"]


def test_a_moderator_approves_and_hides_audience_questions(app, bundle):
    store = current_store()
    room = store.open_room()
    store.open_question(room.code, ASKS)
    room = store.room(room.code)
    for n, words in enumerate(("How long does a rupture last?", "Off-topic")):
        asker = phone(app)
        asker.get(f"/join/{room.code}?lang=en")
        form = {"text": words, "round": str(room.round), "question": ASKS}
        assert asker.post(f"/join/{room.code}/ask?lang=en", data=form).status_code == 303, n
    mod = moderator(app, room.code, "fr")
    page = mod.get(f"/moderate/{room.code}?lang=fr").text
    assert '<html lang="fr"' in page and escape(bundle.ui["fr"]["moderate.approve"]) in page
    ids = {a.text: a.id for a in store.tally(room.code).asks}
    act(mod, room.code, action="approve_ask", ref=str(ids["How long does a rupture last?"]))
    act(mod, room.code, action="hide_ask", ref=str(ids["Off-topic"]))
    statuses = {a.text: a.status for a in store.tally(room.code).asks}
    assert statuses == {"How long does a rupture last?": "approved", "Off-topic": "hidden"}


def test_a_moderator_pauses_and_resumes_the_room(app, open_room):
    code, store = open_room.code, current_store()
    mod = moderator(app, code)
    assert act(mod, code, action="pause").status_code == 303
    assert store.room(code).paused
    assert 'value="resume"' in mod.get(f"/moderate/{code}?lang=en").text
    act(mod, code, action="resume")
    assert not store.room(code).paused


@pytest.mark.parametrize(
    "action", ["next", "previous", "move", "reveal", "close", "open", "delete", "reset", "export"]
)
def test_a_moderator_cannot_move_slides_reveal_delete_or_export(app, open_room, action):
    code, store = open_room.code, current_store()
    mod = moderator(app, code)
    before = store.room(code)
    assert act(mod, code, action=action, slide="3").status_code == 400
    after = store.room(code)
    assert (after.phase, after.round, after.question_id) == (
        before.phase,
        before.round,
        before.question_id,
    )
    # Nothing else answers a moderator: no export, no report, no slide move on its path.
    for path in ("export", "report", "next", "reveal", "delete"):
        assert mod.get(f"/moderate/{code}/{path}").status_code == 404


def test_the_moderator_never_sees_the_presenter_token_and_cannot_sign_in_with_its_own(
    app, open_room
):
    code = open_room.code
    mod = moderator(app, code)
    link = mod.cookies.get(cookie_name(code))
    assert link != PRESENTER_TOKEN and not token.token_matches(link, PRESENTER_TOKEN)
    for response in (mod.get(f"/moderate/{code}?lang=en"), act(mod, code, action="pause")):
        assert PRESENTER_TOKEN not in response.text
        assert PRESENTER_TOKEN not in str(response.headers)
    signin = mod.post("/presenter", data={"token": link})
    assert signin.status_code == 403
    assert token.COOKIE not in signin.headers.get("set-cookie", "")


def test_the_token_is_random_and_kept_only_as_a_hash(open_room, store_url):
    store = current_store()
    links = {moderators.new_link(store, open_room.code) for _ in range(5)}
    assert len(links) == 5 and all(len(link) >= 32 for link in links)
    with store.transaction(write=False) as conn:
        rows = conn.execute(select(moderators.moderators)).all()
    stored = " ".join(str(value) for row in rows for value in row)
    assert not any(link in stored for link in links)


def test_a_revoked_link_does_nothing_more(app, open_room, bundle):
    code, store = open_room.code, current_store()
    mod = moderator(app, code)
    assert moderators.revoke(store, code) == 1
    page = mod.get(f"/moderate/{code}?lang=en")
    assert page.status_code == 403 and escape(bundle.ui["en"]["moderate.gone"]) in page.text
    assert act(mod, code, action="pause").status_code == 403
    assert not store.room(code).paused


def test_a_link_ends_with_its_room(app, open_room):
    code, store = open_room.code, current_store()
    mod = moderator(app, code)
    store.delete_room(code)
    assert mod.get(f"/moderate/{code}?lang=en").status_code == 403
    assert moderators.links(store, code) == 0


def test_a_link_is_good_for_its_own_room_only(app, open_room):
    store = current_store()
    other = store.open_room()
    link = moderators.new_link(store, open_room.code)
    stranger = phone(app)
    assert stranger.get(f"/moderate/{other.code}?key={link}").status_code == 403
    stranger.cookies.set(cookie_name(other.code), link)
    assert act(stranger, other.code, action="pause").status_code == 403
    assert not store.room(other.code).paused


def test_a_post_from_another_site_is_refused(app, open_room):
    code = open_room.code
    mod = moderator(app, code)
    answer = mod.post(
        f"/moderate/{code}?lang=en", data={"action": "pause"}, headers={"origin": "http://evil"}
    )
    assert answer.status_code == 403 and not current_store().room(code).paused
