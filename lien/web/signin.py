"""The presenter's way in, outside Streamlit: the token exchanged for an HttpOnly cookie.

- The console's link `/live?token=…` (or any page's `?token=…`) is answered here, before
  Streamlit sees it: a right token gets the presenter cookie (HttpOnly, SameSite=Strict) and a
  tiny page that replaces the address with the same one without the token
  (`history.replaceState`, then `location.replace`), so the token never stays in the history
  and Back never brings it back. A wrong one waits WRONG_DELAY_S and gets the sign-in form.
- `/presenter` is that form (a password field), for a token typed by hand.
- `/presenter/cookie` turns a signed cookie value made by the /live page (for a token typed
  there) into the HttpOnly cookie.
- `/presenter/here` signs in the presenter's own computer without the token: a GET with the
  one-time code that `python -m lien serve` puts in the address it opens, or a click on the
  sign-in page (a POST from this site). Only a request from this computer itself, with no
  proxy in between, may use it (`from_this_computer`): a phone or laptop on the Wi-Fi, and
  anything behind deploy/'s nginx, signs in with the token only.
Guesses are limited per network address by a counter in the store (5, then one every 20 s).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import os
import re
import threading
import time
from collections.abc import Callable
from functools import partial
from importlib.resources import files
from urllib.parse import parse_qsl, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from lien.content import BUNDLES, content_root
from lien.html import TEMPLATES, Markup
from lien.live import presenter_token as presenter
from lien.live.address import from_this_computer
from lien.live.store import StoreUnavailable, current_store
from lien.sitemap import NEXT_PARAM, ONCE_PARAM, TOKEN_PARAM
from lien.web.toolkit import (
    PHONE_CSS,
    client_address,
    csp_hash,
    foreign_post,
    phone_language,
    render_phone_page,
    secured,
)

_HANDOFF_JS = (files("lien.live") / "templates" / "handoff.js").read_text(encoding="utf-8")
HANDOFF_CSP = (
    f"default-src 'none'; style-src {csp_hash(PHONE_CSS)}; script-src {csp_hash(_HANDOFF_JS)}; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SAFE_NEXT = re.compile(r"^/(?!/)[^\s\\]*$")
ExpectedToken = Callable[[], str]
ONCE_ENV = "LIEN_SIGNIN_ONCE"  # "<code>.<expiry>", set by `python -m lien serve`
_once_lock = threading.Lock()
_once_used: set[str] = set()


def new_once_code(minutes: float = 15) -> str:
    """A one-time sign-in code for ONCE_ENV: good once, for `minutes`."""
    import secrets

    return f"{secrets.token_urlsafe(18)}.{int(time.time() + minutes * 60)}"


def use_once_code(given: str | None) -> bool:
    """True once for the code in ONCE_ENV, before it expires; False for anything else."""
    raw = os.environ.get(ONCE_ENV, "")
    code, _, expiry = raw.partition(".")
    if not given or not code or not expiry.isdigit() or int(expiry) < time.time():
        return False
    with _once_lock:
        if code in _once_used or not hmac.compare_digest(given.encode(), code.encode()):
            return False
        _once_used.add(code)
        return True


def _next(raw: str | None) -> str:
    """Where to go after signing in: a path of this site only (never another host)."""
    return raw if raw and SAFE_NEXT.match(raw) and len(raw) < 500 else "/live"


def without_token(path: str, query: str) -> str:
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != TOKEN_PARAM]
    return path + (f"?{urlencode(kept)}" if kept else "")


def _cookie(response: Response, value: str) -> Response:
    response.set_cookie(
        presenter.COOKIE,
        value,
        max_age=presenter.PRESENTER_HOURS * 3600,
        path="/",
        httponly=True,
        samesite="strict",
    )
    return response


async def _guess_allowed(address: str) -> bool:
    try:
        return await run_in_threadpool(
            current_store().allow, f"presenter:{address}", *presenter.GUESSES
        )
    except StoreUnavailable:
        return True  # the delay below still slows guesses while the database is away


async def _not_a_guess(address: str) -> None:
    """The right token gives back the try it took: only wrong tokens count against an address
    (a presenter opening the projector, the speaker view and the phone remote signs in more
    than five times)."""
    with contextlib.suppress(StoreUnavailable):  # nothing was taken from a store away
        await run_in_threadpool(
            current_store().give_back, f"presenter:{address}", presenter.GUESSES[0]
        )


def _expected(expected: ExpectedToken) -> str | None:
    try:
        return expected()
    except presenter.TokenTooShort:
        return None


async def check_token(request: Request, given: str, expected: ExpectedToken) -> str | None:
    """None when `given` is the token; else the text key saying why not (after a delay)."""
    right = _expected(expected)
    if right is None:
        return "live.token_short_page"
    address = client_address(request)
    if not await _guess_allowed(address):
        await asyncio.sleep(presenter.WRONG_DELAY_S)
        return "live.token_slow"
    if presenter.token_matches(given, right):
        await _not_a_guess(address)
        return None
    await asyncio.sleep(presenter.WRONG_DELAY_S)
    return "live.token_wrong"


def _handoff(request: Request, next_: str, expected: str) -> Response:
    response = HTMLResponse(_render_handoff(request, next_))
    response.headers["Content-Security-Policy"] = HANDOFF_CSP
    response = secured(response)
    return _cookie(response, presenter.session_cookie(expected))


def _render_handoff(request: Request, next_: str) -> str:
    bundle = BUNDLES.get(content_root(), keep_last_good=True)
    lang = phone_language(request, bundle)
    return TEMPLATES.get_template("handoff.html").render(
        t=bundle.ui[lang].__getitem__,
        lang=lang,
        next=next_,
        css=Markup(PHONE_CSS),
        handoff_js=Markup(_HANDOFF_JS),
    )


def _signin(request: Request, next_: str, error_key: str | None, status: int = 200) -> Response:
    bundle = BUNDLES.get(content_root(), keep_last_good=True)
    lang = phone_language(request, bundle)
    error = bundle.ui[lang][error_key].format(length=presenter.MIN_LENGTH) if error_key else ""
    here = from_this_computer(request.client.host if request.client else None, request.headers)
    page = render_phone_page(
        "signin.html",
        bundle,
        lang,
        "live.signin_title",
        next=next_,
        error=error,
        here=here,
        path="/presenter",
    )
    return secured(HTMLResponse(page, status_code=status))


async def signin(request: Request, expected: ExpectedToken) -> Response:
    """/presenter: the sign-in form (GET), or the token sent with it (POST, or ?token=)."""
    next_ = _next(request.query_params.get(NEXT_PARAM))
    if request.method == "GET":
        given = request.query_params.get(TOKEN_PARAM)
        if not given:
            return _signin(request, next_, None)
    else:
        if foreign_post(request):
            return _signin(request, next_, "join.foreign", 403)
        body = (await request.body())[:2048]
        form = dict(parse_qsl(body.decode("utf-8", "replace")))
        given, next_ = form.get(TOKEN_PARAM, ""), _next(form.get(NEXT_PARAM))
    problem = await check_token(request, given, expected)
    if problem:
        return _signin(request, next_, problem, 429 if problem == "live.token_slow" else 403)
    return _handoff(request, next_, _expected(expected))


async def cookie(request: Request, expected: ExpectedToken) -> Response:
    """The /live page's signed value for a token typed there, made into the cookie."""
    right = _expected(expected)
    if foreign_post(request) or right is None:
        return secured(Response(status_code=403))
    value = (await request.body())[:200].decode("ascii", "replace")
    if not presenter.cookie_valid(value, right):
        return secured(Response(status_code=403))
    return _cookie(secured(Response(status_code=204)), value)


