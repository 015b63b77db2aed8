"""Follow along on one's phone: between questions, a joined phone shows the projected slide.

A room opened for a talk run (lien.live.runs: the run keeps its room's code) is followed by
its phones: while no question is open and the projector shows a slide of a page or of one's
own, the phone's room page shows that slide in the phone's language (its title and text, a
chart's sentence, the chart drawn for the phone with its numbers in a table, an own slide's
image). With JavaScript the page swaps the slide in place within a second of the projector
(the room's long-polled state carries the slide's marker, lien.web.phone); without, a reload
shows it.

What it costs: where each room's run stands is read from the store at most once per
POSITION_TTL_S per room and process, however many phones wait (lien.live.following); each
slide is rendered once per loaded content, room, talk, slide and language (per_content), and
sent as a small HTML fragment. Nothing about a phone is stored or counted for it. A talk with
`follow_along = false` (content/talks/<id>.toml) keeps its phones on the room's own page, with
one line above it that says where the talk is ("Slide 7 of 51 · part", `Follow.where`): a
phone that joins mid-talk knows where it stands, and the line follows the projector.

The phone routes (lien.web.phone) sit a layer below talks and slides: this module registers
`follow_of` with lien.live.following when it is imported, and its two routes
(`follow_along_routes`) are served beside theirs (lien.web.wiring).
"""

from __future__ import annotations

import hashlib

import pandas as pd
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Route

from lien.content import BUNDLES, Bundle, content_root, per_content
from lien.content.models import IMAGE_TYPES
from lien.handout import markdown_html
from lien.layout import Block, Text, slide_parts
from lien.live import following
from lien.live.following import NOTHING, Follow
from lien.live.phone_chart import phone_svg
from lien.live.runs import Run
from lien.live.store import StoreUnavailable, normal_code
from lien.projection import HELPLINE_BLOCKS, helpline_columns, slide_charts, sources_line
from lien.sitemap import LANG_PARAM
from lien.talks import Talk, TalkSlide, talk_of
from lien.text import decimal
from lien.view import View
from lien.web import phone as web
from lien.web.phone import TEMPLATES, calm
from lien.web.toolkit import phone_language, secured

FOLLOWED_KINDS = ("slide", "own")  # the slides a phone shows (a question shows itself)
TABLE_ROWS = 24  # a chart's table on a phone: its first rows (a cloud of 300 points is not read)


def _talks(bundle: Bundle, lang: str, run: Run) -> tuple[Talk, TalkSlide, bool] | None:
    """The run's talk and slide in the phone's language, or in the talk's own when the talk is
    not written in the phone's (then True: the phone says so)."""
    plan = bundle.talks.get(run.talk_id)
    if plan is None:
        return None
    written = plan.languages or bundle.languages
    language = lang if lang in written else run.lang
    talk = talk_of(bundle, language, run.talk_id)
    if talk is None or not len(talk):
        return None
    return talk, talk.slide(talk.find(run.slide, run.item_id)), language != lang


def follow_of(bundle: Bundle, lang: str, run: Run | None, phase: str) -> Follow:
    """What a phone in `lang` shows of this run while its room is in `phase`."""
    if run is None:
        return NOTHING
    plan = bundle.talks.get(run.talk_id)
    found = _talks(bundle, lang, run) if plan is not None else None
    if found is None:
        return NOTHING
    talk, slide, _ = found
    # The same in every language (the page's and its state's may differ) and every process
    # (a phone's next request may reach another copy of the app). An edit of the slide's words
    # shows on the phones at the next slide, or on reload.
    if not plan.follow_along:  # the line that says where the talk is, not the slide
        words = f"{run.talk_id}:{slide.id}:{slide.number}"
        marker = hashlib.sha256(words.encode()).hexdigest()[:10]
        return Follow(False, marker, where=where_line(bundle, lang, talk, slide))
    words = f"{run.talk_id}:{slide.id}:{slide.number}:{run.blank}"
    marker = hashlib.sha256(words.encode()).hexdigest()[:10]
    if phase == "open" or run.blank or slide.kind not in FOLLOWED_KINDS:
        return Follow(False, marker)
    fragment = slide_fragment(bundle, lang, run.room_code or "", run.talk_id, run.lang, slide.id)
    return Follow(True, marker, fragment)


def where_line(bundle: Bundle, lang: str, talk: Talk, slide: TalkSlide) -> str:
    """Where the talk is, in the phone's language: "Slide 7 of 51 · part"."""
    return bundle.ui[lang]["follow.where"].format(
        number=slide.number, total=len(talk), part=talk.part_of(slide.number).title
    )


def _charts(view: View, slide: TalkSlide) -> list[dict]:
    page_slide = slide.page_slide
    if page_slide is None or page_slide.section is None:
        return []
    section = next(s for s in view.page(page_slide.page).sections if s.id == page_slide.section)
    out = []
    for chart in slide_charts(section.block, page_slide.chart):
        parts = chart.build(view)
        table = parts.table.head(TABLE_ROWS)
        out.append(
            {
                "id": f"chart-{chart.id}",
                "title": view.t(chart.title_key),
                "alt": parts.alt_text,
                "svg": phone_svg(parts.figure, f"chart-{chart.id}-alt", view.lang),
                "sources": sources_line(view, chart),
                "columns": [str(c) for c in table.columns],
                "rows": [
                    [_cell(v, view.lang) for v in row] for row in table.itertuples(index=False)
                ],
                "more": max(len(parts.table) - TABLE_ROWS, 0),
            }
        )
    return out


