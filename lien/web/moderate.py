"""The moderator's pages (issue 24): a phone made moderator of one room by the presenter's QR
code (lien.live.store.moderators), in the phone's language, plain HTML forms without JavaScript.

- GET /moderate/{code}?key=TOKEN: a link that stands puts the token in a cookie for this
  room's moderator pages only (HttpOnly, SameSite=Lax, until the room expires) and sends the
  phone to the same page without it, so the token does not stay in the address.
- GET /moderate/{code}: the room paused or not, the current round's free texts and audience
  questions, each with Approve and Hide.
- POST /moderate/{code}: one of pause, resume, approve_text, hide_text, approve_ask, hide_ask.
  Nothing else: no slide, no reveal, no delete, no export; the presenter's token is never
  sent to the page. A withdrawn link, or a room that ended, gets a calm page.

Free texts are named in the forms by a keyed hash of the phone (never its id) and a hash of
the text seen: approving a text that changed meanwhile approves nothing.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from lien.content import BUNDLES, Bundle, content_root
from lien.live.questions import live_questions
from lien.live.store import (
    Room,
    Store,
    StoreUnavailable,
    current_store,
    moderators,
    normal_code,
    room_changes,
)
from lien.sitemap import DONE_PARAM, KEY_PARAM, LANG_PARAM
from lien.web.phone import CODE_PATTERN, calm, message_page, posted_fields
from lien.web.toolkit import foreign_post, phone_language, render_phone_page, secured

ACTIONS = ("pause", "resume", "approve_text", "hide_text", "approve_ask", "hide_ask")
FLOOD = (20, 1.0)  # a moderator's actions: 20 at once, then one a second


def cookie_name(code: str) -> str:
    return f"lien_mod_{code}"


def _path(code: str) -> str:
    return f"/moderate/{code}"


def text_ref(room: Room, participant: str) -> str:
    digest = hmac.new(room.secret.encode(), f"moderate:{participant}".encode(), hashlib.sha256)
    return digest.hexdigest()[:20]


def seen_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:20]


@dataclass(frozen=True)
class Item:
    ref: str
    seen: str
    text: str
    status: str


def _gone(bundle: Bundle, lang: str) -> Response:
    return message_page(bundle, lang, 403, "moderate.gone_title", "moderate.gone", None)


def _moderated(store: Store, code: str, request: Request) -> Room | None:
    return moderators.room_of(store, code, request.cookies.get(cookie_name(code)))


async def moderate_page(request: Request) -> Response:
    bundle = BUNDLES.get(content_root(), keep_last_good=True)
    lang = phone_language(request, bundle)
    code = normal_code(request.path_params["code"])
    if not CODE_PATTERN.match(code):
        return _gone(bundle, lang)
    store = current_store()
    given = request.query_params.get(KEY_PARAM)
    try:
        if given:
            room = await run_in_threadpool(moderators.room_of, store, code, given)
            if room is None:
                return _gone(bundle, lang)
            response = RedirectResponse(f"{_path(code)}?{LANG_PARAM}={lang}", status_code=303)
            response.set_cookie(
                cookie_name(code),
                given,
                max_age=max(int(room.expires_at - store.now()), 1),
                path=_path(code),
                httponly=True,
                samesite="lax",
            )
            return secured(response)
        room = await run_in_threadpool(_moderated, store, code, request)
        if room is None:
            return _gone(bundle, lang)
        tally = await run_in_threadpool(store.tally, code)
    except StoreUnavailable:
        return message_page(bundle, lang, 503, "join.title", "join.unavailable", _path(code))
    texts, asks = [], []
    if tally is not None:
        texts = [
            Item(text_ref(room, participant), seen_of(text), text, status)
            for participant, text, status in tally.texts
        ]
        asks = list(tally.asks)
    question = live_questions(bundle, lang).get(room.question_id or "")
    notice_key = {"1": "moderate.done", "changed": "moderate.changed"}.get(
        request.query_params.get(DONE_PARAM, "")
    )
    page = render_phone_page(
        "moderate.html",
        bundle,
        lang,
        "moderate.title",
        path=_path(code),
        room=room,
        question=question,
        texts=texts,
        asks=asks,
        notice=bundle.ui[lang][notice_key] if notice_key else "",
    )
    return secured(HTMLResponse(page))


def _act(store: Store, room: Room, action: str, ref: str, seen: str) -> bool | None:
    """Do one moderator action: True done, False nothing changed, None not allowed."""
    code = room.code
    if action in ("pause", "resume"):
        store.pause(code, action == "pause")
        return True
    tally = store.tally(code)
    if tally is None:
        return False
    if action in ("approve_ask", "hide_ask"):
        if not ref.isdigit() or int(ref) not in {a.id for a in tally.asks}:
            return False
        store.set_ask_status(code, int(ref), "approved" if action == "approve_ask" else "hidden")
        return True
    for participant, text, _status in tally.texts:
        if hmac.compare_digest(text_ref(room, participant), ref):
            if action == "approve_text" and not hmac.compare_digest(seen_of(text), seen):
                return False
            status = "approved" if action == "approve_text" else "hidden"
            changed = store.set_text_status(code, tally.number, participant, status, seen=text)
            room_changes[code] += 1
            return changed
    return False


async def moderate_act(request: Request) -> Response:
    bundle = BUNDLES.get(content_root(), keep_last_good=True)
    lang = phone_language(request, bundle)
    code = normal_code(request.path_params["code"])
    if not CODE_PATTERN.match(code):
        return _gone(bundle, lang)
    back = f"{_path(code)}?{LANG_PARAM}={lang}"
    if foreign_post(request):
        return message_page(bundle, lang, 403, "join.error_title", "join.foreign", back)
    fields = await posted_fields(request, 4)
    if fields is None:
        return Response(status_code=400)
    if any(len(values) != 1 or len(values[0]) > 64 for values in fields.values()):
        fields = {}
    action = fields.get("action", [""])[0]
    if action not in ACTIONS:
        return message_page(bundle, lang, 400, "join.error_title", "join.bad_request", back)
    store = current_store()
    try:
        room = await run_in_threadpool(_moderated, store, code, request)
        if room is None:
            return _gone(bundle, lang)
        if not await run_in_threadpool(store.allow, f"moderate:{code}", *FLOOD):
            return message_page(bundle, lang, 429, "join.error_title", "join.too_fast", back)
        ref, seen = fields.get("ref", [""])[0], fields.get("seen", [""])[0]
        done = await run_in_threadpool(_act, store, room, action, ref, seen)
    except StoreUnavailable:
        return message_page(bundle, lang, 503, "join.title", "join.unavailable", back)
    return secured(
        RedirectResponse(f"{back}&{DONE_PARAM}={'1' if done else 'changed'}", status_code=303)
    )


def moderator_routes() -> list[Route]:
    return [
        Route("/moderate/{code}", calm(moderate_page), methods=["GET"]),
        Route("/moderate/{code}", calm(moderate_act), methods=["POST"]),
    ]
