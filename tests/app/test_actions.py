"""You said, we did: analysts record, change and publish actions; the public pages show the
published ones by area and theme, in English and Welsh, to anyone, without signing in."""

from __future__ import annotations

import pytest
from flask import url_for
from sqlalchemy import select

from models import Action, ActionStatus, AuditEvent, Role, db
from tests.factories import create_area
from tests.pages import Browser
from tests.staff import forget_request_state, signed_in

NEW = "/results/stop-search/actions/new"


@pytest.fixture
def analyst(client):
    return signed_in(client, Role.ANALYST)


def record(browser: Browser, **fields) -> Action:
    browser.get(NEW)
    data = {
        "you_said": "Officers did not explain why they were searching people.",
        "we_did": "Every officer in the area has had a refresher on explaining the grounds.",
        "theme": "Explanation of grounds",
        "area": "north",
        "status": "done",
        **fields,
    }
    page = browser.post(data=data)
    assert page.status == 200, page.text()
    return db.session.scalars(select(Action).order_by(Action.id.desc())).first()


def publish(browser: Browser, action: Action, published: bool = True):
    browser.get("/results/stop-search/actions")
    verb = "publish" if published else "unpublish"
    return browser.post(f"/results/stop-search/actions/{action.public_id}/{verb}")


def test_an_analyst_records_an_action_which_stays_private_until_published(analyst, browser):
    create_area("north", "North District")
    action = record(browser)
    assert action.status is ActionStatus.DONE
    assert action.theme == "Explanation of grounds"
    assert action.area.code == "north"
    assert action.published is False
    assert action.created_by_id == analyst.id
    assert "It is not public until you publish it" in browser.page.text()

    listed = browser.get("/results/stop-search/actions")
    assert "Officers did not explain why" in listed.text()
    assert "Not published" in listed.text()
    public = browser.get("/you-said-we-did/north")
    assert "Officers did not explain why" not in public.text()
    assert "North District" not in browser.get("/you-said-we-did").text()

    page = publish(browser, action)
    assert "now on the public You said, we did page, for North District." in page.text()
    public = browser.get("/you-said-we-did/north")
    assert public.status == 200
    assert "Officers did not explain why" in public.text()
    assert "Every officer in the area has had a refresher" in public.text()
    index = browser.get("/you-said-we-did")
    assert index.soup.select_one("a[href='/you-said-we-did/north']").get_text() == "North District"

    publish(browser, action, published=False)
    assert "Officers did not explain why" not in browser.get("/you-said-we-did/north").text()
    db.session.refresh(action)
    assert action.published is False


def test_after_saving_a_new_action_the_list_with_its_publish_button_is_shown(analyst, browser):
    create_area("north", "North District")
    action = record(browser)
    page = browser.page
    assert page.url == "/results/stop-search/actions"
    banner = page.soup.select_one(".govuk-notification-banner--success")
    assert " ".join(banner.get_text().split()) == (
        "Success The action has been saved. It is not public until you publish it."
    )
    publish_form = page.soup.select_one(
        f"form[action='/results/stop-search/actions/{action.public_id}/publish']"
    )
    # "Publish" is what is seen; which action it publishes is said to screen readers.
    hidden = publish_form.button.select_one(".govuk-visually-hidden").extract()
    assert publish_form.button.get_text(strip=True) == "Publish"
    assert hidden.get_text() == " this action: Explanation of grounds · North District"


def test_a_surveys_actions_page_says_what_it_is_for_and_links_to_the_public_page(
    app, analyst, browser
):
    page = browser.get("/results/stop-search/actions")
    intro = page.soup.select_one("#actions-intro")
    said = intro.get_text(" ")
    assert app.config["FORCE_NAME"] in said
    assert "seen only by staff until you publish it" in said
    public = browser.get(intro.select_one("a")["href"])
    assert public.status == 200 and public.h1 == "You said, we did"


def test_the_public_page_groups_actions_by_theme_with_their_status(analyst, browser):
    create_area("north", "North District")
    create_area("south", "South District")
    first = record(browser, you_said="Nobody said why.", status="planned")
    second = record(browser, theme="Respect and manner", you_said="They were rude.")
    third = record(browser, theme="", you_said="Open more often.", status="in_progress")
    elsewhere = record(browser, area="south", you_said="Only in the south.")
    for action in (first, second, third, elsewhere):
        publish(browser, action)

    page = browser.get("/you-said-we-did/north")
    headings = [h.get_text(strip=True) for h in page.soup.select("main h2.govuk-heading-m")]
    assert headings == ["Explanation of grounds", "Respect and manner", "Other things you told us"]
    cards = page.soup.select(".govuk-summary-card")
    assert [c.select_one(".govuk-summary-card__title").get_text(strip=True) for c in cards] == [
        "Planned",
        "Done",
        "In progress",
    ]
    assert "What we will do" in cards[0].get_text()
    assert "What we did" in cards[1].get_text()
    assert "What we are doing" in cards[2].get_text()
    assert "Stop and search feedback" in cards[0].get_text()
    assert "Only in the south." not in page.text()


def test_force_wide_actions_are_on_the_public_index(analyst, browser):
    action = record(browser, area="", you_said="Say why, every time.")
    assert action.area_id is None
    assert "Say why, every time." not in browser.get("/you-said-we-did").text()
    publish(browser, action)
    page = browser.get("/you-said-we-did")
    assert "Across the force" in page.text()
    assert "Say why, every time." in page.text()


