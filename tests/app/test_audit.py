"""The audit log: who did what, and when, for sign-ins, users, tokens and exports; and the
admin page that reads it, paged and filtered. (Withdrawals and purges: test_retention; two-factor
events: test_two_factor; survey and theme edits: test_builder, test_taxonomy.)"""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from sqlalchemy import select

from app.services import api_tokens, audit, users
from models import AuditEvent, Response, Role, TextAnswer, db
from tests.pages import Browser
from tests.staff import PASSWORD, create_user, forget_request_state, signed_in


def events() -> list[tuple[str, str | None, str | None]]:
    db.session.expire_all()
    return [
        (event.action, event.actor, event.target)
        for event in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
    ]


def test_sign_ins_and_failed_sign_ins_are_recorded_without_what_was_typed(browser: Browser):
    create_user(Role.OFFICER, "pc.jones@example.org")
    browser.get("/sign-in")
    browser.post(data={"email": "pc.jones@example.org", "password": "a wrong password"})
    browser.get("/sign-in")
    # A password typed into the email box must not end up in the log.
    browser.post(data={"email": "my secret password", "password": "whatever it is"})
    browser.get("/sign-in")
    browser.post(data={"email": "pc.jones@example.org", "password": PASSWORD})
    browser.get("/sign-out")
    browser.post()  # the "Sign out" button

    logged = events()[1:]  # after user.created
    assert logged == [
        ("sign_in.failed", None, "pc.jones@example.org"),
        ("sign_in.failed", None, None),
        ("sign_in.password", "pc.jones@example.org", "pc.jones@example.org"),
        ("sign_out", "pc.jones@example.org", "pc.jones@example.org"),
    ]
    everything = repr([(e.target, e.detail) for e in db.session.scalars(select(AuditEvent))])
    assert "my secret password" not in everything and "a wrong password" not in everything


def test_user_and_token_changes_are_recorded_with_who_made_them(client: FlaskClient):
    admin = signed_in(client, Role.ADMIN, email="admin@example.org")
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    users.deactivate(officer, admin)
    users.reactivate(officer)
    users.reset_password(officer, admin)
    made = api_tokens.create_token("Stop search app", created_by=admin)
    api_tokens.revoke(made.token)

    logged = [e for e in events() if not e[0].startswith(("sign_in", "two_factor"))]
    assert logged[-6:] == [
        ("user.created", None, "pc.jones@example.org"),
        ("user.deactivated", None, "pc.jones@example.org"),
        ("user.reactivated", None, "pc.jones@example.org"),
        ("user.password_reset", None, "pc.jones@example.org"),
        ("api_token.created", None, "Stop search app"),
        ("api_token.revoked", None, "Stop search app"),
    ]
    # Through the admin pages, the admin is the actor.
    page = Browser(client).get(f"/admin/users/{officer.public_id}/deactivate")
    client.post(
        f"/admin/users/{officer.public_id}/deactivate", data={"csrf_token": page.csrf_token()}
    )
    assert events()[-1] == ("user.deactivated", "admin@example.org", "pc.jones@example.org")
    secret = made.secret
    assert secret not in repr(
        [(e.target, e.detail) for e in db.session.scalars(select(AuditEvent))]
    )


def test_exports_are_recorded(client: FlaskClient):
    signed_in(client, Role.ANALYST, email="analyst@example.org")
    assert client.get("/results/stop-search/export.csv").status_code == 200
    assert events()[-1][:2] == ("results.export", "analyst@example.org")


def test_admins_read_the_log_newest_first_paged_and_filtered(client: FlaskClient):
    signed_in(client, Role.ADMIN, email="admin@example.org")
    for number in range(60):
        audit.record("results.export", f"survey-{number:02d}")
    browser = Browser(client)

    page = browser.get("/admin/audit")
    assert page.status == 200 and page.h1 == "Audit log"
    rows = page.soup.select("#audit-events tbody tr")
    assert len(rows) == audit.PAGE_SIZE
    assert "survey-59" in rows[0].get_text()  # newest first
    assert page.soup.select_one(".govuk-pagination")

    second = browser.get("/admin/audit?page=2")
    assert "survey-00" in second.text()
    assert "survey-59" not in second.text()

    only = browser.get("/admin/audit?action=sign_in.two_factor")
    cells = [row.select("td")[2].get_text() for row in only.soup.select("#audit-events tbody tr")]
    assert cells == ["Signed in with two-factor code"]
    assert only.soup.select_one("#action option[selected]")["value"] == "sign_in.two_factor"

    # Nonsense in the address gives the first page of everything, never an error.
    for url in ("/admin/audit?page=abc", "/admin/audit?page=99999", "/admin/audit?action=nope"):
        assert browser.get(url).status == 200, url
    # A NUL is taken out before the page reads the address (the staff-wide check).
    nul = browser.get("/admin/audit?action=sign_in.two_%00factor")
    assert nul.status == 200
    assert nul.soup.select_one("#action option[selected]")["value"] == "sign_in.two_factor"


