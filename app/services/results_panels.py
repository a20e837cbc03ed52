"""The panels of a survey's results, from counts already added up for the view.

Counts come in as dicts keyed by group code; disclosure decisions as
:class:`~app.services.results_disclosure.Decision`; statistics come from :mod:`analysis.groups`.
Nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from analysis.groups import (
    ALL_OTHERS,
    compare_shares,
    means,
    shares,
    theme_prevalence,
)
from analysis.stats import adjust_p_values, wilson_interval
from app.services.results_answer_cells import hide_answers
from app.services.results_disclosure import Decision, listed_hidden
from app.services.results_model import (
    ALL,
    DistributionPanel,
    DistributionRow,
    SentimentFigure,
    ShareFigure,
    ThemeCell,
    ThemeRow,
    ThemesPanel,
)

ALL_LABEL = "All respondents"
ALPHA = 0.05
Labeller = Callable[[str], str]


@dataclass(frozen=True)
class Tested:
    """A comparison waiting for its p-value to be adjusted with the rest of its panel."""

    key: tuple[str, str]
    ratio: float | None
    ci: Any
    p_value: float | None
    reference_share: float | None = None


def adjust(tests: Sequence[Tested]) -> dict[tuple[str, str], tuple[Tested, float | None]]:
    """Holm-adjust every p-value of a panel together: the family is the whole panel."""
    raw = [t.p_value for t in tests if t.p_value is not None]
    adjusted = iter(adjust_p_values(raw, "holm"))
    return {t.key: (t, next(adjusted) if t.p_value is not None else None) for t in tests}


def compare(
    item: str,
    rows: Sequence[tuple[str, int, int]],
    reference: str | None,
) -> list[Tested]:
    """Each shown group's share against the reference (rows hold shown groups only)."""
    if reference is None or not rows:
        return []
    if reference != ALL_OTHERS and reference not in {row[0] for row in rows}:
        return []
    return [
        Tested((item, c.group), c.ratio, c.ci, c.p_value, c.reference_share)
        for c in compare_shares(rows, reference, correction="none")
    ]


def share_rows(
    answered: Mapping[str, int],
    positives: Mapping[str, int],
    decision: Decision,
    order: Sequence[str],
    label: Labeller,
    reference: str | None,
) -> tuple[list[ShareFigure], ShareFigure]:
    """One question: each group's favourable share with its Wilson interval, and the total."""
    present = [g for g in order if answered.get(g, 0) > 0 or listed_hidden(g, decision)]
    shown = [(g, answered[g], positives.get(g, 0)) for g in present if decision.shown(g)]
    computed = {s.group: s for s in shares(shown)}
    rows = []
    for group in present:
        if group in computed:
            s = computed[group]
            rows.append(
                ShareFigure(
                    group,
                    label(group),
                    s.n,
                    s.count,
                    s.share,
                    s.ci,
                    is_reference=group == reference,
                )
            )
        else:
            rows.append(ShareFigure(group, label(group), None, hidden=decision.reason(group)))
    n, count = sum(answered.values()), sum(positives.get(g, 0) for g in answered)
    if decision.total_shown and n:
        total = ShareFigure(ALL, ALL_LABEL, n, count, count / n, wilson_interval(count, n))
    else:
        total = ShareFigure(
            ALL, ALL_LABEL, None, hidden=(decision.total_reason or "total") if n else None
        )
    return rows, total


def with_tests(
    rows: list[ShareFigure], item: str, adjusted: Mapping[tuple[str, str], tuple[Tested, Any]]
) -> list[ShareFigure]:
    """The rows with their ratio to the reference and the adjusted test filled in."""
    out = []
    for row in rows:
        found = adjusted.get((item, row.group))
        if found is None:
            out.append(row)
            continue
        test, p_adjusted = found
        significant = p_adjusted is not None and p_adjusted < ALPHA
        out.append(
            replace(
                row,
                ratio=test.ratio,
                ratio_ci=test.ci,
                p_adjusted=p_adjusted,
                significant=significant,
                reference_share=test.reference_share,
            )
        )
    return out


