"""A clock for the live room's store that a test sets: Store(url, wall=…, monotonic=…)."""

from __future__ import annotations


class FakeClock:
    """The computer's clock (it can be set to anything) and the process's monotonic one.

    `wait` moves both, as time passing does; setting `now` alone is a jump of the computer's
    clock (lien.live.store.clock)."""

    def __init__(self, wall: float = 1_800_000_000.0):
        self.now, self.running = wall, 1000.0

    def wall(self) -> float:
        return self.now

    def monotonic(self) -> float:
        return self.running

    def wait(self, seconds: float) -> None:
        self.now += seconds
        self.running += seconds
