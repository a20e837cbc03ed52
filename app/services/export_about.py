"""The About sheet of an export: what the figures are, what is hidden and why, and how
differences were tested, in the words the results page uses."""

from __future__ import annotations

from app.services import results_quarters
from app.services.results_model import SurveyResults
from app.services.results_reasons import explain


def _tested(results: SurveyResults) -> str:
    """How differences were tested, or that none were."""
    if not results.reference or not results.comparisons:
        return (
            "No group is compared with a reference group in this view, so no difference is "
            "tested: Ratio to reference, its interval and Significant difference are empty."
        )
    return (
        "Significant differences from the reference group are after Holm's correction for "
        f"all {results.comparisons} comparisons of groups on questions in this view (and, "
        "for themes, for every comparison in the table of themes), at the 5% level. Ratio 95% "
        "interval low and high give the ratio's interval (a question's or a theme's): for its "
        "comparison on its own, before the correction. A "
        "difference whose ratio's interval leaves out 1 but which does not hold after the "
        'correction has "no" under Significant difference and says so in the Note.'
    )


def about_lines(results: SurveyResults) -> list[str]:
    """What the export is and how to read it."""
    return [
        f"{results.title}: results grouped by {results.dimension_label.lower()}",
        f"Filters: {results.filter_text}",
        *([results.counted_note] if results.counted_note else []),
        *([results.left_out_note] if results.left_out_note else []),
        # What the page says beside the figures of a quarter or year not yet over, or begun
        # part of the way through.
        *(
            note
            for note in (
                results_quarters.respondents_note(results),
                *results_quarters.trend_notes(results),
            )
            if note
        ),
        f"Reference group: {results.reference_label or 'none'}",
        "[c] means a figure is hidden, and the Note on its row says why: for example "
        f"{explain('below_k', results.k)}; or, in a filtered view, that in a quarter, an area "
        "or listening session, or a year from April to March in an area or session, it names "
        f"a group or the total had fewer than {results.k}, so "
        "that comparing views could reveal them. A Note never says whether a group is hidden "
        f"for having fewer than {results.k} or with one that has: with the total, that could "
        "give the numbers back.",
        'A question shown only after some answers has a row "People asked the question": n '
        "is the respondents who could have been asked, and Value how many were; a number of "
        f"fewer than {results.k} asked, or not asked, is not given (the Note says what can be).",
        "Intervals are 95% Wilson intervals for percentages and t intervals for mean sentiment; "
        "each is for its own figure or comparison on its own.",
        _tested(results),
    ]
