"""Rupture and repair: an illustrative course of the alliance, and the repair–outcome figure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from lien.charts.alliance_outcome import forest_figure, forest_table
from lien.charts.parts import ChartParts
from lien.charts.style import MIN_FONT_PX, OKABE_ITO, styled
from lien.content.models import EffectRow, Source
from lien.text import count, number, plotly_separators, short_citation
from lien.view import View

RuptureKind = Literal["withdrawal", "confrontation"]
RUPTURE_KINDS: tuple[RuptureKind, ...] = ("withdrawal", "confrontation")

# --- ILLUSTRATIVE, NOT DATA -------------------------------------------------------------
# A schematic course of the alliance on a 1–7 scale over 20 sessions, to show an idea
# (ruptures happen; repaired, they can leave the alliance stronger). No study measured these
# numbers; the chart says so on screen.
ILLUSTRATIVE_SESSIONS = 20
ILLUSTRATIVE_RUPTURES = (6, 13)  # sessions where a rupture happens
ILLUSTRATIVE_START, ILLUSTRATIVE_GROWTH = 3.6, 0.09  # the alliance builds slowly without events
# Withdrawal: a slow slide over three sessions; confrontation: one sharp drop.
ILLUSTRATIVE_DIPS: dict[RuptureKind, tuple[float, ...]] = {
    "withdrawal": (0.5, 1.0, 1.3),
    "confrontation": (2.0,),
}
ILLUSTRATIVE_REPAIR_SESSIONS = 2  # a repair takes two sessions to work through
ILLUSTRATIVE_REPAIR_GAIN = 0.35  # repaired, the alliance ends a little above where it was
ILLUSTRATIVE_DRIFT = 0.06  # unrepaired, it keeps crumbling, session after session
ILLUSTRATIVE_FLOOR = 1.0


def illustrative_course(kind: RuptureKind, repair: bool) -> pd.DataFrame:
    """Session by session: the schematic strength of the alliance and what happens there.

    `event` is "rupture" (the session a rupture starts), "repair" (the session a repair is
    complete), "unrepaired" (the first session after a rupture that nobody repaired) or "".
    """
    if kind not in ILLUSTRATIVE_DIPS:
        raise ValueError(f"unknown kind of rupture: {kind!r}")
    dips = ILLUSTRATIVE_DIPS[kind]
    in_rupture = {
        start + step: step for start in ILLUSTRATIVE_RUPTURES for step in range(len(dips))
    }
    level = before = ILLUSTRATIVE_START
    recovering: tuple[float, int] | None = None  # (level to reach, sessions left)
    crumbling = just_ended = False
    values, events = [], []
    for session in range(1, ILLUSTRATIVE_SESSIONS + 1):
        event = ""
        if session in in_rupture:
            step = in_rupture[session]
            if step == 0:
                before, recovering, event = level, None, "rupture"
            level = before - dips[step]
            if step == len(dips) - 1:
                if repair:
                    recovering = (before + ILLUSTRATIVE_REPAIR_GAIN, ILLUSTRATIVE_REPAIR_SESSIONS)
                else:
                    crumbling = just_ended = True
        elif recovering is not None:
            target, left = recovering
            level += (target - level) / left
            recovering = (target, left - 1) if left > 1 else None
            event = "" if recovering else "repair"
        elif crumbling:
            level -= ILLUSTRATIVE_DRIFT
            event, just_ended = ("unrepaired" if just_ended else ""), False
        else:
            level += ILLUSTRATIVE_GROWTH
        level = min(7.0, max(ILLUSTRATIVE_FLOOR, level))
        values.append(round(level, 3))
        events.append(event)
    return pd.DataFrame(
        {"session": range(1, ILLUSTRATIVE_SESSIONS + 1), "alliance": values, "event": events}
    )


EVENT_STYLE = {
    "rupture": ("triangle-down", OKABE_ITO["vermillion"]),
    "repair": ("star", OKABE_ITO["green"]),
    "unrepaired": ("x", OKABE_ITO["black"]),
}


def rupture_figure(
    course: pd.DataFrame, kind: RuptureKind, repair: bool, texts: Mapping[str, str], lang: str
) -> go.Figure:
    """The schematic course as a line, with each rupture, repair or unrepaired rupture marked."""
    colour = OKABE_ITO["green"] if repair else OKABE_ITO["vermillion"]
    session = texts["therapy_charts.rupture_x"]
    figure = go.Figure(
        go.Scatter(
            x=course["session"],
            y=course["alliance"],
            mode="lines+markers",
            name=texts["therapy_charts.rupture_line"],
            line={"color": colour, "width": 4, "dash": "solid" if repair else "dash"},
            marker={"size": 8, "color": colour},
            hovertemplate=f"{texts['therapy_charts.rupture_x']} %{{x}}<extra></extra>",
            showlegend=False,
        )
    )
    for event, (symbol, event_colour) in EVENT_STYLE.items():
        rows = course[course["event"] == event]
        if rows.empty:
            continue
        label = texts[f"therapy_charts.event_{event}"]
        figure.add_trace(
            go.Scatter(
                x=rows["session"],
                y=rows["alliance"],
                mode="markers+text",
                name=label,
                text=[label] * len(rows),
                textposition="bottom center" if event == "rupture" else "top center",
                textfont={"size": MIN_FONT_PX, "color": "#1A1A1A"},
                marker={"symbol": symbol, "size": 18, "color": event_colour},
                hovertemplate=f"{label} · {session} %{{x}}<extra></extra>",
                showlegend=False,
            )
        )
    # Plotly spaces the session numbers to fit the width (every one on a desktop touched on a
    # phone).
    figure.update_xaxes(title_text=session, range=[0.5, ILLUSTRATIVE_SESSIONS + 0.5])
    # The scale is schematic: no numbers on it, only low and high.
    figure.update_yaxes(
        title_text=texts["therapy_charts.rupture_y"], range=[0, 7.5], showticklabels=False
    )
    figure.update_layout(separators=plotly_separators(lang))
    return styled(figure, title=texts["therapy_charts.rupture_title"], height=480)


def rupture_table(course: pd.DataFrame, texts: Mapping[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            texts["therapy_charts.col_session"]: course["session"],
            texts["therapy_charts.col_strength"]: course["alliance"],
            texts["therapy_charts.col_event"]: [
                texts[f"therapy_charts.event_{e}"] if e else "" for e in course["event"]
            ],
        }
    )


def rupture_alt(
    course: pd.DataFrame, kind: RuptureKind, repair: bool, texts: Mapping[str, str]
) -> str:
    first, second = (int(s) for s in course.loc[course["event"] == "rupture", "session"])
    return texts["therapy_charts.rupture_alt"].format(
        sessions=len(course),
        kind=texts[f"therapy_charts.rupture_{kind}"].split(":")[0].strip().lower(),
        first=first,
        second=second,
        outcome=texts[
            "therapy_charts.rupture_outcome_repair"
            if repair
            else "therapy_charts.rupture_outcome_no_repair"
        ],
    )


# --- the repair–outcome figure (Eubanks, Muran & Safran 2018) ------------------------------


def repair_rows(effects: Sequence[EffectRow]) -> list[EffectRow]:
    """The repair–outcome meta-analysis, and the largest alliance–outcome one for comparison."""
    repair = [e for e in effects if e.effect == "repair_outcome"]
    alliance = [e for e in effects if e.effect == "alliance_outcome"]
    reference = max(alliance, key=lambda e: e.k or 0)
    return [*repair, reference]


def repair_figure(
    effects: Sequence[EffectRow], sources: Mapping[str, Source], texts: Mapping[str, str], lang: str
) -> go.Figure:
    return forest_figure(
        repair_rows(effects),
        sources,
        texts,
        lang,
        title=texts["therapy_charts.repair_title"],
        x_title=texts["therapy_charts.repair_x"],
        row_labels={
            "repair_outcome": texts["therapy_charts.repair_label"],
            "alliance_outcome": texts["therapy_charts.alliance_label"],
        },
    )


def repair_alt(
    effects: Sequence[EffectRow], sources: Mapping[str, Source], texts: Mapping[str, str], lang: str
) -> str:
    row, ref = repair_rows(effects)
    return texts["therapy_charts.repair_alt"].format(
        r=number(row.r, lang, row.r_digits),
        ci_low=number(row.ci_low, lang, row.ci_digits),
        ci_high=number(row.ci_high, lang, row.ci_digits),
        d=number(row.d, lang, row.d_digits),
        k=row.k,
        n=count(row.n, lang),
        source=short_citation(sources[row.source_id]),
        ref_r=number(ref.r, lang, ref.r_digits),
        ref_source=short_citation(sources[ref.source_id]),
    )


def rupture_parts(view: View, kind: RuptureKind, repair: bool) -> ChartParts:
    """The illustrative course of an alliance through ruptures, repaired or not."""
    course = illustrative_course(kind, repair)
    return ChartParts(
        rupture_figure(course, kind, repair, view.texts, view.lang),
        rupture_table(course, view.texts),
        rupture_alt(course, kind, repair, view.texts),
    )


def repair_parts(view: View) -> ChartParts:
    """The measured link between repairing ruptures and outcome, beside the alliance's."""
    effects, sources = view.bundle.effects, view.bundle.sources_by_id
    return ChartParts(
        repair_figure(effects, sources, view.texts, view.lang),
        forest_table(repair_rows(effects), sources, view.texts),
        repair_alt(effects, sources, view.texts, view.lang),
    )
