"""A chart drawn for a phone: a light inline SVG made on the server from a page's Plotly figure.

Why not Plotly on the phone: its script is 4.7 MB (1.2 MB compressed), too much for 200 phones
on a venue's Wi-Fi, and the phone pages run no script but their own (lien.web.toolkit's CSP).
Why not a picture rendered by Plotly: that needs kaleido and a browser on the server, which an
offline laptop does not have. So the phone gets a few kilobytes of SVG, 360 units wide, that
takes the phone's width: bars (a pie as bars), points, lines and their error bars, on the
figure's first axes; the numbers themselves are in the table under it, and its sentence is the
chart's text alternative. A figure with nothing drawable (a treemap) gives None: the phone shows
the table and the sentence alone.

Only presentation attributes, never a `style` attribute: the phone's CSP allows no inline style.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from lien.html import Markup, escape
from lien.text import decimal

WIDTH = 360
PALETTE = ("#0072B2", "#B34700", "#00704F", "#8A6100", "#6A3D9A", "#4A4F57")
FONT = 15
INK = "#1A1A1A"
GRID = "#D0D5DD"


def _numbers(values) -> list[float] | None:
    if values is None:
        return None
    out = []
    for value in values:
        try:
            number = float(value)
        except (TypeError, ValueError):
            return None
        out.append(number)
    return out if out and all(math.isfinite(v) for v in out) else None


def _first_axes(trace) -> bool:
    return getattr(trace, "xaxis", None) in (None, "x") and getattr(trace, "yaxis", None) in (
        None,
        "y",
    )


def _color(trace, index: int) -> str:
    marker = getattr(trace, "marker", None)
    color = getattr(marker, "color", None) if marker is not None else None
    if isinstance(color, str) and color.startswith("#") and len(color) in (4, 7):
        return color
    line = getattr(trace, "line", None)
    color = getattr(line, "color", None) if line is not None else None
    if isinstance(color, str) and color.startswith("#") and len(color) in (4, 7):
        return color
    return PALETTE[index % len(PALETTE)]


def _label(text: object) -> str:
    return " ".join(str(text).replace("<br>", " ").replace("<b>", "").replace("</b>", "").split())


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fmt(value: float, lang: str) -> str:
    """0,28 in French, 0.28 in English: two decimals below 1, one below 10, none above."""
    if float(value).is_integer() or abs(value) >= 10:
        return decimal(round(value), lang, 0)
    return decimal(value, lang, 2 if abs(value) < 1 else 1)


def _bars(rows: Sequence[tuple[str, float, str]], lang: str) -> tuple[Markup, int]:
    """Horizontal bars, each label above its bar (a phone is narrow), its value at its end."""
    top = max((abs(v) for _, v, _ in rows), default=1.0) or 1.0
    parts, y = [], 0
    for label, value, color in rows:
        length = max(abs(value) / top * (WIDTH - 60), 2)
        parts.append(
            f'<text x="0" y="{y + FONT}" font-size="{FONT}" fill="{INK}">'
            f"{escape(_short(label))}</text>"
            f'<rect x="0" y="{y + FONT + 4}" width="{length:.1f}" height="16" fill="{color}"/>'
            f'<text x="{length + 6:.1f}" y="{y + FONT + 17}" font-size="{FONT}" '
            f'fill="{INK}">{escape(_fmt(value, lang))}</text>'
        )
        y += FONT + 28
    return Markup("".join(parts)), y


def _errors(trace) -> tuple[list[float], list[float]] | None:
    """A trace's horizontal error bars, (above, below) each point; None without them."""
    error = getattr(trace, "error_x", None)
    if error is None or error.array is None:
        return None
    plus = _numbers(error.array) or []
    return plus, _numbers(error.arrayminus) or plus


def _add_categories(categories: list[str], values) -> None:
    """Add to `categories` the labels among `values` it does not name yet, in their order."""
    for value in values or ():
        if _label(value) not in categories:
            categories.append(_label(value))


def _extent(traces: list) -> tuple[list[float], list[float], list[str], list[str]]:
    """What the traces put on each axis: the numbers on x (error bars' ends too) and on y,
    the categories on y (rows) and on x (steps)."""
    xs_all: list[float] = []
    ys_all: list[float] = []
    rows: list[str] = []  # categories on y
    steps: list[str] = []  # categories on x
    for trace in traces:
        xs = _numbers(trace.x)
        if xs is None:
            _add_categories(steps, trace.x)
        else:
            xs_all += xs
            plus, minus = _errors(trace) or ([], [])
            xs_all += [x + p for x, p in zip(xs, plus, strict=False)]
            xs_all += [x - m for x, m in zip(xs, minus, strict=False)]
        ys = _numbers(trace.y)
        if ys is None:
            _add_categories(rows, trace.y)
        else:
            ys_all += ys
    return xs_all, ys_all, rows, steps


