"""The map of Lien: its pages (ids, URL paths, icons), the URL parameters, the block names.

Titles and every text come from content; this module holds only what code and content must
agree on, so `python -m lien check` can validate content against it without Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    id: str
    url_path: str  # "" is the home page
    icon: str

    @property
    def script(self) -> str:
        return f"screens/{self.id}.py"


PAGES: tuple[PageSpec, ...] = (
    PageSpec("home", "", ":material/home:"),
    PageSpec("alliance", "alliance", ":material/handshake:"),
    PageSpec("attachment", "attachment", ":material/diversity_1:"),
    PageSpec("therapy", "therapy", ":material/psychology:"),
    PageSpec("quiz", "quiz", ":material/quiz:"),
    PageSpec("reflection", "reflection", ":material/self_improvement:"),
    PageSpec("sources", "sources", ":material/menu_book:"),
    PageSpec("live", "live", ":material/podium:"),
)
PAGE_IDS = frozenset(p.id for p in PAGES)
# The presenter's start page (lien.ui.start): not in the navigation, opened by the starters.
START_PATH = "start"
START_SCRIPT = "screens/start.py"


def page(page_id: str) -> PageSpec:
    return next(p for p in PAGES if p.id == page_id)


# --- what the pages teach ------------------------------------------------------------------

# Every point of the source page that Lien teaches (A: the alliance, B: attachment styles,
# C: the relationship as a corrective experience, D: the alliance's components, E: why it
# matters), and the page that must teach it in every language (sections list them in
# `covers`; tests/test_content.py checks that each is covered).
_PAGE_OF_PART = {
    "A": "alliance",
    "B": "attachment",
    "C": "therapy",
    "D": "alliance",
    "E": "alliance",
}
BRIEF_POINTS: dict[str, str] = {
    point: _PAGE_OF_PART[point[0]]
    for point in [
        "A1",
        "A2",
        "A3",
        "A4",
        "A5",
        "B1",
        "B2",
        "B3",
        "B4",
        "B5",
        "B5a",
        "B5b",
        "B5c",
        "C1",
        "C2",
        "C3",
        "C4",
        "D1",
        "D1a",
        "D1b",
        "D1c",
        "D1d",
        "D2",
        "D3",
        "E1",
        "E2",
    ]
}

# --- URL parameters ------------------------------------------------------------------------

LANG_PARAM = "lang"
PRESENT_PARAM = "present"  # "1": present mode
SLIDE_PARAM = "slide"  # the slide number in present mode, from 1
NOTES_PARAM = "notes"  # the speaker view of a talk run
TALK_PARAM = "talk"  # the talk present mode plays (content/talks/<id>.toml)
RUN_PARAM = "run"  # the talk run the projector, the speaker view and the remote share
KEY_PARAM = "key"  # a link's key: the speaker view's to its run, a moderator's to its room
SEED_PARAM = "seed"  # a fixed quiz round
ROOM_PARAM = "room"  # /live: the presenter's room
SCREEN_PARAM = "screen"  # "1": /live's projector view, without the page's frame
EDIT_PARAM = "edit"  # "talk": /live's talk editor
# The presenter's sign-in (lien.web.signin; its form sends the same names).
TOKEN_PARAM = "token"  # the presenter token, exchanged at once for a cookie
NEXT_PARAM = "next"  # where to go once signed in (a path of this site)
ONCE_PARAM = "once"  # `python -m lien serve`'s one-time sign-in code
# The phone pages (lien.web.phone).
CODE_PARAM = "code"  # the room code typed on /join
SINCE_PARAM = "since"  # the room's state a phone already has (its long poll waits for another)
SAVED_PARAM = "saved"  # "1": the phone's answer was stored
ASKED_PARAM = "asked"  # "1": the phone's question for the speaker was sent
DONE_PARAM = "done"  # a moderator's action: "1" done, "changed" (the text changed: nothing done)

# --- blocks ----------------------------------------------------------------------------------

# Every name a content section may give as `block = "…"`, with the page it belongs on. The
# Streamlit layer maps each to its renderer (lien.ui.blocks.BLOCKS, tested to match this).
BLOCK_NAMES: frozenset[str] = frozenset(
    {
        "page_cards",
        "references",
        "safety",
        "helplines_checked",
        "handout",
        "quiz_round",
        "alliance_components",
        "alliance_forest",
        "alliance_r",
        "alliance_shares",
        "therapy_rupture",
        "attachment_prevalence",
        "attachment_map",
        "attachment_stress",
        "reflection",
    }
)

# The names of the charts each chart block draws (their ids, which are their element keys): a
# slide of a section with that block may show one of them (`chart = "…"` in slides.toml)
# instead of all. Each chart is declared in lien.charts.catalogue (builder, heading, sources,
# slide and handout forms); content, which checks these names as it loads, sits below the
# builders, so the names are here too, and tests/test_chart_catalogue.py keeps them the same.
BLOCK_CHARTS: dict[str, tuple[str, ...]] = {
    "alliance_forest": ("alliance_forest_chart",),
    "alliance_r": ("alliance_r_chart",),
    "alliance_shares": ("alliance_shares_chart", "alliance_lambert_chart"),
    "alliance_components": ("alliance_components_chart",),
    "therapy_rupture": ("therapy_rupture_chart", "therapy_repair_chart"),
    "attachment_prevalence": ("attachment_prevalence",),
    "attachment_stress": ("attachment_stress",),
    "attachment_map": ("attachment_map",),
}
