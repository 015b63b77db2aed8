"""The pages of Lien: their ids, fixed URL paths and icons (titles come from content)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    id: str
    url_path: str  # "" is the home page
    icon: str

    @property
    def script(self) -> str:
        # Not pages/<id>.py: a file named like its URL path collides with Streamlit's legacy
        # pages/ folder hash under AppTest, which then runs the page without app.py's frame.
        return f"pages/{self.id}_page.py"


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


def page(page_id: str) -> PageSpec:
    return next(p for p in PAGES if p.id == page_id)
