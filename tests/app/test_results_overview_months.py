"""The overview's "Responses by month" runs, for every survey, from its first month with
responses to the last whole month (or to this month, once it has responses): a month without
responses is a 0, not a month left off the end."""

from __future__ import annotations

import datetime as dt

from app.services.results_labels import month_label
from app.services.results_overview import last_whole_month, months_shown
from models import today
from tests.results_data import add_responses, group


def _month(months_ago: int) -> str:
    """The month ``months_ago`` before this one, "YYYY-MM"."""
    first = today().replace(day=1)
    index = first.year * 12 + first.month - 1 - months_ago
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _by_month(browser, slug: str) -> dict[str, str]:
    """The survey's "Responses by month" on the overview: month -> what the table shows."""
    page = browser.get("/results/")
    section = page.soup.select_one(f"#survey-{slug}").find_parent("section")
    rows = section.select("table tbody tr")
    return {
        " ".join(row.select_one("th").get_text().split()): " ".join(
            row.select_one("td").get_text().split()
        )
        for row in rows
    }


def test_the_last_whole_month_is_the_one_before_this():
    assert last_whole_month(dt.date(2026, 1, 1)) == "2025-12"
    assert last_whole_month(dt.date(2026, 3, 31)) == "2026-02"


def test_months_run_to_the_last_whole_month_or_to_this_month_once_answered():
    on = dt.date(2026, 1, 15)
    assert months_shown(["2025-10"], on) == ["2025-10", "2025-11", "2025-12"]
    assert months_shown(["2025-09", "2025-11"], on) == ["2025-09", "2025-10", "2025-11", "2025-12"]
    assert months_shown(["2025-11", "2026-01"], on) == ["2025-11", "2025-12", "2026-01"]
    assert months_shown(["2026-01"], on) == ["2026-01"]
    assert months_shown([], on) == []


def test_a_survey_whose_answers_stopped_shows_its_later_months_as_zero(browser, analyst):
    # Listening sessions heard from 12 people five months ago and 11 four months ago, none
    # since; stop and search was answered last month.
    add_responses(group(12, "white", month=_month(5)), slug="listening-session")
    add_responses(group(11, "black", month=_month(4)), slug="listening-session")
    add_responses(group(15, "white", month=_month(1)))
    sessions = _by_month(browser, "listening-session")
    assert list(sessions) == [month_label(_month(n)) for n in (5, 4, 3, 2, 1)]
    assert list(sessions.values()) == ["12", "11", "0", "0", "0"]
    # Every survey with responses ends in the same month.
    assert list(_by_month(browser, "stop-search")) == [month_label(_month(1))]


def test_this_month_is_shown_once_it_has_responses_and_a_zero_is_never_hidden(browser, analyst):
    add_responses(group(12, "white", month=_month(3)), slug="listening-session")
    add_responses(group(4, "white", month=_month(0)), slug="listening-session")
    sessions = _by_month(browser, "listening-session")
    assert list(sessions) == [month_label(_month(n)) for n in (3, 2, 1, 0)]
    # This month's 4 are not counted yet and say so; the months without responses are 0.
    assert sessions[month_label(_month(2))] == sessions[month_label(_month(1))] == "0"
    assert sessions[month_label(_month(0))].startswith("[c]")
    assert "4" not in sessions[month_label(_month(0))]


def test_a_survey_without_responses_has_no_table_of_months(browser, analyst):
    add_responses(group(12, "white", month=_month(2)))
    page = browser.get("/results/")
    section = page.soup.select_one("#survey-say-to-stay").find_parent("section")
    assert section.select("table") == []


def _final_key(page) -> str | None:
    """The key after the last survey's section: what [c] means on the overview."""
    last = page.soup.select("section.app-survey-summary")[-1]
    after = last.find_next_sibling("p", class_="app-key")
    return " ".join(after.get_text().split()) if after is not None else None


def test_the_overview_explains_c_only_when_a_headline_is_hidden(browser, analyst):
    month = _month(2)
    add_responses(group(12, "white", month=month, answers={"satisfaction": "satisfied"}))
    add_responses(
        group(12, "white", month=month, answers={"listened_to": "agree"}),
        slug="listening-session",
    )
    # Say to Stay has no responses, so its headline is hidden, and the key says why.
    assert "fewer than 10 respondents" in (_final_key(browser.get("/results/")) or "")
    add_responses(
        group(12, "white", month=month, answers={"main_reason": "workload"}), slug="say-to-stay"
    )
    page = browser.get("/results/")
    assert _final_key(page) is None
    assert "[c]" not in page.text()
