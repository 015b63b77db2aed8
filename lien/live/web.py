"""The participants' side of the live room: small Starlette routes beside Streamlit.

A Streamlit session costs about 0.1 s of server CPU per rerun, too much for a room of 200
phones. So participants get a tiny self-contained HTML page and plain forms, served by
`st.App` custom routes in the same process: it works without JavaScript, and with it the
page polls a small JSON state and reloads itself when the presenter moves on.

What a phone can and cannot do:
- its token is issued here, signed with the room's secret (lien.live.tokens), one per phone
  per room, in a cookie valid for that room only; a token the server did not issue is refused;
- joining is limited per network address (a rate, and a few phones per room: one laptop
  cannot answer for many phones), capped per room and stoppable by the presenter, and answers
  per phone, by counters kept in the store (every replica counts the same);
- every response carries a Content-Security-Policy (no script or style but the page's own,
  nothing from another host, no framing), nosniff and no referrer; every POST must come from
  this origin (Origin checked);
- a request body must arrive within BODY_TIMEOUT_S; a phone that goes away mid-request is
  logged in one line.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import hashlib
import logging
import os
import re
import time
from importlib.resources import files
from urllib.parse import parse_qs, quote

from jinja2 import Environment, PackageLoader, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from lien.content import BUNDLES, Bundle, ContentError, content_root, per_content
from lien.content.messages import language_of, say
from lien.live import connections, settings, tokens
from lien.live.blocklist import is_blocked
from lien.live.plain import plain
from lien.live.questions import MAX_TEXT, SKIP, live_questions, normal_words
from lien.live.store import Room, StoreUnavailable, current_store, normal_code, room_changes
from lien.text import accepted_languages, choose_language
from lien.view import View

LOG = logging.getLogger("lien.live")
LANG_COOKIE = "lien_lang"
CODE_PATTERN = re.compile(r"^[A-Za-z0-9]{4,12}$")
NUMBER_PATTERN = re.compile(r"^[0-9]{1,9}$")  # ASCII digits only: "²" is a digit to Python
MAX_BODY_BYTES = 2048  # an answer is a few hundred bytes at most; anything larger is refused
BODY_TIMEOUT_S = 10.0  # a body that trickles in slower than this is dropped
FLOOD = (5, 0.5)  # answers one phone may send: 5 at once, then one every 2 s
FLOOD_LIMIT = FLOOD[0]
JOINS = (30, 0.5)  # new phones one network address may join: 30 at once, then one every 2 s
STATE_TTL_S = 0.5  # a room's state is read from the store at most this often per process
LONG_POLL_S = 20.0  # a phone's "has anything changed?" waits this long for a change


# --- the pages: Jinja2 templates in lien/live/templates, autoescaped ------------------------

TEMPLATES = Environment(
    loader=PackageLoader("lien.live", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
    # The templates are code, not content: read once, not checked on disk at every page.
    auto_reload=False,
)
# Long polling (phone.js): the server answers when the room changes (or after LONG_POLL_S), so
# a room of 200 idle phones costs 200 open connections, not 130 requests a second.
_CSS = (files("lien.live") / "templates" / "phone.css").read_text(encoding="utf-8")
_JS = (files("lien.live") / "templates" / "phone.js").read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


# The page's own style and script, by hash: nothing else runs or styles it, and it loads nothing.
CSP = (
    "default-src 'none'; "
    f"style-src {_sha256(_CSS)}; script-src {_sha256(_JS)}; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",
}


REPLICA = os.environ.get("LIEN_REPLICA", "")  # which copy of the app answered (deploy/)


def secured(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if REPLICA:
        response.headers["X-Lien-Replica"] = REPLICA
    return response


def render_phone_page(template: str, bundle: Bundle, lang: str, title: str, **context) -> str:
    """One phone page in the phone's language: every value is escaped by the template."""
    t = bundle.ui[lang].__getitem__
    others = [(o, bundle.ui[o][f"lang.{o}"]) for o in bundle.languages if o != lang]
    context.setdefault("path", "/join")
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


