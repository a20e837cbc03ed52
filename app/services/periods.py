"""Months, quarters and reporting years: the periods results are counted in.

Responses keep their month ("2026-03"). Views by date, the trend and the reasons a group is
hidden in them use calendar quarters ("2026-Q1", January to March), the cells of views by
date in :mod:`app.services.results_disclosure`: a group small in one month but not in its
quarter is then still shown by date. A date filter therefore runs from a quarter's first
month to a quarter's last.

Views by date *and* place (an area or a listening session) use police reporting years, April
to March, as forces report stop and search ("2025/26", April 2025 to March 2026): a quarter in
one area holds too few people for most groups to be shown. With a place chosen, a date filter
runs from an April to a March. A year's key has a slash, so that it is never read as a month
("2009-10" is October 2009).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
QUARTER = re.compile(r"^\d{4}-Q[1-4]$")
#: The months a date filter may start and end with, as a person would name them.
QUARTER_STARTS = ("January", "April", "July", "October")
QUARTER_ENDS = ("March", "June", "September", "December")
YEAR = re.compile(r"^\d{4}/\d{2}$")
#: The months a reporting year starts and ends with (a date filter with a place chosen).
YEAR_START = "April"
YEAR_END = "March"


def month_label(month: str) -> str:
    """ "2026-03" -> "March 2026"."""
    try:
        return dt.date(int(month[:4]), int(month[5:7]), 1).strftime("%B %Y")
    except ValueError:
        return month


def quarter_of(month: str) -> str:
    """ "2026-05" -> "2026-Q2"."""
    return f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"


def quarter_months(quarter: str) -> tuple[str, str]:
    """ "2026-Q2" -> ("2026-04", "2026-06"): its first and last months."""
    year, number = quarter[:4], int(quarter[6])
    return f"{year}-{3 * number - 2:02d}", f"{year}-{3 * number:02d}"


def quarter_label(quarter: str) -> str:
    """ "2026-Q2" -> "April to June 2026"."""
    if not QUARTER.match(quarter):
        return quarter
    first, last = quarter_months(quarter)
    return f"{month_label(first).split()[0]} to {month_label(last)}"


def quarter_short(quarter: str) -> str:
    """ "2026-Q2" -> "Apr–Jun", for a chart's axis (the year goes beneath)."""
    first, last = quarter_months(quarter)
    return f"{month_label(first)[:3]}–{month_label(last)[:3]}"


def year_of(month: str) -> str:
    """ "2026-03" -> "2025/26"; "2026-04" -> "2026/27": the reporting year (April to March)
    of a month."""
    first = int(month[:4]) - (int(month[5:7]) < 4)
    return f"{first}/{(first + 1) % 100:02d}"


def year_months(year: str) -> tuple[str, str]:
    """ "2025/26" -> ("2025-04", "2026-03"): its first and last months."""
    first = int(year[:4])
    return f"{first}-04", f"{first + 1}-03"


def year_label(year: str) -> str:
    """ "2025/26" -> "April 2025 to March 2026"."""
    if not YEAR.match(year):
        return year
    first, last = year_months(year)
    return f"{month_label(first)} to {month_label(last)}"


def year_short(year: str) -> str:
    """ "2025/26" -> "2025–26", for a chart's axis."""
    return year.replace("/", "–")


def period_label(period: str) -> str:
    """A month, a quarter or a reporting year in words; anything else as it is."""
    if QUARTER.match(period):
        return quarter_label(period)
    if YEAR.match(period):
        return year_label(period)
    return month_label(period) if MONTH.match(period) else period


def starts_quarter(month: str) -> bool:
    """Whether a month ("2026-04") is the first of its quarter."""
    return int(month[5:7]) % 3 == 1


def ends_quarter(month: str) -> bool:
    """Whether a month ("2026-06") is the last of its quarter."""
    return int(month[5:7]) % 3 == 0


def starts_year(month: str) -> bool:
    """Whether a month ("2026-04") is the first of its reporting year: an April."""
    return month[5:7] == "04"


def ends_year(month: str) -> bool:
    """Whether a month ("2027-03") is the last of its reporting year: a March."""
    return month[5:7] == "03"


def every_month(months: Iterable[str]) -> list[str]:
    """Every month from the first to the last of ``months`` ("2025-10"), those between without
    responses included: a month without responses is a zero, on an even time axis."""
    found = sorted(months)
    if not found:
        return []
    year, month = int(found[0][:4]), int(found[0][5:7])
    every = []
    while (current := f"{year:04d}-{month:02d}") <= found[-1]:
        every.append(current)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return every


def every_quarter(quarters: Iterable[str]) -> list[str]:
    """Every quarter from the first to the last of ``quarters`` ("2025-Q4"), those between
    without responses included."""
    found = sorted(quarters)
    if not found:
        return []
    first, last = quarter_months(found[0])[0], quarter_months(found[-1])[0]
    return [quarter_of(month) for month in every_month([first, last]) if starts_quarter(month)]


def every_year(years: Iterable[str]) -> list[str]:
    """Every reporting year from the first to the last of ``years`` ("2025/26"), those between
    without responses included."""
    found = sorted(years)
    if not found:
        return []
    return [year_of(f"{first}-04") for first in range(int(found[0][:4]), int(found[-1][:4]) + 1)]


def every_period(keys: Iterable[str]) -> list[str]:
    """Every quarter, or every reporting year, from the first to the last of ``keys`` (all
    quarters, or all years)."""
    found = sorted(keys)
    if found and YEAR.match(found[0]):
        return every_year(found)
    return every_quarter(found)
