"""The live room's store: rooms, participants, answers; SQLite or PostgreSQL (SQLAlchemy Core).

What is stored: the room code, its secret and its times, the question open in it, each
participant's random pseudonymous id with the time it joined, and each answer (question,
option or short text, time); the audience's questions and their votes; the limits that slow a
flood (counters keyed by phone or by network address, kept at most an hour). Nothing else: no
name, no account; a network address is only ever part of a limit's key, never stored beside an
answer. A room and everything in it are deleted when the presenter deletes it, or once it has
expired (LIEN_ROOM_HOURS, default 24 h).

The schema is made and upgraded by Alembic migrations (lien/live/migrations), run by the store
itself on first use: a database made by an earlier version is upgraded in place, its open rooms
and answers kept. Every limit lives here, not in a process, so replicas count the same.
"""

from __future__ import annotations

import errno
import os
import secrets
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    Engine,
    Float,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    and_,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from lien.live import clock, settings

# Unambiguous on a projector: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
PHASES = ("waiting", "open", "closed", "revealed")
ASK_STATUSES = ("pending", "approved", "answered", "hidden")
TEXT_STATUSES = ("pending", "approved", "hidden")
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0005"

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
    Column("phase", String(10), nullable=False),
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
ROOM_TABLES = (answers, members, rounds, asks, votes, hidden_words)
RUN_TABLES = ("live_talk_runs", "live_talk_steps")  # lien.live.runs, when loaded
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


class StoreUnavailable(Exception):
    """The database cannot be used; nothing was changed (or nothing was acknowledged).

    `reason` says what is wrong, for the presenter's message: "full" (no space left), "folder"
    (the data folder cannot be made or written), "file" (the database file was removed or
    replaced while the app ran), "busy" (locked too long), "down" (anything else).
    """

    def __init__(self, message: str, reason: str = "down", where: str = ""):
        super().__init__(message)
        self.reason, self.where = reason, where


@dataclass(frozen=True)
class Room:
    code: str
    created_at: float
    expires_at: float
    round: int
    question_id: str | None
    phase: str
    secret: str = field(default="", repr=False, compare=False)
    participants: int = 0
    paused: bool = False
    opened_at: float | None = None
    min_group: int | None = None  # the talk's, for personal questions without their own
    max_phones: int | None = None  # the talk's cap on phones (None: settings' default)
    per_address: int | None = None  # phones one network address may join (None: default)
    joins_closed: bool = False  # the presenter stopped new joins

    @property
    def is_open(self) -> bool:
        return self.phase == "open" and self.question_id is not None and not self.paused


@dataclass(frozen=True)
class Ask:
    id: int
    text: str
    status: str
    votes: int
    asked_at: float


@dataclass(frozen=True)
class Tally:
    """What the presenter's screen shows for the current round."""

    room: Room
    participants: int
    counts: dict[str, int]  # option id (or scale value, or map cell) -> answers
    answered: int = 0  # phones that answered this round
    words: dict[str, int] = field(default_factory=dict)  # word -> phones (hidden ones left out)
    hidden: frozenset[str] = frozenset()
    texts: tuple[tuple[str, str, str], ...] = ()  # (participant, text, status) of free texts
    asks: tuple[Ask, ...] = ()
    number: int = 0  # the round's number
    closed_at: float | None = None  # when it last closed (a personal result's blur draws on it)


@dataclass(frozen=True)
class AnswerRow:
    round: int
    question_id: str
    participant: str
    option_id: str
    answered_at: float
    text: str | None = None
    status: str | None = None


@dataclass(frozen=True)
class RoundRow:
    round: int
    question_id: str
    opened_at: float
    closed_at: float | None
    revealed_at: float | None


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(code: str) -> str:
    return code.strip().upper()[: CODE_LENGTH * 2]


def _reason(error: BaseException) -> str:
    message = str(error).lower()
    if "disk is full" in message or "no space left" in message or "diskfull" in message:
        return "full"
    if "unable to open database" in message or "readonly" in message or "read-only" in message:
        return "folder"
    if "locked" in message or "timeout" in message:
        return "busy"
    return "down"