def phone_language(request: Request, bundle: Bundle) -> str:
    """The phone's language: its URL, then its own switch (a cookie), then the browser's."""
    return choose_language(
        bundle.languages,
        bundle.site.default_language,
        requested=request.query_params.get("lang"),
        remembered=request.cookies.get(LANG_COOKIE),
        browser=accepted_languages(request.headers.get("accept-language")),
    )


def _remember_language(request: Request, response: Response, lang: str) -> Response:
    """A phone that chose a language keeps it (the presenter's language never changes it)."""
    if request.query_params.get("lang") == lang and request.cookies.get(LANG_COOKIE) != lang:
        response.set_cookie(
            LANG_COOKIE, lang, max_age=30 * 86400, path="/join", httponly=True, samesite="lax"
        )
    return response


def version_of(room: Room, extra: int = 0) -> str:
    paused = "p" if room.paused else ""
    return f"{room.round}:{room.phase}:{room.question_id or ''}:{paused}{extra or ''}"


def _message_page(
    bundle: Bundle, lang: str, status: int, title_key: str, text_key: str, back: str | None
) -> HTMLResponse:
    page = render_phone_page(
        "message.html", bundle, lang, title_key, title_key=title_key, text_key=text_key, back=back
    )
    headers = {"Retry-After": "5"} if status in (503, 429) else None
    return secured(HTMLResponse(page, status_code=status, headers=headers))


def client_address(request: Request) -> str:
    """Who is asking: the peer, or the X-Real-IP a trusted proxy (nginx) says it forwards."""
    peer = request.client.host if request.client else "unknown"
    if peer in settings.trusted_proxies():
        forwarded = request.headers.get("x-real-ip", "").strip()
        if forwarded and len(forwarded) <= 64:
            return forwarded
    return peer


def _own_origin(request: Request) -> str:
    scheme = request.url.scheme
    peer = request.client.host if request.client else ""
    if peer in settings.trusted_proxies():
        scheme = request.headers.get("x-forwarded-proto", scheme)
    return f"{scheme}://{request.headers.get('host', '')}".lower()


def foreign_post(request: Request) -> bool:
    """A POST sent by a page of another origin (another port or host): refused.

    Browsers send Origin with every POST; a request without one did not come from a page.
    """
    origin = request.headers.get("origin")
    if origin is None:
        return False
    return origin.lower() != _own_origin(request)


# --- routes -------------------------------------------------------------------------------


async def join_form(request: Request) -> Response:
    """GET /join: a box to type the room code, for those who cannot scan."""
    bundle = BUNDLES.get(content_root(), keep_last_good=True)
    lang = phone_language(request, bundle)
    code = request.query_params.get("code", "").strip()
    if code:
        return secured(
            RedirectResponse(f"/join/{quote(normal_code(code))}?lang={lang}", status_code=303)
        )
    response = HTMLResponse(
        render_phone_page("code.html", bundle, lang, "join.title", path="/join")
    )
    return _remember_language(request, secured(response), lang)


def phones_per_address(room: Room) -> int:
    """The room's cap on phones per network address: its talk's, else the default."""
    return settings.phones_per_address() if room.per_address is None else room.per_address


