"""How the results page shows a grouping with many groups, such as the 19 detailed ethnic
groups: the questions' chart draws the groups a reader can tell apart and the page names them,
and each question's table sits in a section of its own that can be opened and closed.

Presentation only: every figure is still in the tables, hidden ([c]) exactly as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from analysis.groups import ALL_OTHERS
from app.services import results_charts
from app.services.results_model import (
    DistributionPanel,
    GroupFigure,
    QuestionPanel,
    SurveyResults,
)
from app.services.results_sentences import percent, top_reasons

#: More groups than this and one chart of every group's marker on every question cannot be
#: read (the colours and markers run out), nor can a page of a long table for each question.
#: Grouped by ethnic group (6), sex, age band or area it is not reached.
MANY = 8

#: The most groups the questions' chart draws when there are many: the reference group, those
#: that differ significantly from it on at least one question, then the largest.
CHARTED_MOST = 6


def crowded(results: SurveyResults) -> bool:
    """Whether the view has too many groups to chart each one on every question."""
    return len(results.groups) > MANY


@dataclass(frozen=True)
class ChartedGroups:
    """Who the questions' chart shows when there are many groups, for the sentence above it."""

    reference: GroupFigure | None  # the reference group, when it has figures
    differing: list[GroupFigure]  # those that differ from it significantly on a question
    largest: list[GroupFigure]  # the groups with the most respondents, in the room left
    left_out_differing: list[GroupFigure]  # groups that differ too, left out for want of room
    not_charted: int  # groups with figures that the chart leaves out, those above included

    @property
    def drawn(self) -> set[str]:
        reference = [self.reference] if self.reference else []
        return {g.group for g in [*reference, *self.differing, *self.largest]}


def _differing(results: SurveyResults) -> list[GroupFigure]:
    """The groups with figures that differ significantly from the reference group on at
    least one question, in the order of the grouping."""
    differ = {
        row.group
        for panel in results.questions
        for row in panel.rows
        if row.significant and row.hidden is None
    }
    return [g for g in results.groups if g.group in differ and not g.hidden]


def charted_groups(results: SurveyResults) -> ChartedGroups:
    """Which groups the questions' chart draws in a crowded view, at most CHARTED_MOST: the
    reference group, those that differ significantly from it, and in any room left the
    groups with the most respondents. Each list keeps the order of the grouping."""
    with_figures = [g for g in results.groups if not g.hidden]
    reference = next((g for g in with_figures if g.group == results.reference), None)
    room = CHARTED_MOST - (1 if reference else 0)
    differing = _differing(results)  # compared with a group, or with all other groups
    charted = differing[:room]
    others = [g for g in with_figures if g is not reference and g not in differing]
    largest = sorted(others, key=lambda g: -(g.n or 0))[: room - len(charted)]
    largest = [g for g in others if g in largest]
    return ChartedGroups(
        reference=reference,
        differing=charted,
        largest=largest,
        left_out_differing=differing[room:],
        not_charted=len(with_figures) - (1 if reference else 0) - len(charted) - len(largest),
    )


def _count(groups: list[GroupFigure], noun: str = "group") -> str:
    """ "the group", "the 3 groups"."""
    return f"the {noun}" if len(groups) == 1 else f"the {len(groups)} {noun}s"


def _names(groups: list[GroupFigure]) -> str:
    return "; ".join(g.label for g in groups)


