"""Each survey answered start to finish in a real Chromium on a 360 x 740 phone screen, with
axe-core checking every page on the way; and the stop-search survey again with JavaScript off.

Playwright's auto-waiting does all the synchronising: every step waits for the URL or element
it expects, never for a fixed time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from models import Response, db, today
from tests.browser.accessibility import AccessibilityLog
from tests.factories import create_link, expire

pytestmark = pytest.mark.browser

EQUALITY_QUESTIONS = {
    "ethnic_group",
    "ethnicity",
    "age_band",
    "sex",
    "religion",
    "long_term_condition",
    "activity_limited",
    "gender_identity",
    "sexual_orientation",
}
Choice = str | list[str]


@dataclass
class Plan:
    """How one respondent answers one survey."""

    survey: str
    heading: str
    # Page key -> the answers given on it, in the order the pages must appear.
    pages: dict[str, dict[str, Choice]]
    # One page is first sent with these answers and must come back with this error.
    error_page: str
    bad_answers: dict[str, Choice]
    error: str
    # What the stored response's equality columns must say.
    equality: dict[str, str]
    shown_on_check: list[str] = field(default_factory=list)
    shown_on_start: list[str] = field(default_factory=list)
    shown_when_done: list[str] = field(default_factory=list)
    link_options: dict = field(default_factory=dict)


STOP_SEARCH = Plan(
    survey="stop-search",
    heading="Stop and search: tell us how it went",
    pages={
        "what-you-were-told": {"told_grounds": "yes", "told_object": "no", "told_record": "yes"},
        "during-the-search": {"bwv_on": "yes", "handcuffed": "no"},
        "how-you-were-treated": {"respect": "agree", "fair": "agree", "satisfaction": "satisfied"},
        "in-your-own-words": {"went_well": "Polite and quick.", "improve": "Explain the law."},
        "community-panel": {"scrutiny_interest": "no"},
        "ethnic-group": {"ethnic_group": "black"},
        "ethnic-background": {"ethnicity": "black_african"},
        "about-you": {"age_band": "25_34", "sex": "female"},
        "health": {"long_term_condition": "no"},
        "identity": {"sexual_orientation": "prefer_not_to_say"},
    },
    error_page="how-you-were-treated",
    bad_answers={"respect": "agree"},
    error="Select how satisfied you are with how you were treated",
    equality={
        "ethnic_group": "black",
        "ethnicity": "black_african",
        "age_band": "25_34",
        "sex": "female",
        "religion": "not_stated",
        "disability": "not_disabled",
        "gender_identity": "not_stated",
        "sexual_orientation": "not_stated",
    },
    shown_on_check=["Satisfied", "Polite and quick.", "African"],
    shown_on_start=["Demoshire Police", "This is not a complaint"],
)

LISTENING_SESSION = Plan(
    survey="listening-session",
    heading="Community listening session feedback",
    pages={
        "todays-session": {"listened_to": "strongly_agree", "useful": "fairly_useful"},
        "trust": {"trust_before": "some", "trust_after": "a_fair_amount"},
        "your-community": {"top_issues": "Speeding on the high street.", "do_differently": ""},
        "what-next": {"attend_again": "yes", "hear_back": "yes"},
        "ethnic-group": {"ethnic_group": "mixed"},
        "ethnic-background": {"ethnicity": "mixed_white_asian"},
        "about-you": {"age_band": "under_18"},
        "health": {"long_term_condition": "prefer_not_to_say"},
    },
    error_page="your-community",
    bad_answers={"top_issues": "x" * 2001},
    error="Your answer to “What are the biggest issues for you and your community?” must be "
    "2,000 characters or fewer",
    equality={
        "ethnic_group": "mixed",
        "ethnicity": "mixed_white_asian",
        "age_band": "under_18",
        "disability": "not_stated",
        "gender_identity": "not_asked",
        "sexual_orientation": "not_asked",
    },
    shown_on_check=["Speeding on the high street.", "White and Asian"],
    shown_on_start=["Riverside community listening session"],
    shown_when_done=["what we did about it on our “You said, we did” page (opens in new tab)."],
    link_options={"event_name": "Riverside community listening session"},
)

SAY_TO_STAY = Plan(
    survey="say-to-stay",
    heading="Say to Stay: thinking of leaving?",
    pages={
        "about-your-role": {"role": "police_staff", "stage": "thinking"},
        "reasons": {"reasons": ["workload", "leadership"], "main_reason": "leadership"},
        "at-work": {"valued": "disagree", "discrimination": "prefer_not_to_say"},
        "in-your-own-words": {"stay_factor": "Fewer night shifts.", "anything_else": ""},
        "a-conversation": {"conversation": "yes"},
        "ethnic-group": {"ethnic_group": "asian"},
        "ethnic-background": {"ethnicity": "asian_bangladeshi"},
        "about-you": {"age_band": "35_44", "religion": "muslim"},
        "health": {"long_term_condition": "yes"},
        "health-impact": {"activity_limited": "a_little"},
        "identity": {"gender_identity": "yes"},
    },
    error_page="about-your-role",
    bad_answers={"stage": "thinking"},
    error="Select your role",
    equality={
        "ethnic_group": "asian",
        "ethnicity": "asian_bangladeshi",
        "age_band": "35_44",
        "religion": "muslim",
        "disability": "disabled_a_little",
        "gender_identity": "yes",
        "sexual_orientation": "not_stated",
    },
    shown_on_check=["Workload and demand, Leadership and line management", "Bangladeshi"],
    shown_when_done=["saytostay@example.org"],
)


def give(page: Page, answers: dict[str, Choice]) -> None:
    for key, value in answers.items():
        textarea = page.locator(f"textarea[name='{key}']")
        if textarea.count():
            textarea.fill(value)
            continue
        for choice in value if isinstance(value, list) else [value]:
            page.locator(f"input[name='{key}'][value='{choice}']").check()


def on_page(page: Page, token: str, key: str) -> None:
    expect(page).to_have_url(re.compile(rf"/r/{token}/{re.escape(key)}$"))


def continue_(page: Page) -> None:
    page.get_by_role("button", name="Continue").click()


def answer_survey(page: Page, plan: Plan, token: str, axe: AccessibilityLog | None) -> str:
    """Start to confirmation; returns the withdrawal code shown."""

    def scan(name: str) -> None:
        if axe is not None:
            axe.scan(name)

    page.goto(f"/r/{token}")
    expect(page.get_by_role("heading", level=1)).to_have_text(plan.heading)
    for shown in plan.shown_on_start:
        expect(page.get_by_role("main")).to_contain_text(shown)
    scan("start")
    page.get_by_role("button", name="Start now").click()

    for key, answers in plan.pages.items():
        on_page(page, token, key)
        scan(key)
        if key == plan.error_page:
            give(page, plan.bad_answers)
            continue_(page)
            on_page(page, token, key)
            summary = page.locator(".govuk-error-summary")
            expect(summary).to_contain_text(plan.error)
            expect(page).to_have_title(re.compile(r"^Error: "))
            scan(f"{key} (with an error)")
        give(page, answers)
        continue_(page)

    on_page(page, token, "check")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending them"
    )
    for shown in plan.shown_on_check:
        expect(page.get_by_role("main")).to_contain_text(shown)
    scan("check answers")
    page.get_by_role("button", name="Send answers").click()

    on_page(page, token, "done")
    expect(page.locator(".govuk-panel__title")).to_have_text(
        "Thank you, your answers have been sent"
    )
    scan("confirmation")
    code = page.locator("#withdrawal-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code), code
    return code


def withdraw(page: Page, code: str, axe: AccessibilityLog | None) -> None:
    """From the confirmation page, whose links open a new tab so that the code stays on it."""
    with page.expect_popup() as opened:
        page.get_by_role("main").get_by_role(
            "link", name="Withdraw your answers (opens in new tab)"
        ).click()
    tab = opened.value
    expect(tab).to_have_url(re.compile(r"/withdraw$"))
    expect(page.locator("#withdrawal-code")).to_have_text(code)  # still there to copy
    confirmation = axe.page if axe else None
    if axe:
        axe.page = tab
        axe.scan("withdraw")
    tab.get_by_label("Withdrawal code").fill(code)
    tab.get_by_role("button", name="Withdraw my answers").click()
    expect(tab.locator(".govuk-panel__title")).to_have_text("Your answers have been withdrawn")
    if axe:
        axe.scan("withdrawn")
        axe.page = confirmation
    tab.close()


def stored_responses(slug: str) -> list[Response]:
    db.session.rollback()  # end any snapshot: the live server wrote through its own connection
    return [
        response
        for response in db.session.scalars(select(Response))
        if response.survey_version.survey.slug == slug
    ]


def assert_stored_as_given(response: Response, plan: Plan) -> None:
    given = [
        (key, value)
        for key, answers in ((k, a) for page in plan.pages.values() for k, a in page.items())
        for value in (answers if isinstance(answers, list) else [answers])
        if value and key not in EQUALITY_QUESTIONS
    ]
    stored = [(a.question_key, a.value) for a in response.answers]
    stored += [(t.question_key, t.text) for t in response.text_answers]
    assert sorted(stored) == sorted(given)
    for column, value in plan.equality.items():
        assert getattr(response, column) == value, column


@pytest.mark.parametrize(
    "plan", [STOP_SEARCH, LISTENING_SESSION, SAY_TO_STAY], ids=lambda plan: plan.survey
)
def test_phone_completes_the_survey_and_withdraws_with_no_accessibility_violations(phone, plan):
    token = create_link(plan.survey, **plan.link_options).token
    axe = AccessibilityLog(phone)
    refused: list[str] = []  # what the Content-Security-Policy blocked ("Refused to …")
    phone.on(
        "console", lambda message: "Refused to" in message.text and refused.append(message.text)
    )

    code = answer_survey(phone, plan, token, axe)
    expect(phone.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    assert refused == []
    for shown in plan.shown_when_done:
        expect(phone.get_by_role("main")).to_contain_text(shown)
    [response] = stored_responses(plan.survey)
    assert_stored_as_given(response, plan)

    withdraw(phone, code, axe)
    assert stored_responses(plan.survey) == []

    unknown = phone.goto("/r/notarealtoken")
    assert unknown is not None and unknown.status == 404
    expect(phone.get_by_role("heading", level=1)).to_have_text("We cannot find that survey link")
    axe.scan("unknown link")

    # start, every question page, the error state, check, confirmation, withdraw, withdrawn,
    # unknown link
    assert len(axe.scanned) == len(plan.pages) + 7
    axe.assert_clean()


def test_stop_search_journey_works_with_javascript_off(phone_without_javascript):
    page = phone_without_javascript
    token = create_link("stop-search").token

    code = answer_survey(page, STOP_SEARCH, token, axe=None)

    # static/js-enabled.js marks the body when scripts run; here none did.
    assert page.locator("body.govuk-frontend-supported").count() == 0
    [response] = stored_responses("stop-search")
    assert_stored_as_given(response, STOP_SEARCH)
    withdraw(page, code, axe=None)
    assert stored_responses("stop-search") == []


def test_pages_off_the_journey_have_no_accessibility_violations(phone):
    """The pages a respondent reaches when a link cannot be answered, and the footer pages."""
    axe = AccessibilityLog(phone)
    used = create_link("stop-search")
    expired = expire(create_link("stop-search"))
    used.used_on = today()
    db.session.commit()
    pages = [
        (f"/r/{used.token}", 410, "This link has already been used"),
        (f"/r/{expired.token}", 410, "This survey has closed"),
        ("/r", 200, "Enter the code from your card"),
        ("/privacy", 200, "How we use your answers"),
        ("/accessibility", 200, "Accessibility"),
        ("/about/scrutiny-panel?lang=cy", 200, "Panel craffu stopio a chwilio"),
        ("/about/scrutiny-panel?lang=en", 200, "Stop and search scrutiny panel"),
        ("/no-such-page", 404, "Page not found"),
        ("/no-such-page?lang=cy", 404, "Heb ddod o hyd i'r dudalen"),
    ]
    for path, status, heading in pages:
        response = phone.goto(path)
        assert response is not None and response.status == status, path
        expect(phone.get_by_role("heading", level=1)).to_have_text(heading)
        axe.scan(path)
    # Named as the public pages are, in Welsh, with the staff sign-in link last in the footer.
    expect(phone).to_have_title("Heb ddod o hyd i'r dudalen – Adborth Demoshire Police")
    expect(phone.locator("footer li").last).to_have_text("Mewngofnodi i staff")
    phone.goto("/r?lang=en")
    phone.locator("footer").get_by_role("link", name="Staff sign in").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Sign in to Listening Post")
    phone.goto("/r")
    phone.get_by_label("Enter the code from your card").fill("ABCD-EFGH-JKMN-PQRS-TVWX-YZ " * 4)
    phone.get_by_role("button", name="Continue").click()
    expect(phone.locator(".govuk-error-summary")).to_contain_text(
        "Code must be 80 characters or fewer"
    )
    axe.scan("/r (with a code too long)")
    phone.goto("/r")
    phone.get_by_role("button", name="Continue").click()
    expect(phone.locator(".govuk-error-summary")).to_contain_text("Enter the code")
    axe.scan("/r (with an error)")
    axe.assert_clean()
