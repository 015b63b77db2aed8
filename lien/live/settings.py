"""Where the live room keeps its data and how long, read from the environment at each call."""

from __future__ import annotations

import os
from pathlib import Path

from lien.content import ROOT
from lien.content.privacy import room_hours


def data_dir() -> Path:
    """LIEN_DATA_DIR, else ./var/ beside the app: never inside content/ or data/."""
    return Path(os.environ.get("LIEN_DATA_DIR") or ROOT / "var")


def database_url() -> str:
    """LIEN_DATABASE_URL (postgresql://… for several replicas), else a SQLite file."""
    url = os.environ.get("LIEN_DATABASE_URL", "").strip()
    if url:
        # Plain postgresql:// would pick psycopg2; Lien ships psycopg (version 3).
        if url.startswith(("postgresql://", "postgres://")):
            url = "postgresql+psycopg://" + url.split("://", 1)[1]
        return url
    return f"sqlite:///{(data_dir() / 'live.sqlite3').as_posix()}"


def room_lifetime_seconds() -> float:
    """LIEN_ROOM_HOURS (default 24): a room and its answers are deleted after that (the same
    hours the privacy texts give, lien.content.privacy)."""
    return room_hours() * 3600


DEFAULT_MAX_PARTICIPANTS = 1000
DEFAULT_PHONES_PER_ADDRESS = 2
JOIN_ALERT = (50, 10.0)  # more than 50 phones joining within 10 s: the presenter is told


def _int_env(name: str, default: int, low: int, high: int) -> int:
    try:
        value = int(os.environ.get(name, "").strip() or default)
    except ValueError:
        value = default
    return min(max(value, low), high)


def max_participants() -> int:
    """LIEN_ROOM_MAX_PARTICIPANTS (default 1,000): phones one room takes in, at most, unless
    its talk sets its own (`max_phones` in the talk's TOML)."""
    return _int_env("LIEN_ROOM_MAX_PARTICIPANTS", DEFAULT_MAX_PARTICIPANTS, 1, 1_000_000)


def phones_per_address() -> int:
    """LIEN_PHONES_PER_ADDRESS (default 2; 0: no cap): phones one network address may join in
    one room, unless its talk sets its own (`phones_per_address`). One laptop cannot then
    answer for many phones: padding a personal question needs min_group × its options."""
    return _int_env("LIEN_PHONES_PER_ADDRESS", DEFAULT_PHONES_PER_ADDRESS, 0, 1_000_000)


def trusted_proxies() -> frozenset[str]:
    """LIEN_TRUSTED_PROXIES: peers whose X-Real-IP names the client (default: this machine).

    Only a proxy on this list may say who the client is: a phone that sends the header itself
    is counted under its own address.
    """
    raw = os.environ.get("LIEN_TRUSTED_PROXIES", "127.0.0.1,::1")
    return frozenset(part.strip() for part in raw.split(",") if part.strip())
