"""Import and export of survey definitions: the same JSON as data/surveys/*.json, checked by the
same validation as publishing, with clear messages and nothing lost."""

from __future__ import annotations

import copy
import io
import json

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.services.definition_checks import check
from models import AuditEvent, Role, SurveyDraft, User, db
from tests.pages import Browser
from tests.staff import signed_in

HATE_CRIME = {
    "slug": "hate-crime-victims",
    "audience": "public",
    "minutes": 3,
    "equality": True,
    "link_defaults": {"kind": "standing", "single_use": False},
    "title": {"en": "Hate crime: how did we do?", "cy": "Troseddau casineb: sut wnaethon ni?"},
    "intro": {"en": ["Tell us how we dealt with your report."]},
    "pages": [
        {
            "key": "your-report",
            "title": {"en": "Your report"},
            "questions": [
                {
                    "key": "kept_informed",
                    "type": "choice",
                    "scale": "yes_no_not_sure",
                    "required": True,
                    "text": {"en": "Were you kept informed?", "cy": "A gawsoch wybod?"},
                }
            ],
        },
        {
            "key": "what-would-help",
            "title": {"en": "What would have helped"},
            "show_if": {"question": "kept_informed", "in": ["no", "not_sure"]},
            "questions": [
                {
                    "key": "would_help",
                    "type": "text",
                    "max_length": 1000,
                    "text": {"en": "What would have helped you feel informed?"},
                }
            ],
        },
    ],
}


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def _import(browser: Browser, definition: object) -> object:
    browser.get("/admin/surveys/import")
    text = definition if isinstance(definition, str) else json.dumps(definition)
    return browser.post(data={"definition": text})


def test_an_exported_survey_imports_unchanged(admin, browser: Browser, client: FlaskClient):
    page = _import(browser, HATE_CRIME)
    assert page.url == "/admin/surveys/hate-crime-victims", page.error_summary()
    exported = client.get("/admin/surveys/hate-crime-victims/export.json")
    assert exported.headers["Content-Disposition"].endswith('filename="hate-crime-victims.json"')
    assert exported.get_json() == HATE_CRIME
    browser.get("/admin/surveys/hate-crime-victims")
    browser.post("/admin/surveys/hate-crime-victims/publish", data={})
    # The published version exports in the same format, and imports again as another survey.
    published = client.get("/admin/surveys/hate-crime-victims/export.json").get_json()
    assert [p["key"] for p in published["pages"]] == ["your-report", "what-would-help"]
    assert published["equality"] is True and check(published) == []
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "survey.import" in actions and "survey.publish" in actions


def test_a_built_in_survey_exports_in_its_file_format(admin, client: FlaskClient):
    exported = client.get("/admin/surveys/say-to-stay/export.json").get_json()
    assert exported["slug"] == "say-to-stay"
    assert check(exported) == []
    reasons = next(p for p in exported["pages"] if p["key"] == "reasons")
    assert reasons["show_if"] == {"question": "stage", "in": ["thinking", "decided", "notice"]}


def test_an_uploaded_file_is_imported(admin, browser: Browser, client: FlaskClient):
    browser.get("/admin/surveys/import")
    body = json.dumps(HATE_CRIME, ensure_ascii=False).encode("utf-8")
    response = client.post(
        "/admin/surveys/import",
        data={
            "csrf_token": browser.page.csrf_token(),
            "file": (io.BytesIO(body), "hate-crime-victims.json"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/surveys/hate-crime-victims"


def _broken(change) -> dict:
    definition = copy.deepcopy(HATE_CRIME)
    change(definition)
    return definition


def _duplicate_key(d: dict) -> None:
    d["pages"][1]["questions"][0]["key"] = "kept_informed"


def _forward_condition(d: dict) -> None:
    d["pages"][0]["questions"][0]["show_if"] = {"question": "would_help", "in": ["yes"]}


def _missing_english(d: dict) -> None:
    d["pages"][1]["questions"][0]["text"] = {"cy": "Beth fyddai wedi helpu?"}


def _contact_details(d: dict) -> None:
    d["pages"][1]["questions"][0]["text"]["en"] = "Leave your phone number and we will call"


def _not_an_option(d: dict) -> None:
    d["pages"][1]["show_if"]["in"] = ["maybe"]


def _equality_one_by_one(d: dict) -> None:
    d["pages"].append(
        {
            "key": "about-you",
            "title": {"en": "About you"},
            "questions": [{"key": "ethnic_group", "type": "ethnic_group", "text": {"en": "E"}}],
        }
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            _duplicate_key,
            "Page what-would-help, question kept_informed: Question key kept_informed is used "
            "twice: give each question its own",
        ),
        (
            _forward_condition,
            "Page your-report, question kept_informed: The condition must depend on a question "
            "on an earlier page; would_help is on a later page",
        ),
        (
            _missing_english,
            "Page what-would-help, question would_help: Enter the question in English",
        ),
        (
            _contact_details,
            "Page what-would-help, question would_help: A free-text question must not ask for "
            "names or contact details (such as an email address, phone number or address): "
            "answers are anonymous",
        ),
        (
            _not_an_option,
            "Page what-would-help: The condition's answers must be options of kept_informed; "
            "maybe is not",
        ),
        (
            _equality_one_by_one,
            "Page about-you, question ethnic_group: Equality questions cannot be added one by "
            "one: ask for the whole optional equality block instead",
        ),
    ],
)
def test_invalid_definitions_are_refused_with_a_clear_message(
    admin, browser: Browser, change, message: str
):
    definition = _broken(change)
    page = _import(browser, definition)
    assert page.status == 400
    assert page.title.startswith("Error:")
    assert message in page.error_summary()
    # Nothing lost: the pasted definition is still there to put right.
    assert json.loads(page.textarea("definition")) == definition
    assert db.session.scalar(select(func.count()).select_from(SurveyDraft)) == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "The file is not valid JSON: Expecting property name enclosed in double "),
        # A tab (or any control character) typed inside a string: "at" is said once.
        (
            '{"slug": "a\tb"}',
            "The file is not valid JSON: Invalid control character at line 1, column 12",
        ),
        ("[1, 2]", "The file must hold one survey definition (a JSON object)"),
        ("", "Choose a definition file or paste a definition"),
    ],
)
def test_unreadable_imports_say_why(admin, browser: Browser, text: str, message: str):
    page = _import(browser, text)
    assert page.status == 400
    assert any(error.startswith(message) for error in page.error_summary()), page.error_summary()


def test_importing_over_a_built_in_survey_is_refused(admin, browser: Browser, client):
    exported = client.get("/admin/surveys/stop-search/export.json").get_json()
    page = _import(browser, exported)
    assert page.error_summary() == [
        "stop-search is a built-in survey: change its short name to import it as your own"
    ]
    exported["slug"] = "stop-search-our-version"
    page = _import(browser, exported)
    assert page.url == "/admin/surveys/stop-search-our-version"


def test_a_published_key_keeps_its_type_in_later_versions(admin, browser: Browser, client):
    _import(browser, HATE_CRIME)
    browser.get("/admin/surveys/hate-crime-victims")
    browser.post("/admin/surveys/hate-crime-victims/publish", data={})
    changed = _broken(lambda d: d["pages"][0]["questions"][0].update(type="text", max_length=50))
    del changed["pages"][0]["questions"][0]["scale"]
    del changed["pages"][1]["show_if"]
    page = _import(browser, changed)
    assert (
        "Page your-report, question kept_informed: Question key kept_informed was published as "
        "a different type of question: keep its type or give the question a new key"
    ) in page.error_summary()