class RoomStates:
    """Each room's state as phones see it, shared by every waiting phone of this process.

    It is read from the store at most once per STATE_TTL_S per room, however many phones
    wait, and again at once after this process changed the room (store.room_changes: the
    presenter's open, close, reveal or pause here is on the next phone page, not up to
    STATE_TTL_S later; another replica's change is seen within STATE_TTL_S). Everything
    runs on the server's one event loop, so plain fields need no lock.
    """

    def __init__(self, ttl: float = STATE_TTL_S):
        self.ttl = ttl
        self._cache: dict[str, tuple[float, Room | None, int, int]] = {}
        self._refreshing: set[str] = set()
        # Phones waiting for a change, by room: one watcher per room reads the state every
        # ttl for all of them and wakes them when it moved (2,000 waiting phones each waking
        # twice a second cost the server a sixth of a core for nothing).
        self._news: dict[str, tuple[asyncio.Event, str]] = {}
        self._waiters: dict[str, int] = {}

    async def entry(self, code: str) -> tuple[Room | None, int]:
        """(room, approved audience questions: a change the phones of a Q&A must see)."""
        give_up = time.monotonic() + 5
        while True:
            entry = self._cache.get(code)
            now = time.monotonic()
            if entry and now - entry[0] < self.ttl and entry[3] == room_changes[code]:
                return entry[1], entry[2]
            if code not in self._refreshing or now > give_up:
                break
            await asyncio.sleep(0.02)  # another phone's request is reading it right now
        self._refreshing.add(code)
        changes = room_changes[code]  # before the read: a change made during it is not lost
        try:
            room, extra = await run_in_threadpool(_read_state, code)
        finally:
            self._refreshing.discard(code)
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[code] = (time.monotonic(), room, extra, changes)
        return room, extra

    async def get(self, code: str) -> Room | None:
        return (await self.entry(code))[0]

    async def changed(self, code: str, version: str, seconds: float) -> bool:
        """Wait until the room's version may differ from `version`, or `seconds`; True when
        the server is stopping (the phone is told to come back later)."""
        news = self._news.get(code)
        if news is None:
            news = self._news[code] = (asyncio.Event(), version)
            asyncio.get_running_loop().create_task(self._watch(code, news))
        elif news[1] != version:  # the watcher has already read another version
            return connections.closing.is_set()
        self._waiters[code] = self._waiters.get(code, 0) + 1
        try:
            async with asyncio.timeout(seconds):
                await news[0].wait()
        except TimeoutError:
            pass
        finally:
            self._waiters[code] -= 1
            if not self._waiters[code]:
                del self._waiters[code]
        return connections.closing.is_set()

    async def _watch(self, code: str, news: tuple[asyncio.Event, str]) -> None:
        event, seen = news
        try:
            while self._waiters.get(code, 0) > 0:
                if await connections.closing.wait(max(self.ttl, 0.05)):
                    return
                try:
                    room, extra = await self.entry(code)
                except Exception:  # each waiting phone reads it again itself, and is told
                    return
                if room is None or version_of(room, extra) != seen:
                    return
        finally:
            if self._news.get(code) is news:
                del self._news[code]
            event.set()


def _read_state(code: str) -> tuple[Room | None, int]:
    store = current_store()
    room = store.room(code)
    if room is None or not (room.question_id or "").startswith("poll:"):
        return room, 0
    bundle = BUNDLES.get(content_root(), keep_last_good=True)
    question = live_questions(bundle, bundle.site.default_language).get(room.question_id)
    if question is None or question.form != "questions":
        return room, 0
    tally = store.tally(code)
    return room, sum(1 for a in tally.asks if a.status == "approved") if tally else 0


room_states = RoomStates()


_INLINE = MarkdownIt("commonmark", {"html": False})


@per_content()
def _safety(bundle: Bundle, lang: str):
    """The helplines as every page shows them (View.helplines: content's words, punctuation,
    cost and hours), every place of this language, each line as inline HTML (safety.html).
    Built once per content load and language: every phone's page carries them."""
    places = tuple(
        (place, tuple(Markup(_INLINE.renderInline(line)) for line in lines))
        for place, lines in View(bundle, lang).helplines()
    )
    return bundle.safety[lang], places


