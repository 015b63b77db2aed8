"""Rules about what the texts say: true about privacy, careful with figures, kind to readers.

Each rule is one a reviewer stated and a careless edit could break again:
- no text about the live room says that nothing is kept (what is kept: content/<lang>/
  ui-privacy.toml, put in place by {privacy.room});
- a slide that gives the source page's view gives the research beside it (the handout prints
  slide texts as its key points);
- no causal verb in the same sentence as a correlation figure, in the app's own voice;
- the reflection's statements are rated on the same scale on the phones and on the page;
- the texts that label the room's map never name a style.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from lien.content.messages import msg
from lien.content.reader import Reader

# --- "nothing is kept", where the live room keeps answers ------------------------------------

NOTHING_KEPT = {
    "en": re.compile(
        r"\b(stores|keeps|saves|records|retains) nothing\b"
        r"|\bnothing\b[^.;:]{0,60}\b(is|gets|are) (stored|kept|saved|recorded|retained)\b",
        re.IGNORECASE,
    ),
    "fr": re.compile(
        r"\bn['’](enregistre|conserve|garde|stocke) rien\b"
        r"|\bne (conserve|garde|stocke) rien\b"
        r"|\brien\b[^.;:]{0,60}\bn['’](est|sont) (enregistré|conservé|gardé|stocké)",
        re.IGNORECASE,
    ),
}
# Words that put a text in the live room's context, whatever file it is in.
ROOM_WORDS = {
    "en": re.compile(r"live room|\broom's\b|\bphones?\b|\bthe room keeps\b", re.IGNORECASE),
    "fr": re.compile(r"salle en direct|\btéléphones?\b|\bla salle garde\b", re.IGNORECASE),
}
# Interface texts of the room itself (the phones, /live, present mode, the speaker view).
ROOM_GROUPS = ("join.", "live.", "present.", "speaker.")


def without(text: str, said: Iterable[str]) -> str:
    """`text` without the privacy texts put in it (they say what is kept, and what is not)."""
    for value in said:
        if value:
            text = text.replace(value, " ")
    return text


def says_nothing_kept(text: str, lang: str) -> str | None:
    """The words of `text` that promise nothing is kept, if any."""
    pattern = NOTHING_KEPT.get(lang)
    found = pattern.search(text) if pattern else None
    return found.group(0) if found else None


def about_the_room(text: str, lang: str) -> bool:
    pattern = ROOM_WORDS.get(lang)
    return bool(pattern and pattern.search(text))


def check_nothing_kept(
    reader: Reader, path: Path, field: str, text: str, lang: str, in_room: bool
) -> None:
    """One text (a slide with its notes, a section, an interface text): in the live room's
    context, it never says that nothing is kept."""
    words = says_nothing_kept(text, lang)
    if words and (in_room or about_the_room(text, lang)):
        reader.add(
            path,
            field,
            msg("wording.nothing_kept", words=words),
        )


# --- the source page's view, with the research beside it ----------------------------------

PAGE_VIEW = {
    "en": re.compile(r"\b(the page says|for the page|the source page|source page's)\b", re.I),
    "fr": re.compile(r"\b(la page dit|pour la page|selon la page|la page source)\b", re.I),
}
# What research finds, said as such ("At the heart of research" is not a finding).
EVIDENCE = {
    "en": re.compile(
        r"\b(studies (find|found|show)|research (finds|shows)|in research|meta-analys[ie]s)\b",
        re.I,
    ),
    "fr": re.compile(
        r"\b(les études (trouvent|montrent)|la recherche (trouve|montre)|dans la recherche|"
        r"méta-analyses?)\b",
        re.I,
    ),
}
# A citation: (Author, 2009), (Author et al., 2018), Author & Other (2011).
CITATION = re.compile(r"\(\D[^()]*\b(19|20)\d\d\)|\b(19|20)\d\d\)")


def view_without_evidence(text: str, lang: str) -> bool:
    """A slide's text that gives the source page's view and no research beside it."""
    if not PAGE_VIEW[lang].search(text):
        return False
    return not (EVIDENCE[lang].search(text) or CITATION.search(text))


def check_page_view_evidence(reader: Reader, path: Path, field: str, text: str, lang: str) -> None:
    if lang in PAGE_VIEW and view_without_evidence(text, lang):
        reader.add(
            path,
            field,
            msg("wording.view_without_evidence"),
        )


# --- no causal verb beside a correlation -----------------------------------------------------

CORRELATION = re.compile(r"\b[rd]\s*[=≈]\s*[−-]?\d|\br\s*[=≈]\s*[.,]\d")
CAUSAL = {
    "en": re.compile(
        r"\b(causes?|caused|makes?|leads? to|produces?|determines?|depends? on|drives?|"
        r"brings? about|results? in|because of)\b",
        re.IGNORECASE,
    ),
    "fr": re.compile(
        r"\b(causes?|provoquent?|entraînent?|produisent|produit|déterminent?|dépendent de|"
        r"dépend de|rend possible|rendent possible|à cause de|fait que)\b",
        re.IGNORECASE,
    ),
}
# A sentence: up to . ; ! ? followed by a space, or a list item.
SENTENCES = re.compile(r"(?<=[.;!?])\s+|\n\s*[-*]\s+|\n\n")


def causal_beside_correlation(text: str, lang: str) -> str | None:
    """The causal words of the first sentence, in the app's voice, that sit beside an r or a d."""
    causal = CAUSAL.get(lang)
    if causal is None:
        return None
    for sentence in SENTENCES.split(text):
        if not CORRELATION.search(sentence) or PAGE_VIEW[lang].search(sentence):
            continue
        found = causal.search(sentence)
        if found:
            return found.group(0)
    return None


