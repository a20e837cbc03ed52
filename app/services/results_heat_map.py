"""The themes heat map of the results pages and report: a row a theme, a column a group (and
all respondents), each cell shaded by its share (cividis, whose lightness rises steadily) and
labelled with it, a triangle where it differs significantly from the reference group, hidden
cells hatched and marked [c].

Drawn to be shown at its own size, its text as large as the page's, in a region that scrolls
sideways when it is wider than the screen: shrunk to a phone's width its figures would be too
small to read. Each column is as wide as its own heading needs, not as wide as the widest
heading's, so that the usual groupings fit the page's column on a laptop's screen: with every
column as wide as "respondents" (in "All respondents"), grouping by ethnic group was 1,085
pixels wide and its last column was cut off at the edge of a 960-pixel column.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from app.services.chart_drawing import inline_svg, new_figure, rc, remembered, text_width, wrap
from app.services.charts import HeatCell

#: The size of the heat map's text, in points: 19 pixels, GOV.UK's body text on a desktop.
POINTS = 14.25


def column_widths(columns: Sequence[str], size: float = POINTS) -> list[float]:
    """Each column's width in inches: room for a cell's "100%▲", and for the longest word of
    its own heading (headings wrap at spaces)."""
    cell = text_width("100%▲", size) + 0.25
    return [
        max(cell, max((text_width(word, size) for word in head.split()), default=0.0) + 0.12)
        for head in columns
    ]


@remembered
def themes_heat_map(
    rows: Sequence[str], columns: Sequence[str], cells: Sequence[Sequence[HeatCell]], title: str
) -> Markup:
    """Shares as a grid of shaded cells: ``rows`` are themes, ``columns`` groups, labelled
    along the top like a table."""
    import numpy as np
    from matplotlib import colormaps
    from matplotlib.colors import Normalize
    from matplotlib.patches import Rectangle

    size = POINTS
    line = size * 1.2 / 72  # inches
    values = [c.value for row in cells for c in row if c.value is not None]
    top = max(max(values, default=0.0), 0.01)
    shade = colormaps["cividis"]
    scale = Normalize(vmin=0, vmax=top)
    with rc():
        labels = [wrap(r, 1.5, size) for r in rows]
        left = 0.2 + max((text_width(label, size) for label in labels), default=0.3)
        widths = column_widths(columns, size) or [text_width("100%▲", size) + 0.25]
        heads = [wrap(c, w - 0.1, size) for c, w in zip(columns, widths, strict=False)]
        above = line * max((head.count("\n") + 1 for head in heads), default=1) + 0.2
        row = line * max((label.count("\n") + 1 for label in labels), default=1) + 0.2
        across = sum(widths)
        width = left + across + 0.1
        height = above + row * max(len(rows), 1) + 0.1
        figure = new_figure(width, height)
        figure.subplots_adjust(
            left=left / width, right=1 - 0.1 / width, top=1 - above / height, bottom=0.1 / height
        )
        axes = figure.subplots()
        # The axes' x unit is the inch, so that each column has its own width.
        edges = np.concatenate([[0.0], np.cumsum(widths)])
        centres = (edges[:-1] + edges[1:]) / 2
        for i, cells_row in enumerate(cells):
            for j, cell in enumerate(cells_row):
                x, w = edges[j], widths[j]
                if cell.value is None:
                    axes.add_patch(
                        Rectangle((x, i - 0.5), w, 1, fill=False, hatch="///", linewidth=0)
                    )
                    axes.text(centres[j], i, "[c]", ha="center", va="center", fontsize=size)
                    continue
                # Edged in its own colour: no hairline seams between neighbouring cells.
                colour = shade(scale(cell.value))
                axes.add_patch(
                    Rectangle((x, i - 0.5), w, 1, facecolor=colour, edgecolor=colour, linewidth=0.5)
                )
                dark = cell.value < top * 0.55
                axes.text(
                    centres[j],
                    i,
                    f"{round(cell.value * 100)}%{cell.mark}",
                    ha="center",
                    va="center",
                    fontsize=size,
                    color="#ffffff" if dark else "#0b0c0c",
                    fontweight="bold" if cell.mark else "normal",
                )
        axes.set_xlim(0, across)
        axes.set_ylim(max(len(rows), 1) - 0.5, -0.5)
        axes.xaxis.tick_top()
        axes.set_xticks(centres[: len(heads)], heads, fontsize=size, va="bottom")
        axes.set_yticks(range(len(rows)), labels, fontsize=size)
        axes.tick_params(length=0)
        for side in axes.spines.values():
            side.set_visible(False)
    return inline_svg(figure, title, natural_size=True)
