"""Charts drawn on the server as SVG with matplotlib, to sit inline in a page next to the
table of the same numbers: each group's value with its interval, several groups on several
questions, shares by quarter (the trend), and counts as bars; the themes heat map, whose cells
are :class:`HeatCell`, is drawn by :mod:`app.services.results_heat_map`.

Each group keeps its place in its dimension (``index``), so it has the same colour and marker
in every chart, the reference group too (named so, with a dashed line at its value); "all
respondents" is a black square. Hidden figures are gaps marked [c], never values. How the
charts are drawn, inlined and kept is in :mod:`app.services.chart_drawing`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from app.services import chart_drawing
from app.services.chart_drawing import (
    COLOURS,
    inline_svg,
    month_ticks,
    new_figure,
    percent_axis,
    rc,
    remembered,
    style,
    text_width,
    wrap,
)

__all__ = [
    "HeatCell",
    "Point",
    "Series",
    "bar_chart",
    "dot_chart",
    "interval_chart",
    "preload",
    "trend_chart",
]


@dataclass(frozen=True)
class Point:
    """One group's value with its interval; ``value`` None means hidden ([c])."""

    label: str
    value: float | None
    low: float | None = None
    high: float | None = None
    reference: bool = False
    index: int = 0  # the group's place in its dimension: the same look in every chart


#: A chart of each group's value with its interval: as narrow as the
#: questions' chart (below), its labels as large.
INTERVAL_WIDTH = 4.4
INTERVAL_LABELS = 1.6  # inches a label's line may take
INTERVAL_LABEL_SIZE = 11.0
INTERVAL_TEXT_SIZE = 9.5


@remembered
def interval_chart(
    points: Sequence[Point], title: str, *, percent: bool = True, bounds=(0.0, 1.0)
) -> Markup:
    """Each group's value as a marker with its 95% interval, one row a group.

    Drawn narrow with large text, like the questions' chart, so that it reads on a phone
    without being scaled down much (CSS keeps it from growing too big on a wide screen)."""
    size, ticks = INTERVAL_LABEL_SIZE, INTERVAL_TEXT_SIZE
    line = size * 1.2 / 72
    with rc():
        # A long label (an ethnicity, say) is wrapped, never cut off at the edge.
        labels = [
            wrap(p.label + (" (reference)" if p.reference else ""), INTERVAL_LABELS, size)
            for p in points
        ]
        # Each row as tall as its own label needs, so that one long label (an ethnicity of
        # five lines) does not make every row five lines tall. The y axis is in inches.
        rows = [max(0.42, line * (label.count("\n") + 1) + 0.14) for label in labels]
        body, pad = sum(rows), 0.3 * min(rows, default=0.42)
        height = body + 2 * pad + 0.6
        middles = [body - sum(rows[:place]) - rows[place] / 2 for place in range(len(rows))]
        left = 0.2 + max((text_width(label, size) for label in labels), default=0.3)
        figure = new_figure(INTERVAL_WIDTH, height, below=0.45)
        figure.subplots_adjust(left=left / INTERVAL_WIDTH, right=1 - 0.3 / INTERVAL_WIDTH)
        axes = figure.subplots()
        for y, point in zip(middles, points, strict=True):
            if point.value is None:
                axes.text(bounds[0], y, " [c]", va="center", ha="left", color="#505a5f")
                continue
            # The reference group keeps its own look, as in the other charts, where a black
            # square is all respondents; its label and the dashed line at its value mark it.
            look = style(point.index)
            marker, colour = look.marker, look.colour
            # Rounding can put a bound a hair inside the value (a share of 100%).
            low = max(point.value - point.low, 0.0) if point.low is not None else 0.0
            high = max(point.high - point.value, 0.0) if point.high is not None else 0.0
            axes.errorbar(
                point.value,
                y,
                xerr=[[low], [high]],
                fmt=marker,
                color=colour,
                markersize=7,
                capsize=3,
                linewidth=1.5,
            )
            if point.reference:
                axes.axvline(point.value, color="#000000", linestyle="--", linewidth=1)
        axes.set_yticks(middles, labels, fontsize=size)
        axes.set_xlim(*bounds)
        axes.set_ylim(-pad, body + pad)
        if percent:
            percent_axis(axes.xaxis, *bounds)
        else:
            steps = [bounds[0] + (bounds[1] - bounds[0]) * i / 4 for i in range(5)]
            axes.set_xticks(steps, [f"{v:g}".replace("-", "\u2212") for v in steps])
            axes.axvline(0, color="#505a5f", linewidth=0.8)
        axes.tick_params(axis="x", labelsize=ticks)
        axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    return inline_svg(figure, title)


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]
    overall: bool = False
    index: int = 0


