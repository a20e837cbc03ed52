"""The trend by month of a survey's headline question, overall and by group, and the
respondents table's rows.

In the unfiltered view each group's line shows every month except those hidden: the months
where a group hidden in views by date has fewer than k answers, and then more months until
the hidden months of every line hold none or at least k answers together (its total is shown
elsewhere), and, in each hidden month, every group hidden in views by date, so that a month's
total minus the figures shown gives nothing that views by date hide. A line with hidden months
has gaps. In a filtered view the lines are as strict as the view's kind: by date, the groups
the view shows; by place, where each month of the line is a month in that place, only groups
with none or at least k answers in every (month, area, event) cell
(:mod:`app.services.results_disclosure`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from analysis.stats import wilson_interval
from app.services.definitions import Definition, localised
from app.services.results_disclosure import (
    Decision,
    Kind,
    Protection,
    Reason,
    decide_table,
    protect,
)
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


def hidden_months(
    answered: Mapping[str, Mapping[str, int]],
    k: int,
    everywhere: Mapping[str, Reason],
    by_date: Mapping[str, Reason],
    totals_hidden: Mapping[str, Reason] | None = None,
) -> tuple[dict[tuple[str, str], Reason], dict[str, Reason]]:
    """The (group, month) points hidden on the unfiltered view's lines, and the months whose
    total is hidden.

    ``answered`` maps each month to answers by group; ``everywhere`` holds the groups hidden in
    the unfiltered view (they get no line); ``by_date`` the groups hidden in views by date
    (:func:`app.services.results_disclosure.protect`); ``totals_hidden`` the months whose total
    Rule 1 hides. Points are hidden a whole month at a time: in each such month, every group
    hidden in views by date, so what a month's total minus the points shown gives is the same
    as in views by date. The hidden points form a grid (months by groups) whose rows and
    columns can be worked out, and nothing finer: a month's hidden points from its total, the
    months whose total is hidden only together (from the survey's total), a line's hidden
    points from its total. So months are hidden until every one of those sums holds none or at
    least k answers.
    """
    months = sorted(answered)
    partly = [g for g in by_date if g not in everywhere]
    totals: dict[str, Reason] = dict(totals_hidden or {})
    bad: set[str] = set()

    def n(month: str, groups: Iterable[str]) -> int:
        return sum(answered[month].get(g, 0) for g in groups)

    def inside(month: str) -> int:
        """Answers hidden in a month: every group hidden by date, or only those with no line."""
        return n(month, by_date if month in bad else everywhere)

    def small(count: int) -> bool:
        return 0 < count < k

    bad = {m for m in months if any(small(answered[m].get(g, 0)) for g in by_date)}
    changed = True
    while changed:
        changed = False
        for month in months:
            if month not in totals and small(inside(month)):
                if month not in bad:
                    bad.add(month)
                else:
                    totals[month] = "secondary"
                changed = True
        if small(sum(inside(m) for m in totals)):
            # Hide the points of a month whose total is hidden already, or else hide the total
            # (and points) of one more month.
            rest = [m for m in totals if m not in bad and n(m, by_date)]
            if not rest:
                rest = [m for m in months if m not in totals and n(m, by_date)]
            if not rest:  # nothing left to add: hide every month's points and total
                bad, totals = set(months), {m: totals.get(m, "secondary") for m in months}
                break
            month = min(rest, key=lambda m: (n(m, by_date), m))
            totals.setdefault(month, "secondary")
            bad.add(month)
            changed = True
        for groups, among in [([g], bad) for g in partly] + [(list(everywhere), bad | set(totals))]:
            if small(sum(n(m, groups) for m in among)):
                rest = [m for m in months if m not in among and n(m, groups)]
                if rest:
                    bad.add(min(rest, key=lambda m: (n(m, groups), m)))
                    changed = True
    hidden: dict[tuple[str, str], Reason] = {}
    for month in sorted(bad):
        for group in partly:
            few = small(answered[month].get(group, 0))
            hidden[(group, month)] = "month_below_k" if few else "month_secondary"
    return hidden, totals


def without_lines(
    kind: Kind, decision: Decision, protection: Protection | None
) -> tuple[dict[str, Reason], bool]:
    """The groups with no line in a view of ``kind``, and whether its monthly totals may be
    shown. In a view by place a month of the line is a (month, place) cell, so the strict rule
    of views by date and place applies."""
    hidden = {g: r for g, r in decision.hidden.items()}
    totals = decision.total_shown
    if kind in ("place", "both") and protection is not None:
        hidden.update({g: r for g, r in protection.hidden["both"].items() if g not in hidden})
        totals = totals and protection.totals["both"]
    return hidden, totals


def trend(
    definition: Definition,
    headline: Headline | None,
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
    """Favourable share of the headline's trend question by month, in the view.

    ``protections`` holds Rule 2 of each question (in the unfiltered view, of the trend
    question for views by date only).
    """
    if headline is None:
        return None
    key = headline.trend
    question = definition.question(key)
    if not question or not question.get("favourable") or key not in decisions:
        return None
    favourable = set(question["favourable"])
    decision = decisions[key]
    protection = (protections or {}).get(key)
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

    no_line, totals_shown = without_lines(kind, decision, protection)
    month_sizes = {m: sum(answered[m].values()) for m in months}
    by_month = decide_table(month_sizes, k, total_shown=totals_shown)
    totals_hidden: dict[str, Reason] = {
        m: (by_month.reason(m) or "below_k") if totals_shown else "total"
        for m in months
        if not (totals_shown and by_month.shown(m))
    }
    points_hidden: dict[tuple[str, str], Reason] = {}
    if kind == "all":
        if protection is None:
            months_only = {(m, None, None): dict(sizes) for m, sizes in answered.items()}
            protection = protect(months_only, k, no_line, kinds=("date",))
        points_hidden, totals_hidden = hidden_months(
            answered, k, no_line, protection.hidden["date"], totals_hidden
        )
    overall = []
    for month in months:
        n, count = month_sizes[month], sum(positives[month].values())
        if month not in totals_hidden:
            point = TrendPoint(month, month_label(month), n, count / n, wilson_interval(count, n))
        else:
            point = TrendPoint(month, month_label(month), None, hidden=totals_hidden[month])
        overall.append(point)

    series, without_line = [], []
    present = {g for sizes in answered.values() for g in sizes}
    for group in order:
        if group not in present:
            continue
        if group in no_line:
            without_line.append((label(group), no_line[group]))
            continue
        points = []
        for month in months:
            n, count = answered[month].get(group, 0), positives[month].get(group, 0)
            reason = points_hidden.get((group, month))
            if reason is not None:
                points.append(TrendPoint(month, month_label(month), None, hidden=reason))
                continue
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
