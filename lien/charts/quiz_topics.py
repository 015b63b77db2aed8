"""The quiz round's score per topic: right and missed answers as stacked bars."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lien.charts.parts import ChartParts
from lien.charts.style import FOOT_LEGEND, OKABE_ITO, styled
from lien.quiz import TopicScore
from lien.view import View


def topic_figure(view: View, scores: list[TopicScore]) -> go.Figure:
    """Right and missed answers per topic, as stacked horizontal bars."""
    labels = [view.t(f"quiz.topic_{s.topic}") for s in scores]
    figure = go.Figure()
    figure.add_bar(
        y=labels,
        x=[s.right for s in scores],
        name=view.t("quiz.chart_right"),
        orientation="h",
        marker_color=OKABE_ITO["blue"],
    )
    figure.add_bar(
        y=labels,
        x=[s.asked - s.right for s in scores],
        name=view.t("quiz.chart_missed"),
        orientation="h",
        marker_color=OKABE_ITO["orange"],
    )
    # The legend at the foot of the figure, under the axis title (placed under the plot, it
    # ran into the axis title on a phone, where the tick labels take more room).
    figure.update_layout(
        barmode="stack",
        legend={**FOOT_LEGEND, "traceorder": "normal"},
    )
    figure.update_xaxes(title=view.t("quiz.chart_axis"), dtick=1, rangemode="tozero")
    figure.update_yaxes(autorange="reversed")
    styled(figure, title=view.t("quiz.chart_title"), height=170 + 48 * len(scores))
    figure.update_layout(margin={"b": 70})
    return figure


def topic_table(view: View, scores: list[TopicScore]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            view.t("quiz.chart_topic"): [view.t(f"quiz.topic_{s.topic}") for s in scores],
            view.t("quiz.chart_right"): [s.right for s in scores],
            view.t("quiz.chart_asked"): [s.asked for s in scores],
        }
    )


def topic_alt(view: View, scores: list[TopicScore]) -> str:
    details = "; ".join(
        view.t("quiz.chart_alt_item").format(
            topic=view.t(f"quiz.topic_{s.topic}"), right=s.right, asked=s.asked
        )
        for s in scores
    )
    return view.t("quiz.chart_alt").format(details=details)


def topic_parts(view: View, scores: list[TopicScore]) -> ChartParts:
    return ChartParts(
        topic_figure(view, scores), topic_table(view, scores), topic_alt(view, scores)
    )
