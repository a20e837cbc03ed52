"""Say to Stay's "What is your role?" is both a question and a grouping. Grouped by role, the
small roles are hidden; no other view, export or report may show them by the back door, as a
table of the question's answers with an "All respondents" row would (2.0% of 410 is 8)."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.results_data import add_responses, group

SLUG = "say-to-stay"
ROLE = "What is your role?"
NOTE = (
    "How many gave each answer is shown only in the results grouped by role, as the number in "
    "each group, so that groups of fewer than 10 stay hidden."
)


def _made(n: int, ethnic_group: str, role: str) -> list:
    return group(n, ethnic_group, answers={"role": role, "stage": "thinking", "valued": "agree"})


@pytest.fixture
def roles(analyst) -> None:
    """8 volunteers (fewer than 10: hidden grouped by role) and 12 special constables, one of
    them the only Asian special constable."""
    add_responses(
        _made(40, "white", "police_officer")
        + _made(15, "white", "police_staff")
        + _made(6, "white", "volunteer")
        + _made(11, "white", "special_constable")
        + _made(12, "asian", "police_officer")
        + _made(1, "asian", "special_constable")
        + _made(10, "not_stated", "police_staff")
        + _made(2, "not_stated", "volunteer"),
        slug=SLUG,
    )


def _csv(client, query: str = "") -> list[dict[str, str]]:
    text = client.get(f"/results/{SLUG}/export.csv{query}").get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_grouped_by_role_the_volunteers_are_hidden(browser, roles):
    page = browser.get(f"/results/{SLUG}?by=role")
    table = page.table("Respondents by role")
    assert table["Police officer"][0] == "52"
    assert table["Volunteer"][0].startswith("[c]")


def test_grouped_by_ethnic_group_the_role_question_has_no_table(browser, roles):
    page = browser.get(f"/results/{SLUG}")
    assert page.soup.select_one("#table-role") is None
    with pytest.raises(AssertionError):
        page.table(ROLE)
    # Neither the hidden role's size nor the one Asian special constable can be read off.
    assert "Volunteer" not in page.text()
    assert "Special constable" not in page.text()
    # The survey's own questions have tables; the equality questions, which are groupings
    # too, have none.
    tables = {t["id"].removeprefix("table-") for t in page.soup.select("table[id^=table-]")}
    assert {"stage", "valued"} <= tables
    assert not tables & {"ethnic_group", "ethnicity", "age_band", "sex", "religion", "role"}
    assert not tables & {"long_term_condition", "activity_limited", "sexual_orientation"}
    assert page.table("Where are you in your thinking?")["White"][0] == "72"
    # The page says where the role answers are, and links there.
    line = page.soup.select_one("#grouping-role")
    assert ROLE in line.get_text() and NOTE in " ".join(line.get_text().split())
    assert "by=role" in line.select_one("a")["href"]


def test_the_exports_give_no_figure_for_the_role_question(client, roles):
    rows = _csv(client)
    role_rows = [r for r in rows if r["Section"] == ROLE]
    # One row saying where the figures are, with none of its own.
    assert len(role_rows) == 1
    (row,) = role_rows
    assert (row["Item"], row["n"], row["Value"], row["Note"]) == ("", "", "", NOTE)
    assert not any(r["Item"] in {"Volunteer", "Special constable"} for r in rows)
    book = load_workbook(io.BytesIO(client.get(f"/results/{SLUG}/export.xlsx").get_data()))
    cells = [c for line in book["Results"].iter_rows(values_only=True) for c in line]
    assert "Volunteer" not in cells and "Special constable" not in cells


def test_grouped_by_role_the_export_shows_the_role_only_as_groups(client, roles):
    rows = _csv(client, "?by=role")
    assert not [r for r in rows if r["Section"] == ROLE]
    volunteer = next(
        r for r in rows if r["Section"] == "Respondents" and r["Group code"] == "volunteer"
    )
    assert (volunteer["n"], volunteer["Value"]) == ("[c]", "[c]")


def test_the_report_gives_no_role_figures(browser, roles):
    report = browser.get(f"/results/{SLUG}/report")
    assert "Volunteer" not in report.text()