def check_causal(reader: Reader, path: Path, field: str, text: str, lang: str) -> None:
    words = causal_beside_correlation(text, lang)
    if words:
        reader.add(
            path,
            field,
            msg("wording.causal", words=words),
        )


# --- one scale for the reflection's statements, and no style on the room's map --------------

SAME_SCALE = ("reflection.scale", "join.map_scale")
# The texts that label the room's map (the report's and the projector's quadrants included).
MAP_LABELS = (
    "live.map_alt",
    "live.quadrant_lower_anxiety_lower_avoidance",
    "live.quadrant_lower_anxiety_higher_avoidance",
    "live.quadrant_higher_anxiety_lower_avoidance",
    "live.quadrant_higher_anxiety_higher_avoidance",
    "join.map_mine",
    "join.map_point",
)
STYLE_KEYS = ("attachment.style.", "attachment.region.")


def check_same_scale(reader: Reader, content: Path, ui: Mapping[str, Mapping[str, str]]) -> None:
    """The twelve statements read the same scale on the phones and on the Reflection page."""
    first, second = SAME_SCALE
    for lang, texts in ui.items():
        if first in texts and second in texts and texts[first] != texts[second]:
            reader.add(
                content / lang / "ui-live.toml",
                second,
                msg("wording.same_scale", key=first),
            )


def style_names(texts: Mapping[str, str]) -> set[str]:
    return {
        value.strip().casefold()
        for key, value in texts.items()
        if key.startswith(STYLE_KEYS) and value.strip()
    }


def named_style(text: str, styles: Iterable[str]) -> str | None:
    folded = text.casefold()
    for style in sorted(styles):
        if re.search(rf"\b{re.escape(style)}\b", folded):
            return style
    return None


def check_map_labels(
    reader: Reader,
    content: Path,
    ui: Mapping[str, Mapping[str, str]],
    polls: Mapping[str, Iterable[Any]],
) -> None:
    """The room's map describes a room, not types: no style names its parts."""
    for lang, texts in ui.items():
        styles = style_names(texts)
        for key in MAP_LABELS:
            found = named_style(texts.get(key, ""), styles)
            if found:
                reader.add(
                    content / lang / "ui-live.toml",
                    key,
                    msg("wording.map_style", style=found),
                )
        for poll in polls.get(lang, ()):
            if poll.kind != "map":
                continue
            for field in ("prompt", "explanation"):
                found = named_style(getattr(poll, field) or "", styles)
                if found:
                    reader.add(
                        content / lang / "polls.toml",
                        f'polls "{poll.id}", {field}',
                        msg("wording.map_style", style=found),
                    )
