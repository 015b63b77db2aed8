"""The audience questions a phone shows, and their votes, in a few characters (issue 24).

The room's long-polled state (lien.web.phone) carries them, so every phone's vote counts follow
within a second or two of a vote: the page's script writes the new counts in place (a phone
typing its own question keeps its text); a question approved or hidden reloads the page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Asks:
    approved: int = 0  # how many audience questions the phones show
    votes: tuple[tuple[int, int], ...] = ()  # (question id, votes), in the order shown

    @classmethod
    def of(cls, asks: Iterable) -> Asks:
        shown = [(a.id, a.votes) for a in asks]
        return cls(len(shown), tuple(shown))

    def __str__(self) -> str:
        """ "" with no question; else changes whenever a question or a count does."""
        if not self.votes:
            return ""
        digest = hashlib.sha256(repr(self.votes).encode()).hexdigest()[:8]
        return f"{self.approved}.{digest}"

    def counts(self) -> dict[str, int]:
        return {str(ask_id): votes for ask_id, votes in self.votes}


NONE = Asks()