async def join_page(request: Request) -> Response:
    """GET /join/{code}: the current question of the room, or a friendly message."""
    bundle = BUNDLES.get(content_root(), keep_last_good=True)
    lang = phone_language(request, bundle)
    code = normal_code(request.path_params["code"])
    path = f"/join/{code}"
    if not CODE_PATTERN.match(code):
        return _message_page(bundle, lang, 404, "join.unknown_title", "join.unknown_room", None)
    store = current_store()
    try:
        room = await room_states.get(code)
    except StoreUnavailable:
        return _message_page(bundle, lang, 503, "join.title", "join.unavailable", path)
    if room is None:
        return _message_page(bundle, lang, 404, "join.unknown_title", "join.unknown_room", None)
    participant = tokens.participant_of(room, request.cookies.get(tokens.cookie_name(code)))
    new_token = None
    if participant is None:
        participant = tokens.new_participant()
        address = client_address(request)
        try:
            joined = await run_in_threadpool(
                lambda: store.join(
                    code,
                    participant,
                    address_key=address,
                    joins=JOINS,
                    max_participants=room.max_phones,
                    per_address=phones_per_address(room),
                )
            )
        except StoreUnavailable:
            return _message_page(bundle, lang, 503, "join.title", "join.unavailable", path)
        if joined == "too_fast":
            return _message_page(bundle, lang, 429, "join.title", "join.too_many_joins", path)
        if joined == "full":
            return _message_page(bundle, lang, 503, "join.title", "join.full", None)
        if joined == "closed":
            return _message_page(bundle, lang, 503, "join.title", "join.joins_closed", path)
        if joined == "address_full":
            return _message_page(bundle, lang, 403, "join.title", "join.address_full", None)
        if joined == "gone":
            return _message_page(bundle, lang, 404, "join.unknown_title", "join.unknown_room", None)
        new_token = tokens.token_for(room, participant)
    question = live_questions(bundle, lang).get(room.question_id or "")

    def mine_and_asks():
        row = store.answer_row(code, room.round, participant)
        asks, voted = [], set()
        if question is not None and question.form == "questions":
            tally = store.tally(code)
            asks = [a for a in tally.asks if a.status == "approved"] if tally else []
            voted = store.voted(code, participant)
        return row, asks, voted

    row, asks, voted = None, [], set()
    if not new_token:  # a phone that just joined has nothing stored yet: no second hop
        try:
            row, asks, voted = await run_in_threadpool(mine_and_asks)
        except StoreUnavailable:
            return _message_page(bundle, lang, 503, "join.title", "join.unavailable", path)
    mine = row.option_id if row else None
    mine_words = row.text.split("\n") if row and row.text and question.form == "words" else []
    mine_text = None
    if row and question is not None:
        if question.form == "choice":
            mine_text = question.option_text(mine) or (
                bundle.ui[lang]["join.skip"] if mine == SKIP else None
            )
        elif question.form == "scale":
            mine_text = bundle.ui[lang]["join.skip"] if mine == SKIP else mine
        elif mine == SKIP:
            mine_text = bundle.ui[lang]["join.skip"]
        elif question.form == "words":
            mine_text = ", ".join(mine_words)
        elif question.form == "open":
            mine_text = row.text
    notice = bundle.ui[lang]["join.saved"] if request.query_params.get("saved") and row else ""
    if request.query_params.get("asked"):
        notice = bundle.ui[lang]["join.asked"]
    rights = ""
    if question is not None:
        rights = ", ".join(question.option_text(c) or c for c in sorted(question.correct))
    extra = len(asks)
    data = {
        "state": f"{path}/state",
        "page": f"{path}?lang={lang}",
        "version": version_of(room, extra),
        "round": str(room.round),
        "sending": bundle.ui[lang]["join.sending"],  # while phone.js sends an answer again
    }
    safety, safety_lines = _safety(bundle, lang)
    # A question of a one-language talk stays as written; the phone says in which language.
    written_in = bundle.written_in.get(question.id, ()) if question is not None else ()
    talk_language = (
        bundle.ui[lang][f"join.talk_in_{written_in[0]}"]
        if written_in and lang not in written_in
        else ""
    )
    page = render_phone_page(
        "room.html",
        bundle,
        lang,
        "join.title",
        room=room,
        question=question,
        mine=mine,
        mine_text=mine_text,
        mine_words=mine_words,
        notice=notice,
        right_options=rights,
        talk_language=talk_language,
        asks=asks,
        voted=voted,
        statements=bundle.reflection[lang].statements,
        safety=safety,
        safety_lines=safety_lines,
        path=path,
        data=data,
    )
    response = secured(HTMLResponse(page))
    if new_token:
        tokens.set_cookie(response, room, new_token)
    return _remember_language(request, response, lang)