def test_an_analyst_changes_an_action_and_a_published_one_changes_in_public(analyst, browser):
    create_area("north", "North District")
    action = record(browser, status="in_progress")
    publish(browser, action)
    edit = f"/results/stop-search/actions/{action.public_id}"
    page = browser.get(edit)
    assert page.textarea("we_did").strip().startswith("Every officer in the area")
    assert page.checked("status") == ["in_progress"]
    page = browser.post(
        data={
            "you_said": "Officers did not explain.",
            "we_did": "Refresher training finished in March.",
            "theme": "Explanation of grounds",
            "area": "north",
            "status": "done",
        }
    )
    assert "The public page shows the change" in page.text()
    public = browser.get("/you-said-we-did/north")
    assert "Refresher training finished in March." in public.text()
    assert public.soup.select_one(".govuk-summary-card__title").get_text(strip=True) == "Done"


def test_an_action_needs_what_people_said_and_what_was_done(analyst, browser):
    browser.get(NEW)
    page = browser.post(data={"you_said": "  ", "we_did": "", "status": ""})
    assert page.status == 400
    assert page.title.startswith("Error: ")
    assert page.error_summary() == [
        "Enter what people said",
        "Enter what the force did or will do",
        "Select how far the action has got",
    ]
    assert db.session.scalar(select(Action)) is None


def test_an_action_theme_and_area_must_come_from_the_lists(analyst, browser):
    browser.get(NEW)
    page = browser.post(
        data={"you_said": "x", "we_did": "y", "status": "done", "theme": "Made up", "area": ""}
    )
    assert page.status == 400
    assert page.error_summary() == ["Select a theme from the list"]
    page = browser.post(data={"you_said": "x", "we_did": "y", "status": "done", "area": "nowhere"})
    assert page.error_summary() == ["Select an area from the list"]
    assert db.session.scalar(select(Action)) is None


def test_creating_and_publishing_are_in_the_audit_log(analyst, browser):
    create_area("north", "North District")
    action = record(browser)
    publish(browser, action)
    publish(browser, action, published=False)
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action.like("action.%")).order_by(AuditEvent.id)
    ).all()
    assert [(e.action, e.target, e.actor) for e in events] == [
        ("action.create", action.public_id, analyst.email),
        ("action.publish", action.public_id, analyst.email),
        ("action.unpublish", action.public_id, analyst.email),
    ]


def test_the_public_page_is_in_welsh(client, browser):
    analyst_client = client.application.test_client()
    signed_in(analyst_client, Role.ANALYST)
    create_area("north", "North District")
    staff = Browser(analyst_client)
    action = record(staff)
    publish(staff, action)

    forget_request_state()
    page = browser.get("/you-said-we-did/north?lang=cy")
    assert page.soup.html["lang"] == "cy"
    assert page.h1 == "North District"
    text = page.text()
    assert "Dywedoch chi, gwnaethom ni" in text
    assert "Beth ddywedoch chi" in text
    assert "Wedi'i wneud" in text
    assert "Adborth ar stopio a chwilio" in text
    assert "What you said" not in text
    assert browser.get("/you-said-we-did").soup.html["lang"] == "cy"  # remembered
    english = browser.get("/you-said-we-did/north?lang=en")
    assert "What you said" in english.text()


def test_anyone_can_read_the_public_pages_without_signing_in(client):
    create_area("north", "North District")
    assert client.get("/you-said-we-did").status_code == 200
    assert client.get("/you-said-we-did/north").status_code == 200
    assert client.get("/you-said-we-did/nowhere").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/results/actions",
        "/results/stop-search/actions",
        "/results/stop-search/actions/new",
    ],
)
def test_officers_and_signed_out_people_cannot_manage_actions(app, url):
    anonymous = app.test_client()
    response = anonymous.get(url)
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]
    officer = app.test_client()
    signed_in(officer, Role.OFFICER)
    assert officer.get(url).status_code == 403
    forget_request_state()
    admin = app.test_client()
    signed_in(admin, Role.ADMIN)
    assert admin.get(url).status_code == 200


def test_an_officer_cannot_publish_an_action(app, analyst, browser):
    create_area("north", "North District")
    action = record(browser)
    forget_request_state()
    officer = Browser(app.test_client())
    signed_in(officer.client, Role.OFFICER)
    officer.get("/account/password")
    page = officer.post(f"/results/stop-search/actions/{action.public_id}/publish")
    assert page.status == 403
    db.session.refresh(action)
    assert action.published is False


def test_unknown_surveys_and_actions_are_not_found(analyst, client):
    assert client.get("/results/nope/actions").status_code == 404
    assert client.get("/results/stop-search/actions/not-an-action").status_code == 404


def test_everyone_who_answers_is_pointed_at_the_public_page(app, client, analyst, browser):
    with app.test_request_context():
        assert app.config["RESULTS_PUBLISHED_URL"] == url_for("you_said_we_did.index")
    assert client.get(app.config["RESULTS_PUBLISHED_URL"]).status_code == 200
    # And the analysts' page says so, of every survey, not of the listening session alone.
    said = browser.get("/results/actions").soup.select_one("main p").get_text(" ", strip=True)
    assert "Everyone who answers a survey is pointed there when they send their answers." in said


def test_staff_navigation_leads_to_coding_and_actions(analyst, browser):
    page = browser.get("/results/actions")
    links = {
        a.get_text(strip=True): a["href"] for a in page.soup.select(".govuk-service-navigation a")
    }
    assert links["You said, we did"] == "/results/actions"
    assert links["Coding"] == "/results/coding"
