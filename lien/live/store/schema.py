"""The live room's tables, the Alembic migrations that make them, and the phones' statements.

The schema is made and upgraded only by the migrations (./migrations), which the store runs
on first use: a new database is made by them, one made by an earlier version is upgraded in
place, its open rooms and answers kept. The tables here are the code's view of that schema
(tests/test_live_migrations.py checks that the two agree).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    and_,
    bindparam,
    func,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0006"

metadata = MetaData()
rooms = Table(
    "live_rooms",
    metadata,
    Column("code", String(12), primary_key=True),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False, index=True),
    # Each question opened in the room starts a new round: answers belong to a round.
    Column("round", Integer, nullable=False),
    Column("question_id", String(64)),
    Column("phase", String(10), nullable=False),  # waiting, open, closed or revealed
    # Signs the phones' tokens of this room (lien.live.tokens): a token is good in one room.
    Column("secret", String(64), nullable=False, server_default=""),
    Column("participants", Integer, nullable=False, server_default="0"),
    Column("paused", Boolean, nullable=False, server_default="0"),
    Column("opened_at", Float),
    # A talk's min_group for its personal questions (lien.live.questions.in_room), or None.
    Column("min_group", Integer),
    # The room's guard against stuffing (None: settings' defaults), and the presenter's switch.
    Column("max_phones", Integer),
    Column("per_address", Integer),
    Column("joins_closed", Boolean, nullable=False, server_default="0"),
)
members = Table(
    "live_members",
    metadata,
    Column("room_code", String(12), nullable=False),
    Column("participant", String(64), nullable=False),
    Column("joined_at", Float, nullable=False),
    PrimaryKeyConstraint("room_code", "participant"),
)
answers = Table(
    "live_answers",
    metadata,
    Column("room_code", String(12), nullable=False),
    Column("round", Integer, nullable=False),
    Column("question_id", String(64), nullable=False),
    Column("participant", String(64), nullable=False),
    Column("option_id", String(64), nullable=False),
    Column("answered_at", Float, nullable=False),
    Column("text", String(400)),  # the words of a word cloud, a short free text
    Column("status", String(10)),  # a free text: pending, approved or hidden
    # One answer per participant per question: a changed answer replaces the earlier one.
    PrimaryKeyConstraint("room_code", "round", "participant"),
)
rounds = Table(
    "live_rounds",
    metadata,
    Column("room_code", String(12), nullable=False),
    Column("round", Integer, nullable=False),
    Column("question_id", String(64), nullable=False),
    Column("opened_at", Float, nullable=False),
    Column("closed_at", Float),
    Column("revealed_at", Float),
    PrimaryKeyConstraint("room_code", "round"),
)
asks = Table(
    "live_asks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("room_code", String(12), nullable=False),
    Column("round", Integer, nullable=False),
    Column("participant", String(64), nullable=False),
    Column("text", String(400), nullable=False),
    Column("asked_at", Float, nullable=False),
    Column("status", String(10), nullable=False),
    Column("votes", Integer, nullable=False, server_default="0"),
    Index("live_asks_room", "room_code", "round"),
)
votes = Table(
    "live_votes",
    metadata,
    Column("ask_id", Integer, nullable=False),
    Column("participant", String(64), nullable=False),
    Column("room_code", String(12), nullable=False),
    PrimaryKeyConstraint("ask_id", "participant"),
    Index("live_votes_room", "room_code"),
)
hidden_words = Table(
    "live_hidden_words",
    metadata,
    Column("room_code", String(12), nullable=False),
    Column("round", Integer, nullable=False),
    Column("word", String(64), nullable=False),
    PrimaryKeyConstraint("room_code", "round", "word"),
)
limits = Table(
    "live_limits",
    metadata,
    Column("key", String(160), primary_key=True),
    Column("tokens", Float, nullable=False),
    Column("at", Float, nullable=False, index=True),
)
# Talk runs (lien.live.runs): where a talk being presented stands, and its moves.
talk_runs = Table(
    "live_talk_runs",
    metadata,
    Column("run_id", String(32), primary_key=True),
    Column("talk_id", String(64), nullable=False),
    Column("lang", String(8), nullable=False),
    Column("slide", Integer, nullable=False),  # 1-based, counted over the whole talk
    Column("item_id", String(160), nullable=False),  # "slide:home-title", "join" …
    Column("blank", Boolean, nullable=False, default=False),
    Column("started_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False, index=True),
    # The live room of this run (for the live room's poll slides); none until one is opened.
    Column("room_code", String(12), nullable=True),
)
talk_steps = Table(
    "live_talk_steps",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", String(32), nullable=False, index=True),
    Column("item_id", String(160), nullable=False),
    Column("at", Float, nullable=False),
)
# The phones' pace signal (lien.live.store.pace): per room, kind and hashed phone, its last tap,
# kept two minutes; the row of kind "" holds a phone's last tap whichever button.
pace = Table(
    "live_pace",
    metadata,
    Column("room_code", String(12), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("phone", String(32), nullable=False),
    Column("at", Float, nullable=False),
    PrimaryKeyConstraint("room_code", "kind", "phone"),
    Index("live_pace_at", "at"),
)
# The moderator links of a room (lien.live.store.moderators): only the hash of each token.
moderators = Table(
    "live_moderators",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("room_code", String(12), nullable=False),
    Column("created_at", Float, nullable=False),
    Index("live_moderators_room", "room_code"),
)
ROOM_TABLES = (answers, members, rounds, asks, votes, hidden_words, pace, moderators)
# The columns of an AnswerRow, in its order.
ANSWER_ROW = (
    answers.c.round,
    answers.c.question_id,
    answers.c.participant,
    answers.c.option_id,
    answers.c.answered_at,
    answers.c.text,
    answers.c.status,
)


def migrate(conn) -> None:
    """Bring the schema on this connection to HEAD (a new database, or an older one)."""
    from alembic import command
    from alembic.config import Config
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    if conn.dialect.name == "postgresql":  # replicas starting together migrate one at a time
        conn.execute(text("SELECT pg_advisory_xact_lock(7270421)"))
    context = MigrationContext.configure(conn)
    current = context.get_current_revision()
    if current == HEAD:
        return
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    script = ScriptDirectory.from_config(config)
    if current is None and inspect(conn).has_table("live_rooms"):
        context.stamp(script, "0001")  # made by the first version, before migrations
    command.upgrade(config, "head")


class Dialect:
    """What differs between SQLite and PostgreSQL: the upsert's insert, greatest and least."""

    def __init__(self, name: str):
        self.name = name
        self.insert = postgresql.insert if name == "postgresql" else sqlite.insert
        self.greatest = func.greatest if name == "postgresql" else func.max
        self.least = func.least if name == "postgresql" else func.min


