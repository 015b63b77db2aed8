"""The phones' busiest routes served straight after the app's own middleware, without the
layers Streamlit puts in front of its pages.

Every request to st.App passes Streamlit's middleware (its path checks for the files it
serves, its session cookie, its gzip) and its router before it reaches a route. The phones'
room routes (lien.web.phone.participant_routes: the room's page, its state, an answer, an
audience question, a vote) use none of them: they read no file from the address, keep no
session, and their pages go out already compressed (lien.web.page_cache) or through
lien.web.compression. With 200 phones a second, those layers were about a tenth of the
server's CPU (issue 23). So this middleware, placed after the app's own (framing headers,
shedding, compression), hands a request that fully matches one of these routes to it
directly; everything else (other methods, the phones' other routes, every page) goes on as
before. The routes are the ones st.App also lists (lien.web.wiring.routes).
"""

from __future__ import annotations

from starlette.middleware.exceptions import ExceptionMiddleware
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["DirectRoutes"]

PREFIX = "/join"


class DirectRoutes:
    """ASGI middleware: a request that fully matches one of `routes` is served by it here."""

    def __init__(self, app: ASGIApp, routes: list[BaseRoute]):
        self.app = app
        self.routes = list(routes)
        # As Starlette's own stack ends: an HTTPException raised by a route is its response.
        self.handle = ExceptionMiddleware(self._route)
        self.served = 0  # requests served here (tests, benchmarks)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path == PREFIX or path.startswith(PREFIX + "/"):
            for route in self.routes:
                match, child_scope = route.matches(scope)
                if match is Match.FULL:
                    scope.update(child_scope)
                    scope["route"] = route
                    self.served += 1
                    await self.handle(scope, receive, send)
                    return
        await self.app(scope, receive, send)

    @staticmethod
    async def _route(scope: Scope, receive: Receive, send: Send) -> None:
        await scope["route"].handle(scope, receive, send)
