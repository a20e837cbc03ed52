"""An analyst reads results grouped by the detailed ethnic groups (19 and Not stated): the
questions' chart draws the reference group and the groups that differ from it, and names the
groups it leaves out; each question's table opens from a section that gives its overall
figure and its differences; every figure is still in the tables, hidden exactly as before; and
long lists of hidden groups read as lists. Grouped by the six ethnic groups, the page is as it
was."""

from __future__ import annotations

from bs4 import BeautifulSoup

from tests.results_data import Made, add_responses

REFERENCE = "White: English, Welsh, Scottish, Northern Irish or British"
CARIBBEAN = "Black, Black British, Caribbean or African: Caribbean"
INDIAN = "Asian or Asian British: Indian"
ROMA = "White: Roma"
RESPECT = "How much do you agree: “I was treated with respect”"
SMALL = ["white_roma", "asian_chinese", "mixed_other", "black_other", "other_any"]
#: Each detailed group with figures, its broad group and how many of 20 agree they were
#: treated with respect (15 but for the Caribbean group's 2, the one that differs).
SHOWN = {
    "white_irish": "white",
    "white_other": "white",
    "mixed_white_black_caribbean": "mixed",
    "mixed_white_asian": "mixed",
    "asian_indian": "asian",
    "asian_pakistani": "asian",
    "black_caribbean": "black",
    "black_african": "black",
    "other_arab": "other",
}
BROAD = {"white_roma": "white", "asian_chinese": "asian", "mixed_other": "mixed"}
BROAD |= {"black_other": "black", "other_any": "other"}


def _group(ethnicity: str, ethnic_group: str, n: int, agree: int) -> list[Made]:
    return [
        Made(
            ethnic_group=ethnic_group,
            ethnicity=ethnicity,
            answers={
                "respect": "agree" if i < agree else "disagree",
                "satisfaction": "satisfied" if i % 2 else "dissatisfied",
                "handcuffed": "yes" if i % 4 == 0 else "no",
            },
        )
        for i in range(n)
    ]


def _seed() -> None:
    made = _group("white_british", "white", 40, 30)
    for ethnicity, broad in SHOWN.items():
        made += _group(ethnicity, broad, 20, 2 if ethnicity == "black_caribbean" else 15)
    for ethnicity in SMALL:  # too few to show: [c]
        made += _group(ethnicity, BROAD[ethnicity], 3, 2)
    add_responses(made)


def _chart_text(page, section: str = "#answers") -> str:
    chart = page.soup.select_one(f"{section} svg[role=img]")
    assert chart is not None, f"no chart in {section}"
    return " ".join(chart.get_text(" ").split())


def _text(element) -> str:
    return " ".join(element.get_text(" ").split())


def test_the_chart_of_many_groups_draws_those_compared_and_names_the_rest(browser, analyst):
    _seed()
    page = browser.get("/results/stop-search?by=ethnicity")
    assert page.status == 200
    drawn = _chart_text(page)
    assert REFERENCE in drawn and CARIBBEAN in drawn and "All respondents" in drawn
    # A group that does not differ has its figures in the tables, not a marker in the chart.
    assert INDIAN not in drawn
    note = _text(page.soup.select_one("#answers .app-charted-note"))
    assert (
        f"The chart shows all respondents, {REFERENCE} (the reference group), the group that "
        f"differs significantly from it on at least one question ({CARIBBEAN}) and the 4 other "
        "groups with the most respondents (White: Irish;"
    ) in note
    assert "The other 4 groups with figures are in the tables below" in note
    assert "To chart a group, choose it under “Compare with”." in note
    table = page.table(RESPECT)
    assert table[INDIAN][0] == "75%" and table[CARIBBEAN][0] == "10%"

    # Grouped by the six ethnic groups every group is charted, each table on the page.
    page = browser.get("/results/stop-search")
    drawn = _chart_text(page)
    assert "Asian or Asian British" in drawn and "Mixed or Multiple ethnic groups" in drawn
    assert page.soup.select_one(".app-charted-note") is None
    assert page.soup.select_one("#answers .govuk-accordion") is None