async def join_state(request: Request) -> Response:
    """GET /join/{code}/state[?since=VERSION]: the room's state, once it differs from VERSION.

    Without `since` it answers at once; with it, it waits (up to LONG_POLL_S) for a change.
    """
    code = normal_code(request.path_params["code"])
    if not CODE_PATTERN.match(code):
        return secured(JSONResponse({"error": "unknown room", "version": "gone"}, 404))
    since = request.query_params.get("since")
    if since is not None and len(since) > 120:
        return secured(JSONResponse({"error": "bad request"}, status_code=400))
    deadline = time.monotonic() + LONG_POLL_S
    while True:
        try:
            room, extra = await room_states.entry(code)
        except StoreUnavailable:
            return secured(JSONResponse({"error": "unavailable"}, status_code=503))
        if room is None:
            return secured(JSONResponse({"error": "unknown room", "version": "gone"}, 404))
        version = version_of(room, extra)
        if since is None or version != since or time.monotonic() >= deadline:
            break
        # A phone that went away is not checked for: the wait ends by itself at the deadline.
        # The server stopping ends it at once: the phone asks again a little later.
        if await room_states.changed(code, version, deadline - time.monotonic()):
            return secured(JSONResponse({"error": "unavailable"}, 503, {"Retry-After": "5"}))
    state = {"phase": room.phase, "round": room.round, "paused": room.paused, "version": version}
    return secured(JSONResponse(state))


async def _bounded_body(request: Request) -> bytes | None:
    """The request body, or None when it is larger than MAX_BODY_BYTES.

    Raises TimeoutError when it trickles in slower than BODY_TIMEOUT_S, ClientDisconnect when
    the phone goes away.
    """
    declared = request.headers.get("content-length")
    if declared is not None:
        if not NUMBER_PATTERN.match(declared):
            return b"\xff"  # unreadable length: treated as malformed below
        if int(declared) > MAX_BODY_BYTES:
            return None
    body = b""
    async with asyncio.timeout(BODY_TIMEOUT_S):
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                return None
    return body


FIELDS = {
    "answer": ({"option", "round", "question"}, {"text", "w1", "w2", "w3"}),
    "ask": ({"text", "round", "question"}, set()),
    "vote": ({"ask", "round", "question"}, set()),
}


def _form(body: bytes, action: str) -> dict[str, str] | None:
    """The fields of one form, or None when the body is not a well-formed one."""
    required, optional = FIELDS[action]
    try:
        fields = parse_qs(body.decode("utf-8"), strict_parsing=True, max_num_fields=10)
    except (UnicodeDecodeError, ValueError):
        return None
    if not required <= set(fields) <= required | optional:
        return None
    longest = {"text": MAX_TEXT * 4}
    if any(
        len(values) != 1 or len(values[0]) > longest.get(key, 64) for key, values in fields.items()
    ):
        return None
    form = {key: values[0] for key, values in fields.items()}
    if not NUMBER_PATTERN.match(form["round"]):
        return None
    if action == "vote" and not NUMBER_PATTERN.match(form["ask"]):
        return None
    return form


REFUSALS = {
    "closed": (409, "join.closed_refused"),
    "paused": (409, "join.paused_refused"),
    "too_fast": (429, "join.too_fast"),
    "enough": (409, "join.enough_asks"),
}


