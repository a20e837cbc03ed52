"""What the results service returns: plain dataclasses that pages, exports and the API read.

A hidden figure has ``hidden`` set to the reason (see
:data:`app.services.results_reasons.EXPLANATIONS`) and its numbers set to None, so nothing
downstream can show what it should not.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from analysis.stats import Interval
from app.services.periods import every_period, period_label
from app.services.results_distributions import (  # noqa: F401 - found here, as always
    DistributionPanel,
    DistributionRow,
)
from app.services.results_labels import Headline, in_sentence, respondents_noun

ALL = "all"


@dataclass
class Timings:
    """Milliseconds spent in SQL and in statistics (the page adds rendering)."""

    sql: float = 0.0
    stats: float = 0.0
    render: float = 0.0

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            setattr(self, name, getattr(self, name) + (time.perf_counter() - started) * 1000)

    def header(self) -> str:
        """A Server-Timing header value."""
        return ", ".join(
            f"{name};dur={getattr(self, name):.1f}" for name in ("sql", "stats", "render")
        )


@dataclass(frozen=True)
class Filters:
    """What an analyst asked for: a grouping, a reference group and filters on cells.

    ``start`` and ``end`` are months ("2026-01", "2026-03"), inclusive, the first and last of
    whole quarters, or with an area or event chosen of whole reporting years, April to March
    (:mod:`app.services.periods`); ``area`` an area code; ``event``
    an event id; ``reference`` a group code, "all_others", or None for the default;
    ``trend`` the key of the question whose trend to show, or None for the headline's
    (:mod:`app.services.results_trend_choice`).
    """

    dimension: str = "ethnic_group"
    start: str | None = None
    end: str | None = None
    area: str | None = None
    event: int | None = None
    reference: str | None = None
    trend: str | None = None

    @property
    def filtered(self) -> bool:
        return any(value is not None for value in (self.start, self.end, self.area, self.event))


@dataclass(frozen=True)
class View:
    """The cells a view selects: months from ``start`` to ``end``, one area, one event."""

    start: str | None = None
    end: str | None = None
    area_id: int | None = None
    event_id: int | None = None

    def contains(self, cell: tuple[str, int | None, int | None]) -> bool:
        month, area_id, event_id = cell
        return (
            (self.start is None or month >= self.start)
            and (self.end is None or month <= self.end)
            and (self.area_id is None or area_id == self.area_id)
            and (self.event_id is None or event_id == self.event_id)
        )


@dataclass(frozen=True)
class GroupFigure:
    """A group's respondents."""

    group: str
    label: str
    n: int | None
    share: float | None = None  # of all respondents in the view
    hidden: str | None = None


@dataclass(frozen=True)
class ShareFigure:
    """A group's favourable share of one question, and how it compares with the reference."""

    group: str
    label: str
    n: int | None
    count: int | None = None
    share: float | None = None
    ci: Interval | None = None
    hidden: str | None = None
    is_reference: bool = False
    ratio: float | None = None
    ratio_ci: Interval | None = None
    p_adjusted: float | None = None
    significant: bool = False
    reference_share: float | None = None

    @property
    def direction(self) -> str | None:
        if not self.significant or self.ratio is None:
            return None
        return "higher" if self.ratio > 1 else "lower"

    @property
    def interval_direction(self) -> str | None:
        """ "higher" or "lower" when the ratio's 95% interval, which is for this comparison
        on its own, leaves out 1 as shown (to two decimal places: "0.75 to 1.00" includes
        1); None when it includes 1 or there is none."""
        if self.ratio_ci is None or self.ratio_ci.low is None or self.ratio_ci.high is None:
            return None
        if round(self.ratio_ci.low, 2) > 1:
            return "higher"
        if round(self.ratio_ci.high, 2) < 1:
            return "lower"
        return None


@dataclass(frozen=True)
class QuestionPanel:
    key: str
    text: str
    phrase: str
    favourable: tuple[str, ...]
    rows: list[ShareFigure]
    total: ShareFigure
    findings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class GroupingQuestion:
    """A question whose answers are the groups of one of the survey's groupings ("What is
    your role?" and grouping by role). It has no table of its own: how many chose each answer
    are the sizes of those groups, shown only grouped by it, where the grouping's rules hide
    the small ones; a table of its own would show them."""

    key: str
    text: str
    dimension: str
    dimension_label: str

    def note(self, k: int) -> str:
        """Where its answers are, in words (on the page and in the exports)."""
        return (
            "How many gave each answer is shown only in the results grouped by "
            f"{self.dimension_label.lower()}, as the number in each group, so that groups "
            f"of fewer than {k} stay hidden."
        )


@dataclass(frozen=True)
class SentimentFigure:
    group: str
    label: str
    n: int | None  # respondents who wrote anything
    answers: int | None = None  # free-text answers scored
    mean: float | None = None
    ci: Interval | None = None
    negative: float | None = None
    negative_ci: Interval | None = None
    hidden: str | None = None


@dataclass(frozen=True)
class ThemeCell:
    count: int
    share: float | None
    ci: Interval | None
    significant: bool = False
    ratio: float | None = None
    #: The ratio's 95% interval, for this comparison on its own.
    ratio_ci: Interval | None = None
    #: Holm-adjusted over every comparison of the heat map.
    p_adjusted: float | None = None

    @property
    def direction(self) -> str | None:
        if not self.significant or self.ratio is None:
            return None
        return "higher" if self.ratio > 1 else "lower"


