"""The pace signal (issue 24): two quiet buttons on the phones, "a little slower" and "I need a
moment", counted for the speaker view only, never projected.

What is stored: per room and kind, one row per phone that said so, with the time it last did,
under a keyed hash of its token (the room's secret, so a row cannot be joined to the phone's
answers); rows older than the window (two minutes) are deleted at every tap, and a room's rows
with the room. A phone taps once a minute at most, whichever button: the cap is a row of its
own (kind "") updated only when a minute has passed, in the same statement that checks it, so
replicas of the app on one database count the same.

The speaker view reads `counts` and shows a kind only from MIN_SHOWN phones (the small-room
rule: fewer than three phones say nothing about anyone).
"""

from __future__ import annotations

import hashlib
import hmac

from sqlalchemy import delete, select

from lien.live.store import Room, Store, normal_code
from lien.live.store.schema import pace

KINDS = ("slower", "moment")
WINDOW_S = 120.0  # the speaker view counts the phones of the last two minutes
CAP_S = 60.0  # one tap per phone per minute
MIN_SHOWN = 3  # fewer phones than this: the speaker view shows no number
GUARD = ""  # the kind of the row that holds a phone's last tap, whichever button


def phone_key(room: Room, participant: str) -> str:
    """The phone as this table knows it: a keyed hash, not the id its answers carry."""
    digest = hmac.new(room.secret.encode(), f"pace:{participant}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def signal(store: Store, room: Room, participant: str, kind: str) -> str:
    """One tap: "stored", or "too_fast" when this phone tapped less than CAP_S ago."""
    if kind not in KINDS:
        raise ValueError(kind)
    now = store.now()
    code, phone = normal_code(room.code), phone_key(room, participant)
    insert = store.syntax.insert
    with store.transaction() as conn:
        guard = insert(pace).values(room_code=code, kind=GUARD, phone=phone, at=now)
        guard = guard.on_conflict_do_update(
            index_elements=["room_code", "kind", "phone"],
            set_={"at": now},
            where=pace.c.at <= now - CAP_S,
        ).returning(pace.c.phone)
        if conn.execute(guard).first() is None:
            return "too_fast"
        conn.execute(delete(pace).where(pace.c.at <= now - WINDOW_S))
        tap = insert(pace).values(room_code=code, kind=kind, phone=phone, at=now)
        keys = ["room_code", "kind", "phone"]
        conn.execute(tap.on_conflict_do_update(index_elements=keys, set_={"at": now}))
    return "stored"


def counts(store: Store, code: str) -> dict[str, int]:
    """How many phones tapped each kind in the last WINDOW_S (every kind, zeros included)."""
    now = store.now()
    with store.transaction(write=False) as conn:
        rows = conn.execute(
            select(pace.c.kind, pace.c.phone).where(
                pace.c.room_code == normal_code(code),
                pace.c.at > now - WINDOW_S,
                pace.c.kind.in_(KINDS),
            )
        ).all()
    found = {kind: 0 for kind in KINDS}
    for kind, _phone in rows:
        found[kind] += 1
    return found


def shown(count: int) -> int | None:
    """The number the speaker view may show: None below MIN_SHOWN."""
    return count if count >= MIN_SHOWN else None
