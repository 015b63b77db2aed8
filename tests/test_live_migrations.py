"""The store grows without loss: a database made by the previous version is upgraded in place."""

from __future__ import annotations

import importlib
import importlib.util
import time

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from lien.live.store import HEAD, Store, metadata

# The schema exactly as the first version of the store created it (SQLAlchemy's DDL for the
# three tables it had), kept here frozen: the test starts from it, not from the migrations.
PREVIOUS_SCHEMA = [
    """CREATE TABLE live_rooms (
        code VARCHAR(12) NOT NULL, created_at FLOAT NOT NULL, expires_at FLOAT NOT NULL,
        round INTEGER NOT NULL, question_id VARCHAR(64), phase VARCHAR(10) NOT NULL,
        PRIMARY KEY (code))""",
    "CREATE INDEX ix_live_rooms_expires_at ON live_rooms (expires_at)",
    """CREATE TABLE live_members (
        room_code VARCHAR(12) NOT NULL, participant VARCHAR(64) NOT NULL,
        joined_at FLOAT NOT NULL, PRIMARY KEY (room_code, participant))""",
    """CREATE TABLE live_answers (
        room_code VARCHAR(12) NOT NULL, round INTEGER NOT NULL, question_id VARCHAR(64) NOT NULL,
        participant VARCHAR(64) NOT NULL, option_id VARCHAR(64) NOT NULL,
        answered_at FLOAT NOT NULL, PRIMARY KEY (room_code, round, participant))""",
]


def previous_version_database(url: str) -> float:
    """A database as the previous version left it: one open room, two phones, two answers."""
    now = time.time()
    engine = create_engine(url)
    with engine.begin() as conn:
        for statement in PREVIOUS_SCHEMA:
            conn.execute(text(statement))
        conn.execute(
            text(
                "INSERT INTO live_rooms VALUES ('K7P2QX', :now, :later, 3, 'poll:alliance-weight',"
                " 'open')"
            ),
            {"now": now, "later": now + 3600},
        )
        for participant, option in (
            ("phone-one-0000000", "moderate"),
            ("phone-two-000000", "none"),
        ):
            conn.execute(
                text("INSERT INTO live_members VALUES ('K7P2QX', :p, :now)"),
                {"p": participant, "now": now},
            )
            conn.execute(
                text(
                    "INSERT INTO live_answers VALUES ('K7P2QX', 3, 'poll:alliance-weight', :p, :o,"
                    " :now)"
                ),
                {"p": participant, "o": option, "now": now},
            )
    engine.dispose()
    return now


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'live.sqlite3'}"
        return
    url = request.getfixturevalue("postgres_url").replace("postgresql://", "postgresql+psycopg://")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    yield url


def test_a_database_of_the_previous_version_is_upgraded_and_keeps_its_open_room(empty_url):
    previous_version_database(empty_url)
    store = Store(empty_url)
    room = store.room("K7P2QX")
    assert room is not None and room.phase == "open" and room.round == 3
    assert room.secret  # drawn by the migration: the room's phones can be given tokens
    tally = store.tally("K7P2QX")
    assert tally.participants == 2
    assert tally.counts == {"moderate": 1, "none": 1}
    assert store.submit("K7P2QX", 3, "poll:alliance-weight", "phone-two-000000", "moderate")
    assert store.tally("K7P2QX").counts == {"moderate": 2}
    with store.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == HEAD
    store.dispose()


def test_a_new_database_gets_the_latest_schema_equal_to_the_code(empty_url):
    if importlib.util.find_spec("lien.live.runs") is not None:
        importlib.import_module("lien.live.runs")  # its tables join the store's metadata
    for module in ("lien.live.pace", "lien.live.moderators"):  # migration 0006's tables
        importlib.import_module(module)
    store = Store(empty_url)
    store.open_room()
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn)
        assert context.get_current_revision() == HEAD
        differences = compare_metadata(context, metadata)
    # The talks' run tables (migration 0003) are declared by lien/live/runs.py when present.
    if importlib.util.find_spec("lien.live.runs") is None:
        differences = [d for d in differences if "live_talk_" not in repr(d)]
    assert differences == []
    store.dispose()


def test_a_second_start_on_an_upgraded_database_changes_nothing(empty_url):
    previous_version_database(empty_url)
    Store(empty_url).room("K7P2QX")
    again = Store(empty_url)
    assert again.tally("K7P2QX").participants == 2
    again.dispose()


def test_run_tables_made_by_the_talks_code_first_are_kept_by_the_migration(empty_url):
    previous_version_database(empty_url)
    engine = create_engine(empty_url)
    with engine.begin() as conn:  # as lien/live/runs.py's create_all leaves them
        conn.execute(text("CREATE TABLE live_talk_runs (run_id VARCHAR(32) PRIMARY KEY)"))
        conn.execute(text("INSERT INTO live_talk_runs VALUES ('run-one')"))
    engine.dispose()
    store = Store(empty_url)
    assert store.room("K7P2QX") is not None
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT run_id FROM live_talk_runs")).scalar() == "run-one"
        assert MigrationContext.configure(conn).get_current_revision() == HEAD
    store.dispose()
