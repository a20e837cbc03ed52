"""Charts drawn on the server as SVG with matplotlib, to sit inline in a page next to the
table of the same numbers.

Inline SVG must satisfy the page's Content Security Policy (``style-src 'self'``), which
blocks the ``<style>`` element and ``style`` attributes matplotlib writes; :func:`inline_svg`
turns them into the equivalent SVG presentation attributes, which no policy restricts. Each
chart is an image with an accessible name (``role="img"`` and a ``<title>``), its ids are
prefixed so that several charts can share a page, and it is sized by CSS.

Colours are the Okabe-Ito set, which colour-blind readers can tell apart, and every series also
has its own marker (and line style), so charts still read in greyscale. The heat map uses
cividis, whose lightness rises steadily.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import secrets
import textwrap
import threading
import xml.etree.ElementTree as ET  # parses only matplotlib's own SVG  # nosec B405
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
# The square is kept for the reference group and for "all respondents".
MARKERS = ("o", "^", "D", "v", "P", "X", "h", "<", ">", "p", "*")
LINES = ("-", "--", ":", "-.")
RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "listening-post",
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#505a5f",
    "axes.labelcolor": "#0b0c0c",
    "xtick.color": "#0b0c0c",
    "ytick.color": "#0b0c0c",
    "hatch.color": "#505a5f",
}
_DECLARATION = re.compile(r"\s*([a-z-]+)\s*:\s*([^;]+)")
# Laid out with DejaVu Sans's widths; Arial (or its metric twin Liberation Sans) is narrower,
# so text drawn in it always fits.
FONT = "Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"


CACHED_CHARTS = 128
_cache: OrderedDict[str, Markup] = OrderedDict()
_cache_lock = threading.Lock()
# matplotlib's settings (rcParams) are global to the process: one chart is drawn at a time.
_draw_lock = threading.Lock()


@functools.cache
def _matplotlib() -> ModuleType:
    """matplotlib, imported at the first chart a worker draws rather than at start-up: it is
    about 25 MB of a worker's memory, and most requests (a respondent's) draw no chart."""
    import matplotlib

    matplotlib.use("Agg")
    return matplotlib


def preload() -> None:
    """Import what the first chart would, now. Under gunicorn --preload, wsgi.py calls this in
    the master, so that the workers share one copy instead of each importing its own."""
    _matplotlib()
    import matplotlib.figure
    import matplotlib.patches  # noqa: F401


def _rc() -> Any:
    """A context in which matplotlib draws with the charts' settings."""
    return _matplotlib().rc_context(RC)


def _rounded(value: Any) -> Any:
    """``value`` with its floats rounded past what a chart can show: PostgreSQL adds floats up
    in parallel, in no fixed order, so the last digits of a mean differ from one query to the
    next."""
    if isinstance(value, float):
        return round(value, 5)
    if isinstance(value, list | tuple):
        return tuple(_rounded(item) for item in value)
    if hasattr(value, "__dataclass_fields__"):
        return (
            type(value).__name__,
            *(_rounded(getattr(value, f)) for f in value.__dataclass_fields__),
        )
    return value


def _remembered(draw: Callable[..., Markup]) -> Callable[..., Markup]:
    """Keep the last charts drawn, keyed by what they show.

    A chart is a pure function of its figures, so the same figures give the same SVG; drawing
    with matplotlib costs tens of milliseconds, looking one up nothing. Kept per process: a
    worker without it simply draws the chart again. Drawing itself is serialised, because
    matplotlib's settings are global.
    """

    @functools.wraps(draw)
    def wrapper(*args: Any, **kwargs: Any) -> Markup:
        key = hashlib.sha256(repr((draw.__name__, _rounded(args), kwargs)).encode()).hexdigest()
        with _cache_lock:
            if key in _cache:
                _cache.move_to_end(key)
                return _cache[key]
        with _draw_lock:
            made = draw(*args, **kwargs)
        with _cache_lock:
            _cache[key] = made
            while len(_cache) > CACHED_CHARTS:
                _cache.popitem(last=False)
        return made

    return wrapper


@dataclass(frozen=True)
class Style:
    colour: str
    marker: str
    line: str


