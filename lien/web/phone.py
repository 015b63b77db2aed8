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
  this origin (Origin checked): lien.web.toolkit, which the sign-in and the network check share;
- a request body must arrive within BODY_TIMEOUT_S; a phone that goes away mid-request is
  logged in one line.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
import time
from dataclasses import dataclass, replace
from urllib.parse import parse_qs, quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from lien.content import BUNDLES, Bundle, ContentError, content_root, per_content
from lien.content.messages import language_of, say
from lien.content.models import MIN_GROUP_DEFAULT
from lien.html import TEMPLATES, Markup, markdown_inline
from lien.live import following, settings, tokens
from lien.live.ask_counts import NONE, Asks
from lien.live.blocklist import is_blocked
from lien.live.plain import plain
from lien.live.questions import MAX_TEXT, SKIP, LiveQuestion, live_questions, normal_words
from lien.live.records import AnswerRow, Ask
from lien.live.store import Room, StoreUnavailable, current_store, normal_code, room_changes
from lien.sitemap import ASKED_PARAM, CODE_PARAM, LANG_PARAM, SAVED_PARAM, SINCE_PARAM
from lien.view import View
from lien.web import connections
from lien.web.page_cache import RenderedPages, page_response
from lien.web.toolkit import (
    LANG_COOKIE,
    PHONE_CSS,
    client_address,
    foreign_post,
    phone_language,
    render_phone_page,
    secured,
)

LOG = logging.getLogger("lien.live")
CODE_PATTERN = re.compile(r"^[A-Za-z0-9]{4,12}$")
NUMBER_PATTERN = re.compile(r"^[0-9]{1,9}$")  # ASCII digits only: "²" is a digit to Python
MAX_BODY_BYTES = 2048  # an answer is a few hundred bytes at most; anything larger is refused
BODY_TIMEOUT_S = 10.0  # a body that trickles in slower than this is dropped
FLOOD = (5, 0.5)  # answers one phone may send: 5 at once, then one every 2 s
FLOOD_LIMIT = FLOOD[0]
JOINS = (30, 0.5)  # new phones one network address may join: 30 at once, then one every 2 s
STATE_TTL_S = 0.5  # a room's state is read from the store at most this often per process
LONG_POLL_S = 20.0  # a phone's "has anything changed?" waits this long for a change


def _remember_language(request: Request, response: Response, lang: str) -> Response:
    """A phone that chose a language keeps it (the presenter's language never changes it)."""
    if request.query_params.get(LANG_PARAM) == lang and request.cookies.get(LANG_COOKIE) != lang:
        response.set_cookie(
            LANG_COOKIE, lang, max_age=30 * 86400, path="/join", httponly=True, samesite="lax"
        )
    return response


def version_of(room: Room, extra: int = 0) -> str:
    paused = "p" if room.paused else ""
    return f"{room.round}:{room.phase}:{room.question_id or ''}:{paused}{extra or ''}"


def phone_version(room: Room, asks: Asks, follow: following.Follow) -> str:
    """What a phone's page shows, in a few characters: the room (version_of), its audience
    questions' votes, and the talk's slide it follows (issue 24)."""
    base = version_of(room, asks.approved)
    more = f"{asks}|{follow.marker}{'f' if follow.shown else ''}"
    return base if more == "|" else f"{base}|{more}"  # a room alone: as version_of says it


def message_page(
    bundle: Bundle, lang: str, status: int, title_key: str, text_key: str, back: str | None
) -> HTMLResponse:
    page = render_phone_page(
        "message.html", bundle, lang, title_key, title_key=title_key, text_key=text_key, back=back
    )
    headers = {"Retry-After": "5"} if status in (503, 429) else None
    return secured(HTMLResponse(page, status_code=status, headers=headers))


# --- routes -------------------------------------------------------------------------------


