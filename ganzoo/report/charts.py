"""Curves as inline SVG: one chart of one logged value, with every run's series overlaid.

The y range is the values' spread without far outliers: Tukey's outer fences (3 interquartile
ranges beyond the quartiles), never wider than the data. One spike of a loss therefore does not
flatten the rest of its curve; a value beyond the range is drawn on the chart's edge, and the
chart says how many were. A linear scale is kept rather than a log scale because logged values
(D's raw scores, a WGAN critic's loss) are often negative.

A missing value (``null`` in metrics.jsonl: it was not finite) breaks the line. A series with more
points than the chart has pixels keeps, for every pixel-wide column, its first, lowest, highest and
last point (the M4 rule), which draws the same picture as every point would, spikes included, so
that a 100k-step run stays a small file.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from itertools import groupby

WIDTH, HEIGHT = 400, 240
LEFT, RIGHT, TOP, BOTTOM = 50, 20, 10, 24  # room for the axes' labels
PLOT_WIDTH, PLOT_HEIGHT = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
FENCE = 3.0
TICKS = 5
# Okabe and Ito's colours, which stay apart for colour-blind readers; after them, dashed lines.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")

Point = tuple[float, float]


@dataclass(frozen=True)
class Series:
    """One run's values of one logged name: (step, value) in step order; ``None`` is missing."""

    label: str
    index: int  # the run's place in the report, which fixes its colour in every chart
    points: Sequence[tuple[int, float | None]]


@dataclass(frozen=True)
class Frame:
    """The data ranges shown and how they map onto the chart's coordinates."""

    x_low: float
    x_high: float
    y_low: float
    y_high: float

    def x(self, step: float) -> float:
        return LEFT + (step - self.x_low) / (self.x_high - self.x_low) * PLOT_WIDTH

    def y(self, value: float) -> float:
        """The height of ``value``, pinned to the edge when it lies beyond the range."""
        share = (min(max(value, self.y_low), self.y_high) - self.y_low) / (self.y_high - self.y_low)
        return TOP + (1.0 - share) * PLOT_HEIGHT

    def beyond(self, value: float) -> bool:
        return not self.y_low <= value <= self.y_high


@dataclass(frozen=True)
class Chart:
    svg: str
    beyond: int  # finite values drawn on the edge, beyond the y range
    missing: int  # values that were not finite


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def dashed(index: int) -> bool:
    """Whether run ``index`` is drawn dashed: once the palette's colours have all been used."""
    return index >= len(PALETTE)


def finite_segments(points: Iterable[tuple[int, float | None]]) -> list[list[Point]]:
    """The runs of consecutive finite points: the pieces of line between missing values."""
    segments: list[list[Point]] = [[]]
    for step, value in points:
        if value is not None and math.isfinite(value):
            segments[-1].append((float(step), float(value)))
        elif segments[-1]:
            segments.append([])
    return [segment for segment in segments if segment]


def downsample(segment: Sequence[Point], x_low: float, x_high: float, columns: int = PLOT_WIDTH) -> list[Point]:
    """At most four points per column of the chart: the first, lowest, highest and last."""
    if len(segment) <= 4 * columns:
        return list(segment)
    width = (x_high - x_low) / columns
    kept: list[Point] = []
    for _, group in groupby(segment, key=lambda point: int((point[0] - x_low) // width)):
        members = list(group)
        extremes = {members[0], min(members, key=lambda p: p[1]), max(members, key=lambda p: p[1]), members[-1]}
        kept.extend(sorted(extremes))
    return kept


def y_limits(values: Sequence[float]) -> tuple[float, float]:
    """The range shown: the data within Tukey's outer fences, with a little room above and below."""
    low, high = min(values), max(values)
    if len(values) >= 4:
        q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
        low, high = max(low, q1 - FENCE * (q3 - q1)), min(high, q3 + FENCE * (q3 - q1))
    if high - low > 1e-9 * max(abs(low), abs(high)):
        room = (high - low) * 0.05
    else:  # a flat line, give or take rounding, sits in the middle
        room = abs(high) * 0.1 or 1.0
    return low - room, high + room


def x_limits(steps: Sequence[float]) -> tuple[float, float]:
    low, high = min(steps), max(steps)
    return (low, high) if high > low else (low - 1, high + 1)


def nice_ticks(low: float, high: float, count: int = TICKS) -> list[float]:
    """Round values (1, 2, 2.5 or 5 times a power of ten apart) from ``low`` to ``high``."""
    raw = (high - low) / count
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(low / step)
    return [0.0 if k == 0 else k * step for k in range(first, math.floor(high / step) + 1)]


def value_label(value: float) -> str:
    return f"{value:.3g}"


def step_label(step: float) -> str:
    """Steps as people write them: 500, 2,000, 150k."""
    if step >= 10_000 and step % 1_000 == 0:
        return f"{step / 1_000:,.0f}k"
    return f"{step:,.0f}"


def path_data(segments: Iterable[Sequence[Point]], frame: Frame) -> str:
    """SVG path commands: one subpath per segment; a lone point is a zero-length stroke, which the
    round line cap draws as a dot."""
    parts = []
    for segment in segments:
        coordinates = [f"{frame.x(x):.1f},{frame.y(y):.1f}" for x, y in segment]
        parts.append("M" + (" L".join(coordinates) if len(coordinates) > 1 else coordinates[0] + " h0"))
    return " ".join(parts)


def axes(frame: Frame) -> list[str]:
    """Grid lines with their value labels, and step labels along the bottom."""
    shapes = []
    for value in nice_ticks(frame.y_low, frame.y_high):
        y = frame.y(value)
        shapes.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        shapes.append(f'<text class="tick" x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end">{value_label(value)}</text>')
    for step in nice_ticks(frame.x_low, frame.x_high):
        if step == int(step):
            x = frame.x(step)
            shapes.append(f'<text class="tick" x="{x:.1f}" y="{HEIGHT - 6}" text-anchor="middle">{step_label(step)}</text>')
    shapes.append(f'<rect class="frame" x="{LEFT}" y="{TOP}" width="{PLOT_WIDTH}" height="{PLOT_HEIGHT}"/>')
    return shapes


def curve(series: Series, frame: Frame) -> str:
    segments = [downsample(segment, frame.x_low, frame.x_high) for segment in finite_segments(series.points)]
    dash = ' stroke-dasharray="6 3"' if dashed(series.index) else ""
    return (f'<path class="curve" d="{path_data(segments, frame)}" stroke="{colour(series.index)}"{dash}>'
            f"<title>{escape(series.label)}</title></path>")


def line_chart(name: str, series: Sequence[Series]) -> Chart:
    """The chart of logged value ``name``; each series has at least one point."""
    finite = [point for s in series for segment in finite_segments(s.points) for point in segment]
    y_range = y_limits([y for _, y in finite]) if finite else (0.0, 1.0)  # only axes, when nothing is finite
    frame = Frame(*x_limits([step for s in series for step, _ in s.points]), *y_range)
    svg = "".join([
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(name)} over steps" font-size="11">',
        *axes(frame),
        *(curve(s, frame) for s in series),
        "</svg>",
    ])
    missing = sum(1 for s in series for _, value in s.points if value is None or not math.isfinite(value))
    return Chart(svg, sum(1 for _, y in finite if frame.beyond(y)), missing)
