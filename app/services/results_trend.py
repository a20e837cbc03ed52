"""The trend by month of a survey's headline question, overall and by group, and the
respondents table's rows. Months are cells too: a group gets a line only if, in every month,
it has none or at least k answers (Rule 2 of :mod:`app.services.results_disclosure`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from analysis.stats import wilson_interval
from app.services.definitions import Definition, localised
from app.services.results_disclosure import Decision, decide_table, hidden_across_cells
from app.services.results_labels import Headline, month_label
from app.services.results_model import (
    ALL,
    GroupFigure,
    TrendPanel,
    TrendPoint,
    TrendSeries,
    View,
)
from app.services.results_panels import ALL_LABEL


def group_figure(
    group: str, label: str, n: int, total: int | None, decision: Decision
) -> GroupFigure:
    """A row of the respondents table."""
    if not decision.shown(group):
        return GroupFigure(group, label, None, hidden=decision.reason(group))
    return GroupFigure(group, label, n, n / total if total else None)


def trend(
    definition: Definition,
    headline: Headline | None,
    loaded: Any,
    view: View,
    decisions: Mapping[str, Decision],
    k: int,
    label: Callable[[str], str],
    order: Sequence[str],
) -> TrendPanel | None:
    """Favourable share of the headline's trend question by month, in the view."""
    if headline is None:
        return None
    key = headline.trend
    question = definition.question(key)
    if not question or not question.get("favourable") or key not in decisions:
        return None
    favourable = set(question["favourable"])
    decision = decisions[key]
    answered: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    positives: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for cell, values in loaded.trend.cells.items():
        if not view.contains(cell):
            continue
        for (group, value), n in values.items():
            answered[cell[0]][group] += n
            if value in favourable:
                positives[cell[0]][group] += n
    months = sorted(answered)
    if not months:
        return None

    month_sizes = {m: sum(answered[m].values()) for m in months}
    by_month = decide_table(month_sizes, k, total_shown=decision.total_shown)
    overall = []
    for month in months:
        n, count = month_sizes[month], sum(positives[month].values())
        if decision.total_shown and by_month.shown(month):
            point = TrendPoint(month, month_label(month), n, count / n, wilson_interval(count, n))
        else:
            reason = by_month.reason(month) if decision.total_shown else "total"
            point = TrendPoint(month, month_label(month), None, hidden=reason)
        overall.append(point)

    hidden, _ = hidden_across_cells(answered, k, dict(decision.hidden), reason="month")
    series, without_line = [], []
    present = {g for sizes in answered.values() for g in sizes}
    for group in order:
        if group not in present:
            continue
        if group in hidden:
            without_line.append((label(group), hidden[group]))
            continue
        points = []
        for month in months:
            n, count = answered[month].get(group, 0), positives[month].get(group, 0)
            points.append(
                TrendPoint(
                    month,
                    month_label(month),
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
        [(m, month_label(m)) for m in months],
        TrendSeries(ALL, ALL_LABEL, overall),
        series,
        without_line,
    )
