"""The trend of a survey's headline question, or of another chosen in its place
(:mod:`app.services.results_trend_choice`), overall and by group, and the respondents
table's rows. Without a place chosen the trend goes by quarter: quarters are the cells of views
by date, and a group gets a line only if, in every quarter, it has none or at least k answers,
and a line has no gaps (Rule 2 of :mod:`app.services.results_disclosure`). In a view by place
(an area or listening session, with dates or not) a point is a period in that place, a cell of
views by date and place, so the trend goes by reporting year, April to March, and the rule of
those views applies: a quarter in one place would be finer than any cell they protect.

By quarter, not by month, for the reason views by date are: a group small in any one month
of the survey's history would otherwise have no line at all."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from analysis.stats import wilson_interval
from app.services.definitions import Definition, localised
from app.services.periods import period_label, quarter_of, year_of
from app.services.results_disclosure import (
    Decision,
    Kind,
    Protection,
    Reason,
    decide_table,
    hidden_across_cells,
)
from app.services.results_model import (
    ALL,
    GroupFigure,
    TrendPanel,
    TrendPoint,
    TrendSeries,
    View,
)
from app.services.results_panels import ALL_LABEL
from app.services.results_reasons import Hidden, cells_of


def group_figure(
    group: str, label: str, n: int, total: int | None, decision: Decision
) -> GroupFigure:
    """A row of the respondents table."""
    if not decision.shown(group):
        return GroupFigure(group, label, None, hidden=decision.reason(group))
    return GroupFigure(group, label, n, n / total if total else None)


def without_lines(
    kind: Kind, decision: Decision, protection: Protection | None
) -> tuple[dict[str, Reason], bool]:
    """The groups with no line in a view of ``kind``, and whether the totals of its points may
    be shown. In a view by place a point of the line is a (year, place) cell, so the rule of
    views by date and place applies."""
    hidden = {g: r for g, r in decision.hidden.items()}
    totals = decision.total_shown
    if kind in ("place", "both") and protection is not None:
        hidden.update({g: r for g, r in protection.hidden["both"].items() if g not in hidden})
        totals = totals and protection.totals["both"]
    elif kind == "all" and protection is not None:
        # The unfiltered view's quarters are the cells of views by date: its quarterly totals
        # are shown only where those views show totals, or a quarter's total (and, with the
        # lines of groups shown by date, a hidden group's count in it) could be worked out
        # from the whole survey's total less the quarters shown.
        totals = totals and protection.totals["date"]
    return hidden, totals


def totals_reason(kind: Kind, decision: Decision, protection: Protection | None) -> Reason:
    """Why a view's totals by period are hidden, when :func:`without_lines` says they are."""
    if not decision.total_shown or kind == "date" or protection is None:
        return decision.total_reason or "total"
    if kind == "all":
        return Hidden("month_total", cells_of(protection.total_reasons.get("date")))
    return protection.total_reasons.get("both", "total")


def by_year(kind: Kind) -> bool:
    """Whether a view of ``kind`` has its trend by reporting year (a place is chosen) rather
    than by quarter."""
    return kind in ("place", "both")


def trend(
    definition: Definition,
    key: str | None,
    loaded: Any,
    view: View,
    decisions: Mapping[str, Decision],
    k: int,
    label: Callable[[str], str],
    order: Sequence[str],
    *,
    kind: Kind = "all",
    protections: Mapping[str, Protection] | None = None,
) -> TrendPanel | None:
    """Favourable share of the question ``key`` (the headline's trend question, or another
    chosen) by quarter (by reporting year in a view by place), in the view, whose counts by
    month (or, in a filtered view, by cell) ``loaded.trend`` holds.

    ``protections`` holds Rule 2 of each question (in the unfiltered view, of the trend
    question for views by date only). Whichever question it is, the same rules hide its lines.
    """
    if key is None:
        return None
    question = definition.question(key)
    if not question or not question.get("favourable") or key not in decisions:
        return None
    favourable = set(question["favourable"])
    decision = decisions[key]
    protection = (protections or {}).get(key)
    period_of = year_of if by_year(kind) else quarter_of
    answered: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    positives: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for cell, values in loaded.trend.cells.items():
        if not view.contains(cell):
            continue
        period = period_of(cell[0])
        for (group, value), n in values.items():
            answered[period][group] += n
            if value in favourable:
                positives[period][group] += n
    periods = sorted(answered)
    if not periods:
        return None

    no_line, totals_shown = without_lines(kind, decision, protection)
    sizes = {q: sum(answered[q].values()) for q in periods}
    by_period = decide_table(sizes, k, total_shown=totals_shown)
    why_no_totals = totals_reason(kind, decision, protection)
    totals_hidden: dict[str, Reason] = {
        q: (by_period.reason(q) or "below_k") if totals_shown else why_no_totals
        for q in periods
        if not (totals_shown and by_period.shown(q))
    }
    # A group has a line only if, in every quarter (or year), it has none or at least k answers
    # (they are cells, Rule 2): a line with gaps would let its total minus the points shown
    # give them back.
    line_reason = "year" if by_year(kind) else "month"
    no_line, _ = hidden_across_cells(answered, k, no_line, reason=line_reason)
    overall = []
    for period in periods:
        n, count = sizes[period], sum(positives[period].values())
        named = period_label(period)
        if period not in totals_hidden:
            point = TrendPoint(period, named, n, count / n, wilson_interval(count, n))
        else:
            point = TrendPoint(period, named, None, hidden=totals_hidden[period])
        overall.append(point)

    series, without_line = [], []
    present = {g for sizes in answered.values() for g in sizes}
    for group in order:
        # A group hidden in the view is named without a line even where nobody of it answered:
        # leaving it out would say that nobody did.
        if group not in present and decision.reason(group) is None:
            continue
        if group in no_line:
            without_line.append((label(group), no_line[group]))
            continue
        points = []
        for period in periods:
            n, count = answered[period].get(group, 0), positives[period].get(group, 0)
            points.append(
                TrendPoint(
                    period,
                    period_label(period),
                    n,
                    count / n if n else None,
                    wilson_interval(count, n),
                )
            )
        series.append(TrendSeries(group, label(group), points))
    return TrendPanel(
        key,
        localised(question.get("text"), "en"),
        "answering "
        + " or ".join(
            definition.option_label(question, code, "en") for code in question["favourable"]
        ),
        [(q, period_label(q)) for q in periods],
        TrendSeries(ALL, ALL_LABEL, overall),
        series,
        without_line,
    )
