"""Every staff page a step below its section's main page has a GOV.UK back link to its parent,
for each role: the page it belongs under, or the page that sent the person there when it can be
reached from two (``next``, a path on this site only). A section's main page, in the
navigation, has none. Retention, once found only by scrolling down the Users page, is a page of
the admin's navigation."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient

from app.services import actions, api_tokens, builder, coding, surveys, taxonomy, users
from app.services.links import create_links
from models import Role, Scope, User, db
from tests.app.coding_helpers import add_answers
from tests.factories import create_area, create_link
from tests.pages import Browser, Page
from tests.staff import create_user, forget_request_state, sign_in, signed_in

DRAFT = "back-links-draft"
# Where a "next" might try to send someone: another site, however it is spelt.
OFF_SITE = [
    "https://evil.example/admin",
    "//evil.example/admin",
    "/\\evil.example",
    "javascript:alert(1)",
]


def back_link(page: Page) -> str | None:
    link = page.soup.select_one("a.govuk-back-link")
    return link["href"] if link is not None else None


def back_links(browser: Browser, urls: list[str]) -> dict[str, str | None]:
    """Each page's back link, by the page's address."""
    found = {}
    for url in urls:
        page = browser.get(url)
        assert page.status == 200, url
        found[url] = back_link(page)
    return found


def active_section(page: Page) -> str | None:
    """The navigation item marked as the section the page is in."""
    item = page.soup.select_one(".govuk-service-navigation__item--active")
    return item.get_text(strip=True) if item is not None else None


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


# Administrators


def test_each_admin_sub_page_goes_back_to_its_parent(admin, browser: Browser):
    create_area("north", "North District")
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    left = create_user(Role.OFFICER, "pc.left@example.org")
    users.deactivate(left, admin)
    token = api_tokens.create_token("Force website", [Scope.LINKS_READ]).token
    db.session.commit()
    user_page = f"/admin/users/{officer.public_id}"

    assert back_links(
        browser,
        [
            "/admin/users/new",
            user_page,
            f"{user_page}/role",
            f"{user_page}/deactivate",
            f"{user_page}/reset-password",
            f"/admin/users/{left.public_id}/reactivate",
            "/admin/areas/new",
            "/admin/areas/north",
            "/admin/tokens/new",
            f"/admin/tokens/{token.public_id}/revoke",
        ],
    ) == {
        "/admin/users/new": "/admin/users",
        user_page: "/admin/users",
        f"{user_page}/role": user_page,
        f"{user_page}/deactivate": user_page,
        f"{user_page}/reset-password": user_page,
        f"/admin/users/{left.public_id}/reactivate": f"/admin/users/{left.public_id}",
        "/admin/areas/new": "/admin/areas",
        "/admin/areas/north": "/admin/areas",
        "/admin/tokens/new": "/admin/tokens",
        f"/admin/tokens/{token.public_id}/revoke": "/admin/tokens",
    }


def test_resetting_two_factor_goes_back_to_the_user(admin, browser: Browser):
    analyst = create_user(Role.ANALYST, "analyst@example.org")
    url = f"/admin/users/{analyst.public_id}/reset-two-factor"
    assert back_links(browser, [url]) == {url: f"/admin/users/{analyst.public_id}"}


def test_the_pages_of_the_admin_navigation_have_no_back_link(admin, browser: Browser):
    pages = [
        "/admin/users",
        "/admin/areas",
        "/admin/tokens",
        "/admin/surveys/",
        "/admin/offered-and-answered",
        "/admin/disclosure-thresholds",
        "/admin/retention",
        "/admin/audit",
        "/account",
    ]
    assert back_links(browser, pages) == dict.fromkeys(pages)


def test_retention_is_a_page_of_the_admin_navigation(admin, browser: Browser):
    page = browser.get("/admin/users")
    item = page.soup.select_one(".govuk-service-navigation__item a[href='/admin/retention']")
    assert item.get_text(strip=True) == "Retention"
    # The Users page links to it under its service settings, beside the disclosure thresholds.
    assert page.soup.select_one("#retention a")["href"] == "/admin/retention"
    assert not page.soup.select("#retention-status")

    page = browser.get("/admin/retention")

    assert page.h1 == "Retention"
    assert active_section(page) == "Retention"
    assert page.soup.select_one(".govuk-service-navigation__item--active a")["aria-current"] == (
        "page"
    )
    rows = [dt.get_text(strip=True) for dt in page.soup.select("#retention-status dt")]
    assert rows[0] == "Kept for"


def test_an_analyst_has_no_retention_page(client: FlaskClient, browser: Browser):
    signed_in(client, Role.ANALYST)
    page = browser.get("/results/")
    assert not page.soup.select(".govuk-service-navigation a[href='/admin/retention']")
    assert browser.get("/admin/retention").status == 403


def test_revoking_a_token_from_a_user_s_page_goes_back_to_that_page(admin, browser: Browser):
    token = api_tokens.create_token("Force website", [Scope.LINKS_READ], admin).token
    db.session.commit()
    user_page = f"/admin/users/{admin.public_id}"

    page = browser.get(user_page)
    revoke = page.soup.select_one("#working-tokens ~ div a[href*='/revoke']")["href"]
    page = browser.get(revoke)

    assert page.url == f"/admin/tokens/{token.public_id}/revoke"
    assert back_link(page) == user_page
    cancel = [a["href"] for a in page.soup.select(".govuk-button-group a") if a.text == "Cancel"]
    assert cancel == [user_page]
    # Revoking it there goes back there too, the token listed as revoked.
    page = browser.post(revoke)
    assert page.url == user_page
    assert f"The token {token.name} has been revoked" in page.text()
    # From API tokens, the list of every token, it goes back there.
    other = api_tokens.create_token("Force intranet", [Scope.LINKS_READ], admin).token
    db.session.commit()
    page = browser.get("/admin/tokens")
    page = browser.get(page.soup.select_one(f"a[href$='{other.public_id}/revoke']")["href"])
    assert page.url == f"/admin/tokens/{other.public_id}/revoke"
    assert back_link(page) == "/admin/tokens"
    assert browser.post().url == "/admin/tokens"


@pytest.mark.parametrize("elsewhere", OFF_SITE)
def test_a_next_off_the_site_is_ignored(admin, browser: Browser, elsewhere: str):
    token = api_tokens.create_token("Force website", [Scope.LINKS_READ]).token
    db.session.commit()
    page = browser.client.get(
        f"/admin/tokens/{token.public_id}/revoke", query_string={"next": elsewhere}
    )
    page = Page(page.status_code, "", page.get_data(as_text=True))

    assert page.status == 200
    assert back_link(page) == "/admin/tokens"
    assert "evil.example" not in page.html and "javascript:" not in page.html


# The survey builder


def test_each_builder_page_goes_back_to_its_draft_and_is_under_surveys(admin, browser: Browser):
    source = builder.export_source("stop-search")
    builder.import_source(json.dumps({**source, "slug": DRAFT}))
    db.session.commit()
    draft = f"/admin/surveys/{DRAFT}"
    page_url = f"{draft}/pages/how-you-were-treated"

    assert back_links(
        browser,
        [
            "/admin/surveys/new",
            "/admin/surveys/import",
            draft,
            f"{draft}/details",
            f"{draft}/discard",
            f"{draft}/pages/new",
            page_url,
            f"{page_url}/remove",
            f"{page_url}/questions/new",
            f"{page_url}/questions/respect",
            f"{page_url}/questions/respect/remove",
        ],
    ) == {
        "/admin/surveys/new": "/admin/surveys/",
        "/admin/surveys/import": "/admin/surveys/",
        draft: "/admin/surveys/",
        f"{draft}/details": draft,
        f"{draft}/discard": draft,
        f"{draft}/pages/new": draft,
        page_url: draft,
        f"{page_url}/remove": draft,
        f"{page_url}/questions/new": draft,
        f"{page_url}/questions/respect": draft,
        f"{page_url}/questions/respect/remove": draft,
    }
    # Every page of a draft is marked as among the Surveys, as the new-survey page is.
    assert active_section(browser.get(draft)) == "Surveys"
    assert active_section(browser.get(f"{page_url}/questions/respect")) == "Surveys"


# Officers


@pytest.fixture
def officer(client: FlaskClient) -> User:
    return signed_in(client, Role.OFFICER, email="pc.jones@example.org")


def test_a_code_and_a_sheet_go_back_to_my_codes(officer, browser: Browser):
    link = create_link(created_by_id=officer.id, single_use=False)
    sheet = create_links("stop-search", count=2, created_by_id=officer.id)
    code = f"/officer/codes/{link.token}"
    by_codes = f"/officer/codes/sheet?code={sheet[0].token}&code={sheet[1].token}"

    assert back_links(
        browser, [code, f"{code}/card", f"/officer/codes/sheets/{sheet[0].batch}", by_codes]
    ) == {
        code: "/officer/codes",
        f"{code}/card": code,
        f"/officer/codes/sheets/{sheet[0].batch}": "/officer/codes",
        by_codes: "/officer/codes",
    }
    # They are among My codes in the navigation, as the list is.
    assert active_section(browser.get(code)) == "My codes"
    assert active_section(browser.get(f"{code}/card")) == "My codes"
    page = browser.get(f"/officer/codes/sheets/{sheet[0].batch}")
    assert active_section(page) == "My codes"
    # A sheet is printed: its back link is not.
    assert "app-no-print" in page.soup.select_one("a.govuk-back-link")["class"]


def test_making_a_code_goes_back_to_its_first_step_with_the_survey_chosen(
    officer, browser: Browser
):
    create_area("north", "North District")
    first = browser.get("/officer/codes/new")
    assert back_link(first) is None  # a page of the navigation

    second = browser.get("/officer/codes/new?survey=stop-search")
    assert second.h1 == "Make a code"
    assert back_link(second) == "/officer/codes/new?change=stop-search"

    page = browser.get(back_link(second))
    assert page.checked("survey") == ["stop-search"]
    assert back_link(page) is None


# Analysts


@pytest.fixture
def analyst_user(client: FlaskClient) -> User:
    return signed_in(client, Role.ANALYST, email="analyst@example.org")


def test_each_analyst_sub_page_goes_back_to_its_parent(analyst_user, browser: Browser):
    survey = surveys.get_survey("stop-search")
    (answer,) = add_answers(["They never said why they stopped me."])
    theme = taxonomy.themes_of(survey)[0].key
    action = actions.create(
        survey,
        actions.ActionInput(you_said="Say why", we_did="Briefed every team", status="done"),
        None,
    ).public_id
    base = "/results/stop-search"
    filtered = "by=area"

    assert back_links(
        browser,
        [
            base,
            f"{base}/report?{filtered}",
            f"{base}/coding",
            f"{base}/coding/answers/{coding.answer_token(answer)}",
            f"{base}/coding/themes",
            f"{base}/coding/themes/new",
            f"{base}/coding/themes/{theme}",
            f"{base}/coding/themes/{theme}/remove",
            f"{base}/coding/discover",
            f"{base}/actions",
            f"{base}/actions/new",
            f"{base}/actions/{action}",
            f"{base}/actions/{action}/delete",
        ],
    ) == {
        base: "/results/",
        # The printable report keeps the results page's filters.
        f"{base}/report?{filtered}": f"{base}?{filtered}",
        f"{base}/coding": "/results/coding",
        f"{base}/coding/answers/{coding.answer_token(answer)}": f"{base}/coding",
        f"{base}/coding/themes": f"{base}/coding",
        f"{base}/coding/themes/new": f"{base}/coding/themes",
        f"{base}/coding/themes/{theme}": f"{base}/coding/themes",
        f"{base}/coding/themes/{theme}/remove": f"{base}/coding/themes",
        f"{base}/coding/discover": f"{base}/coding/themes",
        f"{base}/actions": "/results/actions",
        f"{base}/actions/new": f"{base}/actions",
        f"{base}/actions/{action}": f"{base}/actions",
        f"{base}/actions/{action}/delete": f"{base}/actions/{action}",
    }
    main_pages = ["/results/", "/results/coding", "/results/actions", "/admin/offered-and-answered"]
    assert back_links(browser, main_pages) == dict.fromkeys(main_pages)


def test_a_theme_added_from_those_found_goes_back_to_them(analyst_user, browser: Browser):
    texts = [f"The dog handler brought a sniffer dog to the car, number {i}" for i in range(15)]
    texts += [f"Waited an hour in the cold rain for the van, time {i}" for i in range(15)]
    add_answers(texts)
    discover = "/results/stop-search/coding/discover?k=5"
    page = browser.get(discover)
    add = page.soup.select_one("a[href*='/coding/themes/new?seeds=']")["href"]

    page = browser.get(add)

    assert back_link(page) == discover
    assert page.soup.select_one("a.govuk-back-link").get_text(strip=True) == "Back"
    # A mistake keeps it, with what was entered.
    page = browser.post(add, data={"name": "", "seeds": "rain\nvan"})
    assert page.status == 400
    assert back_link(page) == discover
    assert page.textarea("seeds") == "rain\nvan"


@pytest.mark.parametrize("elsewhere", OFF_SITE)
def test_a_theme_s_next_off_the_site_is_ignored(analyst_user, browser: Browser, elsewhere: str):
    response = browser.client.get(
        "/results/stop-search/coding/themes/new", query_string={"next": elsewhere}
    )
    page = Page(response.status_code, "", response.get_data(as_text=True))
    assert back_link(page) == "/results/stop-search/coding/themes"
    assert page.soup.select_one("a.govuk-back-link").get_text(strip=True) == "Back to themes"


# Everyone's own account


def test_changing_your_password_goes_back_to_your_account(officer, browser: Browser):
    pages = ["/account/password", "/account/two-factor/set-up"]
    assert back_links(browser, pages) == dict.fromkeys(pages, "/account")


def test_a_temporary_password_to_change_has_no_way_back(app, client: FlaskClient):
    made = users.create_with_temporary_password("pc.new@example.org", Role.OFFICER)
    db.session.commit()
    forget_request_state()
    assert sign_in(client, "pc.new@example.org", made.password).location == "/account/password"

    page = Browser(client).get("/account/password")

    assert page.h1 == "Change your password"
    assert back_link(page) is None  # every page leads back here until it is done
