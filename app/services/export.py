"""Exports of what the results page shows, as CSV and XLSX: the same figures, hidden the same
way ("[c]" with the reason), and safe to open in a spreadsheet.

Text that a spreadsheet would run as a formula (theme, area and event names are typed by
people) is kept as text: see :mod:`app.services.export_cells`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from app.services import results_quarters
from app.services.export_about import about_lines
from app.services.export_cells import append_row, for_csv
from app.services.results_asked import Asked
from app.services.results_model import ShareFigure, SurveyResults
from app.services.results_reasons import explain
from app.services.results_sentences import difference

HIDDEN = "[c]"
COLUMNS = (
    "Survey",
    "Filters",
    "Grouped by",
    "Section",
    "Measure",
    "Item",
    "Group code",
    "Group",
    "n",
    "Value",
    "Unit",
    "95% interval low",
    "95% interval high",
    "Ratio to reference",
    "Ratio 95% interval low",
    "Ratio 95% interval high",
    "Significant difference",
    "Note",
)


def neutralise(value: Any) -> Any:
    """A CSV cell: text that starts like a formula with a leading apostrophe, anything else as
    it is (:func:`app.services.export_cells.for_csv`)."""
    return for_csv(value)


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1) + 0.0  # + 0.0: never -0.0


def _score(value: float | None) -> float | None:
    return None if value is None else round(value, 3) + 0.0


def _unclear(row: ShareFigure, comparisons: int) -> str:
    """The page's words for a difference whose interval leaves out 1 but which does not hold
    once all the comparisons are allowed for (the "Significant difference" column says "no")."""
    if row.significant or row.interval_direction is None:
        return ""
    ratio_ci = f"{row.ratio_ci.low:.2f} to {row.ratio_ci.high:.2f}" if row.ratio_ci else ""
    return f"{difference(row, comparisons)} (ratio's 95% interval on its own: {ratio_ci})"


def rows(results: SurveyResults, asked: Mapping[str, Asked]) -> Iterator[list[Any]]:
    """The export's rows (without the header), in the order of the page. ``asked`` says who
    was asked each question that a condition shows only to some (one row each, after the
    question's figures)."""
    base = [results.title, results.filter_text, results.dimension_label]
    reference = results.reference_label or ""
    left = dict(asked)

    def asked_rows(key: str) -> Iterator[list[Any]]:
        figure = left.pop(key, None)
        if figure is None:
            return
        yield [
            *base,
            figure.question,
            "People asked the question",
            f"Asked only of {figure.asked_of}",
            "all",
            "All respondents",
            HIDDEN if figure.respondents is None else figure.respondents,
            HIDDEN if figure.asked is None else figure.asked,
            "people",
            *[""] * 6,
            figure.sentence or explain("few", results.k),
        ]

    def row(
        section,
        measure,
        item,
        group,
        label,
        n,
        value,
        unit,
        ci=None,
        ratio=None,
        significant=None,
        hidden=None,
        note="",
        ratio_ci=None,
    ):
        if hidden:
            return [
                *base,
                section,
                measure,
                item,
                group,
                label,
                HIDDEN,
                HIDDEN,
                unit,
                HIDDEN,
                HIDDEN,
                "",
                "",
                "",
                "",
                explain(hidden, results.k),
            ]
        low, high = (ci.low, ci.high) if ci is not None else (None, None)
        scale = _pct if unit == "%" else _score
        return [
            *base,
            section,
            measure,
            item,
            group,
            label,
            n,
            scale(value),
            unit,
            scale(low),
            scale(high),
            None if ratio is None else round(ratio, 3),
            None if ratio_ci is None or ratio_ci.low is None else round(ratio_ci.low, 3),
            None if ratio_ci is None or ratio_ci.high is None else round(ratio_ci.high, 3),
            "" if significant is None else ("yes" if significant else "no"),
            note,
        ]

    if results.counted_note and results.counted_at is not None:
        # Not from the survey's current data: say when they were counted, first.
        yield [
            *base,
            "About these figures",
            "Counted at",
            results.counted_at.isoformat(timespec="seconds"),
            *[""] * 11,
            results.counted_note,
        ]
    if results.left_out_note:
        # Responses of small months (and a staff survey's month not yet over) are in no figure:
        # say which months, first.
        yield [
            *base,
            "About these figures",
            "Months not counted",
            ", ".join(results.left_out),
            *[""] * 11,
            results.left_out_note,
        ]
    section = "Respondents"
    for g in [*results.groups]:
        line = row(
            section, "% of respondents", "", g.group, g.label, g.n, g.share, "%", hidden=g.hidden
        )
        if g.hidden is None and g.share is None and results.total_hidden:
            # A share of a hidden total would give the total away: hidden for the total's reason.
            line[COLUMNS.index("Value")] = HIDDEN
            line[COLUMNS.index("Note")] = explain(results.total_hidden, results.k)
        yield line
    if results.total is not None or results.total_hidden:
        yield row(
            section,
            "Respondents",
            "",
            "all",
            "All respondents",
            results.total,
            None,
            "",
            hidden=results.total_hidden,
        )
    measure = f"% favourable (reference: {reference})" if reference else "% favourable"
    for panel in results.questions:
        item = " or ".join(panel.favourable)
        for r in [*panel.rows, panel.total]:
            yield row(
                panel.text,
                measure,
                item,
                r.group,
                r.label,
                r.n,
                r.share,
                "%",
                r.ci,
                r.ratio,
                r.significant if r.ratio is not None else None,
                r.hidden,
                _unclear(r, results.comparisons),
                r.ratio_ci if r.ratio is not None else None,
            )
        yield from asked_rows(panel.key)
    for panel in results.distributions:
        for r in [*panel.rows, panel.total]:
            for code, option in panel.options:
                value = r.shares.get(code) if r.shares else None
                why = r.answer_hidden(code, results.k)
                line = row(
                    panel.text,
                    "% choosing",
                    option,
                    r.group,
                    r.label,
                    r.n,
                    value,
                    "%",
                    hidden=r.hidden,
                    note=why or "",
                )
                if why:  # too few of the row chose it (results_answer_cells): its n is shown
                    line[COLUMNS.index("Value")] = HIDDEN
                yield line
        yield from asked_rows(panel.key)
    for question in results.grouping_questions:
        # No figures: its counts are the groups' sizes, shown when grouped by it.
        yield row(
            question.text,
            "% choosing",
            "",
            "all",
            "All respondents",
            None,
            None,
            "%",
            note=question.note(results.k),
        )
    for s in [*results.sentiment, results.sentiment_total]:
        yield row(
            "Sentiment of free text",
            "Mean sentiment (-1 to 1)",
            "",
            s.group,
            s.label,
            s.n,
            s.mean,
            "score",
            s.ci,
            hidden=s.hidden,
        )
        yield row(
            "Sentiment of free text",
            "% of answers negative",
            "",
            s.group,
            s.label,
            s.n,
            s.negative,
            "%",
            s.negative_ci,
            hidden=s.hidden,
        )
    for key in list(left):  # free text asked of some: beside its sentiment, as on the page
        yield from asked_rows(key)
    for t in [*results.themes.rows, results.themes.total]:
        for theme in results.themes.themes:
            cell = t.cells.get(theme)
            yield row(
                "Themes of free text",
                "% of written answers raising the theme",
                theme,
                t.group,
                t.label,
                t.n,
                cell.share if cell else None,
                "%",
                cell.ci if cell else None,
                cell.ratio if cell else None,
                cell.significant if cell and cell.ratio is not None else None,
                t.hidden,
                ratio_ci=cell.ratio_ci if cell and cell.ratio is not None else None,
            )
    if results.trend is not None:
        trend = results.trend
        for series in [trend.overall, *results.trend_series]:
            for p in series.points:
                yield row(
                    f"Trend: {trend.text}",
                    f"% {trend.measure}",
                    p.label,
                    series.group,
                    series.label,
                    p.n,
                    p.share,
                    "%",
                    p.ci,
                    hidden=p.hidden,
                )
        # A group without a line, as the page says under the table: named, with why (grouped
        # by month, the groups are months, and have no lines of their own).
        codes = {g.label: g.group for g in results.groups}
        for label, reason in trend.hidden if results.dimension != "month" else []:
            yield row(
                f"Trend: {trend.text}",
                f"% {trend.measure}",
                f"Every {results_quarters.trend_unit(results)}",
                codes.get(label, ""),
                label,
                None,
                None,
                "%",
                hidden=reason,
            )


def to_csv(results: SurveyResults, asked: Mapping[str, Asked]) -> str:
    """The export as CSV text (UTF-8 with a byte-order mark, so Excel reads it as UTF-8), every
    cell in double quotes."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow(COLUMNS)
    for values in rows(results, asked):
        writer.writerow([neutralise(value) for value in values])
    return buffer.getvalue()


def to_xlsx(results: SurveyResults, asked: Mapping[str, Asked]) -> bytes:
    """The export as an Excel workbook: the figures, and a sheet saying what they are."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Results"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in rows(results, asked):
        append_row(sheet, values)
    sheet.freeze_panes = "A2"
    widths = (24, 24, 14, 40, 30, 30, 14, 30, 10, 10, 8, 10, 10, 10, 10, 10, 12, 60)
    for column, width in zip("ABCDEFGHIJKLMNOPQR", widths, strict=True):
        sheet.column_dimensions[column].width = width
    about = book.create_sheet("About")
    for line in about_lines(results):
        append_row(about, [line])
    about.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
