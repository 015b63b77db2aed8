"""The presenter token that opens /live: configured, or drawn at start and printed."""

from __future__ import annotations

import hmac
import os
import secrets
import sys
import threading

_token_lock = threading.Lock()
_generated_token: str | None = None


def configured_token(secret: str | None) -> str | None:
    """The token set by the presenter: `live_token` in secrets.toml, else LIEN_LIVE_TOKEN."""
    for value in (secret, os.environ.get("LIEN_LIVE_TOKEN")):
        if value and str(value).strip():
            return str(value).strip()
    return None


def presenter_token(secret: str | None = None, announce_url: str | None = None) -> str:
    """The token that opens /live: the configured one, else one drawn at start and printed."""
    configured = configured_token(secret)
    if configured:
        return configured
    global _generated_token
    with _token_lock:
        if _generated_token is None:
            _generated_token = secrets.token_urlsafe(12)
            where = f" — open {announce_url}?token={_generated_token}" if announce_url else ""
            # The console is the presenter's: this is where the token is meant to be read.
            print(f"Lien /live token: {_generated_token}{where}", file=sys.stderr)
            sys.stderr.flush()
        return _generated_token


def token_matches(given: str | None, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.strip().encode(), expected.encode())
