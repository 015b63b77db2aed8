"""A second facilitator (issue 24): a moderator link for one live room.

The presenter's speaker view draws a link (shown as a QR code) that makes a phone a moderator
of this room: it approves or hides free texts and audience questions, and pauses or resumes
the room (lien.web.moderate, its pages). It cannot move slides, reveal, delete or export, and
never sees the presenter's token: it is not that token, and nothing it opens holds it.

What is stored: per link, the room's code, a SHA-256 hash of the random token and when it was
made (the token itself exists only in the QR code and the moderator's cookie). The presenter
revokes every link of the room at once; a link ends with its room (a deleted or expired room
answers no link, and its rows go with it).
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import delete, func, select

from lien.live.store import Room, Store, normal_code
from lien.live.store.schema import moderators

TOKEN_BYTES = 24  # 32 characters, drawn by the secrets module


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_link(store: Store, code: str) -> str:
    """A new moderator token for this room (returned once; only its hash is kept)."""
    now = store.now()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with store.transaction() as conn:
        conn.execute(
            moderators.insert().values(
                token_hash=_hash(token), room_code=normal_code(code), created_at=now
            )
        )
    return token


def revoke(store: Store, code: str) -> int:
    """Every moderator link of this room stops working now; how many there were."""
    with store.transaction() as conn:
        return conn.execute(
            delete(moderators).where(moderators.c.room_code == normal_code(code))
        ).rowcount


def links(store: Store, code: str) -> int:
    """How many moderator links of this room work."""
    with store.transaction(write=False) as conn:
        return conn.execute(
            select(func.count())
            .select_from(moderators)
            .where(moderators.c.room_code == normal_code(code))
        ).scalar_one()


def room_of(store: Store, code: str, token: str | None) -> Room | None:
    """The room this token moderates, while the link stands and the room lives; else None."""
    if not token or len(token) > 64:
        return None
    code = normal_code(code)
    with store.transaction(write=False) as conn:
        found = conn.execute(
            select(moderators.c.room_code).where(
                moderators.c.token_hash == _hash(token), moderators.c.room_code == code
            )
        ).first()
    if found is None:
        return None
    return store.room(code)