@dataclass(frozen=True)
class _Span:
    """One axis of a plot: the data's ends (named on the drawing) and the range drawn."""

    low: float
    high: float
    start: float
    end: float


def _padded(values: list[float]) -> _Span:
    """The numbers' ends, and a drawn range leaving a little room around them."""
    low, high = min(values), max(values)
    pad = (high - low) * 0.06 or 1
    return _Span(low, high, low - pad, high + pad)


@dataclass(frozen=True)
class _Frame:
    """Where a plot draws: its box in the SVG's units, its height, and its two axes."""

    left: int
    right: int
    top: int
    bottom: int
    height: int
    x: _Span
    y: _Span

    def px(self, x: float) -> float:
        """The SVG's x of a value on the x axis."""
        return self.left + (x - self.x.start) / (self.x.end - self.x.start) * (
            self.right - self.left
        )

    def py(self, y: float) -> float:
        """The SVG's y of a value on the y axis."""
        return self.bottom - (y - self.y.start) / (self.y.end - self.y.start) * (
            self.bottom - self.top
        )


def _frame(xs_all: list[float], ys_all: list[float], rows: list[str], steps: list[str]) -> _Frame:
    """The plot's box and axes: categories on y as rows 36 units high, on x as evenly spaced
    steps; numbers padded around their ends."""
    height = 220 if not rows else 36 * len(rows) + 24
    x = _Span(0.0, 0.0, 0.0, float(len(steps) - 1 or 1)) if steps else _padded(xs_all)
    y = _Span(0.0, 0.0, 0.0, float(len(rows))) if rows else _padded(ys_all)
    return _Frame(8 if rows else 52, WIDTH - 12, 10, height - 26, height, x, y)


def _axes(frame: _Frame, rows: list[str], steps: list[str], lang: str) -> list[str]:
    """The plot's axes: the x axis with its ends named, a dashed zero line where zero is on
    it, and a y axis with its ends named unless y holds rows."""
    left, right, top, bottom = frame.left, frame.right, frame.top, frame.bottom
    height = frame.height
    px, py = frame.px, frame.py
    if steps:
        ends, start, end = (steps[0], steps[-1]), left, right
    else:
        ends = (_fmt(frame.x.low, lang), _fmt(frame.x.high, lang))
        start, end = px(frame.x.low), px(frame.x.high)
    parts = [
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{GRID}"/>',
        f'<text x="{start:.1f}" y="{height - 6}" font-size="{FONT}" fill="{INK}">'
        f"{escape(_short(ends[0], 20))}</text>",
        f'<text x="{end:.1f}" y="{height - 6}" font-size="{FONT}" fill="{INK}" '
        f'text-anchor="end">{escape(_short(ends[1], 20))}</text>',
    ]
    if not steps and frame.x.start < 0 < frame.x.end:
        parts.append(
            f'<line x1="{px(0):.1f}" y1="{top}" x2="{px(0):.1f}" y2="{bottom}" '
            f'stroke="{INK}" stroke-dasharray="3 3"/>'
        )
    if not rows:
        parts += [
            f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="{GRID}"/>',
            f'<text x="{left - 4}" y="{py(frame.y.high) + 5:.1f}" font-size="{FONT}" '
            f'fill="{INK}" text-anchor="end">{_fmt(frame.y.high, lang)}</text>',
            f'<text x="{left - 4}" y="{py(frame.y.low) + 5:.1f}" font-size="{FONT}" '
            f'fill="{INK}" text-anchor="end">{_fmt(frame.y.low, lang)}</text>',
        ]
    return parts


def _marks(trace, color: str, frame: _Frame, rows: list[str], steps: list[str]) -> list[str]:
    """One trace drawn: its error bars, its line, its points and its points' own text."""
    px, py = frame.px, frame.py
    xs = [steps.index(_label(x)) for x in trace.x] if steps else _numbers(trace.x) or []
    ys = [rows.index(_label(y)) + 0.5 for y in trace.y] if rows else _numbers(trace.y) or []
    points = [(px(x), py(y)) for x, y in zip(xs, ys, strict=False)]
    plus, minus = ([], []) if steps else _errors(trace) or ([], [])
    parts = [
        f'<line x1="{px(x - m):.1f}" y1="{py(y):.1f}" x2="{px(x + p):.1f}" '
        f'y2="{py(y):.1f}" stroke="{color}" stroke-width="2"/>'
        for x, y, p, m in zip(xs, ys, plus, minus, strict=False)
    ]
    mode = getattr(trace, "mode", None) or "markers"
    if "lines" in mode and len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
    if "markers" in mode or "lines" not in mode:
        radius = 2 if len(points) > 60 else 4
        parts += [
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{color}"/>' for x, y in points
        ]
    labels = trace.text if "text" in mode and not isinstance(trace.text, str) else None
    return parts + _point_texts(points, labels or (), (frame.left + frame.right) / 2)


