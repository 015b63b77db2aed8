"""The participants' side of the live room: small Starlette routes beside Streamlit.

A Streamlit session costs about 0.1 s of server CPU per rerun, too much for a room of 200
phones. So participants get a tiny self-contained HTML page and a plain form, served by
`st.App` custom routes in the same process: it works without JavaScript, and with it the
page polls a small JSON state and reloads itself when the presenter moves on.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import threading
import time
from collections import OrderedDict, deque
from importlib.resources import files
from urllib.parse import parse_qs, quote

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from lien.content import BUNDLES, Bundle, content_root
from lien.live import settings
from lien.live.questions import live_questions
from lien.live.store import Room, StoreUnavailable, current_store, normal_code
from lien.text import accepted_languages, choose_language

COOKIE = "lien_participant"
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_\-]{16,64}$")
CODE_PATTERN = re.compile(r"^[A-Za-z0-9]{4,12}$")
MAX_BODY_BYTES = 1024  # an answer is a few dozen bytes; anything larger is refused
FLOOD_LIMIT = 5  # answers one participant may send …
FLOOD_WINDOW_S = 10.0  # … within this many seconds
STATE_TTL_S = 0.5  # a room's state is read from the store at most this often per process
LONG_POLL_S = 20.0  # a phone's "has anything changed?" waits this long for a change


# --- flood control ------------------------------------------------------------------------


class FloodGuard:
    """At most `limit` answers per participant per `window` seconds (per app process)."""

    def __init__(self, limit: int = FLOOD_LIMIT, window: float = FLOOD_WINDOW_S, size=50_000):
        self.limit, self.window, self.size = limit, window, size
        self._recent: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, participant: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            times = self._recent.pop(participant, None) or deque()
            while times and now - times[0] > self.window:
                times.popleft()
            allowed = len(times) < self.limit
            times.append(now)  # refused attempts count too: a flood stays refused
            self._recent[participant] = times
            while len(self._recent) > self.size:
                self._recent.popitem(last=False)
            return allowed


flood_guard = FloodGuard()
_joined: OrderedDict[tuple[str, str], None] = OrderedDict()  # who already joined which room
_joined_lock = threading.Lock()


# --- the pages: Jinja2 templates in lien/live/templates, autoescaped ------------------------

TEMPLATES = Environment(
    loader=PackageLoader("lien.live", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
# Long polling (phone.js): the server answers when the room changes (or after LONG_POLL_S), so
# a room of 200 idle phones costs 200 open connections, not 130 requests a second.
_CSS = (files("lien.live") / "templates" / "phone.css").read_text(encoding="utf-8")
_JS = (files("lien.live") / "templates" / "phone.js").read_text(encoding="utf-8")


def _render(template: str, bundle: Bundle, lang: str, title: str, **context) -> str:
    """One phone page in the phone's language: every value is escaped by the template."""
    t = bundle.ui[lang].__getitem__
    others = [(o, bundle.ui[o][f"lang.{o}"]) for o in bundle.languages if o != lang]
    return TEMPLATES.get_template(template).render(
        t=t,
        lang=lang,
        title=t(title),
        css=Markup(_CSS),
        js=Markup(_JS),
        other_languages=others,
        data=context.pop("data", {}),
        **context,
    )


def _language(request: Request, bundle: Bundle) -> str:
    """The phone's language: the URL's, else the browser's languages in order, else French."""
    return choose_language(
        bundle.languages,
        bundle.site.default_language,
        requested=request.query_params.get("lang"),
        browser=accepted_languages(request.headers.get("accept-language")),
    )


def version_of(room: Room) -> str:
    return f"{room.round}:{room.phase}:{room.question_id or ''}"


def _message_page(
    bundle: Bundle, lang: str, status: int, title_key: str, text_key: str, back: str | None
) -> HTMLResponse:
    page = _render(
        "message.html", bundle, lang, title_key, title_key=title_key, text_key=text_key, back=back
    )
    headers = {"Retry-After": "5"} if status == 503 else None
    return HTMLResponse(page, status_code=status, headers=headers)


