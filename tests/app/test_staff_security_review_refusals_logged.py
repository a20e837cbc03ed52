"""A page refused to someone whose role may not open it, and an API request refused for a scope
its token does not have, are recorded in the audit log (OWASP ASVS 4.0, 7.1.3 and 7.2.2: access
control failures are logged): an officer trying the administrators' pages, or a system trying
to read results with a token for making links, is something an administrator should be able to
see. The page is named by its route, never by the address asked for, which can hold a link's
token; and the same page refused to the same person is recorded once an hour, so that reloading
it, or a script, cannot flood the log."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from sqlalchemy import select

from app.services import api_tokens
from models import AuditEvent, Role, Scope, db, utcnow
from tests.factories import create_link
from tests.pages import Browser
from tests.staff import create_user, forget_request_state, signed_in


def refusals() -> list[tuple[str | None, str | None, dict]]:
    db.session.expire_all()
    found = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action.in_(("access.refused", "api_token.refused")))
        .order_by(AuditEvent.id)
    )
    return [(event.actor, event.target, event.detail) for event in found]


def audit_rows(client: FlaskClient, action: str) -> list[dict[str, str]]:
    """The audit log page's rows for ``action``, as an administrator reads them."""
    page = Browser(client).get(f"/admin/audit?action={action}")
    columns = ["When", "Who", "What", "To what", "Details"]
    rows = page.soup.select("#audit-events tbody tr")
    cells = [[" ".join(td.get_text().split()) for td in row.select("td")] for row in rows]
    return [dict(zip(columns, texts, strict=True)) for texts in cells]


def test_an_officer_refused_an_administrators_page_is_in_the_audit_log(client: FlaskClient):
    signed_in(client, Role.OFFICER, email="pc.jones@example.org")

    assert client.get("/admin/users").status_code == 403
    assert client.get("/admin/tokens/new").status_code == 403

    assert refusals() == [
        ("pc.jones@example.org", "/admin/users", {"role": "officer"}),
        ("pc.jones@example.org", "/admin/tokens/new", {"role": "officer"}),
    ]


def test_the_administrator_reads_who_was_refused_which_page(client: FlaskClient):
    officer_client = client.application.test_client()
    signed_in(officer_client, Role.OFFICER, email="pc.jones@example.org")
    forget_request_state()
    assert officer_client.get("/results/").status_code == 403

    forget_request_state()
    signed_in(client, Role.ADMIN)
    (row,) = audit_rows(client, "access.refused")

    assert row["Who"] == "pc.jones@example.org"
    assert row["What"] == "Page refused: not open to their role"
    assert row["To what"] == "/results/"
    assert row["Details"] == "Role: Officer"


def test_the_page_is_named_by_its_route_never_by_a_token_in_its_address(client: FlaskClient):
    link = create_link()
    signed_in(client, Role.ANALYST)

    assert client.get(f"/officer/codes/{link.token}").status_code == 403

    ((_, target, detail),) = refusals()
    assert (target, detail) == ("/officer/codes/<token>", {"role": "analyst"})
    assert link.token not in repr(refusals())


def test_the_same_page_refused_again_within_the_hour_is_recorded_once(client: FlaskClient):
    signed_in(client, Role.OFFICER, email="pc.jones@example.org")
    for _ in range(5):
        assert client.get("/admin/audit").status_code == 403
    assert client.get("/admin/audit?page=2").status_code == 403  # the same page, another query
    assert client.get("/admin/areas").status_code == 403  # another page: recorded
    assert [target for _, target, _ in refusals()] == ["/admin/audit", "/admin/areas"]

    # An hour later, a refusal of the same page is recorded again.
    for event in db.session.scalars(select(AuditEvent)):
        event.occurred_at -= dt.timedelta(hours=1, minutes=1)
    db.session.commit()
    assert client.get("/admin/audit").status_code == 403
    assert [target for _, target, _ in refusals()] == [
        "/admin/audit",
        "/admin/areas",
        "/admin/audit",
    ]


def test_people_signed_out_or_allowed_in_are_not_recorded_as_refused(client: FlaskClient):
    assert client.get("/admin/users").status_code == 302  # signed out: sent to sign in
    signed_in(client, Role.ADMIN)
    assert client.get("/admin/users").status_code == 200
    assert refusals() == []


