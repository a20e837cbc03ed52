"""The survey builder: admins make a survey from forms, try it, publish it; drafts never touch
published versions; everything is audit-logged; other roles cannot get in."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.services import builder
from models import AuditEvent, Response, Role, Survey, SurveyDraft, SurveyVersion, User, db
from tests.pages import Browser, Page
from tests.staff import signed_in

DETAILS = {
    "slug": "black-history-training",
    "title_en": "Learning from our Black History",
    "title_cy": "Dysgu o'n Hanes Du",
    "intro_en": "Tell us what you thought of the training.\n\nIt takes 2 minutes.",
    "intro_cy": "",
    "audience": "staff",
    "link_kind": "event",
    "equality": "yes",
}


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def build_training_survey(browser: Browser) -> None:
    """Through the builder's forms: two pages, a scale, a yes/no, a conditional free text."""
    browser.get("/admin/surveys/new")
    page = browser.post(data=DETAILS)
    assert page.url == "/admin/surveys/black-history-training", page.text()
    browser.get("/admin/surveys/black-history-training/pages/new")
    page = browser.post(
        data={"key": "the-session", "title_en": "The session", "title_cy": "Y sesiwn"}
    )
    assert page.h1 == "Add a question"
    page = browser.post(
        data={
            "text_en": "How useful was the session?",
            "text_cy": "Pa mor ddefnyddiol oedd y sesiwn?",
            "key": "useful",
            "type": "scale:useful4",
            "required": "yes",
        }
    )
    assert page.url == "/admin/surveys/black-history-training"
    browser.get("/admin/surveys/black-history-training/pages/the-session/questions/new")
    browser.post(
        data={
            "text_en": "Would you recommend it to a colleague?",
            "key": "recommend",
            "type": "choice",
            "options": "Yes | Byddwn\nNo | Na fyddwn\nNot sure | Ddim yn siŵr",
            "required": "no",
        }
    )
    browser.get("/admin/surveys/black-history-training/pages/new")
    page = browser.post(data={"key": "why-not", "title_en": "Why not"})
    page = browser.post(
        data={
            "text_en": "What would make it worth recommending?",
            "key": "improve",
            "type": "text",
            "max_length": "500",
            "required": "no",
            "condition": ["recommend=no", "recommend=not_sure"],
        }
    )
    assert page.url == "/admin/surveys/black-history-training", page.text()


def test_an_admin_builds_tries_and_publishes_a_survey(admin, browser: Browser):
    build_training_survey(browser)
    page = browser.get("/admin/surveys/black-history-training")
    assert "Learning from our Black History" in page.h1
    text = page.text()
    assert "How useful was the session?" in text
    assert (
        "Shown only to people who answered “Would you recommend it to a colleague?” "
        "with No or Not sure"
    ) in text
    draft = builder.get_draft("black-history-training")
    assert draft.source["pages"][1]["questions"][0]["show_if"] == {
        "question": "recommend",
        "in": ["no", "not_sure"],
    }

    # Try it: the respondent's own pages, and nothing kept.
    page = browser.get("/admin/surveys/black-history-training/try")
    assert "Your answers are not kept" in page.text()
    page = browser.get("/admin/surveys/black-history-training/try/the-session")
    assert page.legends()[:2] == [
        "How useful was the session?",  # required
        "Would you recommend it to a colleague? (optional)",
    ]
    page = browser.post(data={"useful": "very_useful", "recommend": "yes"})
    # "yes" hides the why-not page: next come the equality questions.
    assert page.url == "/admin/surveys/black-history-training/try/ethnic-group"
    page = browser.get("/admin/surveys/black-history-training/try/check")
    assert "What would make it worth recommending?" not in page.text()
    page = browser.post(data={})
    assert page.h1 == "Test finished: your answers were not kept"
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0
    assert get_survey_or_none("black-history-training") is None

    page = publish_from_page(browser, "black-history-training")
    assert "Version 1 is published" in page.text()
    survey = get_survey_or_none("black-history-training")
    version = survey.current_version
    assert version.number == 1
    titles = [p["key"] for p in version.definition["pages"]]
    assert titles[:2] == ["the-session", "why-not"] and "ethnic-group" in titles
    assert builder.get_draft("black-history-training") is None
    actions = db.session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.target == "black-history-training")
        .order_by(AuditEvent.occurred_at, AuditEvent.id)
    ).all()
    assert actions[0] == "survey.draft_create"
    assert actions.count("survey.edit") == 5
    assert actions[-1] == "survey.publish"