#: The chart of several questions is drawn narrow, with large text, so that it reads on a
#: phone without being scaled down much; on a wide screen CSS keeps it from growing too big.
DOT_WIDTH = 4.4
DOT_LABEL_SIZE = 11.0
DOT_TEXT_SIZE = 9.5


@remembered
def dot_chart(rows: Sequence[str], series: Sequence[Series], title: str) -> Markup:
    """Several groups' shares on several questions: the key at the top, then each question's
    text on its own lines, across the chart, and under it a band with a marker for each group,
    each group a little lower in the band than the one before (in the key's order) so that
    close values stay apart."""
    import matplotlib.transforms as transforms

    line = DOT_LABEL_SIZE * 1.25 / 72  # a line of a question's text, in inches
    step = 0.11  # between the markers of two groups, in inches
    left, right = 0.15, 0.3
    labels = [wrap(row, DOT_WIDTH - left - right, DOT_LABEL_SIZE) for row in rows]
    # Top to bottom, in inches: each question's text, then its markers.
    tops, marks, y = [], [], 0.0
    for label in labels:
        tops.append(y + 0.08)
        y += 0.08 + line * (label.count("\n") + 1) + 0.06
        marks.append([y + step * (place + 0.5) for place in range(len(series))])
        y += step * len(series) + 0.12
    # The key above the chart, where it is read first: on a screen the chart is taller than
    # the window, and a key under it would be read only after every question's markers.
    # A group's name in the key is wrapped to the chart's width, as the questions are: a
    # detailed ethnic group's name is longer than the chart is wide.
    keys = [wrap(one.label, DOT_WIDTH - left - 0.6, DOT_TEXT_SIZE) for one in series]
    key_line = DOT_TEXT_SIZE * 1.25 / 72
    legend = sum(0.2 + key_line * key.count("\n") for key in keys) + 0.2
    above, below = legend + 0.3, 0.35  # the key, the percentages along the top; along the bottom
    height = above + y + below
    with rc():
        figure = new_figure(DOT_WIDTH, height, below=below)
        figure.subplots_adjust(
            left=left / DOT_WIDTH, right=1 - right / DOT_WIDTH, top=1 - above / height
        )
        axes = figure.subplots()
        for place, one in enumerate(series):
            look = style(one.index)
            points = [(v, marks[i][place]) for i, v in enumerate(one.values) if v is not None]
            axes.plot(
                [x for x, _ in points],
                [y for _, y in points],
                linestyle="none",
                marker="s" if one.overall else look.marker,
                color="#000000" if one.overall else look.colour,
                markersize=6,
                label=keys[place],
            )
        # Question texts start at the left edge of the plot, whatever its scale.
        at_left = transforms.blended_transform_factory(axes.transAxes, axes.transData)
        for label, top in zip(labels, tops, strict=True):
            axes.text(
                0,
                top,
                label,
                transform=at_left,
                ha="left",
                va="top",
                fontsize=DOT_LABEL_SIZE,
                color="#0b0c0c",
                linespacing=1.1,
            )
        for top in tops[1:]:
            axes.axhline(top - 0.06, color="#b1b4b6", linewidth=0.8)
        axes.set_ylim(y, 0)
        axes.set_xlim(0, 1)
        axes.set_yticks([])
        axes.spines["left"].set_visible(False)
        axes.tick_params(axis="x", labelsize=DOT_TEXT_SIZE, top=True, labeltop=True)
        percent_axis(axes.xaxis)
        axes.grid(axis="x", color="#dddddd", linewidth=0.6)
        figure.legend(
            loc="upper left",
            bbox_to_anchor=(0.01, 1 - 0.05 / height),
            ncols=1,
            frameon=False,
            fontsize=DOT_TEXT_SIZE,
        )
    return inline_svg(figure, title)


#: The trend and the responses by month are drawn narrow, every word and number at 11 points,
#: like the interval charts: on a 360 px phone the text is about 11 px, and CSS keeps the
#: charts from growing too big on a wide screen.
MONTHS_WIDTH = 4.4
MONTHS_TEXT_SIZE = 11.0