def test_only_admins_read_the_log(client: FlaskClient):
    signed_in(client, Role.ANALYST, email="analyst@example.org")
    assert client.get("/admin/audit").status_code == 403
    forget_request_state()
    assert client.application.test_client().get("/admin/audit").status_code == 302


def _response_with_an_answer(text: str) -> str:
    """A stop-search response with a free-text answer; returns its withdrawal code."""
    from app.services import responses, surveys

    found = surveys.get_survey("stop-search")
    code = responses._new_withdrawal_code()
    response = Response(
        survey_id=found.id,
        survey_version_id=found.current_version.id,
        submitted_on=dt.date.today(),
        submitted_month=dt.date.today().strftime("%Y-%m"),
        withdrawal_hash=responses._hash_code(code),
    )
    response.text_answers.append(TextAnswer(survey_id=found.id, question_key="improve", text=text))
    db.session.add(response)
    db.session.commit()
    return code


def test_the_log_reads_in_words_names_what_it_can_and_says_who(client: FlaskClient):
    from app.services import actions, responses, surveys

    admin = signed_in(client, Role.ADMIN, email="admin@example.org")
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    users.change_role(officer, Role.ANALYST, admin)
    # From the command line (no one signed in): a purge, and an export with no dates.
    audit.record("retention.purge", detail={"cutoff": "2024-01-01", "responses": 3})
    audit.record(
        "results.export",
        "stop-search",
        {"format": "csv", "by": "ethnic_group", "from": None, "to": None, "area": ""},
    )
    survey = surveys.get_survey("stop-search")
    actions.create(
        survey,
        actions.ActionInput(
            you_said="Officers did not explain why", we_did="Briefed", status="done"
        ),
        None,
    )
    gone = actions.create(
        survey, actions.ActionInput(you_said="Too slow", we_did="Faster", status="done"), None
    )
    gone_id = gone.public_id
    actions.delete(gone)
    db.session.commit()
    marker = "MY-ANSWER-MUST-NOT-SHOW"
    assert responses.withdraw(_response_with_an_answer(marker))
    db.session.commit()

    page = Browser(client).get("/admin/audit")
    rows = [
        [" ".join(cell.get_text().split()) for cell in row.select("td")[1:]]
        for row in page.soup.select("#audit-events tbody tr")
    ]
    assert ["A respondent", "Response withdrawn", "Stop and search: tell us how it went", ""] in (
        rows
    )
    assert [
        "Command line",
        "“You said, we did” action deleted",
        f"An action no longer kept (id {gone_id})",
        "Survey: Stop and search: tell us how it went; Was on the public page: No",
    ] in rows
    assert [
        "Command line",
        "“You said, we did” action added",
        "“Officers did not explain why” (Stop and search: tell us how it went)",
        "Survey: Stop and search: tell us how it went",
    ] in rows
    assert [
        "Command line",
        "Results exported",
        "Stop and search: tell us how it went",
        "File: CSV; Grouped by: Ethnic group",
    ] in rows
    assert [
        "Command line",
        "Old responses and audit events deleted",
        "",
        "Deleted responses from before: 1 January 2024; Responses deleted: 3",
    ] in rows
    assert [
        "Command line",  # the service was called directly, as by `flask users set-role`
        "Role changed",
        "pc.jones@example.org",
        "Old role: Officer; New role: Analyst",
    ] in rows
    assert "None" not in page.text() and "—" not in page.text()
    # It never shows anyone's answers.
    assert marker not in page.html

    # The filter names actions in words; what it sends is still the code.
    options = {
        option["value"]: option.get_text(strip=True)
        for option in page.soup.select("#action option")
    }
    assert options["retention.purge"] == "Old responses and audit events deleted"
    assert options["user.role_changed"] == "Role changed"
    assert options[""] == "Every action"
    assert all("." not in text for text in options.values())


def test_failed_sign_ins_are_by_someone_not_signed_in(client: FlaskClient, browser: Browser):
    create_user(Role.OFFICER, "pc.jones@example.org")
    browser.get("/sign-in")
    browser.post(data={"email": "pc.jones@example.org", "password": "a wrong password"})
    signed_in(client, Role.ADMIN, email="admin@example.org")
    page = Browser(client).get("/admin/audit?action=sign_in.failed")
    cells = [" ".join(td.get_text().split()) for td in page.soup.select("#audit-events td")]
    assert cells[1:4] == ["Not signed in", "Sign-in refused", "pc.jones@example.org"]
