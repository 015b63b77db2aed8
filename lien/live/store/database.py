"""The store's ground: the engine, its one public transaction, its one clock.

Every part of the store (rooms, answers, limits, talk runs) reads and writes through
`Database.transaction()`, and reads the time with `Database.now()`: the wall clock, watched
against the monotonic one so that a jump of it moves the rooms' expiry (./clock.py). Both
clocks are injected (`wall=`, `monotonic=`); by default this module's `time`, read at each call.
"""

from __future__ import annotations

import errno
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import SQLAlchemyError

from lien.live import settings
from lien.live.records import StoreUnavailable
from lien.live.store.clock import JUMP_S, already_moved, latest_record, move_lives
from lien.live.store.schema import (
    Dialect,
    answers,
    asks,
    limits,
    members,
    migrate,
    phone_statements,
    rooms,
    rounds,
    talk_runs,
    talk_steps,
)


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


class Database:
    """One database of the live room: its engine, transactions and clock."""

    def __init__(
        self,
        url: str,
        busy_ms: int = 10_000,
        *,
        wall: Callable[[], float] | None = None,
        monotonic: Callable[[], float] | None = None,
    ):
        """busy_ms: how long a SQLite writer waits for another one's lock before failing;
        `wall` and `monotonic`: the clocks (./clock.py; tests give fake ones)."""
        self.url = url
        self._wall = wall or (lambda: time.time())
        self._monotonic = monotonic or (lambda: time.monotonic())
        self._agreed: tuple[float, float] | None = None  # (wall, monotonic) last in step
        self._clock_lock = threading.Lock()
        self.engine = _engine(url, busy_ms)
        self.dialect = self.engine.dialect.name  # "sqlite" or "postgresql"
        self.syntax = Dialect(self.dialect)
        self.sql = phone_statements(self.dialect)
        self._schema_ready = False
        self._schema_lock = threading.Lock()
        self._file: Path | None = None
        # The last write that failed in this process (a phone's, say), by the monotonic
        # clock: the presenter's page shows it for a minute.
        self.last_fault: tuple[float, StoreUnavailable] | None = None
        self._identity: tuple[int, int] | None = None
        if self.dialect == "sqlite":
            path = url.split(":///", 1)[1] if ":///" in url else ""
            if path and path != ":memory:":
                self._file = Path(path)
        self._write_lock = threading.Lock() if self.dialect == "sqlite" else nullcontext()

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[Connection]:
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
                self.last_fault = (self._monotonic(), fault)
            raise

    def dispose(self) -> None:
        self.engine.dispose()

    def now(self) -> float:
        """The wall clock's time; a jump of it moves the rooms' expiry (./clock.py)."""
        wall, running = self._wall(), self._monotonic()
        agreed = self._agreed
        # On first use in this process, what the store recorded stands for the expected time.
        expected = None if agreed is None else agreed[0] + (running - agreed[1])
        if expected is None or abs(wall - expected) > JUMP_S:
            with self._clock_lock:
                if self._agreed is agreed:  # not already seen to by another thread
                    self._clock_moved(wall, expected)
                    self._agreed = (wall, running)
            return wall
        self._agreed = (wall, running)
        return wall

    def _clock_moved(self, wall: float, expected: float | None) -> None:
        tables = (rooms, members, answers, rounds, asks, limits)
        with self.transaction() as conn:
            if self.dialect == "postgresql":  # replicas seeing the jump move the rooms once
                conn.execute(text("SELECT pg_advisory_xact_lock(7270422)"))
            if expected is None:
                expected = latest_record(conn, tables)
                if expected is None or abs(wall - expected) <= JUMP_S:
                    return
            delta = wall - expected
            if already_moved(conn, limits, delta, wall):
                return
            lifetime = settings.room_lifetime_seconds()
            tables = (rooms, limits, talk_runs, talk_steps)
            move_lives(conn, self.syntax, tables, delta, expected, lifetime)

    # --- the database file and its schema ---------------------------------------------------

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
        """On first use, the migrations (./schema.py): the only way the schema is made."""
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
