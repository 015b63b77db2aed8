"""The live room's store: rooms, participants, answers; SQLite or PostgreSQL (SQLAlchemy Core).

What is stored: the room code and its times, the question open in it, each participant's
random anonymous token with the time it joined, and each answer (question, option, time).
Nothing else: no name, no address. A room and everything in it are deleted when the
presenter deletes it, or once it has expired (LIEN_ROOM_HOURS, default 24 h).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import (
    Column,
    Engine,
    Float,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    create_engine,
    delete,
    event,
    func,
    literal,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from lien.live import settings

# Unambiguous on a projector: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
PHASES = ("waiting", "open", "closed", "revealed")

metadata = MetaData()
rooms = Table(
    "live_rooms",
    metadata,
    Column("code", String(12), primary_key=True),
    Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False, index=True),
    # Each question opened in the room starts a new round: answers belong to a round.
    Column("round", Integer, nullable=False, default=0),
    Column("question_id", String(64)),
    Column("phase", String(10), nullable=False, default="waiting"),
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
    # One answer per participant per question: a changed answer replaces the earlier one.
    PrimaryKeyConstraint("room_code", "round", "participant"),
)


class StoreUnavailable(Exception):
    """The database cannot be reached or answered with an error; nothing was changed."""


@dataclass(frozen=True)
class Room:
    code: str
    created_at: float
    expires_at: float
    round: int
    question_id: str | None
    phase: str

    @property
    def is_open(self) -> bool:
        return self.phase == "open" and self.question_id is not None


@dataclass(frozen=True)
class Tally:
    """What the presenter's screen shows for the current round."""

    room: Room
    participants: int
    counts: dict[str, int]  # option id -> answers

    @property
    def answered(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class AnswerRow:
    round: int
    question_id: str
    participant: str
    option_id: str
    answered_at: float


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(code: str) -> str:
    return code.strip().upper()[: CODE_LENGTH * 2]


def _sqlite_engine(url: str, busy_ms: int) -> Engine:
    path = url.removeprefix("sqlite:///")
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
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


class Store:
    """Every read and write of the live room; each write is one transaction."""

    def __init__(self, url: str, busy_ms: int = 10_000):
        """busy_ms: how long a SQLite writer waits for another one's lock before failing."""
        self.url = url
        self.engine = _engine(url, busy_ms)
        self._schema_ready = False
        self._schema_lock = threading.Lock()
        sqlite_file = self.engine.dialect.name == "sqlite"
        self._write_lock = threading.Lock() if sqlite_file else nullcontext()
        self._insert = postgresql.insert if self.engine.dialect.name == "postgresql" else None
        if self._insert is None:
            self._insert = sqlite.insert

    # --- plumbing -------------------------------------------------------------------------

    def _ensure_schema(self) -> None:
        if self._schema_ready:
            return
        with self._schema_lock:
            if not self._schema_ready:
                metadata.create_all(self.engine)  # created on first use, idempotent
                self._schema_ready = True

    @contextmanager
    def _begin(self, write: bool = True) -> Iterator:
        """A transaction; any database failure becomes StoreUnavailable (nothing half-done).

        SQLite takes one writer at a time: writers of this process queue on a lock, handed
        over at once, rather than in SQLite's busy handler, which retries after sleeps.
        """
        lock = self._write_lock if write else nullcontext()
        try:
            self._ensure_schema()
            with lock, self.engine.begin() as conn:
                yield conn
        except SQLAlchemyError as error:
            raise StoreUnavailable(str(error).splitlines()[0]) from error

    def dispose(self) -> None:
        self.engine.dispose()

    # --- rooms ----------------------------------------------------------------------------

    def open_room(self, now: float | None = None) -> Room:
        now = time.time() if now is None else now
        self.purge_expired(now)
        lifetime = settings.room_lifetime_seconds()
        for _ in range(20):  # a clash among 887 million codes is rare; retry a few times
            code = new_code()
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
                    )
                )
            return Room(code, now, now + lifetime, 0, None, "waiting")
        raise StoreUnavailable("no free room code found")

    def room(self, code: str, now: float | None = None) -> Room | None:
        """The room, or None when it is unknown or has expired."""
        now = time.time() if now is None else now
        with self._begin(write=False) as conn:
            row = conn.execute(
                select(rooms).where(rooms.c.code == normal_code(code), rooms.c.expires_at > now)
            ).first()
        return Room(**row._mapping) if row else None

    def delete_room(self, code: str) -> None:
        code = normal_code(code)
        with self._begin() as conn:
            conn.execute(delete(answers).where(answers.c.room_code == code))
            conn.execute(delete(members).where(members.c.room_code == code))
            conn.execute(delete(rooms).where(rooms.c.code == code))

    def purge_expired(self, now: float | None = None) -> int:
        """Delete every expired room with its participants and answers; how many rooms."""
        now = time.time() if now is None else now
        expired = select(rooms.c.code).where(rooms.c.expires_at <= now)
        with self._begin() as conn:
            conn.execute(delete(answers).where(answers.c.room_code.in_(expired)))
            conn.execute(delete(members).where(members.c.room_code.in_(expired)))
            return conn.execute(delete(rooms).where(rooms.c.expires_at <= now)).rowcount

    def _set(self, code: str, **values) -> None:
        with self._begin() as conn:
            conn.execute(update(rooms).where(rooms.c.code == normal_code(code)).values(**values))

    def open_question(self, code: str, question_id: str) -> None:
        """Show a question and take answers: a new round, so earlier answers stay apart."""
        self._set(code, question_id=question_id, phase="open", round=rooms.c.round + 1)

    def close_answers(self, code: str) -> None:
        self._set(code, phase="closed")

    def reveal(self, code: str) -> None:
        self._set(code, phase="revealed")

    def reset(self, code: str) -> None:
        """Start the room again: every answer deleted, no question shown; participants stay."""
        code = normal_code(code)
        with self._begin() as conn:
            conn.execute(delete(answers).where(answers.c.room_code == code))
            conn.execute(
                update(rooms)
                .where(rooms.c.code == code)
                .values(question_id=None, phase="waiting", round=rooms.c.round + 1)
            )

    # --- participants ---------------------------------------------------------------------

    def join(self, code: str, participant: str, now: float | None = None) -> None:
        now = time.time() if now is None else now
        stmt = self._insert(members).values(
            room_code=normal_code(code), participant=participant, joined_at=now
        )
        with self._begin() as conn:
            conn.execute(stmt.on_conflict_do_nothing())

    def submit(
        self,
        code: str,
        round_: int,
        question_id: str,
        participant: str,
        option_id: str,
        now: float | None = None,
    ) -> bool:
        """Store (or replace) one answer in one statement; False when the question is not open.

        The room's phase, round and question are checked inside the same statement, so an
        answer racing with "close" or "next" is either stored before it or refused.
        """
        now = time.time() if now is None else now
        source = select(
            rooms.c.code,
            rooms.c.round,
            rooms.c.question_id,
            literal(participant, String),
            literal(option_id, String),
            literal(now, Float),
        ).where(
            rooms.c.code == normal_code(code),
            rooms.c.phase == "open",
            rooms.c.round == round_,
            rooms.c.question_id == question_id,
            rooms.c.expires_at > now,
        )
        stmt = self._insert(answers).from_select(
            ["room_code", "round", "question_id", "participant", "option_id", "answered_at"],
            source,
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=["room_code", "round", "participant"],
            set_={"option_id": stmt.excluded.option_id, "answered_at": stmt.excluded.answered_at},
        )
        with self._begin() as conn:
            # RETURNING, not rowcount: psycopg reports -1 rows for INSERT … SELECT.
            return conn.execute(stmt.returning(answers.c.participant)).first() is not None

    def answer_of(self, code: str, round_: int, participant: str) -> str | None:
        with self._begin(write=False) as conn:
            return conn.execute(
                select(answers.c.option_id).where(
                    answers.c.room_code == normal_code(code),
                    answers.c.round == round_,
                    answers.c.participant == participant,
                )
            ).scalar()

    # --- presenter ------------------------------------------------------------------------

    def tally(self, code: str, now: float | None = None) -> Tally | None:
        room = self.room(code, now)
        if room is None:
            return None
        with self._begin(write=False) as conn:
            participants = conn.execute(
                select(func.count()).select_from(members).where(members.c.room_code == room.code)
            ).scalar_one()
            rows = conn.execute(
                select(answers.c.option_id, func.count())
                .where(answers.c.room_code == room.code, answers.c.round == room.round)
                .group_by(answers.c.option_id)
            ).all()
        return Tally(room, participants, {option: count for option, count in rows})

    def answers(self, code: str) -> list[AnswerRow]:
        """Every answer of the room, oldest round first, for the CSV export."""
        with self._begin(write=False) as conn:
            rows = conn.execute(
                select(
                    answers.c.round,
                    answers.c.question_id,
                    answers.c.participant,
                    answers.c.option_id,
                    answers.c.answered_at,
                )
                .where(answers.c.room_code == normal_code(code))
                .order_by(answers.c.round, answers.c.answered_at, answers.c.participant)
            ).all()
        return [AnswerRow(*row) for row in rows]


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
