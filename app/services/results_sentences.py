"""Plain words for the results: percentages as people read them, and findings as sentences
("Black … respondents were less likely to say they were treated with respect: 48% vs 71% for
White respondents.")."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from analysis.groups import ALL_OTHERS
from analysis.stats import Interval
from app.services.results_labels import in_sentence, respondents_noun
from app.services.results_model import DistributionPanel, QuestionPanel, ShareFigure

MINUS = "\u2212"
UK_TIME = ZoneInfo("Europe/London")


def percent(value: float | None) -> str:
    """0.4812 -> "48%"; None -> ""."""
    return "" if value is None else f"{round(value * 100):d}%"


def percent_interval(ci: Interval | None) -> str:
    """An interval as "44% to 52%"."""
    return "" if ci is None else f"{percent(ci.low)} to {percent(ci.high)}"


def number(value: float | None, places: int = 2) -> str:
    """A signed number as text: -0.0912 -> "−0.09" with a true minus sign; a value that
    rounds to zero is "0.00", never "−0.00"; None -> ""."""
    if value is None:
        return ""
    text = f"{value:.{places}f}"
    if text.startswith("-"):
        text = text[1:]
        if text.strip("0.") != "":
            text = MINUS + text
    return text


def number_interval(ci: Interval | None, places: int = 2) -> str:
    """An interval of signed numbers as "−0.09 to 0.00"."""
    return "" if ci is None else f"{number(ci.low, places)} to {number(ci.high, places)}"


def difference(row: ShareFigure, comparisons: int) -> str:
    """What a group's comparison with the reference group shows, in words that agree with its
    ratio's 95% interval (which is for the comparison on its own) and with the test after
    Holm's correction for all ``comparisons``:

    - "Lower" or "Higher": significant after the correction (the interval leaves out 1 too);
    - "Lower on its own; not clear once all 40 comparisons are allowed for": the interval
      leaves out 1, but the difference does not hold after the correction;
    - "No clear difference": the interval includes 1.

    Empty for the reference group itself and for a group not compared.
    """
    if row.is_reference or row.hidden or row.ratio is None:
        return ""
    if row.significant:
        return "Higher" if (row.ratio or 0) > 1 else "Lower"
    alone = row.interval_direction
    if alone is None:
        return "No clear difference"
    if comparisons <= 1:  # the interval and the test (z or Fisher's) disagree at the margin
        return f"{alone.capitalize()} on this interval; not clear by the test"
    return (
        f"{alone.capitalize()} on its own; not clear once all {comparisons} comparisons are "
        "allowed for"
    )


def top_reasons(panel: DistributionPanel, count: int = 3) -> str:
    """The options most often chosen by everyone in the view, as the overview gives them:
    "Workload and demand (16%), Pay and reward (10%), Pension (4%)"; empty when the total is
    hidden or nobody answered."""
    total = panel.total
    if total.hidden or not total.n or not total.shares:
        return ""
    chosen = [(label, total.shares.get(code) or 0.0) for code, label in panel.options]
    top = sorted(chosen, key=lambda item: -item[1])[:count]
    return ", ".join(f"{label} ({percent(share)})" for label, share in top if share > 0)


def day(value: dt.date) -> str:
    """ "27 November 2026"."""
    return f"{value.day} {value:%B %Y}"


def moment(value: dt.datetime) -> str:
    """A time in UK time, GOV.UK style: "10:45pm on 29 November 2026" (a time without a zone
    is UTC, as the database keeps them)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    local = value.astimezone(UK_TIME)
    if (local.hour, local.minute) == (12, 0):
        clock = "midday"
    elif (local.hour, local.minute) == (0, 0):
        clock = "midnight"
    else:
        minutes = f":{local.minute:02d}" if local.minute else ""
        clock = f"{local.hour % 12 or 12}{minutes}{'am' if local.hour < 12 else 'pm'}"
    return f"{clock} on {day(local.date())}"


def finding(
    dimension: str,
    row: ShareFigure,
    panel: QuestionPanel,
    reference: str | None,
    reference_row: ShareFigure | None,
) -> str:
    """One significant difference from the reference group, as a sentence, each share with how
    many it is of, as the table beside it gives them: "33% vs 72%" reads differently from 18
    people than from 1,800."""
    noun = respondents_noun(dimension, row.group, row.label)
    reference_n = None
    if reference == ALL_OTHERS or reference_row is None:
        compared = "respondents in all other groups"
    else:
        compared = in_sentence(
            dimension, respondents_noun(dimension, reference_row.group, reference_row.label)
        )
        reference_n = reference_row.n
    likely = "more" if (row.ratio or 1) > 1 else "less"
    return (
        f"{noun} were {likely} likely to {panel.phrase}: {_of(row.share, row.n)} vs "
        f"{_of(row.reference_share, reference_n)} for {compared}."
    )


def _of(share: float | None, n: int | None) -> str:
    """ "41% of 73", or "41%" where how many it is of is not given."""
    return f"{percent(share)} of {n:,}" if n else percent(share)