def charted_note(results: SurveyResults) -> list[Markup]:
    """The paragraphs before the questions' chart in a crowded view: whom it shows, whom it
    leaves out, and that every group's figures are in the tables."""
    shown = charted_groups(results)
    if not shown.not_charted:  # few groups have figures: the chart has room for them all
        return [_all_charted(shown)]
    parts = []
    if shown.reference:
        parts.append(
            Markup("<strong>{}</strong> (the reference group)").format(shown.reference.label)
        )
    if shown.differing:
        verb = "differs" if len(shown.differing) == 1 else "differ"
        whom = "it" if shown.reference else results.reference_noun
        parts.append(
            escape(
                f"{_count(shown.differing)} that {verb} significantly from {whom} on at least "
                f"one question ({_names(shown.differing)})"
            )
        )
    if shown.largest:
        noun = "other group" if parts else "group"
        parts.append(
            escape(
                f"{_count(shown.largest, noun)} with the most respondents ({_names(shown.largest)})"
            )
        )
    listed = Markup("all respondents")
    for place, part in enumerate(parts):
        listed += (Markup(" and ") if place == len(parts) - 1 else Markup(", ")) + part
    first = Markup("The chart shows {}.").format(listed)
    if shown.reference and not shown.differing and not shown.left_out_differing:
        first += escape(
            f" No group differs significantly from {shown.reference.label} on any question."
        )
    paragraphs = [first]
    if shown.left_out_differing:
        more = len(shown.left_out_differing)
        who = "1 more group differs" if more == 1 else f"{more} more groups differ"
        paragraphs.append(
            escape(
                f"{who} significantly but there is no room for {'it' if more == 1 else 'them'} "
                f"in the chart: {_names(shown.left_out_differing)}."
            )
        )
    others = "group" if shown.not_charted == 1 else f"{shown.not_charted} groups"
    paragraphs.append(
        escape(
            f"The chart has room for only {CHARTED_MOST} groups to be told apart. The other "
            f"{others} with figures {'is' if shown.not_charted == 1 else 'are'} in the tables "
            "below, one for each question, as every group is. To chart a group, choose it "
            "under “Compare with”."
        )
    )
    return paragraphs


def _all_charted(shown: ChartedGroups) -> Markup:
    """ "The chart shows all respondents and each group with figures: White (the reference
    group); Black." (or that no group has any)."""
    groups = [*([shown.reference] if shown.reference else []), *shown.differing, *shown.largest]
    if not groups:
        return Markup("The chart shows all respondents only: no group has figures to show.")
    names = Markup("; ").join(
        Markup("<strong>{}</strong> (the reference group)").format(g.label)
        if g is shown.reference
        else escape(g.label)
        for g in groups
    )
    each = "the only group" if len(groups) == 1 else f"each of the {len(groups)} groups"
    return Markup("The chart shows all respondents and {} with figures: {}.").format(each, names)


def page_charts(results: SurveyResults) -> dict[str, Markup | None]:
    """The results page's charts: every group charted, or in a crowded view the questions'
    chart of the groups :func:`charted_groups` names. (The other charts give each group a
    row of its own, or a column, and read at any number of groups.)"""
    if not crowded(results):
        return results_charts.all_charts(results)
    return results_charts.all_charts(results, questions_groups=charted_groups(results).drawn)


def question_summary(panel: QuestionPanel, results: SurveyResults) -> str:
    """A question's figures in a line, for its section's heading when its table is closed:
    "Favourable overall: 73%. 2 groups differ significantly from the reference group: Asian
    (lower), Black (higher)." (The reference group is named once, above the sections.) Every
    figure it names is in the table."""
    total = panel.total
    if total.hidden or total.n is None or total.share is None:
        overall = "Favourable overall: hidden ([c])."
    else:
        overall = f"Favourable overall: {percent(total.share)}."
    if not results.reference:
        return overall
    differing = [
        f"{row.label} ({row.direction})"
        for row in panel.rows
        if row.significant and row.hidden is None
    ]
    whom = "all other groups" if results.reference == ALL_OTHERS else "the reference group"
    if not differing:
        return f"{overall} No group differs significantly from {whom}."
    many = "1 group differs" if len(differing) == 1 else f"{len(differing)} groups differ"
    return f"{overall} {many} significantly from {whom}: {'; '.join(differing)}."


def distribution_summary(panel: DistributionPanel) -> str:
    """A question with no favourable answer in a line, for its section's heading: the answers
    most often chosen by all respondents, "Most chosen by all respondents: Workload and demand
    (16%), Pay and reward (10%), Pension (4%)."; or why there are none to give."""
    total = panel.total
    if total.hidden or total.n is None:
        return "The figures for all respondents are hidden ([c])."
    if not total.n:
        return "Nobody in this view answered."
    chosen = top_reasons(panel)
    if not chosen:
        return "Every answer's share for all respondents is hidden ([c])."
    return f"Most chosen by all respondents: {chosen}."
