"""Running a coroutine from a test, whatever ran before it in the same worker."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor


def run(coroutine):
    """asyncio.run in a thread of its own: a browser test that ran earlier in this pytest
    worker can leave Playwright's event loop running in the main thread, where asyncio.run
    refuses to start another."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
