"""The live room's store: rooms, participants, answers, limits, talk runs; SQLite or PostgreSQL
(SQLAlchemy Core).

What is stored: the room code, its secret and its times, the question open in it, each
participant's random pseudonymous id with the time it joined, and each answer (question,
option or short text, time); the audience's questions and their votes; the limits that slow a
flood (counters keyed by phone or by network address, kept at most an hour). Nothing else: no
name, no account; a network address is only ever part of a limit's key, never stored beside an
answer. A room and everything in it are deleted when the presenter deletes it, or once it has
expired (LIEN_ROOM_HOURS, default 24 h); a room no phone ever joined, once it stood idle two
hours (rooms.EMPTY_ROOM_IDLE_S).

The parts, each on the one transaction and the one clock of `database.Database`:
- schema.py: the tables and the Alembic migrations (./migrations) that alone make them, run
  by the store on first use: a database made by an earlier version is upgraded in place;
- rooms.py: a room's life (open, its question and phase, pause, reset, delete, expiry);
- answers.py: answers, the audience's questions and votes, moderation, tallies, exports;
- limits.py: the token buckets against floods and the caps on joining, kept in the database
  so that replicas count the same;
- clock.py: a jump of the computer's clock moves the rooms' expiry, not their life;
- lien.live.runs: talk runs, on this store's transactions.
What the store returns (rooms, tallies, rows) is in lien.live.records, free of SQLAlchemy.
"""

from __future__ import annotations

from functools import lru_cache

from lien.live import settings
from lien.live.records import (
    CODE_ALPHABET,
    AnswerRow,
    Ask,
    Room,
    RoundRow,
    StoreUnavailable,
    Tally,
    normal_code,
)
from lien.live.store.answers import Answers
from lien.live.store.rooms import Rooms, room_changes
from lien.live.store.schema import HEAD, metadata, rooms

__all__ = [
    "CODE_ALPHABET",
    "HEAD",
    "AnswerRow",
    "Ask",
    "Room",
    "RoundRow",
    "Store",
    "StoreUnavailable",
    "Tally",
    "current_store",
    "forget_stores",
    "metadata",
    "normal_code",
    "room_changes",
    "rooms",
    "settings",
]


class Store(Answers, Rooms):
    """Every read and write of the live room; each write is one transaction.

    Store(url, busy_ms=10_000, *, wall=None, monotonic=None): the clocks are injected
    (lien.live.store.database.Database); its methods are those of its parts.
    """


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
