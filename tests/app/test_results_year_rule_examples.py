"""The example a year-rule error gives (From must be an April, To a March, with an area
chosen) is a month the form takes: typing it in clears the error, even at the edges of the
years the form accepts (2000 to next year)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.app.test_results_by_year import YEAR_RULE, by_area  # noqa: F401 (a fixture)

NEXT_YEAR = dt.date.today().year + 1


@pytest.mark.parametrize(
    ("typed", "error", "example"),
    [
        # June next year is in a reporting year that ends the March after next year, a month
        # the form refuses: the example is the last March it takes.
        (
            f"start=4&start=2025&end=6&end={NEXT_YEAR}",
            f"To must be a March (3), for example 3 {NEXT_YEAR}",
            f"start=4&start=2025&end=3&end={NEXT_YEAR}",
        ),
        # January 2000 is in the year from April 1999, before the first year the form takes.
        (
            "start=1&start=2000&end=3&end=2001",
            "From must be an April (4), for example 4 2000",
            "start=4&start=2000&end=3&end=2001",
        ),
    ],
)
@pytest.mark.usefixtures("analyst", "by_area")
def test_the_example_of_a_year_rule_error_is_a_month_the_form_takes(browser, typed, error, example):
    page = browser.get(f"/results/stop-search?area=central&{typed}")
    assert page.status == 400
    assert page.error_summary() == [YEAR_RULE + error]
    followed = browser.get(f"/results/stop-search?area=central&{example}")
    assert followed.status == 200, followed.error_summary()