def _participant(request: Request) -> str | None:
    token = request.cookies.get(COOKIE, "")
    return token if TOKEN_PATTERN.match(token) else None


def _set_participant(response: Response, token: str) -> None:
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(settings.room_lifetime_seconds()) or None,
        path="/join",
        httponly=True,
        samesite="lax",
    )


# --- routes -------------------------------------------------------------------------------


async def join_form(request: Request) -> Response:
    """GET /join: a box to type the room code, for those who cannot scan."""
    bundle = BUNDLES.get(content_root(), keep_last_good=True)
    lang = _language(request, bundle)
    code = request.query_params.get("code", "").strip()
    if code:
        return RedirectResponse(f"/join/{quote(normal_code(code))}?lang={lang}", status_code=303)
    return HTMLResponse(_render("code.html", bundle, lang, "join.title", path="/join"))


async def join_page(request: Request) -> Response:
    """GET /join/{code}: the current question of the room, or a friendly message."""
    bundle = BUNDLES.get(content_root(), keep_last_good=True)
    lang = _language(request, bundle)
    code = normal_code(request.path_params["code"])
    path = f"/join/{code}"
    if not CODE_PATTERN.match(code):
        return _message_page(bundle, lang, 404, "join.unknown_title", "join.unknown_room", None)
    participant = _participant(request)
    new_token = participant is None
    participant = participant or secrets.token_urlsafe(18)
    store = current_store()

    def read() -> tuple[Room | None, str | None]:
        room = store.room(code)
        if room is None:
            return None, None
        with _joined_lock:
            known = (code, participant) in _joined
        if not known:
            store.join(code, participant)
            with _joined_lock:
                _joined[(code, participant)] = None
                while len(_joined) > 100_000:
                    _joined.popitem(last=False)
        mine = None if new_token else store.answer_of(code, room.round, participant)
        return room, mine

    try:
        room, mine = await run_in_threadpool(read)
    except StoreUnavailable:
        return _message_page(bundle, lang, 503, "join.title", "join.unavailable", path)
    if room is None:
        return _message_page(bundle, lang, 404, "join.unknown_title", "join.unknown_room", None)
    question = live_questions(bundle, lang).get(room.question_id or "")
    notice = bundle.ui[lang]["join.saved"] if request.query_params.get("saved") and mine else ""
    rights = ""
    if question is not None:
        rights = ", ".join(question.option_text(c) or c for c in sorted(question.correct))
    data = {
        "state": f"{path}/state",
        "page": f"{path}?lang={lang}",
        "version": version_of(room),
    }
    page = _render(
        "room.html",
        bundle,
        lang,
        "join.title",
        room=room,
        question=question,
        mine=mine,
        notice=notice,
        right_options=rights,
        path=path,
        data=data,
    )
    response = HTMLResponse(page)
    response.headers["Cache-Control"] = "no-store"
    if new_token:
        _set_participant(response, participant)
    return response


class RoomStates:
    """Each room's state as phones see it, shared by every waiting phone of this process.

    It is read from the store at most once per STATE_TTL_S per room, however many phones
    wait. Everything runs on the server's one event loop, so plain fields need no lock.
    """

    def __init__(self, ttl: float = STATE_TTL_S):
        self.ttl = ttl
        self._cache: dict[str, tuple[float, Room | None]] = {}
        self._refreshing: set[str] = set()

    async def get(self, code: str) -> Room | None:
        give_up = time.monotonic() + 5
        while True:
            entry = self._cache.get(code)
            now = time.monotonic()
            if entry and now - entry[0] < self.ttl:
                return entry[1]
            if code not in self._refreshing or now > give_up:
                break
            await asyncio.sleep(0.02)  # another phone's request is reading it right now
        self._refreshing.add(code)
        try:
            room = await run_in_threadpool(current_store().room, code)
        finally:
            self._refreshing.discard(code)
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[code] = (time.monotonic(), room)
        return room


room_states = RoomStates()


