"""What Streamlit's server does not limit, limited here: open connections per client address,
and the time a client may take to send a request's headers.

Streamlit (1.67) serves `st.App` with uvicorn and lets its configuration set only websocket
pings (`server.websocketPingInterval`), message and upload sizes; uvicorn's own keep-alive
timeout (5 s between two requests on one connection) applies. Nothing limits how many
connections one address opens, nor how long a client may take to send its headers: 1,100
idle connections from one laptop exhausted the process's 1,024 open files and every phone
timed out. So, when the server starts (`install()`, from lien.web.wiring.lifespan):

- the open-file limit is raised to the system's hard limit (macOS has none: to what its
  kernel allows), and lien.web.shedding keeps the phones' connections within it (open_count);
- uvicorn's HTTP protocol (httptools' when installed, as requirements.txt pins it; else h11's)
  is given two checks: a connection from an address that already
  holds LIEN_CONNECTIONS_PER_CLIENT (default 100; 0 turns it off, as behind nginx) is closed
  at once, and a connection whose request headers are not complete within
  LIEN_HEADER_TIMEOUT_S (default 10 s) is closed. Request bodies are limited by the phone
  routes themselves (lien.web.phone.BODY_TIMEOUT_S). Websockets (Streamlit's sessions) count
  towards the cap and are kept alive by Streamlit's pings.

Behind nginx (deploy/), nginx sets all of these per real client address instead.

Stopping (Ctrl-C, SIGTERM): uvicorn waits for every request in progress to finish, and a
phone's long poll (lien.web.phone.join_state) waits up to 20 s for a change: with phones in
the room, stopping took 13 to 20 s. `install()` also makes uvicorn's shutdown say so first
(`closing`), and a waiting long poll then answers at once ("come back later"); an answer
being stored finishes as before, so nothing acknowledged is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import logging
import os
import time
import weakref

LOG = logging.getLogger("lien.live")
DEFAULT_PER_CLIENT = 100
DEFAULT_HEADER_TIMEOUT_S = 10.0


def per_client() -> int:
    try:
        return max(int(os.environ.get("LIEN_CONNECTIONS_PER_CLIENT", DEFAULT_PER_CLIENT)), 0)
    except ValueError:
        return DEFAULT_PER_CLIENT


def header_timeout() -> float:
    try:
        value = float(os.environ.get("LIEN_HEADER_TIMEOUT_S", DEFAULT_HEADER_TIMEOUT_S))
    except ValueError:
        value = DEFAULT_HEADER_TIMEOUT_S
    return min(max(value, 1.0), 300.0)


def raise_open_files() -> tuple[int, int] | None:
    """Raise this process's soft open-file limit to its hard limit; (soft, hard) after."""
    try:
        import resource
    except ImportError:  # not on Windows
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    # No hard limit (macOS: soft 256, hard "unlimited"): the kernel still caps it per process
    # (10,240 at least on macOS), so the larger tries come first.
    targets = [hard] if hard != resource.RLIM_INFINITY else [65536, 24576, 10240]
    for target in targets:
        if soft >= target:
            break
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
            break
        except (ValueError, OSError):
            continue
    return soft, hard


class _State:
    by_address: dict[str, set] = {}  # noqa: RUF012 - shared by every connection on purpose
    refused = 0
    timed_out = 0
    open: set = set()  # noqa: RUF012 - every connection open now (websockets included)
    counted_at = 0.0
    paused = 0  # times new connections were left waiting in the system's queue
    exact: tuple[float, int] = (-1.0, 0)  # (when, files open) last counted exactly


RESERVE_MIN = 96  # open files kept for the app itself: content, database, Streamlit, logs
PAUSE_S = 0.05  # how long new connections wait in the system's queue when none can be held