def test_each_question_opens_from_a_section_that_gives_its_figures(browser, analyst):
    _seed()
    page = browser.get("/results/stop-search?by=ethnicity")
    sections = page.soup.select("#answers .govuk-accordion .govuk-accordion__section")
    questions = page.soup.select("#answers table")
    assert len(sections) == len(questions) == 2  # respect and satisfaction
    by_heading = {_text(s.select_one(".govuk-accordion__section-heading")): s for s in sections}
    respect = by_heading[RESPECT]
    assert _text(respect.select_one(".govuk-accordion__section-summary")) == (
        "Favourable overall: 69%. 1 group differs significantly from the reference group: "
        f"{CARIBBEAN} (lower)."
    )
    assert respect.select_one(".govuk-accordion__section-content table caption")
    satisfaction = by_heading["Overall, how satisfied are you with how you were treated?"]
    assert _text(satisfaction.select_one(".govuk-accordion__section-summary")) == (
        "Favourable overall: 49%. No group differs significantly from the reference group."
    )
    # Every group's row, the hidden ones [c] as before, with their reasons in the key.
    # The reference group's long name is said above the table and in its row, not in a
    # column's heading seven lines deep.
    headers = [_text(th) for th in page.soup.select("#table-respect thead th")]
    assert "Ratio to the reference group" in headers
    table = page.table(RESPECT)
    assert table[REFERENCE][-1] == "Reference group"
    assert len(table) == 16  # the 15 groups with respondents, and All respondents
    assert table[ROMA][0].startswith("[c] (hidden:")
    assert table["All respondents"][0] == "69%"
    # The differences are said under the table in its section, and in "What stands out".
    finding = _text(respect.select_one(".govuk-accordion__section-content ul"))
    assert CARIBBEAN in finding

    # A question with no favourable answer opens from its section too, which gives the
    # answers most often chosen.
    other = page.soup.select("#other-answers .govuk-accordion__section")
    handcuffed = next(s for s in other if "Were you handcuffed?" in _text(s))
    assert _text(handcuffed.select_one(".govuk-accordion__section-summary")) == (
        "Most chosen by all respondents: No (74%), Yes (26%)."
    )
    assert page.table("Were you handcuffed?")[ROMA][0].startswith("[c] (hidden:")


def test_a_long_list_of_hidden_groups_reads_as_a_list(browser, analyst):
    _seed()
    page = browser.get("/results/stop-search?by=ethnicity")
    key = page.soup.select_one("#respondents .app-key")
    reason = next(li for li in key.select("li") if li.select_one(".app-key__labels"))
    listed = [_text(li) for li in reason.select(".app-key__labels li")]
    # The five small groups, and the empty ones hidden with them, each on a line of its own.
    assert {ROMA, "Asian or Asian British: Chinese"} <= set(listed)
    assert _text(reason).startswith("Fewer than 10 respondents")
    assert f"Hidden for this reason ({len(listed)}):" in _text(reason)


def test_the_groups_with_no_trend_line_open_on_request(browser, analyst):
    _seed()
    page = browser.get("/results/stop-search?by=ethnicity")
    details = page.soup.select_one("#trend details.app-no-line-details")
    assert details is not None
    lines = details.select("li")
    summary = _text(details.select_one("summary"))
    assert summary == f"Why {len(lines)} groups have no line"
    assert any(ROMA in _text(li) for li in lines)
    # The printed report cannot open anything: there every group is listed.
    report = browser.get("/results/stop-search/report?by=ethnicity")
    soup = BeautifulSoup(report.html, "html.parser")
    assert soup.select_one("details.app-no-line-details") is None
    assert any(ROMA in _text(li) for li in soup.select(".app-no-line li"))


def test_the_answers_and_trend_controls_read_plainly(browser, analyst):
    _seed()
    page = browser.get("/results/stop-search?by=ethnicity")
    label = page.soup.select_one("label[for=group]")
    assert _text(label) == "Group (ethnic group, detailed)"
    hint = page.soup.select_one("#trend-of-hint")
    assert _text(hint) == (
        "Any question under “Answers by group”: the trend is of the percentage giving its "
        "favourable answer"
    )


def test_compared_with_all_other_groups_the_chart_draws_those_that_differ(browser, analyst):
    _seed()
    page = browser.get("/results/stop-search?by=ethnicity&compare=all_others")
    drawn = _chart_text(page)
    assert CARIBBEAN in drawn and INDIAN not in drawn
    note = _text(page.soup.select_one("#answers .app-charted-note"))
    assert note.startswith(
        "The chart shows all respondents, the group that differs significantly from all other "
        f"groups on at least one question ({CARIBBEAN}) and the 5 other groups with the most "
        f"respondents ({REFERENCE};"
    )
    summaries = [_text(s) for s in page.soup.select("#answers .govuk-accordion__section-summary")]
    assert summaries[0] == (
        "Favourable overall: 69%. 1 group differs significantly from all other groups: "
        f"{CARIBBEAN} (lower)."
    )


def test_with_few_groups_to_show_the_chart_says_it_draws_them_all(browser, analyst):
    made = _group("white_british", "white", 40, 30) + _group("black_caribbean", "black", 20, 2)
    for ethnicity in [*SMALL, "white_irish", "asian_indian", "other_arab"]:
        made += _group(ethnicity, BROAD.get(ethnicity) or SHOWN[ethnicity], 3, 2)
    add_responses(made)
    page = browser.get("/results/stop-search?by=ethnicity")
    note = _text(page.soup.select_one("#answers .app-charted-note"))
    assert note == (
        f"The chart shows all respondents and each of the 2 groups with figures: {REFERENCE} "
        f"(the reference group); {CARIBBEAN}."
    )
    drawn = _chart_text(page)
    assert REFERENCE in drawn and CARIBBEAN in drawn
