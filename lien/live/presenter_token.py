"""The presenter token that opens /live: configured, or drawn on first start and kept.

A configured token must be at least MIN_LENGTH characters: a shorter one opens nothing and
the app says why. Without one, a token is drawn on the first start and kept in the data
folder (`presenter-token`, readable by its owner only), so a restart keeps the presenter
signed in; a data folder that cannot be written falls back to a token for this run only.
Once shown, the token is exchanged for a presenter cookie (HttpOnly, SameSite=Strict,
PRESENTER_HOURS): a signed expiry, so a reload needs no token retyped, and a new token
(another configured, or the kept file removed) makes every earlier cookie void.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import sys
import threading
import time
from pathlib import Path

from lien.live import settings
from lien.sitemap import TOKEN_PARAM

MIN_LENGTH = 16
COOKIE = "lien_presenter"
PRESENTER_HOURS = 24
GUESSES = (5, 1 / 20)  # wrong presenter tokens one address may try: 5, then one every 20 s
WRONG_DELAY_S = 1.0  # every wrong guess waits this long before its answer

TOKEN_FILE = "presenter-token"

_token_lock = threading.Lock()
_kept: dict[Path, str] = {}  # the token of each data folder, read once
_announced = False


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


def _read(path: Path) -> str | None:
    try:
        value = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return value if len(value) >= MIN_LENGTH else None


def kept_token(folder: Path | None = None) -> str:
    """The token kept in the data folder, drawn and written (mode 0600) on the first start."""
    folder = folder or settings.data_dir()
    path = folder / TOKEN_FILE
    with _token_lock:
        if path in _kept:
            return _kept[path]
        value = _read(path)
        if value is None:
            value = secrets.token_urlsafe(18)  # 24 characters
            try:
                folder.mkdir(parents=True, exist_ok=True)
                path.unlink(missing_ok=True)  # an unreadable or too short one is replaced
                handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    out.write(value + "\n")
            except FileExistsError:  # another process wrote it first: theirs
                value = _read(path) or value
            except OSError as error:
                print(
                    f"Lien: the presenter token cannot be kept in {folder} ({error}); "
                    "it is good until the app stops.",
                    file=sys.stderr,
                )
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)
        _kept[path] = value
        return value


def presenter_token(secret: str | None = None, announce_url: str | None = None) -> str:
    """The token that opens /live: the configured one, else the one kept in the data folder.

    Raises TokenTooShort when the configured one has fewer than MIN_LENGTH characters.
    `announce_url`: print, once, where a console reader may sign in with it.
    """
    configured = configured_token(secret)
    if configured:
        if len(configured) < MIN_LENGTH:
            raise TokenTooShort(len(configured))
        return configured
    value = kept_token()
    global _announced
    if announce_url and not _announced:
        _announced = True
        # The console is the presenter's: this is where the token may be read.
        print(
            f"Lien /live token: {value} — open {announce_url}?{TOKEN_PARAM}={value}",
            file=sys.stderr,
        )
        sys.stderr.flush()
    return value


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
