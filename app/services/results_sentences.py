"""Plain words for the results: percentages as people read them, and findings as sentences
("Black … respondents were less likely to say they were treated with respect: 48% vs 71% for
White respondents.")."""

from __future__ import annotations

from analysis.groups import ALL_OTHERS
from analysis.stats import Interval
from app.services.results_labels import respondents_noun
from app.services.results_model import QuestionPanel, ShareFigure


def percent(value: float | None) -> str:
    """0.4812 -> "48%"; None -> ""."""
    return "" if value is None else f"{round(value * 100):d}%"


def percent_interval(ci: Interval | None) -> str:
    """An interval as "44% to 52%"."""
    return "" if ci is None else f"{percent(ci.low)} to {percent(ci.high)}"


def _lower_first(noun: str) -> str:
    return "r" + noun[1:] if noun.startswith("Respondents") else noun


def finding(
    dimension: str,
    row: ShareFigure,
    panel: QuestionPanel,
    reference: str | None,
    reference_row: ShareFigure | None,
) -> str:
    """One significant difference from the reference group, as a sentence."""
    noun = respondents_noun(dimension, row.group, row.label)
    if reference == ALL_OTHERS or reference_row is None:
        compared = "respondents in all other groups"
    else:
        compared = _lower_first(
            respondents_noun(dimension, reference_row.group, reference_row.label)
        )
    likely = "more" if (row.ratio or 1) > 1 else "less"
    return (
        f"{noun} were {likely} likely to {panel.phrase}: {percent(row.share)} vs "
        f"{percent(row.reference_share)} for {compared}."
    )
