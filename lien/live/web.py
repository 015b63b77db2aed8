"""The participants' side of the live room: small Starlette routes beside Streamlit.

A Streamlit session costs about 0.1 s of server CPU per rerun, too much for a room of 200
phones. So participants get a tiny self-contained HTML page and a plain form, served by
`st.App` custom routes in the same process: it works without JavaScript, and with it the
page polls a small JSON state and reloads itself when the presenter moves on.
"""

from __future__ import annotations

import asyncio
import html
import re
import secrets
import threading
import time
from collections import OrderedDict, deque
from urllib.parse import parse_qs, quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from lien.content import BUNDLES, Bundle, content_root
from lien.live import settings
from lien.live.questions import LiveQuestion, live_questions
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


# --- the page -----------------------------------------------------------------------------

_CSS = """
*{box-sizing:border-box}
body{margin:0;font:1.15rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:#1A1A1A;background:#fff}
main{max-width:36rem;margin:0 auto;padding:1rem}
h1{font-size:1.3rem;margin:.2rem 0 .8rem}
.status{font-weight:600;padding:.6rem .8rem;border-radius:.4rem;background:#F2F4F7}
.ok{background:#E3F1EA;border-left:.4rem solid #00704F}
.err{background:#FDEBE3;border-left:.4rem solid #B34700}
fieldset{border:0;padding:0;margin:1rem 0}
legend{font-size:1.25rem;font-weight:700;margin-bottom:.6rem}
label{display:flex;gap:.8rem;align-items:center;min-height:3.2rem;padding:.7rem .9rem;
margin:.5rem 0;border:2px solid #5C6370;border-radius:.5rem;cursor:pointer}
input[type=radio]{width:1.6rem;height:1.6rem;flex:none;accent-color:#0072B2}
label:has(input:checked){border-color:#0072B2;background:#E6F1F8}
button,.button{display:block;width:100%;min-height:3.2rem;font:inherit;font-weight:700;
color:#fff;background:#0072B2;border:0;border-radius:.5rem;padding:.7rem;text-align:center;
text-decoration:none}
input[type=text]{font:inherit;width:100%;min-height:3rem;padding:.5rem;border:2px solid #5C6370;
border-radius:.5rem;text-transform:uppercase}
:focus-visible{outline:3px solid #1A1A1A;outline-offset:2px}
ul.answers{list-style:none;padding:0}
ul.answers li{padding:.6rem .9rem;margin:.4rem 0;border:2px solid #D0D5DD;border-radius:.5rem}
ul.answers li.right{border-color:#00704F;background:#E3F1EA;font-weight:700}
footer{margin-top:1.5rem;font-size:.95rem;color:#4A4F57}
footer a,main a{color:#005A8C}
"""

# Long polling: the server answers when the room changes (or after LONG_POLL_S), so a room
# of 200 idle phones costs 200 open connections, not 130 requests a second.
_JS = """
(function(){
  var root=document.documentElement, url=root.dataset.state, version=root.dataset.version;
  if(!url||!window.fetch)return;
  function tick(){
    fetch(url+"?since="+encodeURIComponent(version),{cache:"no-store"})
    .then(function(r){return r.status===503?null:r.json()})
    .then(function(s){
      if(s&&s.version!==version){location.replace(root.dataset.page);return}
      setTimeout(tick,s?50:3000);
    }).catch(function(){setTimeout(tick,3000)});
  }
  tick();
})();
"""


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _page(lang: str, title: str, body: str, *, data: dict[str, str] | None = None) -> str:
    attrs = "".join(f' data-{k}="{_esc(v)}"' for k, v in (data or {}).items())
    script = f"<script>{_JS}</script>" if data else ""
    return (
        f'<!doctype html><html lang="{_esc(lang)}"{attrs}><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{_esc(title)}</title><style>{_CSS}</style></head>"
        f"<body><main>{body}</main>{script}</body></html>"
    )


def _language(request: Request, bundle: Bundle) -> str:
    """The phone's language: the URL's, else the browser's languages in order, else French."""
    return choose_language(
        bundle.languages,
        bundle.site.default_language,
        requested=request.query_params.get("lang"),
        browser=accepted_languages(request.headers.get("accept-language")),
    )


def _others(lang: str, bundle: Bundle, path: str) -> str:
    links = [
        f'<a href="{_esc(path)}?lang={other}" lang="{other}" hreflang="{other}">'
        f"{_esc(bundle.ui[other][f'lang.{other}'])}</a>"
        for other in bundle.languages
        if other != lang
    ]
    return " · ".join(links)


def version_of(room: Room) -> str:
    return f"{room.round}:{room.phase}:{room.question_id or ''}"