def test_an_api_token_without_the_scope_is_refused_and_recorded(client: FlaskClient):
    made = api_tokens.create_token("Stop search app", [Scope.LINKS_WRITE, Scope.LINKS_READ])
    headers = {"Authorization": f"Bearer {made.secret}"}

    results = "/api/v1/surveys/stop-search/results?by=ethnic_group"
    for _ in range(3):
        assert client.get(results, headers=headers).status_code == 403

    assert refusals() == [
        (None, "Stop search app", {"prefix": made.token.prefix, "needed": "results:read"}),
    ]


def test_the_administrator_reads_which_token_was_refused_and_what_it_needed(
    client: FlaskClient,
):
    made = api_tokens.create_token("Stop search app", [Scope.LINKS_WRITE])
    headers = {"Authorization": f"Bearer {made.secret}"}
    assert client.get("/api/v1/links/nosuchlink", headers=headers).status_code == 403

    signed_in(client, Role.ADMIN)
    (row,) = audit_rows(client, "api_token.refused")

    assert row["Who"] == "A system with an API token"
    assert row["What"] == "API request refused: the token may not do it"
    assert row["To what"] == "Stop search app"
    assert row["Details"] == (
        f"Starts with: {made.token.prefix}…; Needed: Check whether a link has been used"
    )


def test_a_revoked_or_expired_token_still_being_sent_is_recorded(client: FlaskClient):
    revoked = api_tokens.create_token("Old stop search app", [Scope.LINKS_READ])
    api_tokens.revoke(revoked.token)
    expired = api_tokens.create_token("Dashboard", [Scope.RESULTS_READ])
    expired.token.expires_at = utcnow() - dt.timedelta(days=1)
    db.session.commit()

    for _ in range(3):
        sent = {"Authorization": f"Bearer {revoked.secret}"}
        assert client.get("/api/v1/links/nosuchlink", headers=sent).status_code == 401
        sent = {"Authorization": f"Bearer {expired.secret}"}
        assert client.get("/api/v1/surveys/stop-search/results", headers=sent).status_code == 401
    # A token that was never made names nobody: refused (and limited), not recorded.
    made_up = {"Authorization": "Bearer lp_madeupmadeupmadeupmadeupmadeupmadeup"}
    assert client.get("/api/v1/links/nosuchlink", headers=made_up).status_code == 401

    assert refusals() == [
        (None, "Old stop search app", {"prefix": revoked.token.prefix, "reason": "revoked"}),
        (None, "Dashboard", {"prefix": expired.token.prefix, "reason": "expired"}),
    ]

    signed_in(client, Role.ADMIN)
    details = [row["Details"] for row in audit_rows(client, "api_token.refused")]
    assert details == [
        f"Starts with: {expired.token.prefix}…; Why: The token has expired",
        f"Starts with: {revoked.token.prefix}…; Why: The token has been revoked",
    ]


def test_an_officer_opening_another_officers_code_is_refused_as_if_none_and_recorded(
    client: FlaskClient,
):
    maker = create_user(Role.OFFICER, "pc.smith@example.org")
    theirs = create_link(created_by_id=maker.id)
    signed_in(client, Role.OFFICER, email="pc.jones@example.org")

    for ending in ("", "/qr.png", "/card"):
        assert client.get(f"/officer/codes/{theirs.token}{ending}").status_code == 404
    # A code nobody made is simply not there: nothing was refused.
    assert client.get("/officer/codes/abcdefghjkmnpqrstvwxyz2345").status_code == 404

    another = {"role": "officer", "reason": "another officer's code"}
    assert refusals() == [
        ("pc.jones@example.org", "/officer/codes/<token>", another),
        ("pc.jones@example.org", "/officer/codes/<token>/qr.png", another),
        ("pc.jones@example.org", "/officer/codes/<token>/card", another),
    ]
    assert theirs.token not in repr(refusals())

    admin = client.application.test_client()
    forget_request_state()
    signed_in(admin, Role.ADMIN)
    details = {row["Details"] for row in audit_rows(admin, "access.refused")}
    assert details == {"Role: Officer; Why: The code was made by another officer"}