@remembered
def trend_chart(months: Sequence[str], series: Sequence[Series], title: str) -> Markup:
    """Shares over time, one line a series: ``months`` are the axis's labels, one a point (the
    trend's quarters, "Apr–Jun" over "2026"); gaps where a point is hidden. The legend lists
    the series one a line under the chart, a long name wrapped."""
    size, width = MONTHS_TEXT_SIZE, MONTHS_WIDTH
    line = size * 1.2 / 72  # inches
    labels = [wrap(one.label, width - 0.9, size) for one in series]
    # Each entry of the legend: its lines and matplotlib's spacing between entries.
    legend = sum(line * (label.count("\n") + 1) + size * 0.5 / 72 for label in labels) + 0.15
    below = line * 2 + 0.35 + legend  # two-line labels ("Apr–Jun" over "2026"), then the legend
    left, right = 0.2 + text_width("100%", size), 0.3
    height = 2.4 + below
    with rc():
        figure = new_figure(width, height, below=below)
        figure.subplots_adjust(left=left / width, right=1 - right / width)
        axes = figure.subplots()
        x = list(range(len(months)))
        for one, label in zip(series, labels, strict=True):
            look = style(one.index)
            values = [float("nan") if v is None else v for v in one.values]
            axes.plot(
                x,
                values,
                marker="s" if one.overall else look.marker,
                linestyle="-" if one.overall else look.line,
                color="#000000" if one.overall else look.colour,
                linewidth=2.5 if one.overall else 1.3,
                markersize=5,
                label=label,
            )
        month_ticks(axes, months, width - left - right, size)
        axes.set_ylim(0, 1)
        percent_axis(axes.yaxis)
        axes.tick_params(axis="y", labelsize=size)
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        figure.legend(
            loc="lower left", bbox_to_anchor=(0.01, 0.01), ncols=1, frameon=False, fontsize=size
        )
    return inline_svg(figure, title)


@dataclass(frozen=True)
class HeatCell:
    value: float | None  # None: hidden
    mark: str = ""  # "▲" / "▼" for a significant difference from the reference


@remembered
def bar_chart(labels: Sequence[str], values: Sequence[int | None], title: str) -> Markup:
    """Counts as bars (responses by month); a hidden count is a hatched gap marked [c].
    Drawn narrow with its text at 11 points, as the trend is."""
    from matplotlib.ticker import MaxNLocator

    size, width = MONTHS_TEXT_SIZE, MONTHS_WIDTH
    line = size * 1.2 / 72
    most = max((v for v in values if v is not None), default=0)
    left, right = 0.2 + text_width(f"{max(most, 10) * 1.2:.0f}", size), 0.3
    below = line * 2 + 0.25
    with rc():
        figure = new_figure(width, 2.2 + below, below=below)
        figure.subplots_adjust(left=left / width, right=1 - right / width)
        axes = figure.subplots()
        x = list(range(len(labels)))
        shown = [v if v is not None else 0 for v in values]
        axes.bar(x, shown, color=COLOURS[0], edgecolor="#0b0c0c", linewidth=0.5)
        # "[c]" stands on end where a bar is narrower than it.
        slot = (width - left - right) / max(len(labels), 1)
        upright = text_width("[c]", size) + 0.04 <= slot
        for i, value in enumerate(values):
            if value is None:
                axes.text(
                    i,
                    0,
                    "[c]",
                    ha="center",
                    va="bottom",
                    fontsize=size,
                    rotation=0 if upright else 90,
                )
        month_ticks(axes, labels, width - left - right, size)
        axes.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
        axes.tick_params(axis="y", labelsize=size)
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    return inline_svg(figure, title)


def preload() -> None:
    """Do now, once, what the first charts a process draws would otherwise do: import
    matplotlib and the modules that draw and write the SVG, and find the font at each size and
    weight the charts use (matplotlib remembers each search).

    Under gunicorn --preload wsgi.py calls this in the master, before the workers are forked,
    so that every worker starts with it done, sharing the master's copy, instead of doing it
    in the first results page it serves. A chart of each kind is drawn from made-up figures
    (kept like any other, they are the first to make way). Each worker still draws the
    charts of the figures its pages show (:func:`remembered`)."""
    from app.services.results_heat_map import themes_heat_map

    chart_drawing.preload()
    points = [Point("A group", 0.5, 0.4, 0.6, True, 0), Point("Another", None, index=1)]
    series = [Series("All", [0.5, None], overall=True), Series("A group", [0.4, 0.6], index=1)]
    months = ["Jan–Mar\n2026", "Apr–Jun\n2026"]
    interval_chart(points, "Sample")
    interval_chart(points, "Sample", percent=False, bounds=(-1.0, 1.0))
    dot_chart(["A question", "Another question"], series, "Sample")
    trend_chart(months, series, "Sample")
    bar_chart(months, [12, None], "Sample")
    cells = [[HeatCell(0.5, "▲"), HeatCell(0.1), HeatCell(None)]]
    themes_heat_map(["A theme"], ["A group", "Another", "All"], cells, "Sample")
