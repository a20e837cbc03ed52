"""The drawing behind the charts: matplotlib, imported at the first chart and set up the same
way for every one, and its SVG made fit to sit inline in a page.

Inline SVG must satisfy the page's Content Security Policy (``style-src 'self'``), which
blocks the ``<style>`` element and ``style`` attributes matplotlib writes; :func:`inline_svg`
turns them into the equivalent SVG presentation attributes, which no policy restricts. Each
chart is an image with an accessible name (``role="img"`` and a ``<title>``), its ids are
prefixed so that several charts can share a page, and it is sized by CSS.

Colours are the Okabe-Ito set, which colour-blind readers can tell apart, and every series also
has its own marker (and line style), so charts still read in greyscale. A chart drawn once is
kept (:func:`remembered`), keyed by what it shows and by the code that drew it: in the
process's memory, and, while a :class:`Shelf` is given (:func:`shelved`), on that shelf too,
where every other process finds it (:mod:`app.services.results_chart_store`).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import io
import math
import re
import secrets
import sys
import threading
import warnings
import xml.etree.ElementTree as ET  # parses only matplotlib's own SVG  # nosec B405
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol

from markupsafe import Markup

from app.services import export_cells

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
    # Labels are names people type (areas, themes, listening sessions): text between two
    # dollar signs is shown as typed, never read as mathematical markup that could fail.
    "text.parse_math": False,
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
    """Import what the first chart would, now, the SVG backend that writes it included.
    :func:`app.services.charts.preload` also draws a chart of each kind."""
    _matplotlib()
    import matplotlib.backends.backend_svg
    import matplotlib.figure
    import matplotlib.patches  # noqa: F401


def rc() -> Any:
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


class Shelf(Protocol):
    """Where charts are kept beyond one process: :func:`remembered` looks there before
    drawing, and hands it what it drew."""

    def find(self, key: str) -> Markup | None: ...

    def keep(self, key: str, chart: Markup) -> None: ...


_shelf: ContextVar[Shelf | None] = ContextVar("chart_shelf", default=None)


def current_shelf() -> Shelf | None:
    return _shelf.get()


@contextmanager
def shelved(shelf: Shelf) -> Iterator[None]:
    """Charts drawn inside are looked for on ``shelf`` first, and kept there once drawn."""
    token = _shelf.set(shelf)
    try:
        yield
    finally:
        _shelf.reset(token)


@functools.cache
def drawing_version(module: str) -> str:
    """A digest of the code that draws a chart: this module, the module of the chart's own
    function, and matplotlib's version. A chart kept by an older release (another host
    during a deploy, the shared store after one) is then never shown for a newer one's."""
    digest = hashlib.sha256(importlib.metadata.version("matplotlib").encode())
    for name in sorted({__name__, module}):
        digest.update(Path(sys.modules[name].__file__ or "").read_bytes())
    return digest.hexdigest()


def chart_key(draw: Callable[..., Markup], args: Sequence[Any], kwargs: dict[str, Any]) -> str:
    """What names a chart: the code that draws it and every figure, label and option it is
    drawn from, so that two charts with the same key are the same chart."""
    shown = repr((draw.__name__, _rounded(args), sorted(kwargs.items())))
    return hashlib.sha256(f"{drawing_version(draw.__module__)}\n{shown}".encode()).hexdigest()


def remembered(draw: Callable[..., Markup]) -> Callable[..., Markup]:
    """Keep the last charts drawn, keyed by what they show (:func:`chart_key`).

    A chart is a pure function of its figures, so the same figures give the same SVG; drawing
    with matplotlib costs tens of milliseconds, looking one up nothing. The last
    ``CACHED_CHARTS`` are kept in the process's memory; with a shelf given (:func:`shelved`)
    a chart not in memory is looked for there before it is drawn, and one drawn is handed to
    it, so that another worker need not draw it again. Drawing itself is serialised, because
    matplotlib's settings are global.
    """

    @functools.wraps(draw)
    def wrapper(*args: Any, **kwargs: Any) -> Markup:
        key = chart_key(draw, args, kwargs)
        with _cache_lock:
            if key in _cache:
                _cache.move_to_end(key)
                return _cache[key]
        shelf = _shelf.get()
        made = shelf.find(key) if shelf is not None else None
        if made is None:
            with _draw_lock:
                made = draw(*args, **kwargs)
            if shelf is not None:
                shelf.keep(key, made)
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


