"""The store's rooms: opening one, its question and phase, pausing, resetting, deleting.

A room no phone ever joined is not kept beyond EMPTY_ROOM_IDLE_S of idleness (issue 24: a
rehearsal leaves no empty room behind, even when the projector's tab was closed without leaving
present mode): no longer listed by `open_rooms`, deleted by `purge_expired`. Idle means that
neither the room (opened, a question opened in it) nor a talk run showing it (its row, written
at every move of the projector or the remote) changed for that long, so a projector showing the
join slide of a talk being presented keeps its room for the phones about to join.

`room_changes` counts, in this process, each change of a room as phones see it (its question,
phase, pause, approved audience questions): the phones' cache of room states
(lien.web.phone.RoomStates) compares it with what it read, so what the presenter does here is
on the next phone request, not after the cache's lifetime. Bumped after each such write; a
lost increment between two threads still changes the count.
"""

from __future__ import annotations

import secrets
from collections import Counter

from sqlalchemy import Connection, and_, delete, exists, or_, select, update

from lien.live import settings
from lien.live.records import Room, StoreUnavailable, new_code, normal_code
from lien.live.store.database import Database
from lien.live.store.schema import (
    ROOM_TABLES,
    answers,
    asks,
    hidden_words,
    limits,
    members,
    rooms,
    rounds,
    talk_runs,
    votes,
)

room_changes: Counter[str] = Counter()

# Two hours: longer than any pause of a talk on one slide (a long discussion, lunch with the
# join slide up) and than the time between opening the room and the first phone of a workshop
# that starts late; a talk whose join slide stood two hours with no phone joining is over.
EMPTY_ROOM_IDLE_S = 2 * 3600.0


def abandoned(now: float):
    """The rooms no phone ever joined that stayed idle EMPTY_ROOM_IDLE_S (a SQL condition)."""
    cutoff = now - EMPTY_ROOM_IDLE_S
    joined = exists().where(members.c.room_code == rooms.c.code)
    presented = exists().where(
        talk_runs.c.room_code == rooms.c.code, talk_runs.c.updated_at > cutoff
    )
    # Opened that long ago by the wall clock and by its expiry, which a jump of the computer's
    # clock moves (./clock.py): a jump forward makes no room look idle.
    lifetime = settings.room_lifetime_seconds()
    return and_(
        rooms.c.participants <= 0,
        rooms.c.created_at <= cutoff,
        rooms.c.expires_at <= cutoff + lifetime,
        or_(rooms.c.opened_at.is_(None), rooms.c.opened_at <= cutoff),
        ~joined,
        ~presented,
    )


