"""The store's limits: token buckets that slow a flood, and the caps on who joins a room.

Every limit lives in the database (the `live_limits` table), not in a process, so replicas
count the same; each is checked in the same transaction as the write it guards. The caps on
joining (issue 21's guards against stuffing a room): phones per room, new phones per network
address and second, phones per address in a room for its lifetime, and the presenter's switch
that stops new joins.
"""

from __future__ import annotations

from sqlalchemy import Connection, case, func, select, update

from lien.live import settings
from lien.live.records import normal_code
from lien.live.store.database import Database
from lien.live.store.schema import limits, members


class Limits(Database):
    def take(
        self, conn: Connection, key: str, capacity: float, per_second: float, now: float
    ) -> bool:
        """One try against a token bucket kept in the store, in the transaction `conn` begun at
        `now` (read with self.now() before it: a clock's jump is seen to outside it); False
        when the bucket is empty.

        Refused tries count too (down to -capacity), so a flood stays refused until it stops.
        The same row is counted by every replica.
        """
        tokens = conn.execute(
            self.sql.take,
            {
                "b_key": key[:160],
                "b_capacity": float(capacity),
                "b_floor": -float(capacity),
                "b_per_second": float(per_second),
                "b_now": now,
            },
        ).scalar_one()
        return tokens >= 0

    def allow(self, key: str, capacity: float, per_second: float) -> bool:
        """`take` in a transaction of its own."""
        now = self.now()
        with self.transaction() as conn:
            return self.take(conn, key, capacity, per_second, now)

    def give_back(self, key: str, capacity: float) -> None:
        """Return the try `allow` took, up to the bucket's capacity: for a try that turned out
        not to be what the bucket slows (the presenter's right token is not a guess). Taken
        first and given back after, so that tries sent at once are all counted while they
        are checked."""
        tokens = limits.c.tokens + 1.0
        with self.transaction() as conn:
            conn.execute(
                update(limits)
                .where(limits.c.key == key[:160])
                .values(tokens=case((tokens > float(capacity), float(capacity)), else_=tokens))
            )

    def probe(self) -> None:
        """One tiny write, so the presenter learns of a full disk or a read-only database
        while only phones are writing (raises StoreUnavailable)."""
        fault = self.last_fault
        if fault and self._monotonic() - fault[0] < 60:
            raise fault[1]  # a phone's write failed less than a minute ago
        self.allow("probe:presenter", 1e9, 0.0)

    def join(
        self,
        code: str,
        participant: str,
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
        code = normal_code(code)
        cap = settings.max_participants() if max_participants is None else max_participants
        now = self.now()
        sql, values = self.sql, {"b_code": code, "b_participant": participant, "b_now": now}
        with self.transaction() as conn:
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

    def recent_joins(self, code: str, seconds: float) -> int:
        """How many phones joined the room in the last `seconds`."""
        since = self.now() - seconds
        with self.transaction(write=False) as conn:
            return conn.execute(
                select(func.count())
                .select_from(members)
                .where(members.c.room_code == normal_code(code), members.c.joined_at > since)
            ).scalar_one()
