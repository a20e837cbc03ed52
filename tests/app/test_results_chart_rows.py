"""A chart of each group's figure with its interval gives each row the height its own label
needs. Before, every row was as tall as the longest label: grouped by detailed ethnicity, where
one label takes five lines, the chart stood 3,000 pixels high on a laptop, most of it space."""

from __future__ import annotations

import re

from app.services import charts

LONG = (
    "Black, Black British, Caribbean or African: Any other Black, Black British, or Caribbean "
    "background"
)


def _height_in_inches(svg: str) -> float:
    """The chart's height as drawn (its viewBox is in points, 72 to the inch)."""
    view_box = re.search(r'viewBox="([^"]+)"', svg).group(1)
    return float(view_box.split()[3]) / 72


def _chart(labels: list[str]) -> str:
    points = [
        charts.Point(label, 0.5, 0.4, 0.6, reference=place == 0, index=place)
        for place, label in enumerate(labels)
    ]
    return str(charts.interval_chart(points, "Chart: test"))


def test_one_long_label_does_not_make_every_row_tall():
    short = [f"Group {n}" for n in range(12)]
    with_long = [*short[:-1], LONG]
    plain, tall = _height_in_inches(_chart(short)), _height_in_inches(_chart(with_long))
    # The long label wraps to several lines: its row grows by those lines (11-point text,
    # 1.2 lines to the point size), and the other eleven rows stay as they were.
    lines = 6
    assert tall <= plain + lines * 11 * 1.2 / 72, (plain, tall)
    # The chart is taller than with short labels only, so the long label still fits.
    assert tall > plain


def test_each_label_stays_beside_its_own_marker():
    # Three groups at 20%, 50% and 80%, the middle one with a label of six lines: from top to
    # bottom the rows are A, the long one and C, and each row's markers sit on its tick.
    points = [
        charts.Point("A", 0.2, 0.1, 0.3, reference=True, index=0),
        charts.Point(LONG, 0.5, 0.4, 0.6, index=1),
        charts.Point("C", 0.8, 0.7, 0.9, index=2),
    ]
    svg = str(charts.interval_chart(points, "Chart: test"))
    uses = [
        (float(x), float(y)) for x, y in re.findall(r'<use [^>]*x="([\d.]+)" y="([\d.]+)"', svg)
    ]
    axis = max(y for _, y in uses)  # the x axis's ticks, under the rows
    rows: dict[float, list[float]] = {}
    for x, y in uses:
        if y != axis:
            rows.setdefault(round(y, 1), []).append(x)
    # Each row: its tick on the y axis (the leftmost) and its markers, further right.
    middles = [sorted(xs)[1:] for _, xs in sorted(rows.items())]
    assert len(middles) == 3
    centres = [sum(xs) / len(xs) for xs in middles]
    assert centres == sorted(centres), centres  # 20% at the top, 80% at the bottom
    labels = {
        text: float(y)
        for y, text in re.findall(r'<text [^>]*y="([\d.]+)"[^>]*>([^<]+)</text>', svg)
    }
    assert labels["A (reference)"] < labels["C"]
