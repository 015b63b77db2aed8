"""A phone's token in one room: issued by the server, signed with that room's secret.

A token is `<participant>.<signature>`: the participant is a random id (the pseudonym the
store keeps), the signature an HMAC of the room code and that id under the room's secret, a
random value drawn when the room opened and kept in the store beside it. So a token is good
in one room only, every replica can verify it, and one the server did not issue is refused
without a database read. It travels in a cookie named after the room, valid for the room's
path only, HttpOnly and SameSite=Lax, expiring with the room.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time

from starlette.responses import Response

from lien.live.records import Room

PARTICIPANT = re.compile(r"^[A-Za-z0-9_\-]{16}$")


def cookie_name(code: str) -> str:
    return f"lien_{code}"


def new_participant() -> str:
    return secrets.token_urlsafe(12)  # 16 characters


def _signature(room: Room, participant: str) -> str:
    digest = hmac.new(
        room.secret.encode(), f"{room.code}:{participant}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()


def token_for(room: Room, participant: str) -> str:
    return f"{participant}.{_signature(room, participant)}"


def participant_of(room: Room, token: str | None) -> str | None:
    """The participant a token names, when this room's secret signed it; else None."""
    if not token or len(token) > 64 or "." not in token or not room.secret:
        return None
    participant, signature = token.split(".", 1)
    if not PARTICIPANT.match(participant):
        return None
    if not hmac.compare_digest(signature.encode(), _signature(room, participant).encode()):
        return None
    return participant


def set_cookie(response: Response, room: Room, token: str) -> None:
    left = max(int(room.expires_at - time.time()), 1)
    response.set_cookie(
        cookie_name(room.code),
        token,
        max_age=left,
        path=f"/join/{room.code}",
        httponly=True,
        samesite="lax",
    )