async def join_form(request: Request) -> Response:
    """GET /join: a box to type the room code, for those who cannot scan."""
    bundle = BUNDLES.get(content_root(), keep_last_good=True)
    lang = phone_language(request, bundle)
    code = request.query_params.get(CODE_PARAM, "").strip()
    if code:
        return secured(
            RedirectResponse(
                f"/join/{quote(normal_code(code))}?{LANG_PARAM}={lang}", status_code=303
            )
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
        self._cache: dict[str, tuple[float, Room | None, Asks, int]] = {}
        self._refreshing: set[str] = set()
        # Phones waiting for a change, by room: one watcher per room reads the state every
        # ttl for all of them and wakes them when it moved (2,000 waiting phones each waking
        # twice a second cost the server a sixth of a core for nothing).
        self._news: dict[str, tuple[asyncio.Event, str]] = {}
        self._waiters: dict[str, int] = {}

    async def entry(self, code: str) -> tuple[Room | None, Asks]:
        """(room, approved audience questions and their votes: what the phones of a Q&A
        must see change)."""
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

    async def fingerprint(self, code: str) -> tuple | None:
        """What the phones of a room may show changes with, whatever their language: the
        room (version_of), its audience questions' votes, and where its talk run stands."""
        room, asks = await self.entry(code)
        if room is None:
            return None
        return version_of(room, asks.approved), str(asks), await following.positions.run(code)

    async def changed(self, code: str, seconds: float) -> bool:
        """Wait until the room may show something else than now, or `seconds`; True when the
        server is stopping (the phone is told to come back later)."""
        seen = await self.fingerprint(code)
        news = self._news.get(code)
        if news is None:
            news = self._news[code] = (asyncio.Event(), seen)
            asyncio.get_running_loop().create_task(self._watch(code, news))
        elif news[1] != seen:  # the watcher has already read another state
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

    async def _watch(self, code: str, news: tuple[asyncio.Event, tuple | None]) -> None:
        event, seen = news
        try:
            # As often as where the talk stands may change (following.POSITION_TTL_S): a slide
            # moved reaches the waiting phones within half a second, not three quarters.
            step = max(min(self.ttl, following.POSITION_TTL_S), 0.05)
            while self._waiters.get(code, 0) > 0:
                if await connections.closing.wait(step):
                    return
                try:
                    now = await self.fingerprint(code)
                except Exception:  # each waiting phone reads it again itself, and is told
                    return
                if now is None or now != seen:
                    return
        finally:
            if self._news.get(code) is news:
                del self._news[code]
            event.set()


def _read_state(code: str) -> tuple[Room | None, Asks]:
    store = current_store()
    room = store.room(code)
    if room is None or not (room.question_id or "").startswith("poll:"):
        return room, NONE
    bundle = BUNDLES.get(content_root(), keep_last_good=True)
    question = live_questions(bundle, bundle.site.default_language).get(room.question_id)
    if question is None or question.form != "questions":
        return room, NONE
    tally = store.tally(code)
    return room, Asks.of(a for a in tally.asks if a.status == "approved") if tally else NONE


room_states = RoomStates()


@per_content()
def safety_of(bundle: Bundle, lang: str):
    """The helplines as every page shows them (View.helplines: content's words, punctuation,
    cost and hours), every place of this language, each line as inline HTML (safety.html).
    Built once per content load and language: every phone's page carries them."""
    places = tuple(
        (place, tuple(markdown_inline(line) for line in lines))
        for place, lines in View(bundle, lang).helplines()
    )
    return bundle.safety[lang], places


class Refused(Exception):
    """A POST that is not stored: the phone's page says why (a status, a text, a title)."""

    def __init__(self, status: int, key: str, title: str = "join.error_title", back=True):
        super().__init__(key)
        self.status, self.key, self.title, self.back = status, key, title, back


def _unknown_room() -> Refused:
    return Refused(404, "join.unknown_room", "join.unknown_title", back=False)


def _unavailable() -> Refused:
    return Refused(503, "join.unavailable", "join.title")


async def _room(code: str) -> Room:
    """The room of this code as phones see it; else Refused (the store away, no such room)."""
    try:
        room = await room_states.get(code)
    except StoreUnavailable:
        raise _unavailable() from None
    if room is None:
        raise _unknown_room()
    return room


room_pages = RenderedPages()  # the room's page, rendered once per what it shows (page_cache)

JOIN_REFUSALS = {  # the store's "no" to a new phone: (status, text, title, a way back)
    "too_fast": (429, "join.too_many_joins", "join.title", True),
    "full": (503, "join.full", "join.title", False),
    "closed": (503, "join.joins_closed", "join.title", True),
    "address_full": (403, "join.address_full", "join.title", False),
    "gone": (404, "join.unknown_room", "join.unknown_title", False),
}


async def join_page(request: Request) -> Response:
    """GET /join/{code}: the current question of the room, or a friendly message."""
    bundle = BUNDLES.get(content_root(), keep_last_good=True)
    lang = phone_language(request, bundle)
    code = normal_code(request.path_params["code"])
    path = f"/join/{code}"
    try:
        room, participant, new_token = await _phone_in_room(request, code)
        question = live_questions(bundle, lang).get(room.question_id or "")
        row, asks, voted = None, [], set()
        if not new_token:  # a phone that just joined has nothing stored yet: no second hop
            row, asks, voted = await _mine_and_asks(code, room, participant, question)
    except Refused as refused:
        back = path if refused.back else None
        return message_page(bundle, lang, refused.status, refused.title, refused.key, back)
    mine = row.option_id if row else None
    mine_words = row.text.split("\n") if row and row.text and question.form == "words" else []
    rights = ""
    if question is not None:
        rights = ", ".join(question.option_text(c) or c for c in sorted(question.correct))
    follow = await _follow(bundle, lang, code, room)
    mine_text = _mine_text(bundle, lang, question, row, mine_words)
    notice = _notice(request, bundle, lang, row)
    hello = bool(new_token)

    def render() -> str:
        safety, safety_lines = safety_of(bundle, lang)
        return render_phone_page(
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
            talk_language=_talk_language(bundle, lang, question),
            follow=follow,
            hello=hello,
            hello_group=room.min_group or MIN_GROUP_DEFAULT,
            asks=asks,
            voted=voted,
            statements=bundle.reflection[lang].statements,
            safety=safety,
            safety_lines=safety_lines,
            path=path,
            data=_page_data(bundle, path, lang, room, asks, follow),
        )

    # Everything the page shows, and nothing else: the same key, the same page. The room's
    # count of phones changes with every phone that joins and is not on the page.
    shown = (replace(room, participants=0), mine, mine_text, tuple(mine_words), notice, hello)
    key = (bundle.generation, lang, *shown, follow, tuple(asks), frozenset(voted))
    response = secured(page_response(request, room_pages.get(key, render)))
    if new_token:
        tokens.set_cookie(response, room, new_token)
    return _remember_language(request, response, lang)


async def _phone_in_room(request: Request, code: str) -> tuple[Room, str, str | None]:
    """The room, this phone's participant and, for a phone joining now, its new token;
    else Refused, saying why (an unknown room, the store away, one of JOIN_REFUSALS)."""
    if not CODE_PATTERN.match(code):
        raise _unknown_room()
    store = current_store()
    room = await _room(code)
    participant = tokens.participant_of(room, request.cookies.get(tokens.cookie_name(code)))
    if participant is not None:
        return room, participant, None
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
        raise _unavailable() from None
    if joined in JOIN_REFUSALS:
        status, key, title, back = JOIN_REFUSALS[joined]
        raise Refused(status, key, title, back=back)
    return room, participant, tokens.token_for(room, participant)


async def _mine_and_asks(
    code: str, room: Room, participant: str, question: LiveQuestion | None
) -> tuple[AnswerRow | None, list[Ask], set[int]]:
    """This phone's answer row of the round, and for a Q&A the approved audience questions
    and those it voted for; else Refused when the store is away."""
    store = current_store()

    def read():
        row = store.answer_row(code, room.round, participant)
        asks, voted = [], set()
        if question is not None and question.form == "questions":
            tally = store.tally(code)
            asks = [a for a in tally.asks if a.status == "approved"] if tally else []
            voted = store.voted(code, participant)
        return row, asks, voted

    try:
        return await run_in_threadpool(read)
    except StoreUnavailable:
        raise _unavailable() from None


def _mine_text(
    bundle: Bundle,
    lang: str,
    question: LiveQuestion | None,
    row: AnswerRow | None,
    mine_words: list[str],
) -> str | None:
    """This phone's answer as its page recalls it: the option's words, the scale's value, the
    words or the text, or "I'd rather not say"; None before it answered."""
    if not row or question is None:
        return None
    mine = row.option_id
    skip = bundle.ui[lang]["join.skip"]
    if question.form == "choice":
        return question.option_text(mine) or (skip if mine == SKIP else None)
    if question.form == "scale":
        return skip if mine == SKIP else mine
    if mine == SKIP:
        return skip
    if question.form == "words":
        return ", ".join(mine_words)
    if question.form == "open":
        return row.text
    return None


def _notice(request: Request, bundle: Bundle, lang: str, row: AnswerRow | None) -> str:
    """The line above the question after a POST: the answer saved, or the question sent."""
    if request.query_params.get(ASKED_PARAM):
        return bundle.ui[lang]["join.asked"]
    return bundle.ui[lang]["join.saved"] if request.query_params.get(SAVED_PARAM) and row else ""


def _talk_language(bundle: Bundle, lang: str, question: LiveQuestion | None) -> str:
    """A question of a one-language talk stays as written: the phone says in which language
    (empty when it is written in the phone's)."""
    written_in = bundle.written_in.get(question.id, ()) if question is not None else ()
    if written_in and lang not in written_in:
        return bundle.ui[lang][f"join.talk_in_{written_in[0]}"]
    return ""


async def _follow(bundle: Bundle, lang: str, code: str, room: Room) -> following.Follow:
    """The talk's slide this phone follows, or nothing when the store is away."""
    try:
        return following.follow_of(bundle, lang, await following.positions.run(code), room.phase)
    except StoreUnavailable:
        return following.NOTHING


def _page_data(
    bundle: Bundle, path: str, lang: str, room: Room, asks: list[Ask], follow: following.Follow
) -> dict[str, str]:
    """What phone.js reads on the page: where to poll, the page's version, the slide it
    follows, the word it shows while it sends an answer again."""
    return {
        "state": f"{path}/state",
        "page": f"{path}?{LANG_PARAM}={lang}",
        "version": phone_version(room, Asks.of(asks), follow),
        "base": version_of(room, len(asks)),
        "round": str(room.round),
        "follow": "1" if follow.shown else "",
        "slide": f"{path}/slide?{LANG_PARAM}={lang}",
        "sending": bundle.ui[lang]["join.sending"],  # while phone.js sends an answer again
    }


async def join_state(request: Request) -> Response:
    """GET /join/{code}/state[?since=VERSION&lang=xx]: the room's state, once it differs from
    VERSION (phone_version: the room, its audience questions' votes, the slide it follows).

    Without `since` it answers at once; with it, it waits (up to LONG_POLL_S) for a change.
    """
    code = normal_code(request.path_params["code"])
    if not CODE_PATTERN.match(code):
        return secured(JSONResponse({"error": "unknown room", "version": "gone"}, 404))
    since = request.query_params.get(SINCE_PARAM)
    if since is not None and len(since) > 120:
        return secured(JSONResponse({"error": "bad request"}, status_code=400))
    bundle = BUNDLES.get(content_root(), keep_last_good=True)
    lang = phone_language(request, bundle)
    deadline = time.monotonic() + LONG_POLL_S
    while True:
        try:
            room, asks = await room_states.entry(code)
            run = await following.positions.run(code) if room is not None else None
        except StoreUnavailable:
            return secured(JSONResponse({"error": "unavailable"}, status_code=503))
        if room is None:
            return secured(JSONResponse({"error": "unknown room", "version": "gone"}, 404))
        follow = following.follow_of(bundle, lang, run, room.phase)
        version = phone_version(room, asks, follow)
        if since is None or version != since or time.monotonic() >= deadline:
            break
        # A phone that went away is not checked for: the wait ends by itself at the deadline.
        # The server stopping ends it at once: the phone asks again a little later.
        if await room_states.changed(code, deadline - time.monotonic()):
            return secured(JSONResponse({"error": "unavailable"}, 503, {"Retry-After": "5"}))
    state = {
        "phase": room.phase,
        "round": room.round,
        "paused": room.paused,
        "version": version,
        "base": version_of(room, asks.approved),
        "votes": asks.counts(),
        "follow": follow.shown,
        "slide": follow.marker,
        "where": follow.where,
    }
    return secured(JSONResponse(state))


async def bounded_body(request: Request) -> bytes | None:
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


async def posted_fields(request: Request, most: int) -> dict[str, list[str]] | None:
    """A small form a phone page POSTed, read strictly (at most `most` fields): {} when it is
    not one, None when the phone went away or the body did not come in time."""
    try:
        body = await bounded_body(request)
    except (TimeoutError, ClientDisconnect):
        return None
    try:
        return parse_qs((body or b"").decode("utf-8"), strict_parsing=True, max_num_fields=most)
    except (UnicodeDecodeError, ValueError):
        return {}


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


@dataclass(frozen=True)
class Posted:
    """One phone's form, read and checked: its room, its round and question, its fields."""

    code: str
    room: Room
    participant: str
    round: int
    question: LiveQuestion
    form: dict[str, str]


async def _post(request: Request, action: str) -> Response:
    """The three POST routes: an answer, an audience question, an upvote."""
    bundle = BUNDLES.get(content_root(), keep_last_good=True)
    lang = phone_language(request, bundle)
    code = normal_code(request.path_params["code"])
    back = f"/join/{code}?{LANG_PARAM}={lang}"
    try:
        posted = await _posted(request, action, bundle, lang, code)
        await STORE_POST[action](posted, bundle)
    except Refused as refused:
        page_back = back if refused.back else None
        return message_page(bundle, lang, refused.status, refused.title, refused.key, page_back)
    except ClientDisconnect:
        LOG.info("Lien live room: a phone went away mid-request (%s)", request.url.path)
        return Response(status_code=400)
    mark = ASKED_PARAM if action == "ask" else SAVED_PARAM
    if "application/json" in request.headers.get("accept", ""):
        return secured(JSONResponse({"stored": True, "next": f"{back}&{mark}=1"}))
    return secured(RedirectResponse(f"{back}&{mark}=1", status_code=303))


async def _posted(request: Request, action: str, bundle: Bundle, lang: str, code: str) -> Posted:
    """The phone's form with its room, participant and question; else Refused, saying why."""
    if not CODE_PATTERN.match(code):
        raise _unknown_room()
    form = await _posted_form(request, action)
    room = await _room(code)
    participant = tokens.participant_of(room, request.cookies.get(tokens.cookie_name(code)))
    if participant is None:
        raise Refused(400, "join.no_cookie")
    question = live_questions(bundle, lang).get(form["question"])
    if question is None:
        raise Refused(400, "join.bad_option")
    return Posted(code, room, participant, int(form["round"]), question, form)


async def _posted_form(request: Request, action: str) -> dict[str, str]:
    """The body of a POST from this site, small, quick and well formed; else Refused.

    Raises ClientDisconnect when the phone goes away meanwhile.
    """
    if foreign_post(request):
        raise Refused(403, "join.foreign")
    try:
        body = await bounded_body(request)
    except TimeoutError:
        LOG.info("Lien live room: a request body from %s came too slowly", client_address(request))
        raise Refused(408, "join.bad_request") from None
    if body is None:
        raise Refused(413, "join.too_large")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    form = _form(body, action) if content_type == "application/x-www-form-urlencoded" else None
    if form is None:
        raise Refused(400, "join.bad_request")
    return form


async def _stored(outcome_of) -> None:
    """Run the store's call; its outcome "stored", or Refused saying why not."""
    try:
        outcome = await run_in_threadpool(outcome_of)
    except StoreUnavailable:
        raise _unavailable() from None
    if outcome == "gone":
        raise _unknown_room()
    if outcome != "stored":
        raise Refused(*REFUSALS[outcome])


def _answer_text(posted: Posted, bundle: Bundle) -> str | None:
    """What an answer stores beside its value: the words or the free text, cleaned."""
    question, form, value = posted.question, posted.form, posted.form["option"]
    if value == SKIP and question.personal and question.form in ("words", "open"):
        return None  # "I'd rather not say": stored as such, without a text
    if question.form == "words":
        words = normal_words([form.get(f"w{n}", "") for n in (1, 2, 3)], question.words)
        if not words or value != "words":
            raise Refused(400, "join.bad_words")
        # A word of content's list (polls.toml `hidden_words`) is never stored, however it is
        # spelt (lien.live.blocklist).
        hidden = frozenset().union(*bundle.hidden_words.values())
        return "\n".join(w for w in words if not is_blocked(w, hidden))
    if question.form == "open":
        text = " ".join(plain(form.get("text", "")).split())[:MAX_TEXT]
        if not text or value != "text":
            raise Refused(400, "join.bad_text")
        return text
    if question.form == "questions" or value not in question.values:
        raise Refused(400, "join.bad_option")
    return None


async def _store_answer(posted: Posted, bundle: Bundle) -> None:
    question, value = posted.question, posted.form["option"]
    text = _answer_text(posted, bundle)
    skipped = value == SKIP and question.personal
    status = "pending" if question.form == "open" and not skipped else None
    store = current_store()
    await _stored(
        lambda: store.answer(
            posted.code,
            posted.round,
            question.id,
            posted.participant,
            value,
            text,
            flood=FLOOD,
            status=status,
        )
    )


async def _store_ask(posted: Posted, _bundle: Bundle) -> None:
    text = " ".join(plain(posted.form["text"]).split())[:MAX_TEXT]
    if posted.question.form != "questions" or not text:
        raise Refused(400, "join.bad_text")
    store = current_store()
    await _stored(
        lambda: store.ask(
            posted.code, posted.round, posted.question.id, posted.participant, text, flood=FLOOD
        )
    )


async def _store_vote(posted: Posted, _bundle: Bundle) -> None:
    if posted.question.form != "questions" or posted.room.round != posted.round:
        raise Refused(409, "join.closed_refused")
    store = current_store()

    def vote() -> str:
        if not store.allow(f"vote:{posted.code}:{posted.participant}", *FLOOD):
            return "too_fast"
        outcome = store.vote(posted.code, int(posted.form["ask"]), posted.participant)
        return "stored" if outcome == "known" else outcome

    await _stored(vote)


STORE_POST = {"answer": _store_answer, "ask": _store_ask, "vote": _store_vote}


async def submit_answer(request: Request) -> Response:
    """POST /join/{code}/answer: store (or replace) this phone's answer, then go back."""
    return await _post(request, "answer")


async def submit_ask(request: Request) -> Response:
    """POST /join/{code}/ask: a question for the speaker (shown once the presenter approves)."""
    return await _post(request, "ask")


async def submit_vote(request: Request) -> Response:
    """POST /join/{code}/vote: one upvote per phone per audience question."""
    return await _post(request, "vote")


# --- past capacity: "one moment", never an error (lien.web.shedding) ---------------------------

_PHONE_PATH = re.compile(r"^/join/([A-Za-z0-9]{4,12})(/[a-z]+)?$")


def busy_page(scope, wait: int) -> str:
    """The page of a phone request turned away past capacity (lien.web.shedding): "one moment",
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
            css=Markup(PHONE_CSS),
            data={},
        )
    lang = phone_language(request, bundle)
    # Rendered once per content, language, address and wait: past capacity, the same few
    # pages are asked for by many phones, and drawing each again costs what shedding saves.
    key = (bundle.generation, lang, request.method, request.url.path, request.url.query, wait)
    page = _busy_pages.get(key)
    if page is None:
        if len(_busy_pages) >= BUSY_PAGES_KEPT:
            _busy_pages.clear()
        page = _busy_pages[key] = _busy_page(request, bundle, lang, wait)
    return page


BUSY_PAGES_KEPT = 512
_busy_pages: dict[tuple, str] = {}


def _busy_page(request: Request, bundle: Bundle, lang: str, wait: int) -> str:
    t = bundle.ui[lang].__getitem__
    found = _PHONE_PATH.match(request.url.path)
    room = f"/join/{normal_code(found.group(1))}" if found else "/join"
    if request.method == "GET":
        again = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        text, label, refresh = t("join.busy"), t("join.refresh"), f"{wait};url={again}"
    else:
        again, text, label, refresh = (
            f"{room}?{LANG_PARAM}={lang}",
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
        css=Markup(PHONE_CSS),
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
        requested=request.query_params.get(LANG_PARAM),
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
        again = (
            f"/join/{quote(normal_code(code))}?{LANG_PARAM}={lang}"
            if code
            else f"/join?{LANG_PARAM}={lang}"
        )
    page = TEMPLATES.get_template("calm.html").render(
        lang=lang,
        title=say("phone.title", lang),
        text=say("phone.wait" if request.method == "GET" else "phone.not_sent", lang),
        again=again,
        again_label=say("phone.again", lang),
        refresh=f"{CALM_RETRY_S};url={again}",
        css=Markup(PHONE_CSS),
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