def _room_body(
    t, room: Room, question: LiveQuestion | None, mine: str | None, notice: str, lang: str
) -> str:
    parts = [f"<h1>{_esc(t('join.title'))} · {_esc(t('join.room').format(code=room.code))}</h1>"]
    if notice:
        parts.append(f'<p class="status ok" role="status">{_esc(notice)}</p>')
    if question is None or room.phase == "waiting":
        parts.append(f'<p class="status">{_esc(t("join.waiting"))}</p>')
        return "".join(parts)
    situation = f"<p>{_esc(question.situation)}</p>" if question.situation else ""
    if room.phase == "open":
        parts.append(f'<p class="status">{_esc(t("join.open"))}</p>{situation}')
        action = f"/join/{room.code}/answer?lang={lang}"
        radios = "".join(
            f'<label><input type="radio" name="option" value="{_esc(oid)}" required'
            f"{' checked' if oid == mine else ''}> {_esc(text)}</label>"
            for oid, text in question.options
        )
        parts.append(
            f'<form method="post" action="{_esc(action)}">'
            f'<input type="hidden" name="round" value="{room.round}">'
            f'<input type="hidden" name="question" value="{_esc(question.id)}">'
            f"<fieldset><legend>{_esc(question.prompt)}</legend>"
            f"<p>{_esc(t('join.choose'))}</p>{radios}</fieldset>"
            f'<button type="submit">{_esc(t("join.submit"))}</button></form>'
        )
        return "".join(parts)
    key = "join.revealed" if room.phase == "revealed" else "join.closed"
    parts.append(f'<p class="status">{_esc(t(key))}</p>{situation}')
    parts.append(f"<h2>{_esc(question.prompt)}</h2>")
    revealed = room.phase == "revealed"
    items = []
    for oid, text in question.options:
        right = revealed and oid in question.correct
        mark = f" ✓ {_esc(t('live.right_mark'))}" if right else ""
        items.append(f"<li{' class=right' if right else ''}>{_esc(text)}{mark}</li>")
    parts.append(f'<ul class="answers">{"".join(items)}</ul>')
    if mine:
        answer = t("join.your_answer").format(option=question.option_text(mine) or mine)
        parts.append(f"<p>{_esc(answer)}</p>")
    if revealed:
        if question.correct:
            rights = ", ".join(question.option_text(c) or c for c in sorted(question.correct))
            parts.append(
                f"<p><strong>{_esc(t('join.right_answer').format(option=rights))}</strong></p>"
            )
        else:
            parts.append(f"<p>{_esc(t('join.no_right_answer'))}</p>")
        if question.explanation:
            parts.append(f"<p>{_esc(question.explanation)}</p>")
    return "".join(parts)


def _footer(t, lang: str, bundle: Bundle, path: str) -> str:
    return (
        f"<footer><p>{_esc(t('join.anonymous'))}</p>"
        f'<p><a href="{_esc(path)}?lang={lang}">{_esc(t("join.refresh"))}</a> · '
        f"{_others(lang, bundle, path)}</p></footer>"
    )


def _message_page(
    bundle: Bundle, lang: str, status: int, title_key: str, text_key: str, back: str | None
) -> HTMLResponse:
    t = bundle.ui[lang].__getitem__
    link = (
        f'<p><a class="button" href="{_esc(back)}">{_esc(t("join.back"))}</a></p>' if back else ""
    )
    body = (
        f"<h1>{_esc(t(title_key))}</h1>"
        f'<p class="status err" role="alert">{_esc(t(text_key))}</p>{link}'
    )
    headers = {"Retry-After": "5"} if status == 503 else None
    return HTMLResponse(_page(lang, t(title_key), body), status_code=status, headers=headers)


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
    t = bundle.ui[lang].__getitem__
    body = (
        f"<h1>{_esc(t('join.title'))}</h1>"
        f'<form method="get" action="/join"><input type="hidden" name="lang" value="{lang}">'
        f'<p><label for="code">{_esc(t("join.code_label"))}</label></p>'
        f'<p><input type="text" id="code" name="code" required maxlength="12" '
        f'autocomplete="off" autocapitalize="characters"></p>'
        f'<button type="submit">{_esc(t("join.code_submit"))}</button></form>'
        f"{_footer(t, lang, bundle, '/join')}"
    )
    return HTMLResponse(_page(lang, t("join.title"), body))


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
    t = bundle.ui[lang].__getitem__
    question = live_questions(bundle, lang).get(room.question_id or "")
    notice = t("join.saved") if request.query_params.get("saved") and mine else ""
    body = _room_body(t, room, question, mine, notice, lang) + _footer(t, lang, bundle, path)
    data = {
        "state": f"{path}/state",
        "page": f"{path}?lang={lang}",
        "version": version_of(room),
    }
    response = HTMLResponse(_page(lang, t("join.title"), body, data=data))
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
