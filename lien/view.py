"""What one rerun needs to render text: the validated content and the reader's language."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from lien.content import Bundle
from lien.content.models import PageText, SafetyLine, Source
from lien.sitemap import LANG_PARAM, page
from lien.text import NBSP

# The order of the reference groups on the sources page and in the handout.
TOPICS = ("source_page", "alliance", "prevalence", "dimensions")

_LINK = re.compile(r"\]\((page|source):([^)#\s]*)(#[^)\s]*)?\)")


@dataclass(frozen=True)
class View:
    bundle: Bundle
    lang: str

    def t(self, key: str) -> str:
        return self.bundle.ui[self.lang][key]

    def cache_key(self) -> tuple[int, str]:
        """What a cached result built from this view depends on: this load of the content
        (a new generation after every edit) and the language."""
        return self.bundle.generation, self.lang

    @property
    def texts(self) -> Mapping[str, str]:
        """Every interface text of this language, by key (for the chart builders)."""
        return self.bundle.ui[self.lang]

    def page(self, page_id: str) -> PageText:
        return self.bundle.pages[self.lang][page_id]

    def href(self, page_id: str, anchor: str = "") -> str:
        """A link to a page that keeps the language, relative so it works under any base path."""
        return f"./{page(page_id).url_path}?{LANG_PARAM}={self.lang}{anchor}"

    def markdown(self, text: str) -> str:
        """Content Markdown with its `page:` and `source:` links made into real links."""

        def replace(match: re.Match) -> str:
            kind, target, anchor = match.group(1), match.group(2), match.group(3) or ""
            if kind == "page":
                return f"]({self.href(target, anchor)})"
            return f"]({self.href('sources', '#' + target)})"

        return _LINK.sub(replace, text)

    def helpline(self, line: SafetyLine) -> str:
        """One helpline as Markdown: its number (kept on one line), name, cost and hours, in
        the words and punctuation of content (safety.line)."""
        helpline = self.bundle.helplines_by_id[line.id]
        return self.t("safety.line").format(
            number=helpline.number.replace(" ", NBSP),
            label=line.label,
            cost=self.t(f"safety.cost_{helpline.cost}"),
            hours=self.t(f"safety.hours_{helpline.hours}"),
        )

    def helplines(self) -> list[tuple[str, list[str]]]:
        """Each place and its helplines as Markdown lines, in content's order."""
        safety = self.bundle.safety[self.lang]
        return [(p.place, [self.helpline(line) for line in p.lines]) for p in safety.places]

    def helpline_checks(self) -> list[str]:
        """Where each number was checked and when, as Markdown lines (the Sources page)."""
        out = []
        for place in self.bundle.safety[self.lang].places:
            for line in place.lines:
                helpline = self.bundle.helplines_by_id[line.id]
                site = re.sub(r"^https?://(www\.)?", "", helpline.source).split("/")[0]
                out.append(
                    self.t("safety.checked_line").format(
                        number=helpline.number.replace(" ", NBSP),
                        place=place.place,
                        site=f"[{site}]({helpline.source})",  # a link to where it was checked
                        checked=helpline.checked.replace("-", "\u2011"),  # one line
                    )
                )
        return out

    def references(self) -> list[tuple[str, list[Reference]]]:
        """Every source as a reference in this language, grouped by topic (heading, entries)."""
        texts = self.bundle.source_texts[self.lang]
        groups = []
        for topic in TOPICS:
            sources = sorted(
                (s for s in self.bundle.sources if s.topic == topic),
                key=lambda s: (s.authors, s.year or 0),
            )
            entries = []
            for source in sources:
                text = texts[source.id]
                entries.append(
                    Reference(
                        source=source,
                        authors=text.authors or source.authors,
                        title=text.title or source.title,
                        container=text.container or source.container,
                        sample=f"{self.t('sources.sample')} {text.sample}",
                        measure=f"{self.t('sources.measure')} {text.measure}",
                        status=""
                        if source.status == "verified"
                        else self.t(f"sources.status_{source.status}"),
                        consulted=f"{self.t('sources.consulted')} {source.consulted}"
                        if source.consulted
                        else "",
                    )
                )
            groups.append((self.t(f"sources.topic_{topic}"), entries))
        return groups


@dataclass(frozen=True)
class Reference:
    """A source as the reader sees it: neutral fields, with the language-dependent ones resolved."""

    source: Source
    authors: str
    title: str
    container: str
    sample: str
    measure: str
    status: str = ""  # why its figures are not checked data (a claim), empty when verified
    consulted: str = ""  # when a web page was read, when known

    @property
    def year(self) -> str:
        return f" ({self.source.year})" if self.source.year else ""

    @property
    def where(self) -> str:
        return f", {self.source.volume_pages}" if self.source.volume_pages else ""
