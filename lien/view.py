"""What one rerun needs to render text: the validated content and the reader's language."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lien.content import Bundle
from lien.models import PageText
from lien.site import page

_LINK = re.compile(r"\]\((page|source):([^)#\s]*)(#[^)\s]*)?\)")


@dataclass(frozen=True)
class View:
    bundle: Bundle
    lang: str

    def t(self, key: str) -> str:
        return self.bundle.ui[self.lang][key]

    def page(self, page_id: str) -> PageText:
        return self.bundle.pages[self.lang][page_id]

    def href(self, page_id: str, anchor: str = "") -> str:
        """A link to a page that keeps the language, relative so it works under any base path."""
        return f"./{page(page_id).url_path}?lang={self.lang}{anchor}"

    def markdown(self, text: str) -> str:
        """Content Markdown with its `page:` and `source:` links made into real links."""

        def replace(match: re.Match) -> str:
            kind, target, anchor = match.group(1), match.group(2), match.group(3) or ""
            if kind == "page":
                return f"]({self.href(target, anchor)})"
            return f"]({self.href('sources', '#' + target)})"

        return _LINK.sub(replace, text)