def open_publish(browser: Browser, slug: str) -> Page:
    """Follow the Publish button on the draft's page, as an admin would: it asks first."""
    page = browser.get(f"/admin/surveys/{slug}")
    button = next(
        a for a in page.soup.select("a.govuk-button") if a.get_text(strip=True) == "Publish"
    )
    return browser.get(button["href"])


def publish_from_page(browser: Browser, slug: str) -> Page:
    """Publish the draft through its page and the confirmation, as an admin would."""
    page = open_publish(browser, slug)
    assert page.h1.startswith("Are you sure you want to publish version"), page.h1
    return browser.post(f"/admin/surveys/{slug}/publish", data={})


def get_survey_or_none(slug: str) -> Survey | None:
    return db.session.scalar(select(Survey).where(Survey.slug == slug))


def test_changing_a_published_survey_makes_a_new_version_and_keeps_the_old(admin, browser: Browser):
    build_training_survey(browser)
    browser.post("/admin/surveys/black-history-training/publish", data={})
    first = get_survey_or_none("black-history-training").current_version
    first_definition = dict(first.definition)

    browser.get("/admin/surveys/black-history-training")
    browser.post("/admin/surveys/black-history-training/edit", data={})
    browser.get("/admin/surveys/black-history-training/pages/the-session/questions/useful")
    page = browser.post(
        data={
            "text_en": "How useful was today's session?",
            "key": "useful",
            "type": "scale:useful4",
            "required": "yes",
        }
    )
    assert page.url == "/admin/surveys/black-history-training"
    db.session.expire_all()
    assert first.definition == first_definition
    browser.post("/admin/surveys/black-history-training/publish", data={})
    versions = db.session.scalars(
        select(SurveyVersion)
        .join(Survey)
        .where(Survey.slug == "black-history-training")
        .order_by(SurveyVersion.number)
    ).all()
    assert [v.number for v in versions] == [1, 2]
    texts = [v.definition["pages"][0]["questions"][0]["text"]["en"] for v in versions]
    assert texts == ["How useful was the session?", "How useful was today's session?"]


def test_built_in_surveys_are_exported_not_edited_here(admin, browser: Browser):
    page = browser.get("/admin/surveys/stop-search")
    assert "Make changes" not in page.text()
    browser.get("/admin/surveys/new")  # a page with a form, for its CSRF token
    page = browser.post("/admin/surveys/stop-search/edit", data={})
    assert "Built-in surveys change through their definition files" in page.text()
    assert db.session.scalar(select(func.count()).select_from(SurveyDraft)) == 0


def test_publishing_an_unfinished_draft_lists_what_to_put_right(admin, browser: Browser):
    browser.get("/admin/surveys/new")
    browser.post(data=DETAILS)
    browser.get("/admin/surveys/black-history-training/pages/new")
    browser.post(data={"key": "empty-page", "title_en": "Nothing here"})
    page = open_publish(browser, "black-history-training")
    assert page.status == 400
    assert page.title.startswith("Error:")
    assert page.error_summary() == [
        "Page \u201cNothing here\u201d: Add at least one question to this page"
    ]
    link = page.soup.select_one(".govuk-error-summary li a")["href"]
    assert link == "/admin/surveys/black-history-training/pages/empty-page#questions"
    assert get_survey_or_none("black-history-training") is None


def test_trying_a_draft_that_is_not_ready_says_what_to_do_before_trying_it(admin, browser: Browser):
    """A new draft has never been published: the list of problems does not say "again"."""
    browser.get("/admin/surveys/new")
    browser.post(data=DETAILS)
    page = browser.get("/admin/surveys/black-history-training/try")
    assert page.status == 400 and page.url == "/admin/surveys/black-history-training"
    summary = page.soup.select_one(".govuk-error-summary")
    assert summary.select_one("h2").get_text(strip=True) == (
        "This draft cannot be tried or published yet"
    )
    said = summary.get_text(" ", strip=True)
    assert "again" not in said and "links to where to change it" in said
    assert page.error_summary() == ["Add at least one page of questions"]