def _cell(value, lang: str) -> str:
    """A table's cell as the pages write it: a number in the reader's language, a dash for
    a value the study does not give."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    if isinstance(value, float | int) and not isinstance(value, bool):
        digits = 0 if float(value).is_integer() else 2
        return decimal(float(value), lang, digits)
    return str(value)


def _words(view: View, slide: TalkSlide) -> Markup:
    if slide.page_slide is not None:
        parts = slide_parts(view.page(slide.page_slide.page), slide.page_slide)
        texts = [p.markdown for p in parts if isinstance(p, Text)]
        if HELPLINE_BLOCKS & {p.name for p in parts if isinstance(p, Block)}:
            texts += helpline_columns(view)
        return Markup("").join(markdown_html(text) for text in texts)
    if slide.own is not None and slide.own.text and not slide.own.image_only:
        return markdown_html(slide.own.text)
    return Markup("")


@per_content(limit=512)
def slide_fragment(
    bundle: Bundle, lang: str, code: str, talk_id: str, talk_lang: str, item_id: str
) -> Markup:
    """One slide as a phone shows it (an HTML fragment), in the phone's language; rendered once
    per loaded content, room, talk, slide and language."""
    run = Run("", talk_id, talk_lang, 1, item_id, False, 0.0, 0.0, code)
    found = _talks(bundle, lang, run)
    if found is None:
        return Markup("")
    talk, slide, other = found
    view = View(bundle, talk.lang)
    t = bundle.ui[lang].__getitem__
    image = None
    if slide.own is not None and slide.own.image is not None:
        own_id = slide.id.partition(":")[2]
        image = {
            "src": f"/join/{code}/image/{own_id}?{LANG_PARAM}={talk.lang}",
            "alt": slide.own.image_alt,
        }
    return Markup(
        TEMPLATES.get_template("follow_slide.html").render(
            t=t,
            lang=lang,
            talk_lang=talk.lang if other else None,
            talk_note=t(f"join.talk_in_{talk.lang}") if other else "",
            where=where_line(bundle, lang, talk, slide),
            title=slide.title,
            words=_words(view, slide),
            charts=_charts(view, slide),
            image=image,
        )
    )


# --- the routes: the slide alone (for the page's script) and an own slide's image ----------


def _no_store(response: Response) -> Response:
    return secured(response)


async def slide_route(request: Request) -> Response:
    """GET /join/{code}/slide?lang=xx: the slide a phone of this room shows now, as an HTML
    fragment (empty while the room shows its own page)."""
    bundle = BUNDLES.get(content_root(), keep_last_good=True)
    lang = phone_language(request, bundle)
    code = normal_code(request.path_params["code"])
    try:
        room = await web.room_states.get(code)
        run = await following.positions.run(code) if room is not None else None
    except StoreUnavailable:
        return _no_store(Response(status_code=503, headers={"Retry-After": "5"}))
    if room is None:
        return _no_store(Response(status_code=404))
    follow = follow_of(bundle, lang, run, room.phase)
    response = HTMLResponse(follow.html or "")
    response.headers["X-Lien-Slide"] = follow.marker
    return _no_store(response)


async def image_route(request: Request) -> Response:
    """GET /join/{code}/image/{own id}: the image of an own slide of the talk this room
    follows, and of no other (the media folder is not browsable through it)."""
    bundle = BUNDLES.get(content_root(), keep_last_good=True)
    code = normal_code(request.path_params["code"])
    own_id = request.path_params["own"]
    try:
        run = await following.positions.run(code)
    except StoreUnavailable:
        return _no_store(Response(status_code=503, headers={"Retry-After": "5"}))
    plan = bundle.talks.get(run.talk_id) if run is not None else None
    if plan is None or not plan.follow_along or bundle.media_dir is None:
        return _no_store(Response(status_code=404))
    items = {item.id for part in plan.parts for item in part.items}
    if f"own:{own_id}" not in items:
        return _no_store(Response(status_code=404))
    wanted = request.query_params.get(LANG_PARAM)
    for lang in sorted(bundle.languages, key=lambda lang: lang != wanted):
        own = next((s for s in bundle.own_slides.get(lang, ()) if s.id == own_id), None)
        if own is not None and own.image:
            path = bundle.media_dir / own.image
            if path.suffix.lower() in IMAGE_TYPES and path.is_file():
                response = FileResponse(path)
                response.headers["Cache-Control"] = "private, max-age=3600"
                return _no_store(response)
    return _no_store(Response(status_code=404))


def follow_along_routes() -> list[Route]:
    """/join/<code>/slide and /join/<code>/image/<own id>, beside lien.web.phone's routes
    (calm while content cannot be read, as those are)."""
    return [
        Route("/join/{code}/slide", calm(slide_route), methods=["GET"]),
        Route("/join/{code}/image/{own}", calm(image_route), methods=["GET"]),
    ]


following.register(follow_of)
