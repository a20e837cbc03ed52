"""All respondents' row of a table of answers (a question with no favourable half) is the same
row whatever the grouping of the view: its hidden answers are decided from all respondents'
counts alone. Were "decided to leave" hidden for all respondents in the view by ethnic group
and shown in the view by sex, the view by sex would give it, and taking away the ethnic groups
shown would give back the hidden groups' 1 to k-1. The overview's most given reasons follow the
same rule, on the same months' counts as the results page."""

from __future__ import annotations

import random

import pytest

from app.services.results_answer_cells import hide_answers, hide_total
from tests.results_data import add_responses, group

SLUG = "say-to-stay"
STAGE = "Where are you in your thinking?"
MAIN = "Which one matters most?"
K = 10


def _partition(rng: random.Random, total: dict[str, int], multiple: bool) -> list[dict]:
    """All respondents' counts shared out among 1 to 5 groups at random."""
    groups = [dict.fromkeys(total, 0) for _ in range(rng.randint(1, 5))]
    for code, n in total.items():
        for _ in range(n):
            rng.choice(groups)[code] += 1
    return groups


@pytest.mark.parametrize("multiple", [False, True], ids=["one answer", "several answers"])
def test_all_respondents_hidden_answers_depend_on_their_counts_alone(multiple):
    rng = random.Random(8 + multiple)
    for _ in range(60):
        total = {f"o{i}": rng.choice([0, 1, 3, K - 1, K, K + 2, 3 * K]) for i in range(4)}
        seen = set()
        for _ in range(6):
            groups = _partition(rng, total, multiple)
            hidden = [g for g in groups if rng.random() < 0.3]
            shown = {f"g{i}": g for i, g in enumerate(groups) if not any(g is h for h in hidden)}
            _, in_total = hide_answers(shown, hidden, total, K, multiple=multiple)
            seen.add(frozenset(in_total))
        assert seen == {frozenset(hide_total(total, K, multiple=multiple))}, total


def _stage(n: int, ethnic_group: str, sex: str, stage: str) -> list:
    answers = {"stage": stage, "main_reason": "workload", "valued": "agree"}
    return group(n, ethnic_group, sex=sex, answers=answers)


@pytest.fixture
def staff(analyst) -> None:
    """24 Asian staff, 2 of whom have decided to leave; 40 White staff, 10 of whom have. All
    12 who have decided are women: by sex, nobody's answer is chosen by fewer than 10."""
    add_responses(
        _stage(10, "white", "female", "thinking")
        + _stage(10, "white", "male", "thinking")
        + _stage(10, "white", "female", "decided")
        + _stage(10, "white", "female", "not_planning")
        + _stage(12, "asian", "male", "thinking")
        + _stage(2, "asian", "female", "decided")
        + _stage(10, "asian", "male", "not_planning"),
        slug=SLUG,
    )


def test_all_respondents_row_is_the_same_by_ethnic_group_and_by_sex(browser, staff):
    by_ethnic_group = browser.get(f"/results/{SLUG}?by=ethnic_group").table(STAGE)
    assert by_ethnic_group["Asian or Asian British"][2].startswith("[c]")  # 2 decided
    by_sex = browser.get(f"/results/{SLUG}?by=sex").table(STAGE)
    assert by_sex["All respondents"] == by_ethnic_group["All respondents"]
    # Shown in both: 12 of the 64 have decided to leave, and none of all respondents' answers
    # is chosen by fewer than 10; White's figure is hidden instead, as cover for the 2.
    assert by_ethnic_group["All respondents"][2] == "19%"
    assert by_ethnic_group["White"][2].startswith("[c]")


def _reasons(n: int, reason: str, month: str = "2026-03") -> list:
    return group(n, "white", month=month, answers={"main_reason": reason})


def _overview_reasons(browser) -> str:
    """What the overview says of Say to Stay's main reasons."""
    section = browser.get("/results/").soup.select_one(f"#survey-{SLUG}").find_parent("section")
    row = next(
        r
        for r in section.select(".govuk-summary-list__row")
        if "Main reasons" in r.select_one("dt").get_text()
    )
    return " ".join(row.select_one("dd").get_text().split())


def test_the_overview_lists_no_reason_that_all_respondents_row_hides(browser, analyst):
    # 2 give mental wellbeing: hidden, and pay (11), the next-smallest, with it, or the 25 who
    # answered less the rest would give the 2 back. A month of 3 responses is left out of
    # every count, on the overview as on the results page.
    add_responses(
        _reasons(12, "workload")
        + _reasons(11, "pay")
        + _reasons(2, "mental_wellbeing")
        + _reasons(3, "pay", month="2026-01"),
        slug=SLUG,
    )
    said = _overview_reasons(browser)
    assert said.startswith("Workload and demand (48%) of 25 who answered")
    assert "Pay" not in said and "wellbeing" not in said
    assert "Not listed: reasons hidden, as fewer than 10 of all respondents chose" in said
    everyone = browser.get(f"/results/{SLUG}").table(MAIN)["All respondents"]
    assert everyone[0] == "25" and "48%" in everyone
    assert sum(cell.startswith("[c]") for cell in everyone) == 2


def test_the_overview_says_why_when_every_reason_is_hidden(browser, analyst):
    add_responses(_reasons(9, "workload") + _reasons(3, "pay"), slug=SLUG)
    said = _overview_reasons(browser)
    assert said.startswith("[c]") and "fewer than 10 of all respondents chose" in said
    key = browser.get("/results/").soup.select(".app-key")[-1].get_text()
    assert "fewer than 10 of all respondents chose this answer" in key
