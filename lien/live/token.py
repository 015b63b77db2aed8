"""The presenter token that opens /live: configured, or drawn at start and printed.

A configured token must be at least MIN_LENGTH characters: a shorter one opens nothing and
the app says why. Once shown, the token is exchanged for a presenter cookie (HttpOnly,
SameSite=Strict, PRESENTER_HOURS): a signed expiry, so a reload needs no token retyped, and a
new token (a restart that draws one, or another configured) makes every earlier cookie void.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sys
import threading
import time

MIN_LENGTH = 16
COOKIE = "lien_presenter"
PRESENTER_HOURS = 24
GUESSES = (5, 1 / 20)  # wrong presenter tokens one address may try: 5, then one every 20 s
WRONG_DELAY_S = 1.0  # every wrong guess waits this long before its answer

_token_lock = threading.Lock()
_generated_token: str | None = None


class TokenTooShort(Exception):
    def __init__(self, length: int):
        super().__init__(f"the configured presenter token has {length} characters")
        self.length = length


def configured_token(secret: str | None) -> str | None:
    """The token set by the presenter: `live_token` in secrets.toml, else LIEN_LIVE_TOKEN."""
    for value in (secret, os.environ.get("LIEN_LIVE_TOKEN")):
        if value and str(value).strip():
            return str(value).strip()
    return None


def presenter_token(secret: str | None = None, announce_url: str | None = None) -> str:
    """The token that opens /live: the configured one, else one drawn at start and printed.

    Raises TokenTooShort when the configured one has fewer than MIN_LENGTH characters.
    """
    configured = configured_token(secret)
    if configured:
        if len(configured) < MIN_LENGTH:
            raise TokenTooShort(len(configured))
        return configured
    global _generated_token
    with _token_lock:
        if _generated_token is None:
            _generated_token = secrets.token_urlsafe(18)  # 24 characters
            where = f" — open {announce_url}?token={_generated_token}" if announce_url else ""
            # The console is the presenter's: this is where the token is meant to be read.
            print(f"Lien /live token: {_generated_token}{where}", file=sys.stderr)
            sys.stderr.flush()
        return _generated_token


def token_matches(given: str | None, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.strip().encode(), expected.encode())


def _sign(expected: str, payload: str) -> str:
    key = hashlib.sha256(f"lien-presenter:{expected}".encode()).digest()
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()[:40]


def session_cookie(expected: str, now: float | None = None) -> str:
    """A presenter cookie's value: an expiry and a nonce, signed with the token."""
    now = time.time() if now is None else now
    payload = f"{int(now + PRESENTER_HOURS * 3600)}.{secrets.token_urlsafe(9)}"
    return f"{payload}.{_sign(expected, payload)}"


def cookie_valid(value: str | None, expected: str, now: float | None = None) -> bool:
    if not value or len(value) > 120 or value.count(".") != 2:
        return False
    expiry, nonce, signature = value.split(".")
    if not expiry.isascii() or not expiry.isdigit():
        return False
    if not hmac.compare_digest(signature.encode(), _sign(expected, f"{expiry}.{nonce}").encode()):
        return False
    return int(expiry) > (time.time() if now is None else now)
