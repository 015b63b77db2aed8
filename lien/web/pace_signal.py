"""POST /join/{code}/pace: a phone's pace signal (lien.live.store.pace), one tap a minute.

The phone is known by its room cookie (lien.live.tokens), as for its answers; the page it gets
back says "sent" (or "a minute, please"), with a button back to the room; with JavaScript it
goes back by itself as soon as the room moves on (phone.js, as on the room's page). No timed
refresh: a page that moves on its own after a delay is an accessibility fault (WCAG 2.2.1).
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from lien.content import BUNDLES, content_root
from lien.live import tokens
from lien.live.store import StoreUnavailable, current_store, normal_code, pace
from lien.sitemap import LANG_PARAM
from lien.web.phone import CODE_PATTERN, calm, message_page, posted_fields, room_states, version_of
from lien.web.toolkit import foreign_post, phone_language, render_phone_page, secured


async def submit_pace(request: Request) -> Response:
    bundle = BUNDLES.get(content_root(), keep_last_good=True)
    lang = phone_language(request, bundle)
    code = normal_code(request.path_params["code"])
    back = f"/join/{code}?{LANG_PARAM}={lang}"
    if not CODE_PATTERN.match(code):
        return message_page(bundle, lang, 404, "join.unknown_title", "join.unknown_room", None)
    if foreign_post(request):
        return message_page(bundle, lang, 403, "join.error_title", "join.foreign", back)
    fields = await posted_fields(request, 2)
    if fields is None:
        return Response(status_code=400)
    kind = fields.get("kind", [""])[0]
    if kind not in pace.KINDS or len(fields.get("kind", [])) != 1:
        return message_page(bundle, lang, 400, "join.error_title", "join.bad_request", back)
    store = current_store()
    try:
        room, extra = await room_states.entry(code)
        if room is None:
            return message_page(bundle, lang, 404, "join.unknown_title", "join.unknown_room", None)
        participant = tokens.participant_of(room, request.cookies.get(tokens.cookie_name(code)))
        if participant is None:
            return message_page(bundle, lang, 400, "join.error_title", "join.no_cookie", back)
        outcome = await run_in_threadpool(pace.signal, store, room, participant, kind)
    except StoreUnavailable:
        return message_page(bundle, lang, 503, "join.title", "join.unavailable", back)
    sent = outcome == "stored"
    status = 200 if sent else 429
    if "application/json" in request.headers.get("accept", ""):
        return secured(JSONResponse({"stored": sent}, status_code=status))
    page = render_phone_page(
        "pace_sent.html",
        bundle,
        lang,
        "pace.sent_title",
        path=f"/join/{code}",
        sent=sent,
        text_key="pace.sent" if sent else "pace.too_fast",
        back=back,
        # The room's state as its page has it: phone.js goes back when the room moves on.
        data={"state": f"/join/{code}/state", "page": back, "version": version_of(room, extra)},
    )
    return secured(HTMLResponse(page, status_code=status))


def pace_routes() -> list[Route]:
    return [Route("/join/{code}/pace", calm(submit_pace), methods=["POST"])]
