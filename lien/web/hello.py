"""A room that explains itself (issue 24): the helplines, one tap from the first screen.

A phone that joins a room first sees what the room is (templates/hello.html, on its first
room page, lien.web.phone): anonymous, what is kept, where and for how long (the privacy text),
that a personal question shows nothing for a small group, and a link to the helplines of its
language, which is this page: the helplines as every phone page shows them (safety.html), and
the way back to the room. It sets no cookie and reads nothing of the room: a phone that has
not joined, or a room that has ended, gets the same page.

    GET /join/<code>/helplines?lang=xx
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from lien.content import BUNDLES, content_root
from lien.live.store import normal_code
from lien.sitemap import LANG_PARAM
from lien.web.phone import CODE_PATTERN, calm, safety_of
from lien.web.toolkit import phone_language, render_phone_page, secured


async def helplines_page(request: Request) -> Response:
    bundle = BUNDLES.get(content_root(), keep_last_good=True)
    lang = phone_language(request, bundle)
    code = normal_code(request.path_params["code"])
    if not CODE_PATTERN.match(code):
        return secured(Response(status_code=404))
    safety, safety_lines = safety_of(bundle, lang)
    page = render_phone_page(
        "helplines.html",
        bundle,
        lang,
        "hello.helplines_title",
        path=f"/join/{code}/helplines",
        room_path=f"/join/{code}?{LANG_PARAM}={lang}",
        safety=safety,
        safety_lines=safety_lines,
    )
    return secured(HTMLResponse(page))


def hello_routes() -> list[Route]:
    return [Route("/join/{code}/helplines", calm(helplines_page), methods=["GET"])]
