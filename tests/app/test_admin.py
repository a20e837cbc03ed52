"""Admins add, deactivate and reset users, manage areas and API tokens; and the CLI does the
same for the first admin and for scripts."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app.services import users
from models import ApiToken, Area, Role, User, db
from tests.factories import create_area, create_link
from tests.pages import Browser
from tests.staff import PASSWORD, TOTP_KEYS, create_user, sign_in, signed_in


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def test_admin_adds_an_officer_who_must_choose_a_password(admin, app, browser: Browser):
    page = browser.get("/admin/users/new")
    assert page.h1 == "Add a user"
    page = browser.post(
        data={"email": " PC.New@Example.org ", "role": "officer", "your_password": PASSWORD}
    )
    assert page.status == 200
    password = page.soup.select_one("#temporary-password").text
    user = users.by_email("pc.new@example.org")
    assert user.role == Role.OFFICER and user.must_change_password
    assert users.verify_password(user.password_hash, password)

    newcomer = app.test_client()
    response = sign_in(newcomer, "pc.new@example.org", password)
    assert response.headers["Location"] == "/account/password"


def test_adding_a_user_shows_gov_uk_errors_and_keeps_answers(admin, browser: Browser):
    browser.get("/admin/users/new")
    page = browser.post(data={"email": "", "role": "wizard", "your_password": PASSWORD})
    assert page.status == 400
    assert page.title.startswith("Error: ")
    assert page.error_summary() == ["Enter their email address", "Select what they will do"]
    page = browser.post(
        data={"email": "admin@example.org", "role": "analyst", "your_password": PASSWORD}
    )
    assert page.error_summary() == ["There is already an account for admin@example.org"]
    assert page.checked("role") == ["analyst"]


def test_a_mistyped_email_and_no_role_are_both_listed_the_first_time(admin, browser: Browser):
    browser.get("/admin/users/new")
    page = browser.post(data={"email": "pc.jones.example.org", "your_password": PASSWORD})
    assert page.error_summary() == [
        "Enter an email address in the correct format, like name@example.org",
        "Select what they will do",
    ]
    assert page.soup.select_one("input[name=email]")["value"] == "pc.jones.example.org"
    assert users.by_email("pc.jones.example.org") is None


def test_deactivate_reactivate_and_reset(admin, app, browser: Browser):
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    their_client = app.test_client()
    assert sign_in(their_client, officer.email).status_code == 302

    page = browser.get("/admin/users")
    browser.get(page.soup.find("a", string="pc.jones@example.org")["href"])
    assert browser.page.url == f"/admin/users/{officer.public_id}"
    browser.get(f"/admin/users/{officer.public_id}/deactivate")  # asks first
    page = browser.post()  # the question's button
    assert "pc.jones@example.org has been deactivated and signed out" in page.text() or (
        "has been deactivated" in page.html
    )
    db.session.refresh(officer)
    assert not officer.active
    assert their_client.get("/officer/codes").status_code == 302

    browser.get(f"/admin/users/{officer.public_id}/reactivate")  # asks first
    browser.post(data={"your_password": PASSWORD})  # the question's button
    db.session.refresh(officer)
    assert officer.active

    browser.get(f"/admin/users/{officer.public_id}/reset-password")  # asks first
    page = browser.post(data={"your_password": PASSWORD})  # the question's button
    password = page.soup.select_one("#temporary-password").text
    db.session.refresh(officer)
    assert officer.must_change_password
    assert not users.verify_password(officer.password_hash, PASSWORD)
    assert users.verify_password(officer.password_hash, password)


def test_admin_cannot_deactivate_themselves(admin, browser: Browser):
    page = browser.get(f"/admin/users/{admin.public_id}")
    assert not page.soup.select("form[action$='/deactivate']")
    # Even by posting the question's form for another user to their own address.
    other = create_user(Role.OFFICER, "pc.jones@example.org")
    browser.get(f"/admin/users/{other.public_id}/deactivate")
    page = browser.post(f"/admin/users/{admin.public_id}/deactivate")
    assert "You cannot deactivate your own account" in page.text()
    db.session.refresh(admin)
    assert admin.active


def test_user_pages_use_random_ids_not_database_ids(admin, client: FlaskClient):
    assert client.get(f"/admin/users/{admin.id}").status_code == 404
    assert re.fullmatch(r"[A-Za-z0-9_\-]{16}", admin.public_id)


def test_areas_are_added_renamed_and_retired(admin, browser: Browser):
    browser.get("/admin/areas/new")
    page = browser.post(data={"name": "North District", "code": "North East!"})
    assert page.error_summary() == [
        "Area code must be 1 to 32 small letters, numbers or hyphens, like north-east"
    ]
    page = browser.post(data={"name": "North District", "code": "north"})
    assert page.url == "/admin/areas"
    assert "North District has been added" in page.html
    browser.get("/admin/areas/north")
    page = browser.post(data={"name": "North and Coast", "active": "no"})
    area = db.session.scalar(select(Area))
    assert (area.code, area.name, area.active) == ("north", "North and Coast", False)
    browser.get("/admin/areas/new")
    page = browser.post(data={"name": "Again", "code": "north"})
    assert page.error_summary() == ["There is already an area with the code north"]


def test_the_users_and_areas_pages_say_what_they_are_for_and_where_to_go_next(
    admin, browser: Browser
):
    create_area("north", "North District")
    create_user(Role.OFFICER, "pc.jones@example.org")
    users_page = browser.get("/admin/users")
    intro = users_page.soup.select_one("#users-intro").get_text(" ")
    assert "role" in intro and "reset their password or two-factor" in intro
    assert "deactivate" in intro
    # Choosing someone's email address, as it says, opens what it promises.
    officer = users_page.soup.find("a", string="pc.jones@example.org")
    person = browser.get(officer["href"])
    actions = [" ".join(a.get_text().split()) for a in person.soup.select("main a")]
    assert {"Change role", "Reset password", "Deactivate"} <= set(actions)

    areas_page = browser.get("/admin/areas")
    intro = areas_page.soup.select_one("#areas-intro").get_text(" ")
    assert "make a code" in intro and "rename it" in intro and "stop offering it" in intro
    area = browser.get(areas_page.soup.select_one("tbody a")["href"])
    assert area.h1 == "Change North District"
    assert "Can officers choose this area for new codes?" in area.text()


def test_retired_areas_are_not_offered_to_officers(app):
    create_area("north", "North District")
    retired = create_area("old", "Old Town")
    retired.active = False
    db.session.commit()
    officer_client = app.test_client()
    signed_in(officer_client, Role.OFFICER)
    html = officer_client.get("/officer/codes/new?survey=stop-search").get_data(as_text=True)
    assert "North District" in html and "Old Town" not in html


def test_areas_page_counts_offered_and_answered_by_area_and_week(admin, browser: Browser):
    create_area("north", "North District")
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    links = [create_link(area_code="north", created_by_id=officer.id) for _ in range(4)]
    links[0].answered = 1
    db.session.commit()
    page = browser.get("/admin/areas")
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in page.soup.select("table")[-1].select("tbody tr")
    ]
    assert len(rows) == 1
    assert rows[0][0] == "North District"
    assert rows[0][2:] == ["4", "1", "25%", "1"]

    page = browser.get("/admin/offered-and-answered")
    by_officer = page.soup.select_one("#totals-by-officer-table")
    assert "pc.jones@example.org" in by_officer.text


def test_api_token_is_shown_once_and_can_be_revoked(admin, client: FlaskClient, browser: Browser):
    browser.get("/admin/tokens/new")
    page = browser.post(data={"name": "", "scopes": [], "your_password": PASSWORD})
    assert page.error_summary() == [
        "Enter a name for the token",
        "Select at least one thing the token may do",
    ]
    page = browser.post(
        data={"name": "Stop and search app", "scopes": ["links:write"], "your_password": PASSWORD}
    )
    secret = page.soup.select_one("#api-token").text
    assert secret.startswith("lp_")
    stored = db.session.scalar(select(ApiToken))
    assert stored.scopes == "links:write" and secret not in stored.token_hash

    listing = browser.get("/admin/tokens")
    assert secret not in listing.html and stored.prefix in listing.html
    assert "Make survey links" in listing.soup.select_one("tbody tr").get_text(" ")
    made = client.post(
        "/api/v1/links",
        json={"survey": "stop-search"},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert made.status_code == 201

    browser.get(f"/admin/tokens/{stored.public_id}/revoke")
    browser.post()  # the question's own button
    refused = client.post(
        "/api/v1/links",
        json={"survey": "stop-search"},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert refused.status_code == 401


# Command line


def test_users_create_reads_the_password_from_stdin(runner):
    result = runner.invoke(
        args=["users", "create", "Chief@Example.org", "--role", "admin", "--password-stdin"],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created admin chief@example.org" in result.output
    user = users.by_email("chief@example.org")
    assert users.verify_password(user.password_hash, "a long enough password")


def test_users_create_prompts_for_the_password(runner):
    result = runner.invoke(
        args=["users", "create", "pc@example.org", "--role", "officer"],
        input="a long enough password\na long enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert users.by_email("pc@example.org").role == Role.OFFICER


def test_users_create_refuses_a_short_password_and_a_duplicate(runner):
    short = runner.invoke(
        args=["users", "create", "a@example.org", "--role", "officer", "--password-stdin"],
        input="short\n",
    )
    assert short.exit_code == 1
    assert "Password must be 12 characters or more" in short.output
    create_user(Role.OFFICER, "b@example.org")
    again = runner.invoke(
        args=["users", "create", "b@example.org", "--role", "officer", "--password-stdin"],
        input="a long enough password\n",
    )
    assert "There is already an account for b@example.org" in again.output


def test_users_demo_makes_three_accounts_once_and_prints_how_to_sign_in(runner, app):
    first = runner.invoke(args=["users", "demo"])
    assert first.exit_code == 0, first.output
    passwords = dict(re.findall(r"(\S+@example\.org)\s+password: (\S+)", first.output))
    assert set(passwords) == {"officer@example.org", "analyst@example.org", "admin@example.org"}
    # Analysts and admins sign in with the two-factor key printed for them, as a person would.
    printed = re.findall(
        r"two-factor key: ([A-Z2-7 ]+) \(or: make demo-code EMAIL=(\S+)\)", first.output
    )
    assert {email for _, email in printed} == {"analyst@example.org", "admin@example.org"}
    TOTP_KEYS.update({email: key.replace(" ", "") for key, email in printed})
    for email, password in passwords.items():
        assert sign_in(app.test_client(), email, password).status_code == 302
    second = runner.invoke(args=["users", "demo"])
    assert second.output.count("(exists)") == 3
    assert db.session.scalar(select(db.func.count(User.id))) == 3


def test_users_demo_refuses_in_production(runner, app):
    app.config["ALLOW_DEMO_ACCOUNTS"] = False
    try:
        result = runner.invoke(args=["users", "demo"])
    finally:
        app.config["ALLOW_DEMO_ACCOUNTS"] = True
    assert result.exit_code == 1
    assert "never made in production" in result.output
    assert db.session.scalar(select(User)) is None


def test_production_config_does_not_allow_demo_accounts():
    from app.config import ProductionConfig

    assert ProductionConfig.ALLOW_DEMO_ACCOUNTS is False


def test_a_new_token_says_in_words_what_it_may_do_and_where_the_api_is_described(
    admin, app, client: FlaskClient, browser: Browser
):
    browser.get("/admin/tokens/new")
    page = browser.post(
        data={
            "name": "Scrutiny panel dashboard",
            "scopes": ["results:read", "links:read"],
            "your_password": PASSWORD,
        }
    )
    may = [item.get_text(" ", strip=True) for item in page.soup.select("#token-may li")]
    assert may == [
        "Check whether a link has been used ( links:read )",
        "Read survey results, with small groups hidden ( results:read )",
    ]
    assert "suppressed" not in page.text()
    described = page.soup.select_one("#api-description").text
    assert described == app.config["PUBLIC_BASE_URL"].rstrip("/") + "/api/v1/openapi.json"
    # The address given is the API's description.
    spec = client.get(described.removeprefix(app.config["PUBLIC_BASE_URL"].rstrip("/")))
    assert spec.status_code == 200 and spec.json["info"]["title"] == "Listening Post API"

    listing = browser.get("/admin/tokens")
    row = listing.soup.select_one("tbody tr").get_text(" ", strip=True)
    assert "Read survey results, with small groups hidden" in row
    assert "results:read" not in row


def test_tokens_create_prints_the_token_once(runner, client: FlaskClient):
    result = runner.invoke(args=["tokens", "create", "--name", "Stop and search app"])
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip()
    assert secret.startswith("lp_") and "\n" not in secret
    stored = db.session.scalar(select(ApiToken))
    assert stored.scopes == "links:read links:write"
    response = client.post(
        "/api/v1/links",
        json={"survey": "stop-search"},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 201


def test_one_email_address_spelt_two_ways_is_one_account(app, runner):
    composed = "jos\u00e9@example.org"  # é as one character
    decomposed = "jose\u0301@example.org"  # e and a combining acute accent
    user = create_user(Role.OFFICER, decomposed)
    assert user.email == composed
    assert users.by_email(composed).id == users.by_email(decomposed.upper()).id == user.id
    again = runner.invoke(
        args=["users", "create", composed, "--role", "officer", "--password-stdin"],
        input="a long enough password\n",
    )
    assert again.exit_code == 1
    assert f"There is already an account for {composed}" in again.output
    client = app.test_client()
    assert sign_in(client, decomposed).status_code == 302
