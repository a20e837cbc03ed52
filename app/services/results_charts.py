"""The charts of a survey's results, each drawn from the same figures as the table beside it:
hidden figures are gaps marked [c], never values. A page's charts are drawn once for every
worker: stored beside the counts they show (:mod:`app.services.results_chart_store`)."""

from __future__ import annotations

from collections.abc import Collection

from markupsafe import Markup

from app.services import charts, results_chart_store
from app.services.periods import YEAR, quarter_short, year_short
from app.services.results_heat_map import themes_heat_map
from app.services.results_model import SurveyResults


def _index(results: SurveyResults) -> dict[str, int]:
    """Each group's place in the dimension, so a group looks the same in every chart."""
    return {figure.group: place for place, figure in enumerate(results.groups)}


def questions_chart(results: SurveyResults, groups: Collection[str] | None = None) -> Markup | None:
    """Every favourable question, a marker for each group's share: of every group shown, or of
    those of ``groups`` alone, each in the colour and marker it has in every other chart."""
    if not results.questions:
        return None
    index = _index(results)
    series = [
        charts.Series("All respondents", [p.total.share for p in results.questions], overall=True)
    ]
    for figure in results.groups:
        if figure.hidden or (groups is not None and figure.group not in groups):
            continue
        values = []
        for panel in results.questions:
            row = next((r for r in panel.rows if r.group == figure.group), None)
            values.append(row.share if row and row.hidden is None else None)
        # Named as the interval charts name it: the ratios in the tables below are to it.
        reference = figure.group == results.reference
        label = f"{figure.label} (reference)" if reference else figure.label
        series.append(charts.Series(label, values, index=index[figure.group]))
    rows = [_short(p.text) for p in results.questions]
    title = (
        f"Chart: percentage giving the favourable answer to each question, by "
        f"{results.dimension_label.lower()}. The same figures are in the tables below."
    )
    return charts.dot_chart(rows, series, title)


def question_chart(results: SurveyResults, key: str) -> Markup | None:
    """One question: each group's share with its 95% interval."""
    panel = next((p for p in results.questions if p.key == key), None)
    if panel is None:
        return None
    index = _index(results)
    points = [
        charts.Point(
            row.label,
            row.share,
            row.ci.low if row.ci else None,
            row.ci.high if row.ci else None,
            row.is_reference,
            index.get(row.group, 0),
        )
        for row in panel.rows
    ]
    if _all_hidden(points):
        return None
    title = f"Chart: {panel.text} Percentage by group with 95% intervals; table follows."
    return charts.interval_chart(points, title)


def _all_hidden(points: list[charts.Point]) -> bool:
    """Whether every group's figure is hidden: a chart of nothing but [c] tells the reader
    nothing its table does not, so none is drawn."""
    return all(point.value is None for point in points)


def sentiment_chart(results: SurveyResults) -> Markup | None:
    """Mean sentiment of each group's free text with its 95% interval."""
    if not results.sentiment:
        return None
    index = _index(results)
    points = [
        charts.Point(
            s.label,
            s.mean,
            s.ci.low if s.ci else None,
            s.ci.high if s.ci else None,
            s.group == results.reference,
            index.get(s.group, 0),
        )
        for s in results.sentiment
    ]
    if _all_hidden(points):
        return None
    title = (
        "Chart: mean sentiment of what each group wrote, from \u22121 (very negative) to 1 (very "
        "positive), with 95% intervals; table follows."
    )
    return charts.interval_chart(points, title, percent=False, bounds=(-1.0, 1.0))


def themes_chart(results: SurveyResults) -> Markup | None:
    """The heat map of theme prevalence: a row a theme, a column a group (and everyone)."""
    panel = results.themes
    if not panel.themes or not panel.rows:
        return None
    marks = {"higher": "▲", "lower": "▼"}
    groups = [*panel.rows, panel.total]
    cells = [
        [
            charts.HeatCell(None)
            if row.hidden or row.n is None
            else charts.HeatCell(row.cells[theme].share, marks.get(row.cells[theme].direction, ""))
            for row in groups
        ]
        for theme in panel.themes
    ]
    title = (
        "Heat map: percentage of each group's written answers that raise each theme; darker "
        "is fewer. ▲ and ▼ mark significant differences from the reference group; table follows."
    )
    return themes_heat_map(panel.themes, [row.label for row in groups], cells, title)


def trend_chart(results: SurveyResults) -> Markup | None:
    """The headline measure by quarter (by reporting year in a view by place), overall and
    by group."""
    trend = results.trend
    if trend is None:
        return None
    index = _index(results)
    periods = results.trend_periods  # every period, those without answers as gaps

    def shares(points: list) -> list[float | None]:
        return [None if place is None else points[place].share for _, _, place in periods]

    series = [charts.Series("All respondents", shares(trend.overall.points), True)]
    series += [
        charts.Series(s.label, shares(s.points), index=index.get(s.group, 0))
        for s in results.trend_series
    ]
    labels = [_axis_label(period) for period, _, _ in periods]
    unit = "year (April to March)" if periods and YEAR.match(periods[0][0]) else "quarter"
    # Named by its question: the trend may be of any question, not only the headline's.
    title = f"Chart: percentage {trend.measure}, by {unit} ({trend.text}); table follows."
    return charts.trend_chart(labels, series, title)


def _axis_label(period: str) -> str:
    """A period on two lines for the trend's axis: "Apr–Jun" over "2026", or "Apr–Mar" over
    "2025–26" for a reporting year."""
    if YEAR.match(period):
        return f"Apr–Mar\n{year_short(period)}"
    return f"{quarter_short(period)}\n{period[:4]}"


def _short(text: str) -> str:
    """A question's text for a chart, whole (the chart wraps it), without the lead-in that
    several share."""
    return text.replace("How much do you agree: ", "")


def all_charts(
    results: SurveyResults, questions_groups: Collection[str] | None = None
) -> dict[str, Markup | None]:
    """Every chart of the results page, by name; ``questions_groups``, if given, the groups the
    questions' chart draws (:func:`questions_chart`). Each is read from the store if any worker
    has drawn it, and stored once drawn."""
    headline = results.headline.question if results.headline else ""
    with results_chart_store.kept(results.survey_id):
        return {
            "headline": question_chart(results, headline),
            "questions": questions_chart(results, questions_groups),
            "sentiment": sentiment_chart(results),
            "themes": themes_chart(results),
            "trend": trend_chart(results),
        }