async def _post(request: Request, action: str) -> Response:
    """The three POST routes: an answer, an audience question, an upvote."""
    bundle = BUNDLES.get(content_root(), keep_last_good=True)
    lang = phone_language(request, bundle)
    code = normal_code(request.path_params["code"])
    back = f"/join/{code}?lang={lang}"

    def refuse(status: int, key: str, title: str = "join.error_title") -> HTMLResponse:
        return _message_page(bundle, lang, status, title, key, back)

    if not CODE_PATTERN.match(code):
        return _message_page(bundle, lang, 404, "join.unknown_title", "join.unknown_room", None)
    if foreign_post(request):
        return refuse(403, "join.foreign")
    try:
        body = await _bounded_body(request)
    except TimeoutError:
        LOG.info("Lien live room: a request body from %s came too slowly", client_address(request))
        return refuse(408, "join.bad_request")
    except ClientDisconnect:
        LOG.info("Lien live room: a phone went away mid-request (%s)", request.url.path)
        return Response(status_code=400)
    if body is None:
        return refuse(413, "join.too_large")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    form = _form(body, action) if content_type == "application/x-www-form-urlencoded" else None
    if form is None:
        return refuse(400, "join.bad_request")
    try:
        room = await room_states.get(code)
    except StoreUnavailable:
        return refuse(503, "join.unavailable", "join.title")
    if room is None:
        return _message_page(bundle, lang, 404, "join.unknown_title", "join.unknown_room", None)
    participant = tokens.participant_of(room, request.cookies.get(tokens.cookie_name(code)))
    if participant is None:
        return refuse(400, "join.no_cookie")
    round_, question_id = int(form["round"]), form["question"]
    question = live_questions(bundle, lang).get(question_id)
    if question is None:
        return refuse(400, "join.bad_option")
    store = current_store()
    try:
        if action == "answer":
            value, text = form["option"], None
            skipped = value == SKIP and question.personal
            if skipped and question.form in ("words", "open"):
                pass  # "I'd rather not say": stored as such, without a text
            elif question.form == "words":
                words = normal_words([form.get(f"w{n}", "") for n in (1, 2, 3)], question.words)
                if not words or value != "words":
                    return refuse(400, "join.bad_words")
                # A word of content's list (polls.toml `hidden_words`) is never stored, however
                # it is spelt (lien.live.blocklist).
                hidden = frozenset().union(*bundle.hidden_words.values())
                text = "\n".join(w for w in words if not is_blocked(w, hidden))
            elif question.form == "open":
                text = " ".join(plain(form.get("text", "")).split())[:MAX_TEXT]
                if not text or value != "text":
                    return refuse(400, "join.bad_text")
            elif question.form == "questions" or value not in question.values:
                return refuse(400, "join.bad_option")
            status = "pending" if question.form == "open" and not skipped else None
            outcome = await run_in_threadpool(
                lambda: store.answer(
                    code, round_, question_id, participant, value, text, flood=FLOOD, status=status
                )
            )
        elif action == "ask":
            text = " ".join(plain(form["text"]).split())[:MAX_TEXT]
            if question.form != "questions" or not text:
                return refuse(400, "join.bad_text")
            outcome = await run_in_threadpool(
                lambda: store.ask(code, round_, question_id, participant, text, flood=FLOOD)
            )
        else:
            if question.form != "questions" or room.round != round_:
                return refuse(409, "join.closed_refused")
            if not await run_in_threadpool(store.allow, f"vote:{code}:{participant}", *FLOOD):
                return refuse(429, "join.too_fast")
            outcome = await run_in_threadpool(store.vote, code, int(form["ask"]), participant)
            outcome = "stored" if outcome == "known" else outcome
    except StoreUnavailable:
        return refuse(503, "join.unavailable", "join.title")
    if outcome == "gone":
        return _message_page(bundle, lang, 404, "join.unknown_title", "join.unknown_room", None)
    if outcome != "stored":
        status, key = REFUSALS[outcome]
        return refuse(status, key)
    mark = "asked" if action == "ask" else "saved"
    if "application/json" in request.headers.get("accept", ""):
        return secured(JSONResponse({"stored": True, "next": f"{back}&{mark}=1"}))
    return secured(RedirectResponse(f"{back}&{mark}=1", status_code=303))


async def submit_answer(request: Request) -> Response:
    """POST /join/{code}/answer: store (or replace) this phone's answer, then go back."""
    return await _post(request, "answer")


async def submit_ask(request: Request) -> Response:
    """POST /join/{code}/ask: a question for the speaker (shown once the presenter approves)."""
    return await _post(request, "ask")


async def submit_vote(request: Request) -> Response:
    """POST /join/{code}/vote: one upvote per phone per audience question."""
    return await _post(request, "vote")


# --- past capacity: "one moment", never an error (lien.shedding) ---------------------------

_PHONE_PATH = re.compile(r"^/join/([A-Za-z0-9]{4,12})(/[a-z]+)?$")


