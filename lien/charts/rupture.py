"""Rupture and repair, illustrated: a schematic course of the alliance through ruptures."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from lien.charts.parts import ChartParts
from lien.charts.style import MIN_FONT_PX, OKABE_ITO, styled
from lien.text import plotly_separators
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


def rupture_parts(view: View, kind: RuptureKind, repair: bool) -> ChartParts:
    """The illustrative course of an alliance through ruptures, repaired or not."""
    course = illustrative_course(kind, repair)
    return ChartParts(
        rupture_figure(course, kind, repair, view.texts, view.lang),
        rupture_table(course, view.texts),
        rupture_alt(course, kind, repair, view.texts),
    )