class PhoneStatements:
    """The statements every phone request runs, built once per dialect with named parameters.

    Building a statement costs more CPU than running it (SQLAlchemy makes the expression and
    its cache key each time): these are built once, their compiled form cached by the engine,
    and each request passes only its values (named `b_…`: a column's own name is reserved).
    """

    def __init__(self, dialect: Dialect):
        insert, greatest, least = dialect.insert, dialect.greatest, dialect.least
        now = bindparam("b_now", type_=Float)
        code = bindparam("b_code", type_=String)
        participant = bindparam("b_participant", type_=String)
        alive = and_(rooms.c.code == code, rooms.c.expires_at > now)

        # A token bucket (lien.live.store.limits.take): refill since the last try, take one,
        # floor at -capacity.
        capacity = bindparam("b_capacity", type_=Float)
        take = insert(limits).values(
            key=bindparam("b_key", type_=String), tokens=capacity - 1, at=now
        )
        refill = greatest(0.0, now - limits.c.at) * bindparam("b_per_second", type_=Float)
        take = take.on_conflict_do_update(
            index_elements=["key"],
            set_={
                "tokens": greatest(
                    bindparam("b_floor", type_=Float), least(capacity, limits.c.tokens + refill) - 1
                ),
                "at": now,
            },
        )
        self.take = take.returning(limits.c.tokens)

        self.room = select(rooms).where(alive)
        self.grow = (
            update(rooms)
            .where(
                alive,
                rooms.c.participants < bindparam("b_cap", type_=Integer),
                rooms.c.joins_closed.is_(False),
            )
            .values(participants=rooms.c.participants + 1)
            .returning(rooms.c.participants)
        )
        self.shrink = (
            update(rooms).where(rooms.c.code == code).values(participants=rooms.c.participants - 1)
        )
        member = insert(members).values(room_code=code, participant=participant, joined_at=now)
        self.add_member = member.on_conflict_do_nothing().returning(members.c.participant)

        # An answer is taken only while its round is open: the room's row is the condition.
        round_ = bindparam("b_round", type_=Integer)
        question = bindparam("b_question_id", type_=String)
        source = select(
            rooms.c.code,
            rooms.c.round,
            rooms.c.question_id,
            participant,
            bindparam("b_option_id", type_=String),
            now,
            bindparam("b_text", type_=String),
            bindparam("b_status", type_=String),
        ).where(
            alive,
            rooms.c.phase == "open",
            rooms.c.paused.is_(False),
            rooms.c.round == round_,
            rooms.c.question_id == question,
        )
        columns = ["room_code", "round", "question_id", "participant", "option_id", "answered_at"]
        answer = insert(answers).from_select([*columns, "text", "status"], source)
        answer = answer.on_conflict_do_update(
            index_elements=["room_code", "round", "participant"],
            set_={
                "option_id": answer.excluded.option_id,
                "answered_at": answer.excluded.answered_at,
                "text": answer.excluded.text,
                "status": answer.excluded.status,
            },
        )
        # RETURNING, not rowcount: psycopg reports -1 rows for INSERT … SELECT.
        self.answer = answer.returning(answers.c.participant)
        self.answer_row = select(*ANSWER_ROW).where(
            answers.c.room_code == code,
            answers.c.round == round_,
            answers.c.participant == participant,
        )


@lru_cache(maxsize=2)
def phone_statements(dialect: str) -> PhoneStatements:
    return PhoneStatements(Dialect(dialect))
