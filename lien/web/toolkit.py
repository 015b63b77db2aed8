"""What every page Lien serves outside Streamlit shares: its headers (a Content-Security-Policy
allowing only the page's own style and script, nosniff, no referrer, no framing), the phone
pages' style and script, their rendering in the phone's language, and who is asking (the
client's address, its own origin, a POST from another origin).

The phone pages (lien.web.phone), the presenter's sign-in (lien.web.signin) and the network
check (lien.web.reach) are drawn with these; the templates are in lien/live/templates, read
by lien.html's one Jinja environment.
"""

from __future__ import annotations

import base64
import hashlib
import os
from importlib.resources import files

from starlette.requests import Request
from starlette.responses import Response

from lien.content import Bundle
from lien.html import TEMPLATES, Markup
from lien.live import settings
from lien.sitemap import LANG_PARAM
from lien.text import accepted_languages, choose_language

LANG_COOKIE = "lien_lang"

# Long polling (phone.js, lien.web.phone.LONG_POLL_S): the server answers when the room changes, so
# a room of 200 idle phones costs 200 open connections, not 130 requests a second.
PHONE_CSS = (files("lien.live") / "templates" / "phone.css").read_text(encoding="utf-8")
PHONE_JS = (files("lien.live") / "templates" / "phone.js").read_text(encoding="utf-8")


def csp_hash(text: str) -> str:
    """A Content-Security-Policy source allowing exactly this style or script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


# The page's own style and script, by hash: nothing else runs or styles it, and it loads nothing.
CSP = (
    "default-src 'none'; "
    f"style-src {csp_hash(PHONE_CSS)}; script-src {csp_hash(PHONE_JS)}; "
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
        css=Markup(PHONE_CSS),
        js=Markup(PHONE_JS),
        other_languages=others,
        data=context.pop("data", {}),
        **context,
    )


def phone_language(request: Request, bundle: Bundle) -> str:
    """The phone's language: its URL, then its own switch (a cookie), then the browser's."""
    return choose_language(
        bundle.languages,
        bundle.site.default_language,
        requested=request.query_params.get(LANG_PARAM),
        remembered=request.cookies.get(LANG_COOKIE),
        browser=accepted_languages(request.headers.get("accept-language")),
    )


def client_address(request: Request) -> str:
    """Who is asking: the peer, or the X-Real-IP a trusted proxy (nginx) says it forwards."""
    peer = request.client.host if request.client else "unknown"
    if peer in settings.trusted_proxies():
        forwarded = request.headers.get("x-real-ip", "").strip()
        if forwarded and len(forwarded) <= 64:
            return forwarded
    return peer


def own_origin(request: Request) -> str:
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
    return origin.lower() != own_origin(request)