@dataclass(frozen=True)
class ThemeRow:
    group: str
    label: str
    n: int | None  # free-text answers with themes
    cells: dict[str, ThemeCell] = field(default_factory=dict)
    hidden: str | None = None
    is_reference: bool = False


@dataclass(frozen=True)
class ThemesPanel:
    themes: list[str]
    rows: list[ThemeRow]
    total: ThemeRow


@dataclass(frozen=True)
class TrendPoint:
    period: str  # a quarter, "2026-Q1", or a reporting year, "2025/26"
    label: str
    n: int | None
    share: float | None = None
    ci: Interval | None = None
    hidden: str | None = None


@dataclass(frozen=True)
class TrendSeries:
    group: str
    label: str
    points: list[TrendPoint]


@dataclass(frozen=True)
class TrendPanel:
    question: str
    text: str
    measure: str
    periods: list[tuple[str, str]]  # (period, label) of the quarters or years with answers
    overall: TrendSeries
    series: list[TrendSeries]
    hidden: list[tuple[str, str]]  # (label, reason) of groups without a line


@dataclass(frozen=True)
class WiderView:
    """A wider view of the same survey, by the same grouping, that shows groups to compare
    when the view asked for hides every group: what to change ("Drop the dates"), the view's
    filters, and those filters in words ("North District, all dates")."""

    action: str
    filters: Filters
    text: str


@dataclass(frozen=True)
class Choice:
    value: str
    text: str


@dataclass
class SurveyResults:
    """Everything the results page, its exports and the API show for one view of a survey."""

    survey_id: int
    slug: str
    title: str
    filters: Filters
    view: View
    k: int
    k_text: int
    dimension: str
    dimension_label: str
    headline: Headline | None
    reference: str | None
    reference_label: str | None
    total: int | None
    total_hidden: str | None
    groups: list[GroupFigure]
    questions: list[QuestionPanel]
    distributions: list[DistributionPanel]
    sentiment: list[SentimentFigure]
    sentiment_total: SentimentFigure
    themes: ThemesPanel
    trend: TrendPanel | None
    timings: Timings
    filter_text: str = ""
    notes: list[str] = field(default_factory=list)
    # When the figures were counted, and a sentence saying so when they are not from the
    # survey's current data (stored counts served within RESULTS_MAX_AGE_SECONDS).
    counted_at: dt.datetime | None = None
    counted_note: str | None = None
    #: Months of fewer than k responses, whose responses no figure counts ("YYYY-MM").
    left_out: tuple[str, ...] = ()
    #: A sentence naming them and saying why, when there are any.
    left_out_note: str | None = None
    #: Questions shown only as a grouping, not as a table of answers.
    grouping_questions: list[GroupingQuestion] = field(default_factory=list)
    #: When every group is hidden: the wider views that each show at least two groups.
    wider: list[WiderView] = field(default_factory=list)

    @property
    def every_group_hidden(self) -> bool:
        """Whether the view lists groups and hides every one of them, so that nothing in it
        can be compared."""
        return bool(self.groups) and all(g.hidden for g in self.groups)

    @property
    def findings(self) -> list[str]:
        """Every significant difference from the reference group, as sentences, largest
        first (the ratio furthest from 1, either way); ties keep the order of the page."""
        found = [
            (_size(row.ratio), place, finding)
            for place, (row, finding) in enumerate(
                (row, finding)
                for panel in self.questions
                for row, finding in zip(
                    [r for r in panel.rows if r.significant and r.hidden is None],
                    panel.findings,
                    strict=True,
                )
            )
        ]
        return [finding for _, _, finding in sorted(found, key=lambda item: (-item[0], item[1]))]

    @property
    def reference_noun(self) -> str:
        """Who each group is compared with, as a sentence names them: "White respondents",
        "respondents aged 18 to 24", "all other groups"."""
        if self.reference is None or self.reference_label is None:
            return "the reference group"
        if self.reference == "all_others":
            return "all other groups"
        return in_sentence(
            self.dimension, respondents_noun(self.dimension, self.reference, self.reference_label)
        )

    @property
    def comparisons(self) -> int:
        """How many comparisons with the reference group the questions' Holm correction
        allows for: one for each group compared on each question."""
        return sum(
            1 for panel in self.questions for row in panel.rows if row.p_adjusted is not None
        )

    @property
    def trend_series(self) -> list[TrendSeries]:
        """The trend's lines for groups: none when grouping by month, where each group is a
        month and its line would be a single point."""
        if self.trend is None or self.dimension == "month":
            return []
        return self.trend.series

    @property
    def trend_periods(self) -> list[tuple[str, str, int | None]]:
        """Every quarter (or, in a view by place, every reporting year) from the trend's first
        to its last, as (period, label, place of its point in the trend's series, or None for
        a period without answers), so that a chart's time axis is even and a table shows the
        periods without answers too."""
        if self.trend is None:
            return []
        places = {period: place for place, (period, _) in enumerate(self.trend.periods)}
        return [
            (period, period_label(period), places.get(period))
            for period in every_period(period for period, _ in self.trend.periods)
        ]

    def group_shown(self, group: str) -> bool:
        return any(g.group == group and g.hidden is None for g in self.groups)


def _size(ratio: float | None) -> float:
    """How far a ratio is from 1, either way (a ratio of 0 is as far as can be)."""
    if ratio is None:
        return 0.0
    return math.inf if ratio <= 0 else abs(math.log(ratio))
