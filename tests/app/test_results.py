"""The results pages: the numbers shown are the numbers in the rows, who may see them, and a
bad filter is a clear error, never a 500."""

from __future__ import annotations

import math
import random

import pytest
from flask.testing import FlaskClient

from models import Role
from tests.factories import create_area
from tests.pages import Browser
from tests.results_data import Made, add_responses, group
from tests.staff import signed_in

FAVOURABLE = {"very_satisfied", "satisfied"}
SATISFACTION = ["very_satisfied", "satisfied", "neither", "dissatisfied", "very_dissatisfied"]


def _made(seed: int = 7) -> list[Made]:
    """Responses with known answers: 60 White, 40 Black, 25 Asian, 15 not stated."""
    rng = random.Random(seed)
    made = []
    for ethnic_group, n, good in (
        ("white", 60, 0.7),
        ("black", 40, 0.4),
        ("asian", 25, 0.55),
        ("not_stated", 15, 0.6),
    ):
        for _ in range(n):
            satisfied = rng.random() < good
            answer = rng.choice(SATISFACTION[:2] if satisfied else SATISFACTION[2:])
            answers = {"satisfaction": answer}
            if rng.random() < 0.9:
                answers["respect"] = "agree" if rng.random() < good else "disagree"
            sentiment = round(rng.uniform(-1, 1), 3)
            made.append(
                Made(
                    ethnic_group=ethnic_group,
                    month=rng.choice(["2026-01", "2026-02", "2026-03"]),
                    answers=answers,
                    texts=[("improve", "Explain why", sentiment, ["Explanation of grounds"])],
                )
            )
    return made


def _pct(value: float) -> str:
    return f"{round(value * 100)}%"


def test_the_page_shows_the_numbers_in_the_rows(client: FlaskClient, browser: Browser):
    made = _made()
    add_responses(made)
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search")
    assert page.status == 200

    respondents = page.table("Respondents by ethnic group")
    for code, label in (
        ("white", "White"),
        ("black", "Black, Black British, Caribbean or African"),
    ):
        rows = [m for m in made if m.ethnic_group == code]
        assert respondents[label][0] == str(len(rows))
        assert respondents[label][1] == _pct(len(rows) / len(made))
    assert respondents["All respondents"][0] == str(len(made))

    satisfaction = page.table("Overall, how satisfied are you")
    for code, label in (
        ("white", "White"),
        ("black", "Black, Black British, Caribbean or African"),
        ("asian", "Asian or Asian British"),
        ("not_stated", "Not stated"),
    ):
        rows = [m for m in made if m.ethnic_group == code]
        positives = sum(m.answers["satisfaction"] in FAVOURABLE for m in rows)
        share, n = positives / len(rows), len(rows)
        # The Wilson interval, worked out here from its formula.
        z = 1.959963984540054
        centre = (share + z * z / (2 * n)) / (1 + z * z / n)
        half = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        cells = satisfaction[label]
        assert cells[0] == _pct(share)
        assert cells[1] == f"{_pct(centre - half)} to {_pct(centre + half)}"
        assert cells[2] == str(n)
    assert satisfaction["White"][4] == "Reference group"

    respect = page.table("How much do you agree: “I was treated with respect”")
    black = [m for m in made if m.ethnic_group == "black" and "respect" in m.answers]
    agree = sum(m.answers["respect"] == "agree" for m in black)
    assert respect["Black, Black British, Caribbean or African"][:3:2] == [
        _pct(agree / len(black)),
        str(len(black)),
    ]

    sentiment = page.table("Sentiment of written answers")
    scores = [m.texts[0][2] for m in made if m.ethnic_group == "white"]
    # A true minus sign, as the axis of the chart has.
    assert sentiment["White"][1] == f"{sum(scores) / len(scores):.2f}".replace("-", "\u2212")
    negative = sum(score <= -0.05 for score in scores) / len(scores)
    assert sentiment["White"][3] == _pct(negative)


def test_a_significant_gap_is_said_in_plain_words(client: FlaskClient, browser: Browser):
    add_responses(group(50, "white", answers={"respect": "agree"}))
    add_responses(group(20, "black", answers={"respect": "agree"}))
    add_responses(group(30, "black", answers={"respect": "disagree"}))
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search")
    assert (
        "Black, Black British, Caribbean or African respondents were less likely to say they "
        "were treated with respect: 40% of 50 vs 100% of 50 for White respondents."
    ) in page.text()


def test_grouping_by_area_and_by_month(client: FlaskClient, browser: Browser):
    north = create_area("north", "North District")
    add_responses(group(12, "white", area=north, answers={"satisfaction": "satisfied"}))
    add_responses(group(11, "black", month="2026-04", answers={"satisfaction": "dissatisfied"}))
    signed_in(client, Role.ANALYST)
    by_area = browser.get("/results/stop-search?by=area").table("Respondents by area")
    assert by_area["North District"][0] == "12"
    assert by_area["No area recorded"][0] == "11"
    by_month = browser.get("/results/stop-search?by=month").table("Respondents by month")
    assert by_month["March 2026"][0] == "12" and by_month["April 2026"][0] == "11"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=13&start=2026", "From must be a real month, for example 4 2026"),
        ("start=3&start=", "From must include a month and a year, for example 4 2026"),
        ("end=x&end=2026", "To must be a real month, for example 6 2026"),
        ("start=3&start=1850", "From must be a month between 2000 and next year"),
        ("start=4&start=2026&end=3&end=2026", "To must be after From"),
        (
            "start=2&start=2026",
            "From must be the first month of a quarter: January, April, July or October "
            "(1, 4, 7 or 10)",
        ),
        (
            "start=1&start=2026&end=2&end=2026",
            "To must be the last month of a quarter: March, June, September or December "
            "(3, 6, 9 or 12)",
        ),
        ("by=shoe_size", "Select how to group the results"),
        ("area=atlantis", "Select an area from the list"),
        ("theme=Nonsense&group=white", "Select a theme from the list"),
    ],
)
def test_bad_filters_are_clear_errors(client: FlaskClient, browser: Browser, query, message):
    signed_in(client, Role.ANALYST)
    page = browser.get(f"/results/stop-search?{query}")
    assert page.status == 400
    assert page.title.startswith("Error: ")
    assert message in page.error_summary()
    assert message in page.field_errors()  # and beside the field it is about


