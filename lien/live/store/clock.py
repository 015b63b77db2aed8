"""The live room's time, safe from a computer clock that jumps.

A laptop's clock can jump: a wrong time zone fixed by hand, a network time that comes back
after a night offline, a dead battery. Measured with that clock alone, a jump of a day
forward closed a room in the middle of a talk (phones: "Room not found") and, at the next
start, deleted its answers for good; a jump back kept a room a day too long.

So the store measures how long a room has lived with what it can trust:
- while the app runs, by the process's monotonic clock: when the wall clock moves away from
  it by more than JUMP_S, that is a jump, and every room (and talk run) still alive has its
  expiry moved by the jump, so its remaining life is what it was;
- at start, by what the store recorded: the latest time it wrote anything (a room opened, a
  phone joined or answered, a limit counted). A clock behind that record has gone back, one
  ahead of it by more than JUMP_S has moved on while the app was stopped (or jumped): either
  way the rooms alive at the record keep the life they had left then.

The sanity bound: time the app did not run is not counted, but a room is never kept beyond
twice its lifetime after it opened, by the wall clock (48 hours by default), and never has
more than its lifetime left. Times written in the store (an answer's time, in the report)
stay those of the wall clock: what the presenter's computer said at that moment.
"""

from __future__ import annotations

from sqlalchemy import func, inspect, select, update

JUMP_S = 120.0  # the wall clock this far from the expected time: a jump, not a drift
REPEAT_S = 3600.0  # a second process seeing the same jump within this: already applied
MARKER = "clock:jump"


def _has_run_times(conn) -> bool:
    """The talk runs' tables with their times (one an early version made may lack them)."""
    found = inspect(conn)
    if not (found.has_table("live_talk_runs") and found.has_table("live_talk_steps")):
        return False
    return "updated_at" in {c["name"] for c in found.get_columns("live_talk_runs")}


def latest_record(conn, tables) -> float | None:
    """The latest time the store wrote: the greatest of its recorded times."""
    rooms, members, answers, rounds, asks, limits = tables
    columns = (
        rooms.c.created_at,
        rooms.c.opened_at,
        members.c.joined_at,
        answers.c.answered_at,
        rounds.c.opened_at,
        rounds.c.closed_at,
        rounds.c.revealed_at,
        asks.c.asked_at,
        limits.c.at,
    )
    found = [conn.execute(select(func.max(column))).scalar() for column in columns]
    found = [value for value in found if value is not None]
    return max(found) if found else None


def already_moved(conn, limits, delta: float, wall: float) -> bool:
    """Whether another process (a replica) moved the rooms for this same jump already."""
    row = conn.execute(select(limits.c.tokens, limits.c.at).where(limits.c.key == MARKER)).first()
    return row is not None and abs(row.tokens - delta) < JUMP_S and 0 <= wall - row.at < REPEAT_S


def move_lives(conn, syntax, tables, delta: float, expected: float, lifetime: float):
    """Move the expiry of every room alive at `expected` by `delta` (bounded), and the times
    of the talk runs alive then, so that a jump of the clock ends nothing early or late.
    `syntax`: the dialect's insert and least (./schema.py); `tables`: rooms, limits, talk runs
    and their steps."""
    rooms, limits, runs, steps = tables
    least = syntax.least
    conn.execute(
        update(rooms)
        .where(rooms.c.expires_at > expected)
        .values(expires_at=least(rooms.c.expires_at + delta, rooms.c.created_at + 2 * lifetime))
    )
    if _has_run_times(conn):
        alive = select(runs.c.run_id).where(runs.c.updated_at > expected - lifetime)
        conn.execute(update(steps).where(steps.c.run_id.in_(alive)).values(at=steps.c.at + delta))
        conn.execute(
            update(runs)
            .where(runs.c.updated_at > expected - lifetime)
            .values(updated_at=runs.c.updated_at + delta, started_at=runs.c.started_at + delta)
        )
    wall = expected + delta
    marker = syntax.insert(limits).values(key=MARKER, tokens=delta, at=wall)
    conn.execute(
        marker.on_conflict_do_update(index_elements=["key"], set_={"tokens": delta, "at": wall})
    )
