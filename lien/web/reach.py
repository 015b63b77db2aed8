"""The presenter's network check: the page a phone opens from the start page's QR code.

`/phone-check/<nonce>` (the nonce is drawn at each start, so an old QR code does not count)
answers a short page in the phone's language and records that a phone reached this computer,
with the address it used; the start page shows it within its next refresh (1 s). A request
from this computer itself is answered, not recorded: it proves nothing about the Wi-Fi.
"""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from lien.content import BUNDLES, content_root
from lien.live import address
from lien.web.toolkit import client_address, phone_language, render_phone_page, secured

_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")


async def phone_check(request: Request) -> Response:
    bundle = BUNDLES.get(content_root(), keep_last_good=True)
    lang = phone_language(request, bundle)
    if request.path_params["nonce"] != address.check_nonce():
        text = "start.check_old"
        status = 404
    elif address.is_this_computer(client_address(request)):
        text, status = "start.check_this_computer", 200
    else:
        host = request.headers.get("host", "")
        if _HOST.match(host):
            address.record_reached(f"{request.url.scheme}://{host}")
        text, status = "start.check_phone_ok", 200
    page = render_phone_page(
        "reached.html",
        bundle,
        lang,
        "start.check_phone_title",
        text_key=text,
        ok=status == 200,
        path=request.url.path,
    )
    return secured(HTMLResponse(page, status_code=status, headers={"Cache-Control": "no-store"}))


def reach_routes() -> list[Route]:
    return [Route("/phone-check/{nonce}", phone_check, methods=["GET"])]
