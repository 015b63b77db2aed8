"""The live room's results: one bar per option, the right one marked once revealed."""

from __future__ import annotations

import plotly.graph_objects as go

from lien.charts.style import OKABE_ITO, styled
from lien.live.questions import LiveQuestion
from lien.live.store import Tally


def share_right(tally: Tally, question: LiveQuestion) -> float | None:
    """The share of answers that were right, or None for an opinion poll or no answer."""
    if not question.correct or tally.answered == 0:
        return None
    right = sum(count for option, count in tally.counts.items() if option in question.correct)
    return right / tally.answered


def answers_figure(
    question: LiveQuestion, tally: Tally, *, axis_title: str, revealed: bool, right_mark: str
) -> go.Figure:
    """Horizontal bars, one per option in the question's order; the right one marked on reveal."""
    labels, counts, colours = [], [], []
    for option_id, text in question.options:
        right = revealed and option_id in question.correct
        labels.append(f"{text} ✓ {right_mark}" if right else text)
        counts.append(tally.counts.get(option_id, 0))
        colours.append(OKABE_ITO["green"] if right else OKABE_ITO["blue"])
    figure = go.Figure(
        go.Bar(
            x=counts,
            y=labels,
            orientation="h",
            marker_color=colours,
            text=counts,
            textposition="auto",
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title=axis_title, rangemode="tozero", dtick=1 if max(counts) < 10 else None)
    return styled(figure, height=120 + 70 * len(labels))
