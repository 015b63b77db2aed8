"""The live room's results: one bar per option or point (the right one marked once revealed),
and the room's map as a density."""

from __future__ import annotations

import plotly.graph_objects as go

from lien.charts.style import OKABE_ITO, styled, wrap
from lien.live.questions import LiveQuestion
from lien.live.records import Tally


def share_right(tally: Tally, question: LiveQuestion) -> float | None:
    """The share of answers that were right, or None for an opinion poll or no answer."""
    if not question.correct or tally.answered == 0:
        return None
    right = sum(count for option, count in tally.counts.items() if option in question.correct)
    return right / tally.answered


# A bar's name above it, in lines of at most this many characters: at 18 px they fit the
# 340 px of a phone's chart.
STACKED_LABEL_CHARS = 30


def result_figure(
    result,
    *,
    axis_title: str,
    fewer_text: str,
    right_mark: str,
    font_px: int = 18,
    fill: bool = False,
    stacked: bool = False,
    share_text=str,
) -> go.Figure:
    """Bars of a choice or scale result (lien.live.results.Result), in the question's order.

    A group too small to show (a personal question) has no bar, only "fewer than N" written
    where its bar would be: no length a reader could measure.

    `stacked`: each bar's name above it, from the left edge, rather than beside it as a tick
    label (on a phone those took the whole width: names cut, no room for the bars).
    A personal question's result (`result.blurred`) has shares, no counts: each bar is its
    share, written by `share_text` (a percentage in the reader's language).
    """
    if stacked:
        return _stacked_figure(result, axis_title, fewer_text, right_mark, font_px, share_text)
    labels, counts, texts, colours = _bars(result, fewer_text, right_mark, share_text)
    top = max(counts) if counts else 0
    figure = go.Figure(
        go.Bar(
            x=counts,
            y=labels,
            orientation="h",
            marker_color=colours,
            text=texts,
            textposition="outside",
            cliponaxis=False,
            hoverinfo="skip",
        )
    )
    figure.update_yaxes(autorange="reversed", automargin=True)
    figure.update_xaxes(
        title=axis_title,
        rangemode="tozero",
        range=[0, max(top * 1.35, 4)],
        dtick=1 if top < 10 else None,
    )
    figure = styled(figure, height=110 + (font_px * 3) * max(len(labels), 1))
    figure.update_layout(
        font={"size": font_px}, margin={"l": 10, "r": 30, "t": 10, "b": 10}, showlegend=False
    )
    figure.update_xaxes(tickfont={"size": font_px}, title_font={"size": font_px})
    figure.update_yaxes(tickfont={"size": font_px})
    figure.update_traces(textfont={"size": font_px})
    if fill:  # the projector: compact enough for a 1280×720 window under the question
        figure.update_layout(height=min(330, 80 + 38 * max(len(labels), 1)))
    return figure


def _bars(result, fewer_text: str, right_mark: str, share_text=str) -> tuple[list, ...]:
    """Each bar's name (the right answer marked), length, text and colour."""
    labels, counts, texts, colours = [], [], [], []
    blurred = getattr(result, "blurred", False)
    for bar in result.bars:
        labels.append(f"{bar.label} ✓ {right_mark}" if bar.right else bar.label)
        value = bar.share if blurred else bar.count
        counts.append(value or 0)
        texts.append(
            fewer_text
            if bar.count is None
            else share_text(bar.share)
            if blurred
            else str(bar.count)
        )
        colours.append(OKABE_ITO["green"] if bar.right else OKABE_ITO["blue"])
    return labels, counts, texts, colours


def _stacked_figure(
    result, axis_title: str, fewer_text: str, right_mark: str, font_px: int, share_text=str
) -> go.Figure:
    """result_figure with each bar's name above it. Rows in pixels: the name's lines, the bar,
    a gap; the figure is as tall as its rows, so the names never reach the bar above."""
    names, counts, texts, colours = _bars(result, fewer_text, right_mark, share_text)
    labels = [wrap(name, STACKED_LABEL_CHARS) for name in names]
    rows = max(len(labels), 1)
    lines = max((label.count("<br>") + 1 for label in labels), default=1)
    name_px, bar_px, gap_px = 1.3 * font_px * lines, 1.3 * font_px, 0.7 * font_px
    row_px = name_px + bar_px + gap_px
    width = bar_px / row_px  # of a row, in the y axis's units (one row each)
    above = (name_px + gap_px / 2) / row_px
    top = max(counts) if counts else 0
    figure = go.Figure(
        go.Bar(
            x=counts,
            y=list(range(len(labels))),
            width=width,
            orientation="h",
            marker_color=colours,
            text=texts,
            textposition="outside",
            cliponaxis=False,
            hoverinfo="skip",
        )
    )
    for row, label in enumerate(labels):
        figure.add_annotation(
            x=0,
            xanchor="left",
            y=row - width / 2,
            yanchor="bottom",
            yshift=2,
            text=label,
            align="left",
            showarrow=False,
            font={"size": font_px},
        )
    axis_px = 3.6 * font_px + 20  # the ticks and the axis title under the last row
    figure.update_yaxes(
        range=[rows - 1 + width / 2 + 0.05, -width / 2 - above - 0.02],
        showticklabels=False,
        showgrid=False,
        zeroline=False,
    )
    figure.update_xaxes(
        title={"text": axis_title, "standoff": round(font_px / 2)},
        rangemode="tozero",
        range=[0, max(top * 1.35, 4)],
        dtick=1 if top < 10 else None,
        showgrid=False,  # no line through the names
        showline=True,
        ticks="outside",
    )
    figure = styled(figure, height=round(rows * row_px + axis_px))
    figure.update_layout(
        font={"size": font_px}, margin={"l": 10, "r": 30, "t": 4, "b": 10}, showlegend=False
    )
    figure.update_xaxes(tickfont={"size": font_px}, title_font={"size": font_px})
    figure.update_traces(textfont={"size": font_px})
    return figure


def density_figure(
    result, *, x_title: str, y_title: str, font_px: int = 18, fill: bool = False
) -> go.Figure:
    """The room's map as a density (4 × 4, smoothed): shades only, no dot and no number."""
    z = [[result.density.get(f"x{x}y{y}", 0.0) for x in range(1, 5)] for y in range(1, 5)]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=[1, 2, 3, 4],
            y=[1, 2, 3, 4],
            colorscale=[[0, "#FFFFFF"], [1, OKABE_ITO["blue"]]],
            showscale=False,
            hoverinfo="skip",
            zsmooth="best",
        )
    )
    figure.update_xaxes(title=x_title, showticklabels=False, constrain="domain")
    figure.update_yaxes(title=y_title, showticklabels=False, scaleanchor="x")
    figure = styled(figure, height=440)
    figure.update_layout(font={"size": font_px}, margin={"l": 10, "r": 10, "t": 10, "b": 10})
    figure.update_xaxes(title_font={"size": font_px})
    figure.update_yaxes(title_font={"size": font_px})
    if fill:
        figure.update_layout(height=330)
    return figure