def test_builder_forms_show_gov_uk_errors_and_keep_what_was_typed(admin, browser: Browser):
    browser.get("/admin/surveys/new")
    page = browser.post(data={**DETAILS, "slug": "Has Spaces", "title_en": ""})
    assert page.status == 400
    assert page.error_summary() == [
        "Short name must be 3 to 64 lowercase letters, numbers and hyphens, starting with a letter",
        "Enter the survey's title in English",
    ]
    assert page.soup.select_one("textarea[name=intro_en]").get_text().startswith("Tell us")

    page = browser.post(data={**DETAILS, "slug": "stop-search"})
    assert page.error_summary() == [
        "There is already a survey called stop-search: choose another short name"
    ]

    browser.post(data=DETAILS)
    browser.get("/admin/surveys/black-history-training/pages/new")
    browser.post(data={"key": "p1", "title_en": "One"})
    page = browser.post(
        data={"text_en": "Pick", "key": "pick", "type": "choice", "options": "Only one"}
    )
    assert page.status == 400
    assert "Enter at least 2 options, one a line" in page.error_summary()
    assert "Select whether it must be answered" in page.error_summary()


def test_a_free_text_question_asking_for_contact_details_is_refused(admin, browser: Browser):
    browser.get("/admin/surveys/new")
    browser.post(data=DETAILS)
    browser.get("/admin/surveys/black-history-training/pages/new")
    browser.post(data={"key": "p1", "title_en": "One"})
    browser.post(
        data={
            "text_en": "What is your email address, so we can reply?",
            "key": "reply_to",
            "type": "text",
            "required": "no",
        }
    )
    page = open_publish(browser, "black-history-training")
    assert page.error_summary() == [
        "Page \u201cOne\u201d, question \u201cWhat is your email address, so we can reply?\u201d: "
        "A free-text question must not ask for names or contact details (such as an email "
        "address, phone number or address): answers are anonymous"
    ]
    href = page.soup.select_one(".govuk-error-summary li a")["href"]
    assert href == "/admin/surveys/black-history-training/pages/p1/questions/reply_to#text_en"


@pytest.mark.parametrize("role", [Role.OFFICER, Role.ANALYST])
def test_only_admins_can_use_the_builder(client: FlaskClient, role: Role):
    signed_in(client, role)
    for url in ("/admin/surveys/", "/admin/surveys/new", "/admin/surveys/stop-search"):
        assert client.get(url).status_code == 403
    assert client.get("/admin/surveys/stop-search/export.json").status_code == 403


def test_admin_navigation_has_surveys(admin, browser: Browser):
    page = browser.get("/admin/users")
    links = [a.get_text().strip() for a in page.soup.select(".govuk-service-navigation__link")]
    assert "Surveys" in links


def test_a_draft_s_details_open_filled_in_and_save_a_change(admin, browser: Browser):
    browser.get("/admin/surveys/new")
    browser.post(data=DETAILS)
    page = browser.get("/admin/surveys/black-history-training/details")
    assert page.status == 200 and page.h1 == "Survey details"
    assert page.soup.select_one("input[name=title_en]")["value"] == DETAILS["title_en"]
    assert page.soup.select_one("textarea[name=intro_en]").get_text().startswith("Tell us")
    assert page.checked("audience") == ["staff"]
    assert page.checked("link_kind") == ["event"]
    assert page.soup.select_one("input[name=slug]") is None  # the short name cannot change

    page = browser.post(data={**DETAILS, "title_en": "Black History Month training"})
    assert page.url == "/admin/surveys/black-history-training"
    assert page.h1 == "Black History Month training"
    draft = db.session.scalars(select(SurveyDraft)).one()
    db.session.refresh(draft)
    assert draft.source["title"]["en"] == "Black History Month training"
    assert draft.source["slug"] == "black-history-training"