async def here(request: Request, expected: ExpectedToken) -> Response:
    """This computer signs in without the token: a one-time code (GET) or a click (POST)."""
    right = _expected(expected)
    local = from_this_computer(request.client.host if request.client else None, request.headers)
    if request.method == "GET":
        next_ = _next(request.query_params.get(NEXT_PARAM))
        allowed = local and use_once_code(request.query_params.get(ONCE_PARAM))
    else:
        body = (await request.body())[:2048]
        next_ = _next(dict(parse_qsl(body.decode("utf-8", "replace"))).get(NEXT_PARAM))
        # A browser sends Origin with every POST: a page of another site cannot click here.
        allowed = local and request.headers.get("origin") is not None
        allowed = allowed and not foreign_post(request)
    if right is None:
        return _signin(request, next_, "live.token_short_page", 403)
    if not allowed:
        key = "signin.here_expired" if local else "signin.here_elsewhere"
        return _signin(request, next_, key, 403)
    return _handoff(request, next_, right)


def presenter_routes(expected: ExpectedToken) -> list[Route]:
    """/presenter, /presenter/cookie and /presenter/here; `expected` gives the token."""
    return [
        Route("/presenter", partial(signin, expected=expected), methods=["GET", "POST"]),
        Route("/presenter/cookie", partial(cookie, expected=expected), methods=["POST"]),
        Route("/presenter/here", partial(here, expected=expected), methods=["GET", "POST"]),
    ]


class TokenInAddress:
    """ASGI middleware: a page asked for with `?token=…` is signed in here, before Streamlit.

    Streamlit would show the page with the token in the address and remove it by adding a
    history entry, so Back (and the address bar's suggestions) would bring it back.
    """

    def __init__(self, app: ASGIApp, expected: ExpectedToken):
        self.app, self.expected = app, expected

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and f"{TOKEN_PARAM}=".encode() in scope.get("query_string", b"")
            and not scope["path"].startswith(("/_stcore", "/join", "/presenter", "/static"))
        ):
            request = Request(scope, receive)
            given = request.query_params.get(TOKEN_PARAM)
            if given:
                next_ = without_token(scope["path"], scope["query_string"].decode("latin-1"))
                problem = await check_token(request, given, self.expected)
                if problem:
                    response = _signin(request, _next(next_), problem, 403)
                else:
                    response = _handoff(request, _next(next_), _expected(self.expected))
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
