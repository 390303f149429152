"""Small SVG charts rendered on the server: printable, no JavaScript, no CDN.

Each function takes plain numbers and returns safe SVG markup (labels are escaped).
"""

from __future__ import annotations

import math
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

COLORS = {
    "done_on_time": "#2e7d32",
    "done_late": "#b26a00",
    "overdue": "#c62828",
    "in_progress": "#0b57a4",
    "not_due": "#9aa5b1",
    "cancelled": "#d7dde4",
}


def _value(value) -> float | None:
    """A number to draw, or None when there is none (a template passes "" for a missing one)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _f(value) -> float:
    number = _value(value)
    return 0.0 if number is None else number


def _num(value) -> str:
    return f"{_f(value):.2f}".replace(".", ",")


def progress(baseline, latest, target, maximum, *, label: str = "") -> SafeString:
    """A bar from 0 to `maximum`: latest filled, baseline as a grey tick, target as a red mark."""
    baseline, latest, target = _value(baseline), _value(latest), _value(target)
    top = _f(maximum) or max(_f(baseline), _f(latest), _f(target), 1.0)
    width, height = 300, 22

    def x(v) -> float:
        return round(min(max(_f(v) / top, 0), 1) * width, 1)

    parts = [f'<rect x="0" y="6" width="{width}" height="10" fill="#eef1f4"/>']
    if latest is not None:
        parts.append(f'<rect x="0" y="6" width="{x(latest)}" height="10" fill="#0b57a4"/>')
    if baseline is not None:
        parts.append(f'<rect x="{x(baseline) - 1}" y="2" width="2" height="18" fill="#5b6776"/>')
    if target is not None:
        parts.append(f'<rect x="{x(target) - 1.5}" y="0" width="3" height="22" fill="#a51d24"/>')
    title = escape(
        label or f"Năm gốc {_num(baseline)}, mới nhất {_num(latest)}, mục tiêu {_num(target)}"
    )
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" height="{height}" '
        f'role="img" aria-label="{title}"><title>{title}</title>{"".join(parts)}</svg>'
    )


def mix(counts: dict | None) -> SafeString:
    """A stacked bar of occurrence statuses."""
    if not counts or not counts.get("total"):
        return mark_safe("")
    total, width, pos, parts = counts["total"], 200, 0.0, []
    for key, color in COLORS.items():
        n = counts.get(key) or 0
        if n:
            w = width * n / total
            parts.append(f'<rect x="{pos:.1f}" y="0" width="{w:.1f}" height="12" fill="{color}"/>')
            pos += w
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {width} 12" width="{width}" height="12" '
        f'aria-hidden="true">{"".join(parts)}</svg>'
    )


def line(points: list[tuple[int, Decimal | None]], *, second=None, label: str = "") -> SafeString:
    """Values over years; `second` (e.g. the national median) as a dashed line."""
    series = [(y, _value(v)) for y, v in points if _value(v) is not None]
    other = [(y, _value(v)) for y, v in (second or []) if _value(v) is not None]
    if not series:
        return mark_safe("")
    years = sorted({y for y, _ in series + other})
    values = [v for _, v in series + other]
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0
    width, height, pad = 320, 120, 24
    step = (width - 2 * pad) / max(len(years) - 1, 1)

    def xy(year, value) -> str:
        px = pad + years.index(year) * step
        py = height - pad - (value - lo) / span * (height - 2 * pad)
        return f"{px:.1f},{py:.1f}"

    own = " ".join(xy(y, v) for y, v in series)
    parts = [f'<polyline points="{own}" fill="none" stroke="#0b57a4" stroke-width="2"/>']
    if other:
        ref = " ".join(xy(y, v) for y, v in other)
        parts.append(
            f'<polyline points="{ref}" fill="none" stroke="#78838f" stroke-dasharray="4 3"/>'
        )
    for y, v in series:
        px, py = xy(y, v).split(",")
        parts.append(f'<circle cx="{px}" cy="{py}" r="3" fill="#0b57a4"/>')
    parts.append(_axis(years, pad, step, height, lo, hi))
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}">'
        "<title>{}</title>{}</svg>",
        width,
        height,
        label,
        label,
        mark_safe("".join(parts)),
    )


def _axis(years, pad, step, height, lo, hi) -> str:
    every = max(1, len(years) // 6)
    labels = [
        f'<text x="{pad + i * step:.1f}" y="{height - 6}" font-size="10" '
        f'text-anchor="middle">{y}</text>'
        for i, y in enumerate(years)
        if i % every == 0 or i == len(years) - 1
    ]
    labels.append(f'<text x="2" y="{pad - 8}" font-size="10">{_num(hi)}</text>')
    labels.append(f'<text x="2" y="{height - pad + 4}" font-size="10">{_num(lo)}</text>')
    return "".join(labels)
