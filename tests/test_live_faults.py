"""Faults say what they are: a database file removed or replaced, a full disk, an unusable
data folder. No answer is acknowledged unless it is in the file on disk."""

from __future__ import annotations

import os
import shutil

import pytest
from sqlalchemy import event
from starlette.applications import Starlette
from starlette.testclient import TestClient

from lien.live.store import Store, StoreUnavailable, current_store
from lien.web import phone as web
from tests.helpers.apptest import open_page

TOKEN = "test-presenter-token-123"
QUESTION = "poll:alliance-weight"


@pytest.fixture
def live(sqlite_store_url, monkeypatch, tmp_path):
    monkeypatch.setenv("LIEN_LIVE_TOKEN", TOKEN)
    monkeypatch.setattr(web, "room_states", web.RoomStates(ttl=0))
    store = current_store()
    room = store.open_room()
    store.open_question(room.code, QUESTION)
    client = TestClient(Starlette(routes=web.participant_routes()), follow_redirects=False)
    client.get(f"/join/{room.code}")
    return store, store.room(room.code), client, tmp_path / "var" / "live.sqlite3"


def send(client, room, option="none"):
    form = {"option": option, "round": str(room.round), "question": QUESTION}
    return client.post(f"/join/{room.code}/answer?lang=en", data=form)


@pytest.mark.parametrize("how", ["removed", "replaced"])
def test_a_database_file_removed_or_replaced_mid_room_acknowledges_nothing(live, how, bundle):
    store, room, client, path = live
    assert send(client, room, "none").status_code == 303
    saved = path.with_suffix(".kept")
    shutil.copy(path, saved)
    os.remove(path)
    for suffix in ("-wal", "-shm"):
        if os.path.exists(f"{path}{suffix}"):
            os.remove(f"{path}{suffix}")
    if how == "replaced":
        shutil.copy(saved, path)  # a copy put in its place: another file for SQLite
    answers = [send(client, room, option).status_code for option in ("moderate", "strong")]
    assert answers == [503, 503]  # never "saved" for an answer no file on disk holds
    with pytest.raises(StoreUnavailable) as fault:
        store.tally(room.code)
    assert fault.value.reason == "file"
    at = open_page("live", "en", token=TOKEN, room=room.code)
    shown = [e.value for e in at.error]
    assert bundle.ui["en"]["live.fault_file"].format(where=str(path)) in shown


def test_a_full_disk_refuses_phones_and_tells_the_presenter(live, bundle, monkeypatch):
    from lien.live import settings

    monkeypatch.setattr(settings, "trusted_proxies", lambda: frozenset({"testclient"}))
    store, room, client, _path = live
    assert send(client, room, "none").status_code == 303
    store.engine.dispose()

    @event.listens_for(store.engine, "connect")
    def _tiny(dbapi_connection, _record):  # the file may not grow: SQLite's "disk is full"
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    others = []
    for n in range(600):  # enough new phones to need a new page of the file
        phone = TestClient(
            Starlette(routes=web.participant_routes()),
            follow_redirects=False,
            headers={"x-real-ip": f"10.{n // 250}.{n % 250}.1"},
        )
        others.append(phone.get(f"/join/{room.code}").status_code)
        if others[-1] == 503:
            break
    assert others[-1] == 503
    with pytest.raises(StoreUnavailable) as fault:
        for n in range(200):
            store.join(room.code, f"filler-{n:09d}")
    assert fault.value.reason == "full"
    at = open_page("live", "en", token=TOKEN, room=room.code)  # the room's page
    assert not at.exception
    assert any(
        e.value.startswith(bundle.ui["en"]["live.fault_full"].split("(")[0]) for e in at.error
    ), ([e.value for e in at.error], [w.value for w in at.warning], store.last_fault)
    assert store.tally(room.code).counts == {"none": 1}  # what was stored is still there


def test_an_unusable_data_folder_shows_the_app_s_own_message(tmp_path, monkeypatch, bundle):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("LIEN_DATA_DIR", str(blocker / "var"))
    monkeypatch.delenv("LIEN_DATABASE_URL", raising=False)
    monkeypatch.setenv("LIEN_LIVE_TOKEN", TOKEN)
    from lien.live import store as store_module

    store_module.forget_stores()
    with pytest.raises(StoreUnavailable) as fault:
        Store(store_module.settings.database_url()).open_room()
    assert fault.value.reason == "folder"
    at = open_page("live", "en", token=TOKEN)
    at.button(key="live_open_room").click().run()
    assert not at.exception
    expected = bundle.ui["en"]["live.fault_folder"].format(where=str(blocker / "var"))
    assert expected in [e.value for e in at.error]
    store_module.forget_stores()


@pytest.mark.parametrize(
    "params", [{"slide": "²"}, {"room": "²²"}, {"screen": "1", "room": "x" * 40}]
)
def test_odd_query_parameters_on_live_give_a_calm_page(sqlite_store_url, monkeypatch, params):
    monkeypatch.setenv("LIEN_LIVE_TOKEN", TOKEN)
    at = open_page("live", "en", token=TOKEN, **params)
    assert not at.exception
