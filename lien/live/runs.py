"""Talk runs: where a talk being presented stands, kept in the live room's database.

A run is one presentation of a talk: the projector writes its slide here on every move, and
the speaker view and the phone remote read it (and move it) from any session of any server
process, so a reload of either tab, or a second copy of the app behind a load balancer, finds
the same run. What is stored: the run's random id, the talk, its language, the slide shown
(its number and its item id, to find it again after the talk is edited), whether the screen is
blanked, times, and a nullable room code for the live room of that run; plus one row per move
(the item shown and when), from which the speaker view adds up the time spent per part.
Nothing about anyone. A run is deleted once it has not moved for the rooms' lifetime
(LIEN_ROOM_HOURS, default 24 h).

Pure SQLAlchemy Core on a live-room Store's transactions (lien.live.store); its tables are
the store's (lien.live.store.schema), made by the store's migrations.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading

from sqlalchemy import delete, insert, select, update

from lien.live import settings
from lien.live.records import Run, Step
from lien.live.store import Store, current_store
from lien.live.store.schema import talk_runs, talk_steps

RUN_ID_LENGTH = 16


def new_run_id() -> str:
    return secrets.token_urlsafe(12)[:RUN_ID_LENGTH]


def valid_run_id(value: str | None) -> bool:
    """A run id as new_run_id draws them (what an address may carry)."""
    return (
        bool(value) and len(value) <= 32 and all(c.isalnum() or c in "-_" for c in value)  # type: ignore[union-attr]
    )


def run_key(token: str, run_id: str) -> str:
    """What the speaker view keeps in its address once the presenter token was given: it
    opens this run's speaker view and remote again after a reload, and nothing else (not the
    live room, not another run), and the token cannot be read back from it."""
    digest = hmac.new(token.encode(), f"lien-talk-run:{run_id}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def run_key_matches(given: str | None, token: str, run_id: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), run_key(token, run_id).encode())


class Runs:
    """Every read and write of talk runs, on a live-room store's database."""

    def __init__(self, store: Store):
        self.store = store

    def run(self, run_id: str) -> Run | None:
        with self.store.transaction(write=False) as conn:
            row = conn.execute(select(talk_runs).where(talk_runs.c.run_id == run_id)).first()
        return Run(**row._mapping) if row else None

    def start(
        self,
        run_id: str,
        talk_id: str,
        lang: str,
        slide: int,
        item_id: str,
    ) -> Run:
        """A new run at this slide (or this run again, moved there, when it exists)."""
        now = self.store.now()
        self.purge_expired()
        with self.store.transaction() as conn:
            found = conn.execute(
                select(talk_runs.c.run_id).where(talk_runs.c.run_id == run_id)
            ).first()
            if found is None:
                conn.execute(
                    insert(talk_runs).values(
                        run_id=run_id,
                        talk_id=talk_id,
                        lang=lang,
                        slide=slide,
                        item_id=item_id,
                        blank=False,
                        started_at=now,
                        updated_at=now,
                        room_code=None,
                    )
                )
                conn.execute(insert(talk_steps).values(run_id=run_id, item_id=item_id, at=now))
        if found is not None:
            self.move(run_id, slide, item_id, talk_id=talk_id, lang=lang)
        return self.run(run_id)  # type: ignore[return-value]

    def move(
        self,
        run_id: str,
        slide: int,
        item_id: str,
        *,
        talk_id: str | None = None,
        lang: str | None = None,
        blank: bool = False,
    ) -> bool:
        """Show this slide (the screen comes back if it was blanked); False: no such run.

        One transaction: the position, and a step for the time spent per part when the item
        shown changes."""
        now = self.store.now()
        values: dict = {"slide": slide, "item_id": item_id, "blank": blank, "updated_at": now}
        if talk_id is not None:
            values["talk_id"] = talk_id
        if lang is not None:
            values["lang"] = lang
        with self.store.transaction() as conn:
            before = conn.execute(
                select(talk_runs.c.item_id).where(talk_runs.c.run_id == run_id)
            ).first()
            if before is None:
                return False
            conn.execute(update(talk_runs).where(talk_runs.c.run_id == run_id).values(**values))
            if before.item_id != item_id:
                conn.execute(insert(talk_steps).values(run_id=run_id, item_id=item_id, at=now))
        return True

    def set_blank(self, run_id: str, blank: bool) -> None:
        now = self.store.now()
        with self.store.transaction() as conn:
            conn.execute(
                update(talk_runs)
                .where(talk_runs.c.run_id == run_id)
                .values(blank=blank, updated_at=now)
            )

    def restart_clock(self, run_id: str) -> None:
        """Start the run's clock again (after a rehearsal): its time per part starts at zero."""
        now = self.store.now()
        with self.store.transaction() as conn:
            row = conn.execute(
                select(talk_runs.c.item_id).where(talk_runs.c.run_id == run_id)
            ).first()
            if row is None:
                return
            conn.execute(delete(talk_steps).where(talk_steps.c.run_id == run_id))
            conn.execute(insert(talk_steps).values(run_id=run_id, item_id=row.item_id, at=now))
            conn.execute(
                update(talk_runs)
                .where(talk_runs.c.run_id == run_id)
                .values(started_at=now, updated_at=now)
            )

    def set_room(self, run_id: str, room_code: str | None) -> None:
        """The live room of this run (for the live room's part of present mode)."""
        with self.store.transaction() as conn:
            conn.execute(
                update(talk_runs).where(talk_runs.c.run_id == run_id).values(room_code=room_code)
            )

    def claim_room(self, run_id: str, room_code: str) -> str | None:
        """Make `room_code` this run's room unless it already has one; the run's room after
        (a second tab or replica that opened one at the same moment finds the first's)."""
        with self.store.transaction() as conn:
            conn.execute(
                update(talk_runs)
                .where(talk_runs.c.run_id == run_id, talk_runs.c.room_code.is_(None))
                .values(room_code=room_code)
            )
            row = conn.execute(
                select(talk_runs.c.room_code).where(talk_runs.c.run_id == run_id)
            ).first()
        return row.room_code if row else None

    def run_of_room(self, room_code: str) -> Run | None:
        """The run whose live room this is (the one that moved last, should two share it):
        what a phone of the room follows (lien.live.follow_along)."""
        with self.store.transaction(write=False) as conn:
            row = conn.execute(
                select(talk_runs)
                .where(talk_runs.c.room_code == room_code)
                .order_by(talk_runs.c.updated_at.desc())
                .limit(1)
            ).first()
        return Run(**row._mapping) if row else None

    def steps(self, run_id: str) -> list[Step]:
        """Every change of item of the run, oldest first."""
        with self.store.transaction(write=False) as conn:
            rows = conn.execute(
                select(talk_steps.c.item_id, talk_steps.c.at)
                .where(talk_steps.c.run_id == run_id)
                .order_by(talk_steps.c.at, talk_steps.c.id)
            ).all()
        return [Step(*row) for row in rows]

    def delete(self, run_id: str) -> None:
        with self.store.transaction() as conn:
            conn.execute(delete(talk_steps).where(talk_steps.c.run_id == run_id))
            conn.execute(delete(talk_runs).where(talk_runs.c.run_id == run_id))

    def purge_expired(self) -> int:
        """Delete every run that has not moved for the rooms' lifetime; how many."""
        now = self.store.now()
        cutoff = now - settings.room_lifetime_seconds()
        stale = select(talk_runs.c.run_id).where(talk_runs.c.updated_at <= cutoff)
        with self.store.transaction() as conn:
            conn.execute(delete(talk_steps).where(talk_steps.c.run_id.in_(stale)))
            return conn.execute(delete(talk_runs).where(talk_runs.c.updated_at <= cutoff)).rowcount


_runs_lock = threading.Lock()
_runs_of: dict[int, Runs] = {}


def current_runs() -> Runs:
    """The talk runs of the configured database (the live room's)."""
    store = current_store()
    with _runs_lock:
        runs = _runs_of.get(id(store))
        if runs is None or runs.store is not store:
            runs = _runs_of[id(store)] = Runs(store)
        return runs


def time_per_item(steps: list[Step], now: float) -> dict[str, float]:
    """Seconds spent on each item: from each step to the next (the last one: until now)."""
    spent: dict[str, float] = {}
    for step, following in zip(steps, [*steps[1:], None], strict=True):
        end = following.at if following is not None else now
        spent[step.item_id] = spent.get(step.item_id, 0.0) + max(end - step.at, 0.0)
    return spent