def distribution(
    key: str,
    text: str,
    options: list[tuple[str, str]],
    answered: Mapping[str, int],
    chosen: Mapping[tuple[str, str], int],
    decision: Decision,
    order: Sequence[str],
    label: Labeller,
    *,
    multiple: bool,
) -> DistributionPanel:
    """% of each group choosing each option (several may be chosen when ``multiple``), with
    the answers chosen by too few hidden (Rule 3, :mod:`app.services.results_answer_cells`)."""

    def counts(groups: Sequence[str]) -> dict[str, int]:
        return {code: sum(chosen.get((g, code), 0) for g in groups) for code, _ in options}

    def row(group: str, name: str, n: int, groups: Sequence[str], hidden: Mapping[str, str]):
        shares = {c: None if c in hidden else v / n for c, v in counts(groups).items()}
        return DistributionRow(group, name, n, shares, hidden_answers=dict(hidden))

    present = [g for g in order if answered.get(g, 0) > 0 or listed_hidden(g, decision)]
    shown = [g for g in present if decision.shown(g)]
    n = sum(answered.values())
    total_shown = decision.total_shown and n > 0
    by_group, in_total = hide_answers(
        {g: counts([g]) for g in shown},
        [counts([g]) for g in answered if answered[g] > 0 and g not in shown],
        counts(list(answered)) if total_shown else None,
        decision.k,
        multiple=multiple,
    )
    rows = [
        row(group, label(group), answered[group], [group], by_group[group])
        if decision.shown(group)
        else DistributionRow(group, label(group), None, hidden=decision.reason(group))
        for group in present
    ]
    if total_shown:
        total = row(ALL, ALL_LABEL, n, list(answered), in_total)
    else:
        total = DistributionRow(
            ALL, ALL_LABEL, None, hidden=(decision.total_reason or "total") if n else None
        )
    return DistributionPanel(key, text, options, rows, total, multiple)


def sentiment(
    sums: Mapping[str, tuple[int, int, float, float, int]],
    decision: Decision,
    order: Sequence[str],
    label: Labeller,
) -> tuple[list[SentimentFigure], SentimentFigure]:
    """Mean sentiment and % negative by group. ``sums`` maps a group to (writers, scored
    answers, sum, sum of squares, negative answers)."""

    def figure(group: str, name: str, values: tuple[int, int, float, float, int]):
        writers, scored, total, squares, negative = values
        if not scored:
            return SentimentFigure(group, name, writers, 0)
        (mean,) = means([(group, scored, total, squares)], bounds=(-1.0, 1.0))
        return SentimentFigure(
            group,
            name,
            writers,
            scored,
            mean.mean,
            mean.ci,
            negative / scored,
            wilson_interval(negative, scored),
        )

    rows = []
    for group in order:
        values = sums.get(group)
        if (not values or values[0] <= 0) and not listed_hidden(group, decision):
            continue
        if decision.shown(group):
            rows.append(figure(group, label(group), values))
        else:
            rows.append(SentimentFigure(group, label(group), None, hidden=decision.reason(group)))
    everyone = tuple(sum(v[i] for v in sums.values()) for i in range(5))
    if decision.total_shown and everyone[0]:
        total = figure(ALL, ALL_LABEL, everyone)  # type: ignore[arg-type]
    else:
        total = SentimentFigure(
            ALL, ALL_LABEL, None, hidden=(decision.total_reason or "total") if everyone[0] else None
        )
    return rows, total


def themes(
    themed: Mapping[str, int],
    counts: Mapping[tuple[str, str], int],
    names: Sequence[str],
    decision: Decision,
    order: Sequence[str],
    label: Labeller,
    reference: str | None,
) -> ThemesPanel:
    """Share of each group's free-text answers raising each theme, with the differences from
    the reference that stay significant after a Holm correction over the whole heat map."""
    shown = [g for g in order if themed.get(g, 0) > 0 and decision.shown(g)]
    prevalence = theme_prevalence(
        [(g, themed[g]) for g in shown],
        [(g, t, counts.get((g, t), 0)) for g in shown for t in names],
    )
    cells = {(p.group, p.theme): p for p in prevalence}
    tests = [
        test
        for theme in names
        for test in compare(
            theme, [(g, themed[g], counts.get((g, theme), 0)) for g in shown], reference
        )
    ]
    adjusted = adjust(tests)
    rows = []
    for group in order:
        if themed.get(group, 0) <= 0 and not listed_hidden(group, decision):
            continue
        if group not in shown:
            rows.append(ThemeRow(group, label(group), None, hidden=decision.reason(group)))
            continue
        row_cells = {}
        for theme in names:
            p = cells[(group, theme)]
            test, p_adjusted = adjusted.get((theme, group), (None, None))
            row_cells[theme] = ThemeCell(
                p.count,
                p.share,
                p.ci,
                significant=p_adjusted is not None and p_adjusted < ALPHA,
                ratio=test.ratio if test else None,
                ratio_ci=test.ci if test else None,
                p_adjusted=p_adjusted,
            )
        rows.append(
            ThemeRow(group, label(group), themed[group], row_cells, is_reference=group == reference)
        )
    n = sum(themed.values())
    if decision.total_shown and n:
        total_cells = {}
        for theme in names:
            count = sum(v for (g, t), v in counts.items() if t == theme)
            total_cells[theme] = ThemeCell(count, count / n, wilson_interval(count, n))
        total = ThemeRow(ALL, ALL_LABEL, n, total_cells)
    else:
        total = ThemeRow(
            ALL, ALL_LABEL, None, hidden=(decision.total_reason or "total") if n else None
        )
    return ThemesPanel(list(names), rows, total)
