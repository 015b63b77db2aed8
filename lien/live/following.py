"""What a phone of a live room shows of the talk it follows (issue 24): the layer-3 part.

A room opened for a talk run (lien.live.runs keeps the run's room code) is followed by its
phones. Here: where each room's run stands, read from the store at most once per
POSITION_TTL_S per room and process however many phones wait (`positions`), and what a phone
shows of it (`Follow`). Which slide that is, and its HTML, is lien.web.follow_along's: it knows
talks and slides, a layer above the phone routes (lien.web.phone), and registers itself here
when it is imported (`follow_of`); until then phones follow nothing.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from lien.content import Bundle
from lien.live.runs import Run, current_runs

POSITION_TTL_S = 0.25  # where a room's talk stands is read at most this often per room


@dataclass(frozen=True)
class Follow:
    """What a phone of a room shows of the talk: `shown` (the slide, rather than the room's
    own page), `marker` (changes when the slide does: part of the room's state), the slide;
    `where`, for a talk whose phones do not follow the slides, the one line that says where the
    talk is ("Slide 7 of 51 · part"), above the room's own page."""

    shown: bool
    marker: str
    html: Markup | None = None
    where: str = ""


NOTHING = Follow(False, "")

_follow: Callable[[Bundle, str, Run | None, str], Follow] | None = None


def register(follow: Callable[[Bundle, str, Run | None, str], Follow]) -> None:
    """What phones show of a run, by lien.web.follow_along (a layer above this one)."""
    global _follow
    _follow = follow


def follow_of(bundle: Bundle, lang: str, run: Run | None, phase: str) -> Follow:
    """What a phone in `lang` shows of this run while its room is in `phase`."""
    return NOTHING if _follow is None or run is None else _follow(bundle, lang, run, phase)


class Positions:
    """Each room's talk run, as its phones follow it, read at most once per TTL per room."""

    def __init__(self, ttl: float = POSITION_TTL_S):
        self.ttl = ttl
        self._cache: dict[str, tuple[float, Run | None]] = {}
        self._reading: dict[str, asyncio.Future] = {}

    async def run(self, code: str) -> Run | None:
        entry = self._cache.get(code)
        if entry and time.monotonic() - entry[0] < self.ttl:
            return entry[1]
        pending = self._reading.get(code)
        if pending is not None:  # another phone's request is reading it right now
            return await asyncio.shield(pending)
        future = asyncio.get_running_loop().create_future()
        self._reading[code] = future
        try:
            run = await run_in_threadpool(current_runs().run_of_room, code)
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # read: no "never retrieved" warning when no one else waits
            raise
        finally:
            self._reading.pop(code, None)
        future.set_result(run)
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[code] = (time.monotonic(), run)
        return run


positions = Positions()