async def join_state(request: Request) -> Response:
    """GET /join/{code}/state[?since=VERSION]: the room's state, once it differs from VERSION.

    Without `since` it answers at once; with it, it waits (up to LONG_POLL_S) for a change.
    """
    code = normal_code(request.path_params["code"])
    if not CODE_PATTERN.match(code):
        return JSONResponse({"error": "unknown room", "version": "gone"}, status_code=404)
    since = request.query_params.get("since")
    deadline = time.monotonic() + LONG_POLL_S
    while True:
        try:
            room = await room_states.get(code)
        except StoreUnavailable:
            return JSONResponse({"error": "unavailable"}, status_code=503)
        if room is None:
            return JSONResponse({"error": "unknown room", "version": "gone"}, status_code=404)
        if since is None or version_of(room) != since or time.monotonic() >= deadline:
            break
        # A phone that went away is not checked for: the wait ends by itself at the deadline.
        await asyncio.sleep(STATE_TTL_S)
    state = {"phase": room.phase, "round": room.round, "version": version_of(room)}
    return JSONResponse(state, headers={"Cache-Control": "no-store"})


async def _bounded_body(request: Request) -> bytes | None:
    """The request body, or None when it is larger than MAX_BODY_BYTES."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > MAX_BODY_BYTES:
                return None
        except ValueError:
            return b"\xff"  # unreadable length: treated as malformed below
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            return None
    return body


def _form(body: bytes) -> dict[str, str] | None:
    """The three fields of an answer, or None when the body is not a well-formed answer."""
    try:
        fields = parse_qs(body.decode("utf-8"), strict_parsing=True, max_num_fields=8)
    except (UnicodeDecodeError, ValueError):
        return None
    if set(fields) != {"option", "round", "question"}:
        return None
    if any(len(values) != 1 or len(values[0]) > 64 for values in fields.values()):
        return None
    form = {key: values[0] for key, values in fields.items()}
    return form if form["round"].isdigit() else None


async def submit_answer(request: Request) -> Response:
    """POST /join/{code}/answer: store (or replace) this participant's answer, then go back."""
    bundle = BUNDLES.get(content_root(), keep_last_good=True)
    lang = _language(request, bundle)
    code = normal_code(request.path_params["code"])
    back = f"/join/{code}?lang={lang}"

    def refuse(status: int, key: str, title: str = "join.error_title") -> HTMLResponse:
        return _message_page(bundle, lang, status, title, key, back)

    if not CODE_PATTERN.match(code):
        return _message_page(bundle, lang, 404, "join.unknown_title", "join.unknown_room", None)
    body = await _bounded_body(request)
    if body is None:
        return refuse(413, "join.too_large")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    form = _form(body) if content_type == "application/x-www-form-urlencoded" else None
    if form is None:
        return refuse(400, "join.bad_request")
    participant = _participant(request)
    if participant is None:
        return refuse(400, "join.no_cookie")
    if not flood_guard.allow(participant):
        return refuse(429, "join.too_fast")
    round_, question_id, option = int(form["round"]), form["question"], form["option"]
    question = live_questions(bundle, lang).get(question_id)
    if question is None or option not in question.option_ids:
        return refuse(400, "join.bad_option")
    store = current_store()
    try:
        # One statement on the happy path: it stores only if this very question is open.
        stored = await run_in_threadpool(
            store.submit, code, round_, question_id, participant, option
        )
        room = None if stored else await run_in_threadpool(store.room, code)
    except StoreUnavailable:
        return refuse(503, "join.unavailable", "join.title")
    if not stored:
        if room is None:
            return _message_page(bundle, lang, 404, "join.unknown_title", "join.unknown_room", None)
        return refuse(409, "join.closed_refused")
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"stored": True})
    return RedirectResponse(f"{back}&saved=1", status_code=303)


def participant_routes() -> list[Route]:
    return [
        Route("/join", join_form, methods=["GET"]),
        Route("/join/{code}", join_page, methods=["GET"]),
        Route("/join/{code}/state", join_state, methods=["GET"]),
        Route("/join/{code}/answer", submit_answer, methods=["POST"]),
    ]