def busy_page(scope, wait: int) -> str:
    """The page of a phone request turned away past capacity (lien.shedding): "one moment",
    in the phone's language. A page asked for comes back by itself after `wait` seconds; an
    answer not taken says to send it again, with the way back to the question."""
    request = Request(scope)
    try:
        bundle = BUNDLES.get(content_root(), keep_last_good=True)
    except (ContentError, OSError):  # content broken, or no file can be opened right now
        lang = "en" if request.headers.get("accept-language", "").startswith("en") else "fr"
        return TEMPLATES.get_template("calm.html").render(
            lang=lang,
            title=say("phone.title", lang),
            text=say("phone.wait", lang),
            again=request.url.path,
            again_label=say("phone.again", lang),
            refresh=f"{wait};url={request.url.path}",
            css=Markup(_CSS),
            data={},
        )
    lang = phone_language(request, bundle)
    t = bundle.ui[lang].__getitem__
    found = _PHONE_PATH.match(request.url.path)
    room = f"/join/{normal_code(found.group(1))}" if found else "/join"
    if request.method == "GET":
        again = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        text, label, refresh = t("join.busy"), t("join.refresh"), f"{wait};url={again}"
    else:
        again, text, label, refresh = (
            f"{room}?lang={lang}",
            t("join.busy_not_sent"),
            t("join.back"),
            None,
        )
    return TEMPLATES.get_template("calm.html").render(
        lang=lang,
        title=t("join.one_moment"),
        text=text,
        again=again,
        again_label=label,
        refresh=refresh,
        css=Markup(_CSS),
        data={},
    )


# --- content that cannot be read: a calm page, never an error ----------------------------

CALM_RETRY_S = 5  # a phone's calm page comes back this often until the content loads


def calm_page(request: Request) -> Response:
    """What a phone sees while content cannot be read (at start, before any content loaded):
    "one moment" in its language, coming back by itself until the files are fixed.

    Its words cannot come from the broken content: they are lien/content/messages.toml's,
    in the phone's language among French and English. No file name, no detail: the editor
    reads those in the terminal and on the pages. A POST (an answer) is not stored; its page
    goes back to the room's page, which the phone can answer again.
    """
    lang = language_of(
        content_root(),
        requested=request.query_params.get("lang"),
        remembered=request.cookies.get(LANG_COOKIE),
        accept_language=request.headers.get("accept-language"),
    )
    headers = {"Retry-After": str(CALM_RETRY_S)}
    code = request.path_params.get("code")
    if request.url.path.endswith("/state"):
        return secured(JSONResponse({"error": "unavailable"}, 503, headers=headers))
    if request.method == "GET":
        again = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    else:
        again = f"/join/{quote(normal_code(code))}?lang={lang}" if code else f"/join?lang={lang}"
    page = TEMPLATES.get_template("calm.html").render(
        lang=lang,
        title=say("phone.title", lang),
        text=say("phone.wait" if request.method == "GET" else "phone.not_sent", lang),
        again=again,
        again_label=say("phone.again", lang),
        refresh=f"{CALM_RETRY_S};url={again}",
        css=Markup(_CSS),
        data={},
    )
    return secured(HTMLResponse(page, status_code=503, headers=headers))


def calm(endpoint):
    """A phone route that answers the calm page, not an error, while content cannot be read.

    Content that breaks while the app runs keeps the last content that loaded (BUNDLES'
    keep_last_good): this is for a start with broken files. The route recovers by itself
    once they are fixed (BUNDLES looks at the files again every few seconds); the terminal
    has already named the file (lien.content.cache), so nothing is logged here.
    """

    @functools.wraps(endpoint)
    async def answer(request: Request) -> Response:
        try:
            return await endpoint(request)
        except ContentError:
            return calm_page(request)

    return answer


def participant_routes() -> list[Route]:
    return [
        Route("/join", calm(join_form), methods=["GET"]),
        Route("/join/{code}", calm(join_page), methods=["GET"]),
        Route("/join/{code}/state", calm(join_state), methods=["GET"]),
        Route("/join/{code}/answer", calm(submit_answer), methods=["POST"]),
        Route("/join/{code}/ask", calm(submit_ask), methods=["POST"]),
        Route("/join/{code}/vote", calm(submit_vote), methods=["POST"]),
    ]