@pytest.mark.parametrize(
    "query",
    ["start=%00&start=2026", "by=%00", "area=" + "a" * 5000, "compare=%FF", "event=1e9999"],
)
def test_odd_input_is_never_a_server_error(client: FlaskClient, query: str):
    signed_in(client, Role.ANALYST)
    for path in ("/results/stop-search", "/results/stop-search/export.csv"):
        assert client.get(f"{path}?{query}").status_code in (200, 400)


def test_unknown_survey_and_export_kind_are_404(client: FlaskClient):
    signed_in(client, Role.ANALYST)
    assert client.get("/results/no-such-survey").status_code == 404
    assert client.get("/results/stop-search/export.pdf").status_code == 404


def test_officers_and_anonymous_users_cannot_see_results(client: FlaskClient, app):
    add_responses(group(20, "white", answers={"satisfaction": "satisfied"}))
    for path in ("/results/", "/results/stop-search", "/results/stop-search/export.csv"):
        response = app.test_client().get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/sign-in?next=")
    signed_in(client, Role.OFFICER)
    for path in ("/results/", "/results/stop-search", "/results/stop-search/report"):
        assert client.get(path).status_code == 403


def test_an_admin_may_see_results(client: FlaskClient):
    signed_in(client, Role.ADMIN)
    assert client.get("/results/stop-search").status_code == 200


def test_overview_lists_each_survey_with_its_headline(client: FlaskClient, browser: Browser):
    add_responses(group(15, "white", answers={"satisfaction": "satisfied"}))
    add_responses(group(5, "black", answers={"satisfaction": "dissatisfied"}))
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/")
    assert page.status == 200
    text = page.text()
    assert "Stop and search: tell us how it went" in text
    assert "75% of 20 who answered" in text
    assert "Say to Stay" in text


def test_the_report_has_the_headline_groups_themes_and_trend(client, browser: Browser):
    add_responses(_made())
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search/report?by=ethnic_group")
    assert page.status == 200
    headings = [h.get_text(strip=True) for h in page.soup.select("h2")]
    assert "Headline" in headings and "Trend by quarter" in headings
    assert list(page.table("Percentage answering")) == ["January to March 2026"]
    assert "Themes of what people wrote" in headings
    assert page.soup.select("svg[role=img] title")


def test_charts_are_accessible_images_without_inline_styles(client, browser: Browser):
    add_responses(_made())
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search")
    svgs = page.soup.select("svg")
    assert len(svgs) >= 4
    for svg in svgs:
        assert svg["role"] == "img"
        assert svg.select_one("title").get_text().startswith(("Chart", "Heat map"))
        assert not svg.select("style") and not svg.select("[style]")
    ids = [element["id"] for element in page.soup.select("[id]")]
    assert len(ids) == len(set(ids))


def test_quotes_need_enough_writers_and_are_masked(client: FlaskClient, browser: Browser):
    text = "PC Smith was rude, call me on 07700 900123"
    add_responses(
        group(25, "white", texts=[("improve", text, -0.6, ["Respect and manner"])])
        + group(12, "black", texts=[("improve", text, -0.6, ["Respect and manner"])])
    )
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/stop-search?theme=Respect+and+manner&group=white")
    quotes = [q.get_text() for q in page.soup.select(".app-quote")]
    assert len(quotes) == 10
    assert "07700" not in quotes[0] and "Smith" not in quotes[0]
    assert "[phone number removed]" in quotes[0]
    page = browser.get("/results/stop-search?theme=Respect+and+manner&group=black")
    assert not page.soup.select(".app-quote")
    assert "at least 20 respondents wrote something" in page.text()


def test_server_timing_splits_sql_statistics_and_rendering(client: FlaskClient):
    add_responses(_made())
    signed_in(client, Role.ANALYST)
    timing = client.get("/results/stop-search").headers["Server-Timing"]
    assert [part.split(";")[0] for part in timing.split(", ")] == ["sql", "stats", "render"]


def test_a_gap_for_a_detailed_ethnic_group_names_the_group_in_words(
    client: FlaskClient, browser: Browser
):
    """A detailed group's name begins with its broad group, so "… respondents" ran the two
    together: "Asian or Asian British: Indian respondents were less likely …"."""
    add_responses(group(50, "white", ethnicity="white_british", answers={"respect": "agree"}))
    add_responses(group(20, "asian", ethnicity="asian_indian", answers={"respect": "agree"}))
    add_responses(group(30, "asian", ethnicity="asian_indian", answers={"respect": "disagree"}))
    signed_in(client, Role.ANALYST)
    text = browser.get("/results/stop-search?by=ethnicity").text()
    assert (
        "Respondents in the ethnic group “Asian or Asian British: Indian” were less likely to say "
        "they were treated with respect: 40% of 50 vs 100% of 50 for respondents in the ethnic "
        "group “White: English, Welsh, Scottish, Northern Irish or British”."
    ) in text