def inline_svg(figure: Figure, title: str, *, natural_size: bool = False) -> Markup:
    """The figure as inline SVG: no styles, unique ids, ``role="img"`` and a title. It is
    sized by CSS to its column, or with ``natural_size`` keeps its own width and height (for a
    chart whose text must stay readable, shown in a region that scrolls)."""
    buffer = io.StringIO()
    with rc(), warnings.catch_warnings():
        # Text is written into the SVG as text and drawn by the browser in its own fonts, so a
        # character DejaVu Sans lacks (a script it does not cover, an emoji) matters only to
        # the layout's measure of it; matplotlib's warning about it says nothing to act on.
        warnings.filterwarnings("ignore", r"Glyph \d+ .* missing from font", UserWarning)
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    # A name typed by a person may hold a character XML cannot (U+FFFE, a lone surrogate),
    # which matplotlib writes into the SVG as it is: left out, as the exports leave it out.
    svg = export_cells.NOT_TEXT.sub("", buffer.getvalue())
    root = ET.fromstring(svg)  # noqa: S314 - matplotlib's own output  # nosec B314
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
    if not natural_size:
        for name in ("width", "height"):
            root.attrib.pop(name, None)
    title_id = f"{prefix}-title"
    root.attrib.update(
        {
            "role": "img",
            "aria-labelledby": title_id,
            "focusable": "false",
            "class": "app-chart__svg--natural" if natural_size else "app-chart__svg",
            "stroke-linejoin": "round",
            "stroke-linecap": "butt",
        }
    )
    heading = ET.Element(f"{{{SVG}}}title", {"id": title_id})
    heading.text = title
    root.insert(0, heading)
    return Markup(ET.tostring(root, encoding="unicode"))  # noqa: S704 - escaped by ElementTree  # nosec B704


def new_figure(
    width: float, height: float, *, labels: Sequence[str] = (), below: float = 0.5
) -> Figure:
    """A figure with room on the left for the longest of ``labels`` and ``below`` inches
    under the axes. Margins are set by hand: matplotlib's automatic layouts cost more time
    than drawing the chart."""
    from matplotlib.figure import Figure

    with rc():
        figure = Figure(figsize=(width, height))
    widest = max((text_width(label) for label in labels), default=text_width("0000"))
    left = min(0.2 + widest, width * 0.6)
    figure.subplots_adjust(
        left=left / width, right=1 - 0.25 / width, top=1 - 0.15 / height, bottom=below / height
    )
    return figure


@functools.lru_cache(maxsize=4096)
def text_width(text: str, size: float = 10.0) -> float:
    """How wide ``text`` is drawn, in inches, at ``size`` points: its widest line, measured in
    the font the chart is laid out with (DejaVu Sans, wider than the Arial a browser may use,
    so text measured here always fits)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    lines = export_cells.NOT_TEXT.sub("", text).split("\n")
    # Not in rc(): the font is named in full, none of the charts' settings changes a measure,
    # and entering rc() (a copy of every setting) took longer than measuring a word. A cold
    # process, a new worker's, measures every label of its first charts a word at a time.
    font = FontProperties(family=RC["font.family"], size=size)
    measure = TextToPath().get_text_width_height_descent
    return max((measure(line, font, ismath=False)[0] / 72 for line in lines), default=0.0)


def wrap(text: str, width: float, size: float = 10.0) -> str:
    """``text`` broken into lines (at spaces) none wider than ``width`` inches at ``size``
    points, so that a label is shown whole instead of cut off; a single word wider than that
    keeps its own line."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def percent_axis(axis, low: float = 0.0, high: float = 1.0) -> None:
    """Label ``axis`` in percentages, every 20 points from ``low`` to ``high``."""
    ticks = [x / 100 for x in range(int(low * 100), int(high * 100) + 1, 20)]
    axis.set_ticks(ticks, [f"{round(t * 100)}%" for t in ticks])


def month_ticks(axes, months: Sequence[str], width: float, size: float) -> None:
    """Label the x axis with ``months`` (one a point, from 0) at ``size`` points: each one, or
    every second, third and so on, as many as fit side by side in ``width`` inches."""
    x = list(range(len(months)))
    room = max((text_width(month, size) for month in months), default=0.0) + 0.15
    step = max(1, math.ceil(room * len(months) / max(width, 0.1)))
    axes.set_xticks(x[::step], list(months)[::step], fontsize=size)
    axes.set_xlim(-0.6, len(months) - 0.4)