def _sqlite_engine(url: str, busy_ms: int) -> Engine:
    engine = create_engine(
        url,
        connect_args={"timeout": busy_ms / 1000, "check_same_thread": False},
        pool_size=8,
        max_overflow=8,
        pool_timeout=10,
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        # WAL lets the presenter read while participants write; busy_timeout makes a writer
        # wait for the lock instead of failing when another one holds it.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


def _engine(url: str, busy_ms: int) -> Engine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url, busy_ms)
    return create_engine(
        url,
        pool_size=8,
        max_overflow=8,
        pool_timeout=10,
        pool_pre_ping=True,  # a restarted server leaves dead connections in the pool
        connect_args={"connect_timeout": 5},
    )


def migrate(conn) -> None:
    """Bring the schema on this connection to HEAD (a new database, or an older one)."""
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
    from alembic import command

    command.upgrade(config, "head")


class _PhoneStatements:
    """The statements every phone request runs, built once per store with named parameters.

    Building a statement costs more CPU than running it (SQLAlchemy makes the expression and
    its cache key each time): these are built once, their compiled form cached by the engine,
    and each request passes only its values (named `b_…`: a column's own name is reserved).
    """

    def __init__(self, insert, greatest, least):
        now = bindparam("b_now", type_=Float)
        code = bindparam("b_code", type_=String)
        participant = bindparam("b_participant", type_=String)
        alive = and_(rooms.c.code == code, rooms.c.expires_at > now)

        # A token bucket (Store.take): refill since the last try, take one, floor at -capacity.
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
        self.room_exists = select(rooms.c.code).where(alive)
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


# How many times this process changed each room as phones see it (its question, phase, pause,
# approved audience questions): the phones' cache of room states (lien.web.phone.RoomStates)
# compares it with what it read, so what the presenter does here is on the next phone request,
# not after the cache's lifetime. Bumped after each such write; a lost increment between two
# threads still changes the count.
room_changes: Counter[str] = Counter()