@functools.cache
def budget() -> int:
    """How many connections this process may hold: its open-file limit (as raised by
    `raise_open_files`) less a reserve for the files, the database and Streamlit."""
    try:
        import resource

        soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ImportError, ValueError, OSError):  # no such limit here (Windows)
        return 8192
    if soft == getattr(resource, "RLIM_INFINITY", -1) or soft <= 0:
        soft = 65536
    return max(soft - max(RESERVE_MIN, soft // 8), 32)


_FD_FOLDER = "/proc/self/fd" if os.path.isdir("/proc/self/fd") else None


def open_files() -> int:
    """Files this process has open now: exact where the system lists them (Linux), else the
    connections counted here and the reserve (a connection accepted is counted only once its
    protocol starts, an instant later: the exact count leaves no such gap)."""
    if _FD_FOLDER is not None:
        try:
            return len(os.listdir(_FD_FOLDER))
        except OSError:
            pass
    return open_count() + RESERVE_MIN


def open_count() -> int:
    """Connections this process holds now (lien.web.shedding keeps them within its open files).

    A connection that became a websocket leaves through the websocket's protocol, not this
    one: closed ones are pruned at most twice a second, when counted."""

    now = time.monotonic()
    if now - _State.counted_at > 0.5:
        _State.counted_at = now
        _State.open = {t for t in _State.open if not t.is_closing()}
    return len(_State.open)


def _arm(protocol) -> None:
    protocol._lien_timer = protocol.loop.call_later(header_timeout(), _too_slow, protocol)


def _disarm(protocol) -> None:
    timer = getattr(protocol, "_lien_timer", None)
    if timer is not None:
        timer.cancel()
        protocol._lien_timer = None


def _awaiting_headers(protocol) -> bool:
    """Whether the connection is still waiting for a request's headers to be complete.

    h11 says it by its state; httptools' protocol starts a new request cycle once the headers
    are in, so before that its cycle is none, or the last one, answered."""
    conn = getattr(protocol, "conn", None)
    if conn is not None:  # H11Protocol
        import h11

        return conn.their_state is h11.IDLE
    cycle = protocol.cycle  # HttpToolsProtocol
    return cycle is None or cycle.response_complete


def _too_slow(protocol) -> None:
    transport = protocol.transport
    if transport.is_closing() or transport.get_protocol() is not protocol:
        return  # closed, or upgraded to a websocket
    if _awaiting_headers(protocol):
        _State.timed_out += 1
        transport.close()


def _admitted(address: str, transport) -> bool:
    """False (and the connection closed) when `address` already holds the cap's worth."""
    cap = per_client()
    if not cap or not address:
        return True
    held = _State.by_address.setdefault(address, set())
    for other in [t for t in held if t.is_closing()]:
        held.discard(other)
    if len(held) >= cap:
        _State.refused += 1
        if _State.refused in (1, 10, 100, 1000) or _State.refused % 10_000 == 0:
            LOG.warning(
                "Lien: %s holds %d connections (LIEN_CONNECTIONS_PER_CLIENT): "
                "closing new ones (%d so far)",
                address,
                len(held),
                _State.refused,
            )
        transport.close()
        return False
    held.add(transport)
    if len(_State.by_address) > 100_000:  # forget addresses gone quiet
        for key in [k for k, v in _State.by_address.items() if not v]:
            del _State.by_address[key]
    return True


def _guard(protocol_class: type) -> None:
    """Wrap uvicorn's HTTP protocol methods in place (h11's or httptools'), with the cap and
    the header timeout.

    In place, not a subclass: uvicorn picks its protocol class before it imports the app, so
    the app can only change the class it already holds.
    """
    made = protocol_class.connection_made
    received = protocol_class.data_received
    completed = protocol_class.on_response_complete
    lost = protocol_class.connection_lost

    def connection_made(self, transport) -> None:
        made(self, transport)
        self._lien_timer = None
        _State.open.add(transport)
        if _admitted(self.client[0] if self.client else "", transport):
            _arm(self)

    def data_received(self, data: bytes) -> None:
        received(self, data)
        if self.transport.get_protocol() is not self or not _awaiting_headers(self):
            _disarm(self)  # the headers are in (or it became a websocket)

    def on_response_complete(self) -> None:
        completed(self)
        if not self.transport.is_closing():
            _disarm(self)
            _arm(self)  # the next request's headers get the same time

    def connection_lost(self, exc) -> None:
        _disarm(self)
        _State.open.discard(self.transport)
        address = self.client[0] if getattr(self, "client", None) else ""
        held = _State.by_address.get(address)
        if held is not None:
            held.discard(self.transport)
        lost(self, exc)

    protocol_class.connection_made = connection_made
    protocol_class.data_received = data_received
    protocol_class.on_response_complete = on_response_complete
    protocol_class.connection_lost = connection_lost
    protocol_class._lien_guarded = True


class Closing:
    """Whether the server is stopping, and a wait that ends early when it starts to."""

    def __init__(self) -> None:
        self._set = False
        self._events: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def is_set(self) -> bool:
        return self._set

    def set(self) -> None:
        """Called on the server's event loop when it starts shutting down."""
        self._set = True
        for loop, event in list(self._events.items()):
            loop.call_soon_threadsafe(event.set)

    async def wait(self, seconds: float) -> bool:
        """Sleep `seconds`, or less if the server starts stopping; True when it is."""
        if self._set:
            return True
        loop = asyncio.get_running_loop()
        event = self._events.get(loop)
        if event is None:
            event = self._events[loop] = asyncio.Event()
        try:
            async with asyncio.timeout(seconds):
                await event.wait()
        except TimeoutError:
            pass
        return self._set


closing = Closing()


def _announce_shutdown() -> None:
    """uvicorn's Server.shutdown, telling `closing` before it waits for requests to end."""
    from uvicorn.server import Server

    if getattr(Server, "_lien_announces", False):
        return
    shutdown = Server.shutdown

    async def announced(self, *args, **kwargs):
        closing.set()
        try:
            return await shutdown(self, *args, **kwargs)
        finally:
            # Python's last garbage collection, as it exits, walks every object the app holds
            # (content, charts, pandas): 1 to 3 s after Ctrl-C, for memory the system takes
            # back anyway. Frozen objects are left out of it; nothing is written by it.
            gc.freeze()

    Server.shutdown = announced
    Server._lien_announces = True


def _gate_accepts() -> None:
    """asyncio accepts new connections only while the process can hold them.

    uvicorn listens with a queue of 2,048 and asyncio accepts as many as wait, each taking an
    open file before its request is read: 2,000 phones arriving at once took every file the
    process had (Errno 24: a traceback per try, then `accept()` paused for a second, and
    every file the app opened failing). Here, when `budget()` connections are open, new ones
    stay in the system's queue (where they cost no file, and wait as in any queue) and are
    taken PAUSE_S later, as many as there is room for.
    """
    import asyncio.selector_events as selector_events

    loop_class = selector_events.BaseSelectorEventLoop
    if getattr(loop_class, "_lien_gated", False):
        return
    accept = loop_class._accept_connection

    def gated(self, protocol_factory, sock, sslcontext=None, server=None, backlog=100, *rest):
        # Far from the limit (the last exact count, under 0.1 s old, below half of it, and
        # few connections counted since), no listing (2,000 files take a third of a
        # millisecond to list); near it, the files open are counted exactly.
        limit, counted, now = budget(), open_count(), time.monotonic()
        when, files = _State.exact
        if counted < limit // 4 and now - when < 0.1 and files < limit // 2:
            room = limit // 2 - counted
        else:
            files = open_files()
            _State.exact = (now, files)
            room = limit - files
        if room <= 0:
            _State.paused += 1
            self._remove_reader(sock.fileno())
            self.call_later(
                PAUSE_S,
                self._start_serving,
                protocol_factory,
                sock,
                sslcontext,
                server,
                backlog,
                *rest,
            )
            return None
        return accept(self, protocol_factory, sock, sslcontext, server, min(backlog, room), *rest)

    loop_class._accept_connection = gated
    loop_class._lien_gated = True


def protocols() -> list[type]:
    """uvicorn's HTTP protocols installed here: h11's always, httptools' when httptools is
    (uvicorn's "auto" then picks it: its parser is in C, a third of h11's CPU per request)."""
    found = []
    with contextlib.suppress(ImportError):
        from uvicorn.protocols.http.h11_impl import H11Protocol

        found.append(H11Protocol)
    with contextlib.suppress(ImportError):
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

        found.append(HttpToolsProtocol)
    return found


def install() -> bool:
    """Give uvicorn's HTTP protocols the checks above (once per process); True when the one
    uvicorn uses ("auto": httptools' when installed, else h11's) is guarded."""
    raise_open_files()
    budget.cache_clear()
    _gate_accepts()
    with contextlib.suppress(ImportError):  # no uvicorn: nothing to stop quickly
        _announce_shutdown()
    for protocol_class in protocols():
        if not getattr(protocol_class, "_lien_guarded", False):
            _guard(protocol_class)
    try:
        import uvicorn.protocols.http.auto as auto
    except ImportError:
        return False
    if not getattr(auto.AutoHTTPProtocol, "_lien_guarded", False):
        LOG.warning("Lien: uvicorn uses %s; no per-client limit added", auto.AutoHTTPProtocol)
        return False
    return True
