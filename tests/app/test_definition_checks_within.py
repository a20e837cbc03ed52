"""A single choice whose answer must be one of those ticked in a multiple-choice question
(``within``): the definition checks accept it only when it names such a question, asked before
it, with the same option codes, and say what to do otherwise; the builder keeps it."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from flask.testing import FlaskClient

from app.services import builder
from app.services.definition_checks import check
from models import Role, User
from tests.pages import Browser, Page
from tests.staff import signed_in

OPTIONS = [
    {"code": "workload", "label": {"en": "Workload"}},
    {"code": "pay", "label": {"en": "Pay"}},
    {"code": "pension", "label": {"en": "Pension"}},
]
REASONS = {
    "key": "reasons",
    "type": "multi_choice",
    "text": {"en": "Why are you leaving?"},
    "options": OPTIONS,
}
MAIN = {
    "key": "main_reason",
    "type": "choice",
    "text": {"en": "Which one matters most?"},
    "options": OPTIONS,
    "within": "reasons",
    "error_within": {"en": "Select the main reason from the ones you selected"},
}


def survey(*pages: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "slug": "leaving",
        "title": {"en": "Leaving"},
        "intro": {"en": ["A survey."]},
        "pages": [
            {"key": f"page-{n}", "title": {"en": f"Page {n}"}, "questions": copy.deepcopy(qs)}
            for n, qs in enumerate(pages, start=1)
        ],
    }


def messages(source: dict[str, Any]) -> list[str]:
    return [str(problem) for problem in check(source)]


def test_a_choice_within_a_multiple_choice_on_its_page_or_before_is_accepted():
    assert check(survey([REASONS, MAIN])) == []
    assert check(survey([REASONS], [MAIN])) == []
    without_message = {k: v for k, v in MAIN.items() if k != "error_within"}
    assert check(survey([REASONS, without_message])) == []


def test_within_a_question_asked_after_it_is_refused():
    [problem] = check(survey([MAIN], [REASONS]))
    assert problem.message == (
        "The answer can only be chosen from those ticked in a question asked before this one: "
        "reasons comes after it"
    )
    assert problem.in_words == (
        "The answer can only be chosen from those ticked in a question asked before this one: "
        "\u201cWhy are you leaving?\u201d comes after it"
    )
    assert (problem.page, problem.question, problem.field) == ("page-1", "main_reason", None)


def test_within_a_question_not_in_the_survey_is_refused():
    main = MAIN | {"within": "why"}
    assert messages(survey([REASONS, main])) == [
        "Page page-1, question main_reason: There is no question why for the answer to be "
        "chosen from"
    ]
    assert messages(survey([REASONS, MAIN | {"within": 3}])) == [
        "Page page-1, question main_reason: Within must name a multiple-choice question by its key"
    ]


def test_within_a_single_choice_is_refused():
    single = REASONS | {"type": "choice"}
    assert messages(survey([single, MAIN])) == [
        "Page page-1, question main_reason: reasons is not a multiple-choice question: the "
        "answer can only be chosen from the options ticked in one"
    ]


def test_only_a_single_choice_can_be_within_another():
    many = MAIN | {"type": "multi_choice"}
    assert messages(survey([REASONS, many])) == [
        "Page page-1, question main_reason: Only a single-choice question can have its answer "
        "chosen from those ticked in reasons: make this a single choice or remove within"
    ]


def test_options_with_other_codes_are_refused_naming_the_difference():
    other = MAIN | {"options": [*OPTIONS[:2], {"code": "culture", "label": {"en": "Culture"}}]}
    assert messages(survey([REASONS, other])) == [
        "Page page-1, question main_reason: The options must have the same codes as those of "
        "reasons: add pension and remove culture"
    ]
    # The same codes in another order are the same options.
    assert check(survey([REASONS, MAIN | {"options": OPTIONS[::-1]}])) == []


def test_an_error_message_without_within_or_english_is_refused():
    alone = {k: v for k, v in MAIN.items() if k != "within"}
    assert messages(survey([REASONS, alone])) == [
        "Page page-1, question main_reason: An error message for an answer outside those chosen "
        "needs within: remove it, or name the multiple-choice question the answer must be one of"
    ]
    welsh_only = MAIN | {"error_within": {"cy": "Dewiswch"}}
    assert messages(survey([REASONS, welsh_only])) == [
        "Page page-1, question main_reason: Enter the error message for an answer outside those "
        "chosen in English"
    ]


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def _form_as_filled(page: Page) -> dict[str, Any]:
    """What the page's form sends as it stands, as a browser would send it."""
    form = page.soup.select_one("main form[method=post]:has(button)")
    data: dict[str, Any] = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        name = field["name"]
        if field.name == "textarea":
            data[name] = field.get_text()
        elif field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            data[name] = chosen.get("value", chosen.get_text()) if chosen else ""
        elif field.get("type") in ("radio", "checkbox"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field["value"])
        else:
            data[name] = field.get("value", "")
    return data


def test_the_builder_keeps_within_when_the_question_is_changed(admin, browser: Browser, client):
    exported = client.get("/admin/surveys/say-to-stay/export.json").get_json()
    main = next(q for p in exported["pages"] for q in p["questions"] if q["key"] == "main_reason")
    assert main["within"] == "reasons"
    exported["slug"] = "say-to-stay-copy"
    browser.get("/admin/surveys/import")
    page = browser.post(data={"definition": json.dumps(exported)})
    summary = "/admin/surveys/say-to-stay-copy"
    assert page.url == summary, page.error_summary()
    assert "Which one matters most?" in page.text()

    page = browser.get(f"{summary}/pages/reasons/questions/main_reason")
    assert page.status == 200
    changed = _form_as_filled(page) | {"text_en": "Which reason matters most?"}
    page = browser.post(data=changed)
    assert page.url == summary, page.error_summary()
    main = builder.get_draft("say-to-stay-copy").source["pages"][1]["questions"][1]
    assert main["text"]["en"] == "Which reason matters most?"
    assert main["within"] == "reasons"
    assert main["error_within"]["cy"].startswith("Dewiswch y rheswm")

    page = browser.post(f"{summary}/publish", data={})
    assert "Version 1 is published" in page.text(), page.error_summary()


def test_the_builder_says_when_a_change_breaks_within(admin, browser: Browser, client):
    exported = client.get("/admin/surveys/say-to-stay/export.json").get_json()
    exported["slug"] = "say-to-stay-copy"
    browser.get("/admin/surveys/import")
    browser.post(data={"definition": json.dumps(exported)})
    summary = "/admin/surveys/say-to-stay-copy"
    page = browser.get(f"{summary}/pages/reasons/questions/main_reason")
    changed = _form_as_filled(page) | {"options": "Workload\nPay"}
    assert browser.post(data=changed).url == summary
    page = browser.get(f"{summary}?check=1")
    assert page.status == 400
    [problem] = page.error_summary()
    assert "The options must have the same codes as those of" in problem
    assert "\u201cWhat is making you think about leaving?\u201d" in problem
    # Its link leads to the question's options, where it can be put right.
    link = page.soup.select_one(".govuk-error-summary a")["href"]
    assert link == f"{summary}/pages/reasons/questions/main_reason#options"
    assert browser.get(link).soup.select_one("#options") is not None