def style(index: int) -> Style:
    """The colour, marker and line style of the ``index``-th series; markers and lines repeat
    more slowly than colours, so neighbouring series differ in every way."""
    return Style(COLOURS[index % 6], MARKERS[index % len(MARKERS)], LINES[(index // 6) % 4])


def inline_svg(figure: Figure, title: str) -> Markup:
    """The figure as inline SVG: no styles, unique ids, ``role="img"`` and a title."""
    buffer = io.StringIO()
    with _rc():
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    root = ET.fromstring(buffer.getvalue())  # noqa: S314 - matplotlib's own output  # nosec B314
    prefix = "c" + secrets.token_hex(4)
    for element in list(root.iter()):
        for child in list(element):
            if child.tag in (f"{{{SVG}}}metadata", f"{{{SVG}}}style"):
                element.remove(child)
        styles = element.attrib.pop("style", "")
        for name, value in _DECLARATION.findall(styles):
            element.set(name, FONT if name == "font-family" else value.strip())
        if "id" in element.attrib:
            element.set("id", f"{prefix}-{element.get('id')}")
        for name, value in list(element.attrib.items()):
            if "url(#" in value:
                element.set(name, value.replace("url(#", f"url(#{prefix}-"))
            elif name in ("href", f"{{{XLINK}}}href") and value.startswith("#"):
                element.set(name, f"#{prefix}-{value[1:]}")
    for name in ("width", "height"):
        root.attrib.pop(name, None)
    title_id = f"{prefix}-title"
    root.attrib.update(
        {
            "role": "img",
            "aria-labelledby": title_id,
            "focusable": "false",
            "class": "app-chart__svg",
            "stroke-linejoin": "round",
            "stroke-linecap": "butt",
        }
    )
    heading = ET.Element(f"{{{SVG}}}title", {"id": title_id})
    heading.text = title
    root.insert(0, heading)
    return Markup(ET.tostring(root, encoding="unicode"))  # noqa: S704 - escaped by ElementTree  # nosec B704


def _figure(
    width: float, height: float, *, labels: Sequence[str] = (), below: float = 0.5
) -> Figure:
    """A figure with room on the left for the longest of ``labels`` and ``below`` inches
    under the axes. Margins are set by hand: matplotlib's automatic layouts cost more time
    than drawing the chart."""
    from matplotlib.figure import Figure

    with _rc():
        figure = Figure(figsize=(width, height))
    left = min(0.3 + 0.066 * max((len(label) for label in labels), default=4), width * 0.6)
    figure.subplots_adjust(
        left=left / width, right=1 - 0.25 / width, top=1 - 0.15 / height, bottom=below / height
    )
    return figure


def _percent_axis(axis, low: float = 0.0, high: float = 1.0) -> None:
    ticks = [x / 100 for x in range(int(low * 100), int(high * 100) + 1, 20)]
    axis.set_ticks(ticks, [f"{round(t * 100)}%" for t in ticks])


@dataclass(frozen=True)
class Point:
    """One group's value with its interval; ``value`` None means hidden ([c])."""

    label: str
    value: float | None
    low: float | None = None
    high: float | None = None
    reference: bool = False
    index: int = 0  # the group's place in its dimension: the same look in every chart


@_remembered
def interval_chart(
    points: Sequence[Point], title: str, *, percent: bool = True, bounds=(0.0, 1.0)
) -> Markup:
    """Each group's value as a marker with its 95% interval, one row a group."""
    with _rc():
        labels = [p.label + (" (reference)" if p.reference else "") for p in points]
        figure = _figure(7.2, 0.42 * len(points) + 0.7, labels=labels, below=0.45)
        axes = figure.subplots()
        for row, point in enumerate(points):
            y = len(points) - 1 - row
            if point.value is None:
                axes.text(bounds[0], y, " [c]", va="center", ha="left", color="#505a5f")
                continue
            look = style(point.index)
            marker = "s" if point.reference else look.marker
            colour = "#000000" if point.reference else look.colour
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
        axes.set_yticks(range(len(points)), list(reversed(labels)))
        axes.set_xlim(*bounds)
        axes.set_ylim(-0.7, len(points) - 0.3)
        if percent:
            _percent_axis(axes.xaxis, *bounds)
        else:
            axes.axvline(0, color="#505a5f", linewidth=0.8)
        axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    return inline_svg(figure, title)


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]
    overall: bool = False
    index: int = 0


@_remembered
def dot_chart(rows: Sequence[str], series: Sequence[Series], title: str) -> Markup:
    """Several groups' shares on several questions: a band a question, a marker a group, each
    group a little lower in the band than the one before so that close values stay apart."""
    with _rc():
        legend_rows = (len(series) + 1) // 2
        below = 0.55 + 0.2 * legend_rows
        band = 0.1 * len(series) + 0.2
        figure = _figure(7.2, band * len(rows) + below + 0.2, labels=rows, below=below)
        axes = figure.subplots()
        step = 0.8 / max(len(series), 1)
        for place, line in enumerate(series):
            look = style(line.index)
            offset = 0.4 - step * (place + 0.5)
            ys = [len(rows) - 1 - i + offset for i, v in enumerate(line.values) if v is not None]
            xs = [v for v in line.values if v is not None]
            axes.plot(
                xs,
                ys,
                linestyle="none",
                marker="s" if line.overall else look.marker,
                color="#000000" if line.overall else look.colour,
                markersize=6,
                label=line.label,
            )
        axes.set_yticks(range(len(rows)), list(reversed(rows)))
        for boundary in range(len(rows) - 1):
            axes.axhline(boundary + 0.5, color="#dddddd", linewidth=0.6)
        axes.set_ylim(-0.5, len(rows) - 0.5)
        axes.set_xlim(0, 1)
        axes.tick_params(axis="y", length=0)
        _percent_axis(axes.xaxis)
        axes.grid(axis="x", color="#dddddd", linewidth=0.6)
        figure.legend(
            loc="lower left", bbox_to_anchor=(0.01, 0.01), ncols=2, frameon=False, fontsize=9
        )
    return inline_svg(figure, title)


@_remembered
def trend_chart(months: Sequence[str], series: Sequence[Series], title: str) -> Markup:
    """Shares by month, one line a series; gaps where a month is hidden."""
    with _rc():
        legend_rows = (len(series) + 1) // 2
        below = 0.75 + 0.2 * legend_rows
        figure = _figure(7.2, 2.6 + below, labels=["100%"], below=below)
        axes = figure.subplots()
        x = list(range(len(months)))
        for line in series:
            look = style(line.index)
            values = [float("nan") if v is None else v for v in line.values]
            axes.plot(
                x,
                values,
                marker="s" if line.overall else look.marker,
                linestyle="-" if line.overall else look.line,
                color="#000000" if line.overall else look.colour,
                linewidth=2.5 if line.overall else 1.3,
                markersize=5,
                label=line.label,
            )
        step = max(1, len(months) // 8)
        axes.set_xticks(x[::step], list(months)[::step])
        axes.set_ylim(0, 1)
        _percent_axis(axes.yaxis)
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        figure.legend(
            loc="lower left", bbox_to_anchor=(0.01, 0.01), ncols=2, frameon=False, fontsize=9
        )
    return inline_svg(figure, title)


@dataclass(frozen=True)
class HeatCell:
    value: float | None  # None: hidden
    mark: str = ""  # "▲" / "▼" for a significant difference from the reference


@_remembered
def heat_map(
    rows: Sequence[str], columns: Sequence[str], cells: Sequence[Sequence[HeatCell]], title: str
) -> Markup:
    """Shares as a grid of shaded cells (cividis), each labelled with its percentage and a
    triangle where it differs significantly from the reference group; hidden cells hatched.
    ``rows`` are themes and ``columns`` groups, labelled along the top like a table."""
    import numpy as np
    from matplotlib.patches import Rectangle

    data = np.array([[np.nan if c.value is None else c.value for c in row] for row in cells])
    heads = [textwrap.fill(column, 14) for column in columns]
    lines = max((head.count("\n") + 1 for head in heads), default=1)
    with _rc():
        left = 0.25 + 0.075 * max((len(r) for r in rows), default=4)
        width = min(max(7.2, left + 0.95 * len(columns) + 0.3), 14.0)
        height = 0.36 * len(rows) + 0.2 * lines + 0.4
        figure = _figure(width, height, labels=rows, below=0.1)
        figure.subplots_adjust(top=1 - (0.2 * lines + 0.25) / height)
        axes = figure.subplots()
        top = max(float(np.nanmax(data)) if np.isfinite(data).any() else 0.0, 0.01)
        axes.imshow(np.ma.masked_invalid(data), cmap="cividis", vmin=0, vmax=top, aspect="auto")
        for i, row in enumerate(cells):
            for j, cell in enumerate(row):
                if cell.value is None:
                    axes.add_patch(
                        Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch="///", linewidth=0)
                    )
                    axes.text(j, i, "[c]", ha="center", va="center", fontsize=9)
                    continue
                dark = cell.value < top * 0.55
                axes.text(
                    j,
                    i,
                    f"{round(cell.value * 100)}%{cell.mark}",
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="#ffffff" if dark else "#0b0c0c",
                    fontweight="bold" if cell.mark else "normal",
                )
        axes.xaxis.tick_top()
        axes.set_xticks(range(len(columns)), heads, fontsize=9)
        axes.set_yticks(range(len(rows)), rows, fontsize=9)
        axes.tick_params(length=0)
        for side in axes.spines.values():
            side.set_visible(False)
    return inline_svg(figure, title)


@_remembered
def bar_chart(labels: Sequence[str], values: Sequence[int | None], title: str) -> Markup:
    """Counts as bars (responses by month); a hidden count is a hatched gap marked [c]."""
    with _rc():
        figure = _figure(6.4, 2.4, labels=["10000"], below=0.45)
        axes = figure.subplots()
        x = list(range(len(labels)))
        shown = [v if v is not None else 0 for v in values]
        axes.bar(x, shown, color=COLOURS[0], edgecolor="#0b0c0c", linewidth=0.5)
        for i, value in enumerate(values):
            if value is None:
                axes.text(i, 0, "[c]", ha="center", va="bottom", fontsize=7)
        step = max(1, len(labels) // 6)
        axes.set_xticks(x[::step], list(labels)[::step], fontsize=8)
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    return inline_svg(figure, title)
