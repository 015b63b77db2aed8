"""Where a talk run stands, as a small JSON route the projector and the speaker view poll.

Both views draw a marker of what they show (`follow_marker`); a few lines of script in the
page ask this route twice a second what the run shows now and, when the two differ, press the
view's own hidden "follow" button, so the view redraws itself from the database. No Streamlit
session polls (a timer fragment in each view raced with the key presses: under load a redraw
could be lost, and nothing noticed). A redraw that is lost is simply asked again, and it
works across server processes: the route reads the same database and content.

    GET /talk-run/<run id>  →  {"shown": "<marker>", "room": "<marker>", "started_at": …},
                               404 when unknown

On a poll or join slide, "room" sums up what the slide shows of the run's live room
(lien.live.slide_room): the presenter's projector draws the same and redraws when it differs,
so answers show as they arrive. Other views draw no room marker and ignore it. The route
needs no sign-in (the run id is in the projector's address, and the phone remote follows
with its run key alone), so "room" is given only to a browser with the presenter cookie:
anyone else learns where the talk stands, never when an answer arrives.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from lien.content import BUNDLES, ContentError, content_root
from lien.live import presenter_token as token
from lien.live.runs import current_runs, valid_run_id
from lien.live.store import StoreUnavailable
from lien.run_markers import run_marker, run_room_marker
from lien.web.toolkit import REPLICA

ROUTE = "talk-run"
# Which copy of the app answered, behind deploy/'s nginx (as the phone routes say it).
_HEADERS = {"Cache-Control": "no-store", **({"X-Lien-Replica": REPLICA} if REPLICA else {})}


def _presenter(request: Request, expected: Callable[[], str]) -> bool:
    """The request carries the presenter cookie (lien.web.signin)."""
    try:
        right = expected()
    except token.TokenTooShort:
        return False
    return token.cookie_valid(request.cookies.get(token.COOKIE), right)


def _state(run_id: str, presenter: bool = True) -> tuple[int, dict]:
    try:
        bundle = BUNDLES.get(content_root(), keep_last_good=True)
    except ContentError:
        return 503, {"error": "content"}
    try:
        run = current_runs().run(run_id)
    except StoreUnavailable:
        return 503, {"error": "database"}
    marker = run_marker(bundle, run) if run is not None else None
    if marker is None:
        return 404, {"error": "unknown run"}
    if not presenter:
        return 200, {"shown": marker, "started_at": run.started_at}
    try:
        room = run_room_marker(bundle, run)
    except StoreUnavailable:
        room = ""
    return 200, {"shown": marker, "room": room, "started_at": run.started_at}


def talk_run_routes(expected: Callable[[], str] | None = None) -> list[Route]:
    """/talk-run/<run>; `expected` gives the presenter's token (lien.web.wiring's, which knows
    Streamlit's secrets; by default the one lien.live.presenter_token keeps)."""
    expected = expected or (lambda: token.presenter_token(None))

    async def run_state(request: Request) -> JSONResponse:
        run_id = request.path_params["run_id"]
        if not valid_run_id(run_id):
            return JSONResponse({"error": "bad run id"}, status_code=400, headers=_HEADERS)
        presenter = _presenter(request, expected)
        status, body = await run_in_threadpool(_state, run_id, presenter)
        return JSONResponse(body, status_code=status, headers=_HEADERS)

    return [Route(f"/{ROUTE}/{{run_id}}", run_state, methods=["GET"])]
