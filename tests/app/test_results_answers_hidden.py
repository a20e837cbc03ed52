"""Within a shown group, an answer chosen by 1 to k-1 people is hidden in the tables of Say to
Stay's questions with no favourable half, on the page, the report, CSV, XLSX and the API: in a
force, "2 of 24 Asian staff have decided to leave" names colleagues. Where one answer is chosen,
the next-smallest is hidden with it, so the number who answered cannot give it back; where all
respondents' figure for an answer would give a group's back, another group's figure is hidden
with it, as all respondents' row is the same in every view."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from app.services import api_tokens, disclosure_settings
from app.services.results_answer_cells import hide_answers
from models import Scope
from tests.results_data import add_responses, group

SLUG = "say-to-stay"
STAGE = "Where are you in your thinking?"
OPTIONS = ["Thinking about leaving", "Decided to leave", "Handed in my notice"]
WELLBEING = "Mental wellbeing"


def _made(n: int, ethnic_group: str, stage: str, reasons: list[str], main: str) -> list:
    answers = {"stage": stage, "reasons": reasons, "main_reason": main, "valued": "agree"}
    return group(n, ethnic_group, answers=answers)


@pytest.fixture
def staff(analyst) -> None:
    """40 White staff; 24 Asian staff, 2 of whom have decided to leave and 3 of whom give
    mental wellbeing as a reason (and 10 who are not planning to leave)."""
    add_responses(
        _made(20, "white", "thinking", ["workload", "pay"], "workload")
        + _made(10, "white", "decided", ["workload", "pay"], "pay")
        + _made(10, "white", "not_planning", ["workload", "pay"], "pay")
        + _made(12, "asian", "thinking", ["workload"], "workload")
        + _made(2, "asian", "decided", ["workload", "mental_wellbeing"], "mental_wellbeing")
        + _made(1, "asian", "not_planning", ["workload", "mental_wellbeing"], "workload")
        + _made(9, "asian", "not_planning", ["workload"], "workload"),
        slug=SLUG,
    )


def _hidden(cell: str) -> bool:
    return cell.startswith("[c]") and "hidden" in cell


def _stage_row(page, group: str) -> dict[str, str]:
    table = page.table(STAGE)
    header = [
        " ".join(th.get_text().split())
        for th in page.soup.select("#table-stage thead th")[1:]  # Answered, then the answers
    ]
    return dict(zip(header, table[group], strict=True))


def test_a_small_answer_and_its_cover_are_hidden_in_the_groups_row(browser, staff):
    page = browser.get(f"/results/{SLUG}")
    asian = _stage_row(page, "Asian or Asian British")
    assert asian["Answered"] == "24"
    # 2 decided to leave: hidden; so is the next-smallest (10 not planning to leave), or
    # 24 less the 12 thinking about it and the 10 not planning would give the 2 back.
    assert _hidden(asian["Decided to leave"])
    assert _hidden(asian["Not planning to leave"])
    assert "fewer than 10 in this group chose this answer" in asian["Decided to leave"]
    assert asian["Thinking about leaving"] == "50%"
    assert asian["Handed in my notice"] == "0%"  # nobody: shown
    white = _stage_row(page, "White")
    # All respondents' figure for deciding to leave (12) less White's (10) would give the 2
    # back: White's is hidden, with its next-smallest (10 not planning to leave), so that
    # White's 40 who answered cannot give it back; all respondents' row shows everything, as
    # none of its own answers is chosen by fewer than 10.
    assert white["Thinking about leaving"] == "50%"
    assert _hidden(white["Decided to leave"]) and _hidden(white["Not planning to leave"])
    everyone = _stage_row(page, "All respondents")
    assert everyone["Decided to leave"] == "19%"  # 12 of 64
    assert everyone["Thinking about leaving"] == "50%"
    key = page.soup.select_one("#table-stage").find_next("div", class_="app-answers-key")
    assert "Asian or Asian British: Decided to leave, Not planning to leave" in key.get_text()


def test_several_answers_allowed_only_the_small_one_is_hidden(browser, staff):
    page = browser.get(f"/results/{SLUG}")
    table = page.table("What is making you think about leaving?")
    header = [
        " ".join(th.get_text().split()) for th in page.soup.select("#table-reasons thead th")[1:]
    ]
    asian = dict(zip(header, table["Asian or Asian British"], strict=True))
    assert _hidden(asian[WELLBEING])
    assert asian["Workload and demand"] == "100%"
    assert asian["Pay and reward"] == "0%"
    everyone = dict(zip(header, table["All respondents"], strict=True))
    assert _hidden(everyone[WELLBEING])
    assert everyone["Pay and reward"] == "62%" and everyone["Workload and demand"] == "100%"


def test_the_report_hides_the_same_answers(browser, staff):
    page = browser.get(f"/results/{SLUG}/report")
    table = page.table("Which one matters most?")
    # Turned: a row for each answer, a column for each group.
    assert _hidden(table[WELLBEING][1])  # Asian: 2 gave it as their main reason
    assert "fewer than 10" in table[WELLBEING][1]
    assert _hidden(table[WELLBEING][2])  # all respondents
    # All respondents' figure for pay (20, hidden with the 2 as the next-smallest) would be
    # White's 20: White's is hidden, with its workload so its 40 cannot give it back.
    assert _hidden(table["Pay and reward"][0]) and _hidden(table["Workload and demand"][0])
    assert table["Workload and demand"][2] == "66%"  # all respondents: 42 of 64
    # The headline's most given reasons leave out the hidden one.
    assert WELLBEING not in page.soup.select_one("p.govuk-body-l").get_text()


def _csv(client) -> list[dict[str, str]]:
    text = client.get(f"/results/{SLUG}/export.csv").get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_the_exports_give_no_small_answer(client, staff):
    rows = {(r["Section"], r["Item"], r["Group code"]): r for r in _csv(client)}
    decided = rows[(STAGE, "Decided to leave", "asian")]
    assert decided["Value"] == "[c]" and decided["n"] == "24"
    assert decided["Note"].startswith("fewer than 10 in this group chose this answer")
    assert rows[(STAGE, "Not planning to leave", "asian")]["Value"] == "[c]"
    assert rows[(STAGE, "Thinking about leaving", "asian")]["Value"] == "50.0"
    assert rows[(STAGE, "Decided to leave", "white")]["Value"] == "[c]"
    assert rows[(STAGE, "Decided to leave", "all")]["Value"] == "18.8"
    wellbeing = [r for k, r in rows.items() if k[1] == WELLBEING and k[2] in ("asian", "all")]
    assert wellbeing and all(r["Value"] == "[c]" for r in wellbeing)
    book = load_workbook(io.BytesIO(client.get(f"/results/{SLUG}/export.xlsx").get_data()))
    sheet = [[c.value for c in row] for row in book["Results"].iter_rows()]
    header = sheet[0]
    at = {name: header.index(name) for name in ("Section", "Item", "Group code", "Value")}
    cell = next(
        r
        for r in sheet
        if (r[at["Section"]], r[at["Item"]], r[at["Group code"]])
        == (STAGE, "Decided to leave", "asian")
    )
    assert cell[at["Value"]] == "[c]"


def test_the_api_gives_null_and_the_reason(client, staff):
    secret = api_tokens.create_token("Board pack", [Scope.RESULTS_READ]).secret
    body = client.get(
        f"/api/v1/surveys/{SLUG}/results", headers={"Authorization": f"Bearer {secret}"}
    ).get_json()
    asian = next(g for g in body["groups"] if g["group"] == "asian")["distributions"]
    stage = asian["stage"]
    assert stage["answered"] == 24
    assert stage["shares"]["decided"] is None and stage["shares"]["not_planning"] is None
    assert stage["shares"]["thinking"] == 0.5 and stage["shares"]["notice"] == 0
    assert set(stage["hidden_answers"]) == {"decided", "not_planning"}
    assert "fewer than 10" in stage["hidden_answers"]["decided"]
    assert asian["reasons"]["shares"]["mental_wellbeing"] is None
    assert asian["reasons"]["shares"]["workload"] == 1
    total = body["total"]["distributions"]["stage"]
    assert total["shares"]["decided"] == 12 / 64 and "decided" not in total["hidden_answers"]


def test_a_higher_k_set_by_an_admin_hides_more(browser, staff):
    disclosure_settings.change(15, 30, None)
    page = browser.get(f"/results/{SLUG}")
    asian = _stage_row(page, "Asian or Asian British")
    assert asian["Answered"] == "24"
    # 12 thinking about leaving is below 15 now: all three answers chosen are hidden.
    assert all(_hidden(asian[o]) for o in ("Thinking about leaving", "Decided to leave"))
    assert "fewer than 15 in this group" in asian["Thinking about leaving"]
    white = _stage_row(page, "White")
    assert _hidden(white["Decided to leave"]) and _hidden(white["Not planning to leave"])


def test_the_hidden_groups_answers_are_protected_in_the_total():
    """A group hidden in the table is in the total: all respondents' figure for an answer less
    the shown groups' is what the hidden groups chose, so it must not be 1 to k-1; and, one
    answer chosen, their hidden answers hold k or none."""
    shown = {"white": {"a": 30, "b": 20, "c": 0}}
    hidden = [{"a": 12, "b": 3, "c": 0}]
    by_group, in_total = hide_answers(shown, hidden, {"a": 42, "b": 23, "c": 0}, 10, multiple=False)
    # b: 23 less White's 20 gives the hidden groups' 3: White's b is hidden, and its a with it,
    # or White's 50 who answered would give b back. All respondents' row, decided alone,
    # hides nothing: none of its answers is chosen by fewer than 10.
    assert set(by_group["white"]) == {"a", "b"} and not in_total
    # Several answers allowed, there is no number who answered to take from: White's b is
    # hidden with the hidden groups' 3, and all respondents' figures stay.
    by_group, in_total = hide_answers(shown, hidden, {"a": 42, "b": 23, "c": 0}, 10, multiple=True)
    assert set(by_group["white"]) == {"b"} and not in_total