class Store:
    """Every read and write of the live room; each write is one transaction."""

    def __init__(self, url: str, busy_ms: int = 10_000, *, wall=None, monotonic=None):
        """busy_ms: how long a SQLite writer waits for another one's lock before failing;
        `wall` and `monotonic`: the clocks (lien.live.clock; tests give fake ones). By default
        this module's `time`, read at each call (so a test may replace the module's clock)."""
        self.url = url
        self._wall = wall or (lambda: time.time())
        self._monotonic = monotonic or (lambda: time.monotonic())
        self._agreed: tuple[float, float] | None = None  # (wall, monotonic) last in step
        self._clock_lock = threading.Lock()
        self.engine = _engine(url, busy_ms)
        self.dialect = self.engine.dialect.name
        self._schema_ready = False
        self._schema_lock = threading.Lock()
        self._file: Path | None = None
        # The last write that failed in this process (a phone's, say): the presenter's page
        # shows it for a minute.
        self.last_fault: tuple[float, StoreUnavailable] | None = None
        self._identity: tuple[int, int] | None = None
        if self.dialect == "sqlite":
            path = url.split(":///", 1)[1] if ":///" in url else ""
            if path and path != ":memory:":
                self._file = Path(path)
        self._write_lock = threading.Lock() if self.dialect == "sqlite" else nullcontext()
        self._insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        self._greatest = func.greatest if self.dialect == "postgresql" else func.max
        self._least = func.least if self.dialect == "postgresql" else func.min
        self._sql = _PhoneStatements(self._insert, self._greatest, self._least)

    # --- plumbing -------------------------------------------------------------------------

    def _check_file(self) -> None:
        """The SQLite file on disk is still the one this store writes to, or StoreUnavailable.

        Removed or replaced while the app runs (a deleted `live.sqlite3`, a copy put in its
        place): open connections would go on writing into the old, unlinked file and phones
        would be told "saved" for answers no file holds.
        """
        if self._file is None or self._identity is None:
            return
        try:
            info = os.stat(self._file)
        except FileNotFoundError:
            raise StoreUnavailable(
                f"the database file {self._file} was removed while the app ran",
                "file",
                str(self._file),
            ) from None
        except OSError as error:
            raise StoreUnavailable(str(error), "folder", str(self._file.parent)) from error
        if (info.st_dev, info.st_ino) != self._identity:
            raise StoreUnavailable(
                f"the database file {self._file} was replaced while the app ran",
                "file",
                str(self._file),
            )

    def _ensure_schema(self) -> None:
        if self._schema_ready:
            return
        with self._schema_lock:
            if self._schema_ready:
                return
            if self._file is not None:
                try:
                    self._file.parent.mkdir(parents=True, exist_ok=True)
                    if not os.access(self._file.parent, os.W_OK):
                        raise PermissionError(errno.EACCES, "not writable", str(self._file.parent))
                except OSError as error:
                    raise StoreUnavailable(
                        f"the data folder {self._file.parent} cannot be used ({error.strerror})",
                        "full" if error.errno == errno.ENOSPC else "folder",
                        str(self._file.parent),
                    ) from error
            with self.engine.begin() as conn:
                migrate(conn)
            if self._file is not None:
                info = os.stat(self._file)
                self._identity = (info.st_dev, info.st_ino)
            self._schema_ready = True

    @contextmanager
    def _begin(self, write: bool = True) -> Iterator:
        """A transaction; any database failure becomes StoreUnavailable (nothing half-done).

        SQLite takes one writer at a time: writers of this process queue on a lock, handed
        over at once, rather than in SQLite's busy handler, which retries after sleeps.
        """
        lock = self._write_lock if write else nullcontext()
        try:
            try:
                self._ensure_schema()
                self._check_file()
                with lock, self.engine.begin() as conn:
                    yield conn
            except SQLAlchemyError as error:
                first = str(error).splitlines()[0]
                raise StoreUnavailable(first, _reason(error), str(self._file or "")) from error
            if write:
                # After the commit: an answer written into a file that is no longer on disk
                # is not acknowledged.
                self._check_file()
        except StoreUnavailable as fault:
            if write:
                self.last_fault = (time.monotonic(), fault)
            raise

    def dispose(self) -> None:
        self.engine.dispose()

    def now(self) -> float:
        """The wall clock's time; a jump of it moves the rooms' expiry (lien.live.clock)."""
        wall, running = self._wall(), self._monotonic()
        agreed = self._agreed
        # On first use in this process, what the store recorded stands for the expected time.
        expected = None if agreed is None else agreed[0] + (running - agreed[1])
        if expected is None or abs(wall - expected) > clock.JUMP_S:
            with self._clock_lock:
                if self._agreed is agreed:  # not already seen to by another thread
                    self._clock_moved(wall, expected)
                    self._agreed = (wall, running)
            return wall
        self._agreed = (wall, running)
        return wall

    def _clock_moved(self, wall: float, expected: float | None) -> None:
        tables = (rooms, members, answers, rounds, asks, limits)
        with self._begin() as conn:
            if self.dialect == "postgresql":  # replicas seeing the jump move the rooms once
                conn.execute(text("SELECT pg_advisory_xact_lock(7270422)"))
            if expected is None:
                expected = clock.latest_record(conn, tables)
                if expected is None or abs(wall - expected) <= clock.JUMP_S:
                    return
            delta = wall - expected
            if clock.already_moved(conn, limits, delta, wall):
                return
            lifetime = settings.room_lifetime_seconds()
            runs = [metadata.tables[n] for n in RUN_TABLES if n in metadata.tables]
            clock.move_lives(
                conn, rooms, limits, self._insert, self._least, delta, expected, lifetime, runs
            )

    def probe(self, now: float | None = None) -> None:
        """One tiny write, so the presenter learns of a full disk or a read-only database
        while only phones are writing (raises StoreUnavailable)."""
        now = self.now() if now is None else now
        fault = self.last_fault
        if fault and time.monotonic() - fault[0] < 60:
            raise fault[1]  # a phone's write failed less than a minute ago
        with self._begin() as conn:
            self.take(conn, "probe:presenter", 1e9, 0.0, now)

    def take(self, conn, key: str, capacity: float, per_second: float, now: float) -> bool:
        """One try against a token bucket kept in the store; False when it is empty.

        Refused tries count too (down to -capacity), so a flood stays refused until it stops.
        The same row is counted by every replica.
        """
        tokens = conn.execute(
            self._sql.take,
            {
                "b_key": key[:160],
                "b_capacity": float(capacity),
                "b_floor": -float(capacity),
                "b_per_second": float(per_second),
                "b_now": now,
            },
        ).scalar_one()
        return tokens >= 0

    def allow(self, key: str, capacity: float, per_second: float, now: float | None = None):
        """`take` in a transaction of its own."""
        now = self.now() if now is None else now
        with self._begin() as conn:
            return self.take(conn, key, capacity, per_second, now)

    # --- rooms ----------------------------------------------------------------------------

    def open_room(
        self,
        now: float | None = None,
        *,
        min_group: int | None = None,
        max_phones: int | None = None,
        per_address: int | None = None,
    ) -> Room:
        """A new room; `min_group`: a talk's, for its personal questions without their own;
        `max_phones`, `per_address`: a talk's caps on phones (None: settings' defaults)."""
        now = self.now() if now is None else now
        self.purge_expired(now)
        lifetime = settings.room_lifetime_seconds()
        for _ in range(20):  # a clash among 887 million codes is rare; retry a few times
            code = new_code()
            secret = secrets.token_urlsafe(32)
            with self._begin() as conn:
                if conn.execute(select(rooms.c.code).where(rooms.c.code == code)).first():
                    continue
                conn.execute(
                    rooms.insert().values(
                        code=code,
                        created_at=now,
                        expires_at=now + lifetime,
                        round=0,
                        question_id=None,
                        phase="waiting",
                        secret=secret,
                        participants=0,
                        paused=False,
                        min_group=min_group,
                        max_phones=max_phones,
                        per_address=per_address,
                    )
                )
            room_changes[code] += 1  # a phone may have asked for it before
            return Room(
                code,
                now,
                now + lifetime,
                0,
                None,
                "waiting",
                secret,
                min_group=min_group,
                max_phones=max_phones,
                per_address=per_address,
            )
        raise StoreUnavailable("no free room code found")

    def room(self, code: str, now: float | None = None) -> Room | None:
        """The room, or None when it is unknown or has expired."""
        now = self.now() if now is None else now
        with self._begin(write=False) as conn:
            row = conn.execute(self._sql.room, {"b_code": normal_code(code), "b_now": now}).first()
        return Room(**row._mapping) if row else None

    def open_rooms(self, now: float | None = None) -> list[Room]:
        """Every room not yet expired, newest first: what a presenter can resume."""
        now = self.now() if now is None else now
        with self._begin(write=False) as conn:
            rows = conn.execute(
                select(rooms).where(rooms.c.expires_at > now).order_by(rooms.c.created_at.desc())
            ).all()
        return [Room(**row._mapping) for row in rows]

    def _delete_rooms(self, conn, codes) -> None:
        for table in ROOM_TABLES:
            conn.execute(delete(table).where(table.c.room_code.in_(codes)))

    def delete_room(self, code: str) -> None:
        code = normal_code(code)
        with self._begin() as conn:
            self._delete_rooms(conn, [code])
            conn.execute(delete(rooms).where(rooms.c.code == code))
        room_changes[code] += 1

    def purge_expired(self, now: float | None = None) -> int:
        """Delete every expired room with everything in it, and old limits; how many rooms."""
        now = self.now() if now is None else now
        expired = select(rooms.c.code).where(rooms.c.expires_at <= now)
        with self._begin() as conn:
            self._delete_rooms(conn, expired)
            # A room's phones per address are kept as long as a room lives; the rest an hour.
            phones = limits.c.key.startswith("phones:")
            conn.execute(delete(limits).where(limits.c.at < now - 3600, ~phones))
            lifetime = settings.room_lifetime_seconds()
            conn.execute(delete(limits).where(limits.c.at < now - lifetime, phones))
            return conn.execute(delete(rooms).where(rooms.c.expires_at <= now)).rowcount

    def _set(self, code: str, **values) -> None:
        with self._begin() as conn:
            conn.execute(update(rooms).where(rooms.c.code == normal_code(code)).values(**values))
        room_changes[normal_code(code)] += 1

    def open_question(self, code: str, question_id: str, now: float | None = None) -> None:
        """Show a question and take answers: a new round, so earlier answers stay apart."""
        now = self.now() if now is None else now
        code = normal_code(code)
        with self._begin() as conn:
            number = conn.execute(
                update(rooms)
                .where(rooms.c.code == code)
                .values(question_id=question_id, phase="open", round=rooms.c.round + 1)
                .values(opened_at=now)
                .returning(rooms.c.round)
            ).scalar()
            if number is not None:
                conn.execute(
                    rounds.insert().values(
                        room_code=code, round=number, question_id=question_id, opened_at=now
                    )
                )
        room_changes[code] += 1

    def _stamp_round(self, conn, code: str, column: str, now: float) -> None:
        current = select(rooms.c.round).where(rooms.c.code == code).scalar_subquery()
        conn.execute(
            update(rounds)
            .where(rounds.c.room_code == code, rounds.c.round == current)
            .values({column: now})
        )

    def close_answers(self, code: str, now: float | None = None) -> None:
        now = self.now() if now is None else now
        code = normal_code(code)
        with self._begin() as conn:
            conn.execute(update(rooms).where(rooms.c.code == code).values(phase="closed"))
            self._stamp_round(conn, code, "closed_at", now)
        room_changes[code] += 1

    def reveal(self, code: str, now: float | None = None) -> None:
        now = self.now() if now is None else now
        code = normal_code(code)
        with self._begin() as conn:
            conn.execute(update(rooms).where(rooms.c.code == code).values(phase="revealed"))
            self._stamp_round(conn, code, "revealed_at", now)
        room_changes[code] += 1

    def reopen(self, code: str) -> None:
        """Take answers again in the same round, after a close (a personal question that needs
        a few more): its answers stay; the next close draws its result again."""
        with self._begin() as conn:
            conn.execute(
                update(rooms)
                .where(rooms.c.code == normal_code(code), rooms.c.phase == "closed")
                .values(phase="open")
            )
        room_changes[normal_code(code)] += 1

    def stop_joins(self, code: str, stopped: bool = True) -> None:
        """No new phone joins the room (those in it go on answering); False opens it again."""
        self._set(code, joins_closed=stopped)

    def recent_joins(self, code: str, seconds: float, now: float | None = None) -> int:
        """How many phones joined the room in the last `seconds`."""
        now = self.now() if now is None else now
        with self._begin(write=False) as conn:
            return conn.execute(
                select(func.count())
                .select_from(members)
                .where(
                    members.c.room_code == normal_code(code), members.c.joined_at > now - seconds
                )
            ).scalar_one()

    def pause(self, code: str, paused: bool = True) -> None:
        """A paused room refuses answers (phones say so calmly) and keeps every one stored."""
        self._set(code, paused=paused)

    def reset(self, code: str) -> None:
        """Start the room again: every answer deleted, no question shown; participants stay."""
        code = normal_code(code)
        with self._begin() as conn:
            for table in (answers, rounds, asks, votes, hidden_words):
                conn.execute(delete(table).where(table.c.room_code == code))
            conn.execute(
                update(rooms)
                .where(rooms.c.code == code)
                .values(question_id=None, phase="waiting", round=rooms.c.round + 1, paused=False)
            )
        room_changes[code] += 1

    # --- participants ---------------------------------------------------------------------

    def join(
        self,
        code: str,
        participant: str,
        now: float | None = None,
        *,
        address_key: str | None = None,
        max_participants: int | None = None,
        joins: tuple[float, float] = (30, 0.5),
        per_address: int | None = None,
    ) -> str:
        """Count a new phone in the room: "joined", "known", "too_fast", "full", "closed"
        (the presenter stopped new joins), "address_full" or "gone".

        `address_key` (the client's network address) is limited to `joins` = (burst, per
        second) new phones, and to `per_address` phones in this room for its lifetime (0: no
        cap); the room to `max_participants`. All are checked in the same transaction as the
        insert, on rows every replica shares, so they hold across replicas.
        """
        now = self.now() if now is None else now
        code = normal_code(code)
        cap = settings.max_participants() if max_participants is None else max_participants
        sql, values = self._sql, {"b_code": code, "b_participant": participant, "b_now": now}
        with self._begin() as conn:
            if address_key and not self.take(conn, f"join:{address_key}", *joins, now):
                return "too_fast"
            grown = conn.execute(sql.grow, {**values, "b_cap": cap}).scalar()
            if grown is None:
                room = conn.execute(sql.room, values).first()
                return "gone" if room is None else "closed" if room.joins_closed else "full"
            if (
                address_key
                and per_address
                and not self.take(conn, f"phones:{code}:{address_key}", per_address, 0.0, now)
            ):
                conn.execute(sql.shrink, values)
                return "address_full"
            if conn.execute(sql.add_member, values).first() is None:
                conn.execute(sql.shrink, values)  # already a member: give the place back
                return "known"
        return "joined"

    def is_member(self, code: str, participant: str) -> bool:
        with self._begin(write=False) as conn:
            return (
                conn.execute(
                    select(members.c.participant).where(
                        members.c.room_code == normal_code(code),
                        members.c.participant == participant,
                    )
                ).first()
                is not None
            )

    def answer(
        self,
        code: str,
        round_: int,
        question_id: str,
        participant: str,
        option_id: str,
        text: str | None = None,
        now: float | None = None,
        *,
        flood: tuple[float, float] | None = None,
        status: str | None = None,
    ) -> str:
        """Store (or replace) one answer: "stored", "closed", "paused", "too_fast" or "gone".

        The room's phase, round, question and pause are checked inside the insert itself, so
        an answer racing with "close" or "next" is either stored before it or refused.
        `flood` = (burst, per second) limits this phone's tries, in the same transaction.
        """
        now = self.now() if now is None else now
        code = normal_code(code)
        values = {
            "b_code": code,
            "b_round": round_,
            "b_question_id": question_id,
            "b_participant": participant,
            "b_option_id": option_id,
            "b_now": now,
            "b_text": text,
            "b_status": status,
        }
        with self._begin() as conn:
            if flood and not self.take(conn, f"answer:{code}:{participant}", *flood, now):
                return "too_fast"
            if conn.execute(self._sql.answer, values).first() is not None:
                return "stored"
            room = conn.execute(self._sql.room, values).first()
        if room is None:
            return "gone"
        return "paused" if room.paused else "closed"

    def submit(
        self,
        code: str,
        round_: int,
        question_id: str,
        participant: str,
        option_id: str,
        now: float | None = None,
    ) -> bool:
        """Store (or replace) one choice; False when the question is not open."""
        return self.answer(code, round_, question_id, participant, option_id, now=now) == "stored"

    def answer_of(self, code: str, round_: int, participant: str) -> str | None:
        row = self.answer_row(code, round_, participant)
        return row.option_id if row else None

    def answer_row(self, code: str, round_: int, participant: str) -> AnswerRow | None:
        values = {"b_code": normal_code(code), "b_round": round_, "b_participant": participant}
        with self._begin(write=False) as conn:
            row = conn.execute(self._sql.answer_row, values).first()
        return AnswerRow(*row) if row else None

    # --- the audience's questions -----------------------------------------------------------

    def ask(
        self,
        code: str,
        round_: int,
        question_id: str,
        participant: str,
        text_: str,
        now: float | None = None,
        *,
        flood: tuple[float, float] | None = None,
        per_phone: int = 3,
    ) -> str:
        """A phone asks the speaker: "stored", "closed", "paused", "too_fast", "enough", "gone"."""
        now = self.now() if now is None else now
        code = normal_code(code)
        with self._begin() as conn:
            if flood and not self.take(conn, f"ask:{code}:{participant}", *flood, now):
                return "too_fast"
            room = conn.execute(
                select(rooms).where(rooms.c.code == code, rooms.c.expires_at > now)
            ).first()
            if room is None:
                return "gone"
            if room.paused:
                return "paused"
            if room.phase != "open" or room.round != round_ or room.question_id != question_id:
                return "closed"
            mine = conn.execute(
                select(func.count())
                .select_from(asks)
                .where(
                    asks.c.room_code == code,
                    asks.c.round == round_,
                    asks.c.participant == participant,
                )
            ).scalar_one()
            if mine >= per_phone:
                return "enough"
            conn.execute(
                asks.insert().values(
                    room_code=code,
                    round=round_,
                    participant=participant,
                    text=text_,
                    asked_at=now,
                    status="pending",
                    votes=0,
                )
            )
        return "stored"

    def vote(self, code: str, ask_id: int, participant: str, now: float | None = None) -> str:
        """One upvote per phone per question: "stored", "known", "closed" or "gone"."""
        now = self.now() if now is None else now
        code = normal_code(code)
        with self._begin() as conn:
            room = conn.execute(
                select(rooms).where(rooms.c.code == code, rooms.c.expires_at > now)
            ).first()
            if room is None:
                return "gone"
            target = conn.execute(
                select(asks.c.id).where(
                    asks.c.id == ask_id,
                    asks.c.room_code == code,
                    asks.c.round == room.round,
                    asks.c.status == "approved",
                )
            ).first()
            if target is None or room.paused or room.phase != "open":
                return "closed"
            stmt = self._insert(votes).values(ask_id=ask_id, participant=participant)
            stmt = stmt.values(room_code=code).on_conflict_do_nothing()
            if conn.execute(stmt.returning(votes.c.ask_id)).first() is None:
                return "known"
            conn.execute(update(asks).where(asks.c.id == ask_id).values(votes=asks.c.votes + 1))
        return "stored"

    def voted(self, code: str, participant: str) -> set[int]:
        with self._begin(write=False) as conn:
            rows = conn.execute(
                select(votes.c.ask_id).where(
                    votes.c.room_code == normal_code(code), votes.c.participant == participant
                )
            ).all()
        return {row[0] for row in rows}

    def set_ask_status(self, code: str, ask_id: int, status: str) -> None:
        if status not in ASK_STATUSES:
            raise ValueError(status)
        with self._begin() as conn:
            conn.execute(
                update(asks)
                .where(asks.c.id == ask_id, asks.c.room_code == normal_code(code))
                .values(status=status)
            )
        room_changes[normal_code(code)] += 1

    def set_text_status(
        self, code: str, round_: int, participant: str, status: str, *, seen: str | None = None
    ) -> bool:
        """Approve or hide a phone's free text; False when nothing changed.

        Approving is bound to the text the presenter saw (`seen`, required): a phone that
        replaced its text meanwhile keeps the new one pending, for a new approval. Hiding
        needs no match: whatever the phone wrote is hidden.
        """
        if status not in TEXT_STATUSES:
            raise ValueError(status)
        if status == "approved" and seen is None:
            raise ValueError("approving needs the text that was seen")
        same = answers.c.text == seen if status == "approved" else answers.c.text.is_not(None)
        with self._begin() as conn:
            changed = conn.execute(
                update(answers)
                .where(
                    answers.c.room_code == normal_code(code),
                    answers.c.round == round_,
                    answers.c.participant == participant,
                    same,
                )
                .values(status=status)
                .returning(answers.c.participant)
            ).first()
        return changed is not None

    def hide_word(self, code: str, round_: int, word: str, hidden: bool = True) -> None:
        code = normal_code(code)
        with self._begin() as conn:
            if hidden:
                stmt = self._insert(hidden_words).values(room_code=code, round=round_, word=word)
                conn.execute(stmt.on_conflict_do_nothing())
            else:
                conn.execute(
                    delete(hidden_words).where(
                        hidden_words.c.room_code == code,
                        hidden_words.c.round == round_,
                        hidden_words.c.word == word,
                    )
                )

    # --- presenter ------------------------------------------------------------------------

    def tally(self, code: str, now: float | None = None, round_: int | None = None):
        """The current round (or `round_`) of the room as counts, words, texts and asks."""
        room = self.room(code, now)
        if room is None:
            return None
        number = room.round if round_ is None else round_
        where = and_(answers.c.room_code == room.code, answers.c.round == number)
        with self._begin(write=False) as conn:
            rows = conn.execute(
                select(answers.c.option_id, func.count()).where(where).group_by(answers.c.option_id)
            ).all()
            written = conn.execute(
                select(answers.c.participant, answers.c.text, answers.c.status)
                .where(where, answers.c.text.is_not(None))
                .order_by(answers.c.answered_at)
            ).all()
            hidden = {
                row[0]
                for row in conn.execute(
                    select(hidden_words.c.word).where(
                        hidden_words.c.room_code == room.code, hidden_words.c.round == number
                    )
                ).all()
            }
            asked = conn.execute(
                select(asks.c.id, asks.c.text, asks.c.status, asks.c.votes, asks.c.asked_at)
                .where(asks.c.room_code == room.code, asks.c.round == number)
                .order_by(asks.c.votes.desc(), asks.c.asked_at)
            ).all()
            closed_at = conn.execute(
                select(rounds.c.closed_at).where(
                    rounds.c.room_code == room.code, rounds.c.round == number
                )
            ).scalar()
        counts = {option: count for option, count in rows}
        words: dict[str, int] = {}
        texts = []
        for participant, value, status in written:
            if status is None:  # a word cloud's words, one per line
                for word in dict.fromkeys(value.split("\n")):
                    if word and word not in hidden:
                        words[word] = words.get(word, 0) + 1
            else:
                texts.append((participant, value, status))
        return Tally(
            room,
            room.participants,
            counts,
            answered=sum(counts.values()),
            words=words,
            hidden=frozenset(hidden),
            texts=tuple(texts),
            asks=tuple(Ask(*row) for row in asked),
            number=number,
            closed_at=closed_at,
        )

    def answers(self, code: str) -> list[AnswerRow]:
        """Every answer of the room, oldest round first, for the CSV export."""
        with self._begin(write=False) as conn:
            rows = conn.execute(
                select(*ANSWER_ROW)
                .where(answers.c.room_code == normal_code(code))
                .order_by(answers.c.round, answers.c.answered_at, answers.c.participant)
            ).all()
        return [AnswerRow(*row) for row in rows]

    def rounds(self, code: str) -> list[RoundRow]:
        with self._begin(write=False) as conn:
            rows = conn.execute(
                select(
                    rounds.c.round,
                    rounds.c.question_id,
                    rounds.c.opened_at,
                    rounds.c.closed_at,
                    rounds.c.revealed_at,
                )
                .where(rounds.c.room_code == normal_code(code))
                .order_by(rounds.c.round)
            ).all()
        return [RoundRow(*row) for row in rows]

    def asks_of(self, code: str) -> list[tuple[int, Ask]]:
        """Every audience question of the room with its round, for the report and the CSV."""
        with self._begin(write=False) as conn:
            rows = conn.execute(
                select(
                    asks.c.round,
                    asks.c.id,
                    asks.c.text,
                    asks.c.status,
                    asks.c.votes,
                    asks.c.asked_at,
                )
                .where(asks.c.room_code == normal_code(code))
                .order_by(asks.c.round, asks.c.votes.desc(), asks.c.asked_at)
            ).all()
        return [(row[0], Ask(*row[1:])) for row in rows]

    def member_order(self, code: str) -> dict[str, int]:
        """Each participant's number in the room by order of joining: its pseudonym."""
        with self._begin(write=False) as conn:
            rows = conn.execute(
                select(members.c.participant)
                .where(members.c.room_code == normal_code(code))
                .order_by(members.c.joined_at, members.c.participant)
            ).all()
        return {row[0]: number for number, row in enumerate(rows, start=1)}


@lru_cache(maxsize=4)
def _store_for(url: str) -> Store:
    store = Store(url)
    _open_stores.append(store)
    return store


_open_stores: list[Store] = []


def current_store() -> Store:
    """The store of the configured database, shared by the presenter's page and the routes."""
    return _store_for(settings.database_url())


def forget_stores() -> None:
    """Close every store's connections (tests switch databases between runs)."""
    for store in list(_open_stores):
        store.dispose()
    _open_stores.clear()
    _store_for.cache_clear()
