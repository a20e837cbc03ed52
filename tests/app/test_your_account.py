"""Your account: every role finds its own password and two-factor sign-in there; officers may
choose two-factor sign-in, analysts set it up before anything else and get new recovery codes."""

from __future__ import annotations

from models import Role
from tests.app.admin_users_helpers import last_event, link
from tests.pages import Browser
from tests.staff import PASSWORD, create_user, signed_in


def test_an_officer_finds_their_account_and_may_choose_two_factor(client, browser: Browser):
    signed_in(client, Role.OFFICER, email="pc.jones@example.org")
    page = browser.get("/officer/codes")
    item = link(page, "Your account")
    assert item is not None and item.find_parent(class_="govuk-service-navigation__item")
    page = browser.get(item["href"])
    assert page.h1 == "Your account"
    assert "pc.jones@example.org" in page.text() and "Officer" in page.text()
    assert link(page, "Change your password")["href"] == "/account/password"
    assert "Two-factor sign-in is off. Officers can choose to turn it on" in page.text()

    page = browser.get(link(page, "Set up two-factor sign-in")["href"])
    assert page.h1 == "Set up two-factor sign-in"
    assert "Officers can choose to use two-factor sign-in" in page.text()
    assert "Analysts and administrators" not in page.text()
    assert page.soup.select_one(".govuk-back-link")["href"] == "/account"
    # The item stays marked as where they are.
    active = page.soup.select_one(".govuk-service-navigation__item--active")
    assert active.get_text(strip=True) == "Your account"


def test_an_analysts_set_up_page_speaks_to_an_analyst(browser: Browser):
    create_user(Role.ANALYST, "analyst@example.org", two_factor_set_up=False)
    browser.get("/sign-in")
    page = browser.post(data={"email": "analyst@example.org", "password": PASSWORD})
    assert page.url == "/account/two-factor/set-up"
    assert "As an analyst, you see what people have told the force" in page.text()
    assert not page.soup.select(".govuk-back-link")  # it must be done before anything else


def test_an_analyst_gets_new_recovery_codes_from_their_account(client, browser: Browser):
    signed_in(client, Role.ANALYST, email="analyst@example.org")
    page = browser.get("/account")
    assert "Two-factor sign-in is on" in page.text()
    assert "You have 10 unused recovery codes" in page.text()
    page = browser.get(link(page, "Get new recovery codes")["href"])
    assert page.h1 == "Get new recovery codes"
    assert "The codes you have now will stop working" in page.text()
    page = browser.post(data={"password": PASSWORD})
    codes = [code.get_text() for code in page.soup.select("#recovery-codes code")]
    assert len(codes) == 10
    assert "Your old recovery codes no longer work" in page.text()
    assert link(page, "I have saved my recovery codes")["href"] == "/account"
    assert last_event().action == "two_factor.recovery_codes_replaced"
