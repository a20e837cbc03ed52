"""The audit log's Details column reads in words: every detail an event can store (roles,
reasons, formats, groupings, groups, statuses, model kinds, dates, thresholds) as an admin
would say it, never the code that is stored; and a detail the page does not know still reads
safely."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask.testing import FlaskClient

from app.services import actions, api_tokens, audit, retention, surveys, users
from models import Event, Role, User, db
from tests.factories import create_area
from tests.pages import Browser
from tests.staff import create_user, forget_request_state, sign_in, signed_in

STOP_SEARCH = "Stop and search: tell us how it went"
# What a stored code looks like: snake_case words, ISO dates and months, scope names.
CODE_LIKE = re.compile(r"\b[a-z]+_[a-z_]+\b|\b\d{4}-\d{2}\b|\b[a-z]+:[a-z]+\b")


@pytest.fixture
def admin(client: FlaskClient) -> User:
    return signed_in(client, Role.ADMIN, email="admin@example.org")


def details_by_action(client: FlaskClient, action: str | None = None) -> list[str]:
    """The Details cell of each row (newest first), of one action or of every action."""
    url = f"/admin/audit?action={action}" if action else "/admin/audit"
    page = Browser(client).get(url)
    assert page.status == 200
    return [
        " ".join(row.select("td")[4].get_text().split())
        for row in page.soup.select("#audit-events tbody tr")
    ]


def test_sign_ins_and_accounts_read_in_words(admin, app, client: FlaskClient):
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    other = app.test_client()
    forget_request_state()
    assert sign_in(other, officer.email, "a wrong password").status_code == 400
    forget_request_state()
    assert sign_in(other, "nobody@example.org", "a wrong password").status_code == 400
    users.deactivate(officer, admin)
    forget_request_state()
    assert sign_in(other, officer.email).status_code == 400
    users.reactivate(officer)
    forget_request_state()
    assert sign_in(other, officer.email).status_code == 302
    users.change_role(officer, Role.ANALYST, admin)
    made = api_tokens.create_token(
        "Stop search app", ["links:write", "results:read"], admin, expires_in_days=None
    )
    api_tokens.revoke(made.token)
    audit.record("sign_in.two_factor", "admin@example.org", {"method": "recovery_code"})
    audit.record("sign_in.two_factor_failed", "admin@example.org", {"reason": "code already used"})

    assert details_by_action(client, "sign_in.failed") == [
        "Why: The account is deactivated",
        "Why: No account has that email address",
        "Why: Wrong password",
    ]
    assert details_by_action(client, "sign_in.password") == [
        "Two-factor code: Not needed for this account",  # the officer
        "Two-factor code: Asked for next",  # the admin
    ]
    assert details_by_action(client, "sign_in.two_factor") == [
        "Code: A recovery code",
        "Code: From their authenticator app",
    ]
    assert details_by_action(client, "sign_in.two_factor_failed") == [
        "Why: The code had already been used"
    ]
    assert details_by_action(client, "user.created") == ["Role: Officer", "Role: Administrator"]
    assert details_by_action(client, "user.role_changed") == [
        "Old role: Officer; New role: Analyst"
    ]
    prefix = made.token.prefix
    assert details_by_action(client, "api_token.created") == [
        f"May: Make survey links, Read survey results, with small groups hidden; "
        f"Starts with: {prefix}…; Expires: Never"
    ]
    assert details_by_action(client, "api_token.revoked") == [f"Starts with: {prefix}…"]


def test_exports_name_the_grouping_the_group_the_months_the_area_and_the_event(
    admin, client: FlaskClient
):
    create_area("north", "North District")
    event = Event(name="Brixton community meeting", held_on=dt.date(2026, 3, 4))
    db.session.add(event)
    db.session.commit()
    audit.record(
        "results.export",
        "stop-search",
        {
            "format": "xlsx",
            "by": "ethnicity",
            "from": "2026-01",
            "to": "2026-03",
            "area": "north",
            "event": event.id,
            "reference": "white_british",
        },
    )
    audit.record(
        "results.export",
        "stop-search",
        {"format": "csv", "by": "area", "area": "", "event": None, "reference": "north"},
    )
    audit.record("results.export", "stop-search", {"by": "age_band", "reference": "all_others"})
    # A real export, from the results page's link: the usual grouping and reference group.
    assert client.get("/results/stop-search/export.csv").status_code == 200
    # The trend of a question the analyst chose, named by its text.
    assert client.get("/results/stop-search/export.csv?trend=told_grounds").status_code == 200

    assert details_by_action(client, "results.export") == [
        "File: CSV; Grouped by: Ethnic group; "
        "Trend of: “Did the officer tell you why you were searched?”",
        "File: CSV; Grouped by: Ethnic group",
        "Grouped by: Age; Compared with: All other groups together",
        "File: CSV; Grouped by: Area; Compared with: North District",
        "File: Excel; Grouped by: Ethnic group (detailed); From: January 2026; To: March 2026; "
        "Area: North District; Event: Brixton community meeting; "
        "Compared with: White: English, Welsh, Scottish, Northern Irish or British",
    ]


def test_purges_models_themes_surveys_and_actions_read_in_words(admin, client: FlaskClient):
    retention.purge(
        retention_months=24, journey_ttl=dt.timedelta(hours=24), on=dt.date(2026, 3, 15)
    )
    audit.record(
        "analysis.prune_models",
        "analysis_models",
        {
            "keep": 2,
            "deleted": [
                {"survey": "stop-search", "kind": "sentiment", "version": 3},
                {"survey": "stop-search", "kind": "themes", "version": 1},
            ],
        },
    )
    audit.record("analysis.prune_models", "analysis_models", {"keep": 2, "deleted": []})
    audit.record("coding.train", "stop-search", {"coded": 1250, "sentiment": 4, "themes": None})
    audit.record(
        "taxonomy.change",
        "Respect shown",
        {"survey": "stop-search", "checksum": "0123456789abcdef", "renamed_from": "Respect"},
    )
    audit.record("survey.draft_create", "stop-search", {"from_version": 1})
    audit.record("survey.edit", "stop-search", {"what": "details"})
    audit.record("survey.edit", "stop-search", {"what": "question added", "question": "bwv_on"})
    audit.record("survey.edit", "stop-search", {"what": "page moved", "page": "what-you-were-told"})
    audit.record("survey.edit", "stop-search", {"what": "question removed", "question": "gone"})
    audit.record("survey.publish", "stop-search", {"version": 2})
    survey = surveys.get_survey("stop-search")
    made = actions.create(
        survey, actions.ActionInput(you_said="Too slow", we_did="Faster", status="done"), admin
    )
    actions.update(
        made, actions.ActionInput(you_said="Too slow", we_did="Faster", status="in_progress")
    )
    actions.set_published(made, True)
    actions.delete(made)
    db.session.commit()

    assert details_by_action(client, "retention.purge") == [
        "Deleted responses from before: 1 March 2024; Responses deleted: 0; "
        "Unfinished surveys deleted: 0"
    ]
    assert details_by_action(client, "analysis.prune_models") == [
        "Newest inactive models kept of each kind: 2; Models deleted: None",
        "Newest inactive models kept of each kind: 2; Models deleted: Sentiment model version 3 "
        f"({STOP_SEARCH}); Theme model version 1 ({STOP_SEARCH})",
    ]
    assert details_by_action(client, "coding.train") == [
        "Coded answers: 1,250; New sentiment model: Version 4; New theme model: Not trained"
    ]
    assert details_by_action(client, "taxonomy.change") == [
        f"Survey: {STOP_SEARCH}; Fingerprint of the theme list: 0123456789abcdef; "
        "Renamed from: Respect"
    ]
    assert details_by_action(client, "survey.draft_create") == ["Started from: Published version 1"]
    assert details_by_action(client, "survey.edit") == [
        "Change: Question removed; Question: no longer in the survey (its key was gone)",
        "Change: Page moved; Page: “What the officer told you”",
        "Change: Question added; "
        "Question: “Was the officer wearing a body-worn camera that was switched on?”",
        "Change: Title, introduction, who answers or equality questions",
    ]
    assert details_by_action(client, "survey.publish") == ["Published as: Version 2"]
    assert details_by_action(client, "action.change") == [
        f"Survey: {STOP_SEARCH}; Status: In progress"
    ]
    assert details_by_action(client, "action.delete") == [
        f"Survey: {STOP_SEARCH}; Was on the public page: Yes"
    ]


def test_a_change_of_thresholds_and_details_the_page_does_not_know_still_read_in_words(
    admin, client: FlaskClient
):
    audit.record(
        "settings.disclosure",
        detail={
            "smallest_group_for_figures": {"from": 10, "to": 12},
            "smallest_group_for_quotes": {"from": 20, "to": 25},
        },
    )
    audit.record(
        "settings.disclosure",
        detail={"figures": {"from": 12, "to": 10}, "quotes": {"old": 25, "new": 20}},
    )
    audit.record(
        "settings.something_new",
        "north",
        {
            "review_state": "in_progress",
            "checked_on": "2026-03-04",
            "started_at": "2026-03-04T10:15:00",
            "strict": False,
            "limits": {"daily_cap": 1000, "mode": "soft_limit"},
            "note": "<b>Asked by</b> the chief's office",
            "nothing": None,
        },
    )
    rows = details_by_action(client)
    assert rows[0] == (
        "Review state: In progress; Checked on: 4 March 2026; Started at: 4 March 2026; "
        "Strict: No; Limits: daily cap: 1,000, mode: Soft limit; "
        "Note: <b>Asked by</b> the chief's office"
    )  # escaped: shown as typed, never as markup
    assert rows[1:3] == [
        "Smallest group shown in figures: from 12 to 10; "
        "Smallest group whose quotes are shown: from 25 to 20",
        "Smallest group for figures: from 10 to 12; Smallest group for quotes: from 20 to 25",
    ]
    page = Browser(client).get("/admin/audit")
    assert page.soup.find("b") is None


def test_no_details_cell_shows_a_stored_code(admin, app, client: FlaskClient):
    """Every kind of event the app records, through its own services, then the whole page."""
    officer = create_user(Role.OFFICER, "pc.jones@example.org")
    users.change_role(officer, Role.ADMIN, admin)
    api_tokens.create_token("App", ["links:read"], admin)
    retention.purge(retention_months=24, journey_ttl=dt.timedelta(hours=24))
    survey = surveys.get_survey("stop-search")
    made = actions.create(
        survey, actions.ActionInput(you_said="Slow", we_did="Faster", status="planned"), admin
    )
    actions.update(made, actions.ActionInput(you_said="Slow", we_did="Faster", status="done"))
    db.session.commit()
    assert client.get("/results/stop-search/export.xlsx?by=disability").status_code == 200

    cells = [cell for cell in details_by_action(client) if cell]
    assert len(cells) >= 8
    for cell in cells:
        # A token's first characters are random; they are what the tokens page shows too.
        cell = re.sub(r"Starts with: \S+…", "", cell)
        assert not CODE_LIKE.search(cell), cell
        assert "None" not in cell