def _point_texts(points: list[tuple[float, float]], labels, middle: float) -> list[str]:
    """Each point's own text beside it, on the side of the plot's middle."""
    parts = []
    for (x, y), label in zip(points, labels, strict=False):
        anchor = "end" if x > middle else "start"
        shift = -7 if anchor == "end" else 7
        parts.append(
            f'<text x="{x + shift:.1f}" y="{y - 6:.1f}" font-size="{FONT - 1}" '
            f'fill="{INK}" text-anchor="{anchor}">{escape(_short(_label(label), 24))}</text>'
        )
    return parts


def _plot(traces: list, colors: list[str], lang: str) -> tuple[Markup, int] | None:
    """Points and lines on numeric axes; categories on y become rows, on x evenly spaced
    steps (named at both ends); a point's own text beside it."""
    xs_all, ys_all, rows, steps = _extent(traces)
    if (rows and ys_all) or (steps and xs_all) or not (xs_all or steps):
        return None  # categories and numbers on one axis: left to the table
    frame = _frame(xs_all, ys_all, rows, steps)
    parts = _axes(frame, rows, steps, lang)
    for n, trace in enumerate(traces):
        parts += _marks(trace, colors[n], frame, rows, steps)
    parts += [
        f'<text x="{frame.left}" y="{frame.py(i + 0.5) - 8:.1f}" font-size="{FONT - 1}" '
        f'fill="{INK}">{escape(_short(row))}</text>'
        for i, row in enumerate(rows)
    ]
    return Markup("".join(parts)), frame.height


def _drawable(figure: go.Figure) -> tuple[list[tuple[str, float, str]], list, list]:
    """What of the figure a phone draws, on its first axes: the bars (a pie's slices too), the
    points' traces with their colours, and the bar traces with theirs."""
    bars: list[tuple[str, float, str]] = []
    points: list[tuple[object, str]] = []
    kept: list[tuple[object, str]] = []
    for index, trace in enumerate(figure.data):
        if not _first_axes(trace):
            continue
        if trace.type == "bar":
            rows = _bar_rows(trace, index)
            if rows is not None:
                bars += rows
                kept.append((trace, _color(trace, index)))
        elif trace.type == "pie":
            bars += _pie_rows(trace)
        elif trace.type == "scatter":
            points.append((trace, _color(trace, index)))
    return bars, points, kept


def _bar_rows(trace, index: int) -> list[tuple[str, float, str]] | None:
    """A bar trace's bars as (label, value, colour); None when it has no numbers to draw."""
    horizontal = trace.orientation == "h"
    values = _numbers(trace.x if horizontal else trace.y)
    labels = trace.y if horizontal else trace.x
    if values is None or labels is None:
        return None
    color = _color(trace, index)
    return [(_label(lab), v, color) for lab, v in zip(labels, values, strict=False)]


def _pie_rows(trace) -> list[tuple[str, float, str]]:
    """A pie's slices as bars, each in the palette's next colour; none without numbers."""
    values = _numbers(trace.values)
    if values is None or trace.labels is None:
        return []
    return [
        (_label(lab), v, PALETTE[i % len(PALETTE)])
        for i, (lab, v) in enumerate(zip(trace.labels, values, strict=False))
    ]


def _legend(named: list[tuple[str, str]], height: int) -> tuple[Markup, int]:
    """Which colour is which, under a drawing `height` units high, and the new height."""
    legend = []
    for name, color in named:
        legend.append(
            f'<rect x="0" y="{height + 6}" width="14" height="14" fill="{color}"/>'
            f'<text x="20" y="{height + 18}" font-size="{FONT - 1}" fill="{INK}">'
            f"{escape(_short(name, 42))}</text>"
        )
        height += 22
    return Markup("".join(legend)), height + 6


def phone_svg(figure: go.Figure, label_id: str, lang: str) -> Markup | None:
    """The figure as a light SVG for a phone, described by the element `label_id` (the chart's
    sentence); None when nothing of it can be drawn here."""
    bars, points, kept = _drawable(figure)
    if bars:
        drawn = _bars(bars, lang)
    elif points:
        drawn = _plot([t for t, _ in points], [c for _, c in points], lang)
        kept = points
    else:
        drawn = None
    if drawn is None:
        return None
    body, height = drawn
    named = list(dict.fromkeys((_label(t.name), color) for t, color in kept if t.name))
    if len(named) > 1:  # which colour is which: under the drawing
        legend, height = _legend(named, height)
        body = body + legend
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="{escape(label_id)}" font-family="system-ui, sans-serif">'
        f"{body}</svg>"
    )
