"""What the live room's store returns: rooms, tallies, answers, rounds, talk runs.

Plain frozen dataclasses, with no database in them: the charts, the results and the phone
pages read these without importing SQLAlchemy (the store, lien.live.store, fills them).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

# Unambiguous on a projector: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
ASK_STATUSES = ("pending", "approved", "answered", "hidden")
TEXT_STATUSES = ("pending", "approved", "hidden")


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(code: str) -> str:
    return code.strip().upper()[: CODE_LENGTH * 2]


class StoreUnavailable(Exception):
    """The database cannot be used; nothing was changed (or nothing was acknowledged).

    `reason` says what is wrong, for the presenter's message: "full" (no space left), "folder"
    (the data folder cannot be made or written), "file" (the database file was removed or
    replaced while the app ran), "busy" (locked too long), "down" (anything else).
    """

    def __init__(self, message: str, reason: str = "down", where: str = ""):
        super().__init__(message)
        self.reason, self.where = reason, where


@dataclass(frozen=True)
class Room:
    code: str
    created_at: float
    expires_at: float
    round: int
    question_id: str | None
    phase: str  # "waiting", "open", "closed" or "revealed"
    secret: str = field(default="", repr=False, compare=False)
    participants: int = 0
    paused: bool = False
    opened_at: float | None = None
    min_group: int | None = None  # the talk's, for personal questions without their own
    max_phones: int | None = None  # the talk's cap on phones (None: settings' default)
    per_address: int | None = None  # phones one network address may join (None: default)
    joins_closed: bool = False  # the presenter stopped new joins


@dataclass(frozen=True)
class Ask:
    id: int
    text: str
    status: str
    votes: int
    asked_at: float


@dataclass(frozen=True)
class Tally:
    """What the presenter's screen shows for the current round."""

    room: Room
    participants: int
    counts: dict[str, int]  # option id (or scale value, or map cell) -> answers
    answered: int = 0  # phones that answered this round
    words: dict[str, int] = field(default_factory=dict)  # word -> phones (hidden ones left out)
    hidden: frozenset[str] = frozenset()
    texts: tuple[tuple[str, str, str], ...] = ()  # (participant, text, status) of free texts
    asks: tuple[Ask, ...] = ()
    number: int = 0  # the round's number
    closed_at: float | None = None  # when it last closed (a personal result's blur draws on it)


@dataclass(frozen=True)
class AnswerRow:
    round: int
    question_id: str
    participant: str
    option_id: str
    answered_at: float
    text: str | None = None
    status: str | None = None


@dataclass(frozen=True)
class RoundRow:
    round: int
    question_id: str
    opened_at: float
    closed_at: float | None
    revealed_at: float | None


@dataclass(frozen=True)
class Run:
    """A talk being presented (lien.live.runs): where it stands."""

    run_id: str
    talk_id: str
    lang: str
    slide: int
    item_id: str
    blank: bool
    started_at: float
    updated_at: float
    room_code: str | None


@dataclass(frozen=True)
class Step:
    item_id: str
    at: float