class Rooms(Database):
    def open_room(
        self,
        *,
        min_group: int | None = None,
        max_phones: int | None = None,
        per_address: int | None = None,
    ) -> Room:
        """A new room; `min_group`: a talk's, for its personal questions without their own;
        `max_phones`, `per_address`: a talk's caps on phones (None: settings' defaults)."""
        self.purge_expired()
        now = self.now()
        lifetime = settings.room_lifetime_seconds()
        for _ in range(20):  # a clash among 887 million codes is rare; retry a few times
            code = new_code()
            secret = secrets.token_urlsafe(32)
            with self.transaction() as conn:
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

    def room(self, code: str) -> Room | None:
        """The room, or None when it is unknown or has expired."""
        values = {"b_code": normal_code(code), "b_now": self.now()}
        with self.transaction(write=False) as conn:
            row = conn.execute(self.sql.room, values).first()
        return Room(**row._mapping) if row else None

    def open_rooms(self) -> list[Room]:
        """Every room not yet expired, newest first: what a presenter can resume (not a room no
        phone joined, left idle: see `abandoned`)."""
        now = self.now()
        alive = and_(rooms.c.expires_at > now, ~abandoned(now))
        with self.transaction(write=False) as conn:
            rows = conn.execute(
                select(rooms).where(alive).order_by(rooms.c.created_at.desc())
            ).all()
        return [Room(**row._mapping) for row in rows]

    def _delete_rooms(self, conn: Connection, codes) -> None:
        for table in ROOM_TABLES:
            conn.execute(delete(table).where(table.c.room_code.in_(codes)))

    def delete_room(self, code: str) -> None:
        code = normal_code(code)
        with self.transaction() as conn:
            self._delete_rooms(conn, [code])
            conn.execute(delete(rooms).where(rooms.c.code == code))
        room_changes[code] += 1

    def purge_expired(self) -> int:
        """Delete every expired room, and every room no phone joined left idle (`abandoned`),
        with everything in it, and old limits; how many rooms."""
        now = self.now()
        gone = or_(rooms.c.expires_at <= now, abandoned(now))
        with self.transaction() as conn:
            codes = conn.execute(select(rooms.c.code).where(gone)).scalars().all()
            self._delete_rooms(conn, codes)
            # A room's phones per address are kept as long as a room lives; the rest an hour.
            phones = limits.c.key.startswith("phones:")
            conn.execute(delete(limits).where(limits.c.at < now - 3600, ~phones))
            lifetime = settings.room_lifetime_seconds()
            conn.execute(delete(limits).where(limits.c.at < now - lifetime, phones))
            conn.execute(delete(rooms).where(rooms.c.code.in_(codes)))
        for code in codes:
            room_changes[code] += 1
        return len(codes)

    def _set(self, code: str, **values) -> None:
        with self.transaction() as conn:
            conn.execute(update(rooms).where(rooms.c.code == normal_code(code)).values(**values))
        room_changes[normal_code(code)] += 1

    def open_question(self, code: str, question_id: str) -> None:
        """Show a question and take answers: a new round, so earlier answers stay apart."""
        now = self.now()
        code = normal_code(code)
        with self.transaction() as conn:
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

    def _end_round(self, code: str, phase: str, column: str) -> None:
        """The room's round moves to `phase` ("closed", "revealed"), its time in `column`."""
        now = self.now()
        code = normal_code(code)
        current = select(rooms.c.round).where(rooms.c.code == code).scalar_subquery()
        with self.transaction() as conn:
            conn.execute(update(rooms).where(rooms.c.code == code).values(phase=phase))
            conn.execute(
                update(rounds)
                .where(rounds.c.room_code == code, rounds.c.round == current)
                .values({column: now})
            )
        room_changes[code] += 1

    def close_answers(self, code: str) -> None:
        self._end_round(code, "closed", "closed_at")

    def reveal(self, code: str) -> None:
        self._end_round(code, "revealed", "revealed_at")

    def reopen(self, code: str) -> None:
        """Take answers again in the same round, after a close (a personal question that needs
        a few more): its answers stay; the next close draws its result again."""
        with self.transaction() as conn:
            conn.execute(
                update(rooms)
                .where(rooms.c.code == normal_code(code), rooms.c.phase == "closed")
                .values(phase="open")
            )
        room_changes[normal_code(code)] += 1

    def stop_joins(self, code: str, stopped: bool = True) -> None:
        """No new phone joins the room (those in it go on answering); False opens it again."""
        self._set(code, joins_closed=stopped)

    def pause(self, code: str, paused: bool = True) -> None:
        """A paused room refuses answers (phones say so calmly) and keeps every one stored."""
        self._set(code, paused=paused)

    def reset(self, code: str) -> None:
        """Start the room again: every answer deleted, no question shown; participants stay."""
        code = normal_code(code)
        with self.transaction() as conn:
            for table in (answers, rounds, asks, votes, hidden_words):
                conn.execute(delete(table).where(table.c.room_code == code))
            conn.execute(
                update(rooms)
                .where(rooms.c.code == code)
                .values(question_id=None, phase="waiting", round=rooms.c.round + 1, paused=False)
            )
        room_changes[code] += 1
