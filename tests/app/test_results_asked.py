"""The results say how many respondents were asked each question that a condition shows only
to some (stop and search asks "Were you told why you were handcuffed?" only after "Yes" to
"Were you handcuffed?"), counted from the questions each response was not shown."""

from __future__ import annotations

import itertools
import json

from flask import Flask

from app.services import builder, builder_publish
from models import Area, QuestionNotShown, Response, Role, db
from tests.app.test_builder import build_training_survey
from tests.pages import Browser, Page
from tests.results_data import Made, add_responses, survey
from tests.staff import forget_request_state, signed_in

ANALYSTS = itertools.count()
HANDCUFFED = "Asked only of people who answered “Were you handcuffed?” with Yes"


def respond(made: list[Made], slug: str = "stop-search") -> list[Response]:
    """Store responses, and as not shown every question their answers hid (as a submission
    does)."""
    stored = add_responses(made, slug)
    survey_id = survey(slug).id
    for response, item in zip(stored, made, strict=True):
        if item.answers.get("handcuffed") != "yes":
            response.not_shown.append(
                QuestionNotShown(question_key="told_why_handcuffed", survey_id=survey_id)
            )
    db.session.commit()
    return stored


def people(n: int, handcuffed: str, month: str = "2026-03", area: Area | None = None) -> list[Made]:
    answers = {"satisfaction": "satisfied", "handcuffed": handcuffed}
    if handcuffed == "yes":
        answers["told_why_handcuffed"] = "no"
    return [
        Made(ethnic_group=group, month=month, area=area, answers=answers)
        for group in ("white", "black")
        for _ in range(n)
    ]


def results_page(app: Flask, query: str = "") -> Page:
    forget_request_state()
    client = app.test_client()
    signed_in(client, Role.ANALYST, email=f"analyst{next(ANALYSTS)}@example.org")
    return Browser(client).get(f"/results/stop-search{query}")


def asked_sentences(page: Page) -> list[str]:
    return [" ".join(p.get_text().split()) for p in page.soup.select(".app-asked")]


def test_the_results_say_how_many_were_asked_a_conditional_question(app: Flask):
    made = people(13, "yes") + people(40, "no") + people(6, "prefer_not_to_say")
    respond(made)
    asked = sum(1 for m in made if m.answers["handcuffed"] == "yes")
    total = len(made)
    assert (asked, total) == (26, 118)

    page = results_page(app)
    assert page.status == 200
    assert asked_sentences(page) == [f"{HANDCUFFED}: {asked} of {total} were asked."]
    # Beside the question's own table.
    note = page.soup.select_one(".app-asked")
    table = note.find_previous("table")
    assert table["id"] == "table-told_why_handcuffed"


def test_a_filtered_view_counts_only_its_own_respondents(app: Flask):
    march = people(7, "yes") + people(20, "no")
    april = people(15, "yes") + people(9, "no", month="2026-04")
    for item in april:
        item.month = "2026-04"
    respond(march + april)
    asked = sum(1 for m in april if m.answers["handcuffed"] == "yes")

    page = results_page(app, "?start=4&start=2026&end=6&end=2026")
    assert asked_sentences(page) == [f"{HANDCUFFED}: {asked} of {len(april)} were asked."]


def test_a_month_with_few_asked_hides_nothing_when_its_quarter_has_enough(app: Flask):
    # January: 4 asked and 10 not; February and March: 20 asked and 20 not each. Views by date
    # are whole quarters, and the quarter has 44 asked and 50 not.
    made = people(2, "yes", month="2026-01") + people(5, "no", month="2026-01")
    for month in ("2026-02", "2026-03"):
        made += people(10, "yes", month=month) + people(10, "no", month=month)
    respond(made)
    page = results_page(app, "?start=1&start=2026&end=3&end=2026")
    assert asked_sentences(page) == [f"{HANDCUFFED}: 44 of 94 were asked."]


def test_fewer_than_k_asked_or_not_asked_is_not_given_as_a_number(app: Flask):
    respond(people(2, "yes") + people(20, "no"))  # 4 asked of 44
    assert asked_sentences(results_page(app)) == [f"{HANDCUFFED}: fewer than 10 of 44 were asked."]

    db.session.query(Response).delete()
    db.session.commit()
    respond(people(20, "yes") + people(2, "no"))  # 40 asked of 44: 4 not asked
    assert asked_sentences(results_page(app)) == [f"{HANDCUFFED}: more than 34 of 44 were asked."]


def test_nothing_is_said_about_a_view_of_fewer_than_k_respondents(app: Flask):
    respond(people(2, "yes") + people(2, "no"))
    assert asked_sentences(results_page(app)) == []


def test_a_question_added_in_a_later_version_counts_only_those_who_had_it(app: Flask):
    source = builder.export_source("stop-search")
    source = {**source, "slug": "search-copy"}
    handcuffs = source["pages"][2]["questions"][0]
    assert handcuffs["key"] == "told_why_handcuffed"
    del source["pages"][2]["questions"][0]
    builder.import_source(json.dumps(source))
    builder_publish.publish("search-copy")
    add_responses(people(10, "yes", month="2026-02"), "search-copy")  # v1 never asked it

    builder.start_editing("search-copy")
    draft = builder.get_draft("search-copy")
    changed = json.loads(json.dumps(draft.source))
    changed["pages"][2]["questions"].insert(0, handcuffs)
    draft.source = changed
    db.session.commit()
    builder_publish.publish("search-copy")
    respond(people(6, "yes") + people(9, "no"), "search-copy")

    client = app.test_client()
    signed_in(client, Role.ANALYST)
    page = Browser(client).get("/results/search-copy")
    assert asked_sentences(page) == [f"{HANDCUFFED}: 12 of 30 were asked."]


def test_a_free_text_question_asked_of_some_says_so_under_sentiment(app: Flask):
    admin = app.test_client()
    signed_in(admin, Role.ADMIN, email="admin@example.org")
    build_training_survey(Browser(admin))
    builder_publish.publish("black-history-training")
    made = [
        Made(ethnic_group=group, answers={"useful": "fairly_useful", "recommend": answer})
        for group in ("white", "asian")
        for answer, n in (("yes", 9), ("no", 4), ("not_sure", 3))
        for _ in range(n)
    ]
    stored = add_responses(made, "black-history-training")
    survey_id = survey("black-history-training").id
    for response, item in zip(stored, made, strict=True):
        if item.answers["recommend"] == "yes":
            response.not_shown.append(QuestionNotShown(question_key="improve", survey_id=survey_id))
    db.session.commit()
    asked = sum(1 for m in made if m.answers["recommend"] != "yes")

    forget_request_state()
    client = app.test_client()
    signed_in(client, Role.ANALYST)
    page = Browser(client).get("/results/black-history-training")
    assert (
        "“What would make it worth recommending?” Asked only of people who answered “Would you "
        f"recommend it to a colleague?” with No or Not sure: {asked} of {len(made)} were asked."
    ) in asked_sentences(page)
    note = page.soup.select_one("ul.app-asked")
    assert note.find_previous("h2").get_text() == "Sentiment of what people wrote"
