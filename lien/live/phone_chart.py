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


def _plot(traces: list, colors: list[str], lang: str) -> tuple[Markup, int] | None:
    """Points and lines on numeric axes; categories on y become rows, on x evenly spaced
    steps (named at both ends); a point's own text beside it."""
    xs_all: list[float] = []
    ys_all: list[float] = []
    rows: list[str] = []  # categories on y
    steps: list[str] = []  # categories on x
    for trace in traces:
        xs = _numbers(trace.x)
        if xs is None:
            for x in trace.x or ():
                if _label(x) not in steps:
                    steps.append(_label(x))
        else:
            xs_all += xs
            error = getattr(trace, "error_x", None)
            if error is not None and error.array is not None:
                plus = _numbers(error.array) or []
                minus = _numbers(error.arrayminus) or plus
                xs_all += [x + p for x, p in zip(xs, plus, strict=False)]
                xs_all += [x - m for x, m in zip(xs, minus, strict=False)]
        ys = _numbers(trace.y)
        if ys is None:
            for y in trace.y or ():
                if _label(y) not in rows:
                    rows.append(_label(y))
        else:
            ys_all += ys
    if (rows and ys_all) or (steps and xs_all) or not (xs_all or steps):
        return None  # categories and numbers on one axis: left to the table
    height = 220 if not rows else 36 * len(rows) + 24
    left, right, top, bottom = (8 if rows else 52), WIDTH - 12, 10, height - 26
    # The data's ends are named; the drawing leaves a little room around them.
    if steps:
        x0, x1 = 0.0, float(len(steps) - 1 or 1)
        low_x = high_x = 0.0
    else:
        low_x, high_x = min(xs_all), max(xs_all)
        pad = (high_x - low_x) * 0.06 or 1
        x0, x1 = low_x - pad, high_x + pad
    if rows:
        y0, y1 = 0.0, float(len(rows))
        low_y = high_y = 0.0
    else:
        low_y, high_y = min(ys_all), max(ys_all)
        pad = (high_y - low_y) * 0.06 or 1
        y0, y1 = low_y - pad, high_y + pad

    def px(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * (right - left)

    def py(y: float) -> float:
        return bottom - (y - y0) / (y1 - y0) * (bottom - top)

    ends = (steps[0], steps[-1]) if steps else (_fmt(low_x, lang), _fmt(high_x, lang))
    start, end = (left, right) if steps else (px(low_x), px(high_x))
    parts = [
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{GRID}"/>',
        f'<text x="{start:.1f}" y="{height - 6}" font-size="{FONT}" fill="{INK}">'
        f"{escape(_short(ends[0], 20))}</text>",
        f'<text x="{end:.1f}" y="{height - 6}" font-size="{FONT}" fill="{INK}" '
        f'text-anchor="end">{escape(_short(ends[1], 20))}</text>',
    ]
    if not steps and x0 < 0 < x1:
        parts.append(
            f'<line x1="{px(0):.1f}" y1="{top}" x2="{px(0):.1f}" y2="{bottom}" '
            f'stroke="{INK}" stroke-dasharray="3 3"/>'
        )
    if not rows:
        parts += [
            f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="{GRID}"/>',
            f'<text x="{left - 4}" y="{py(high_y) + 5:.1f}" font-size="{FONT}" fill="{INK}" '
            f'text-anchor="end">{_fmt(high_y, lang)}</text>',
            f'<text x="{left - 4}" y="{py(low_y) + 5:.1f}" font-size="{FONT}" fill="{INK}" '
            f'text-anchor="end">{_fmt(low_y, lang)}</text>',
        ]
    for n, trace in enumerate(traces):
        color = colors[n]
        xs = [steps.index(_label(x)) for x in trace.x] if steps else _numbers(trace.x) or []
        ys = [rows.index(_label(y)) + 0.5 for y in trace.y] if rows else _numbers(trace.y) or []
        points = [(px(x), py(y)) for x, y in zip(xs, ys, strict=False)]
        error = getattr(trace, "error_x", None)
        if not steps and error is not None and error.array is not None:
            plus = _numbers(error.array) or []
            minus = _numbers(error.arrayminus) or plus
            for x, y, p, m in zip(xs, ys, plus, minus, strict=False):
                parts.append(
                    f'<line x1="{px(x - m):.1f}" y1="{py(y):.1f}" x2="{px(x + p):.1f}" '
                    f'y2="{py(y):.1f}" stroke="{color}" stroke-width="2"/>'
                )
        mode = getattr(trace, "mode", None) or "markers"
        if "lines" in mode and len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>'
            )
        if "markers" in mode or "lines" not in mode:
            radius = 2 if len(points) > 60 else 4
            parts += [
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{color}"/>'
                for x, y in points
            ]
        labels = trace.text if "text" in mode and not isinstance(trace.text, str) else None
        for (x, y), label in zip(points, labels or (), strict=False):
            anchor = "end" if x > (left + right) / 2 else "start"
            shift = -7 if anchor == "end" else 7
            parts.append(
                f'<text x="{x + shift:.1f}" y="{y - 6:.1f}" font-size="{FONT - 1}" '
                f'fill="{INK}" text-anchor="{anchor}">{escape(_short(_label(label), 24))}</text>'
            )
    for i, row in enumerate(rows):
        parts.append(
            f'<text x="{left}" y="{py(i + 0.5) - 8:.1f}" font-size="{FONT - 1}" '
            f'fill="{INK}">{escape(_short(row))}</text>'
        )
    return Markup("".join(parts)), height


def phone_svg(figure: go.Figure, label_id: str, lang: str) -> Markup | None:
    """The figure as a light SVG for a phone, described by the element `label_id` (the chart's
    sentence); None when nothing of it can be drawn here."""
    bars: list[tuple[str, float, str]] = []
    points: list = []
    kept: list[tuple[object, str]] = []  # the traces drawn as bars or as points, and colours
    for index, trace in enumerate(figure.data):
        if not _first_axes(trace):
            continue
        if trace.type == "bar":
            horizontal = trace.orientation == "h"
            values = _numbers(trace.x if horizontal else trace.y)
            labels = trace.y if horizontal else trace.x
            if values is None or labels is None:
                continue
            color = _color(trace, index)
            bars += [(_label(lab), v, color) for lab, v in zip(labels, values, strict=False)]
            kept.append((trace, color))
        elif trace.type == "pie":
            values = _numbers(trace.values)
            if values is None or trace.labels is None:
                continue
            bars += [
                (_label(lab), v, PALETTE[i % len(PALETTE)])
                for i, (lab, v) in enumerate(zip(trace.labels, values, strict=False))
            ]
        elif trace.type == "scatter":
            points.append((trace, _color(trace, index)))
    if bars:
        drawn = _bars(bars, lang)
        kept = [k for k in kept if k[0].type == "bar"]
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
        legend = []
        for name, color in named:
            legend.append(
                f'<rect x="0" y="{height + 6}" width="14" height="14" fill="{color}"/>'
                f'<text x="20" y="{height + 18}" font-size="{FONT - 1}" fill="{INK}">'
                f"{escape(_short(name, 42))}</text>"
            )
            height += 22
        body = body + Markup("".join(legend))
        height += 6
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="{escape(label_id)}" font-family="system-ui, sans-serif">'
        f"{body}</svg>"
    )
