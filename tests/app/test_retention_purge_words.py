"""What `flask retention purge` says, and records in the audit log, in the words the Retention
page and the audit log use: one of a thing is one ("1 response", not "1 responses"); an
unfinished survey, not a "journey"; expired test links counted, as they are deleted; and the
purge's audit event says what it deleted from."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from sqlalchemy import select

from app.services import builder, draft_tests, retention
from app.services.links import new_token
from models import DraftTestLink, Journey, Role, db, utcnow
from tests.app.test_audit_details import details_by_action
from tests.app.test_audit_retention import DAY, event_at, start_of
from tests.app.test_retention import make_response
from tests.factories import create_link
from tests.pages import Browser
from tests.staff import signed_in


def one_of_each() -> None:
    """One response past the period (two answers, one free-text answer with two themes), one
    unfinished survey left for more than a day, one expired test link and one audit event
    past the audit log's period."""
    make_response(retention.first_month_kept(24) - DAY)
    link = create_link()
    long_ago = utcnow() - dt.timedelta(hours=30)
    db.session.add(
        Journey(
            id="left",
            link_id=link.id,
            survey_version_id=link.survey.current_version.id,
            answers={},
            created_at=long_ago,
            updated_at=long_ago,
        )
    )
    draft = builder.create({"slug": "induction", "title": {"en": "Induction"}})
    db.session.add(DraftTestLink(token=new_token(), draft_id=draft.id, expires_at=utcnow() - DAY))
    db.session.commit()
    event_at(start_of(retention.retention_cutoff(72)) - DAY)


def test_the_purge_counts_one_of_a_thing_as_one_in_the_words_the_page_uses(runner):
    one_of_each()
    kept_from = retention.first_month_kept(24)
    first_day = retention.retention_cutoff(72)

    said = runner.invoke(args=["retention", "purge"])

    assert said.exit_code == 0, said.output
    assert said.output.splitlines() == [
        f"Deleted 1 response sent before {kept_from:%B %Y} (their month ended more than "
        "24 months ago), with 2 answers, 1 free-text answer and 2 themes.",
        "Deleted 1 unfinished survey (answers never sent) whose respondent last went on to the "
        "next page more than 24 hours ago.",
        "Deleted 1 expired test link.",
        f"Deleted 1 audit event from before {first_day.day} {first_day:%B %Y} "
        "(more than 72 months ago).",
    ]
    db.session.expire_all()
    assert db.session.scalars(select(DraftTestLink)).all() == []


def test_a_dry_run_counts_the_expired_test_links_too(runner):
    one_of_each()

    said = runner.invoke(args=["retention", "purge", "--dry-run"])

    assert said.exit_code == 0, said.output
    assert "Would delete 1 unfinished survey (answers never sent)" in said.output
    assert "Would delete 1 expired test link." in said.output
    assert "Dry run: nothing was deleted." in said.output
    db.session.expire_all()
    assert len(db.session.scalars(select(DraftTestLink)).all()) == 1
    assert draft_tests.count_expired() == 1


def test_the_purges_audit_event_says_what_it_deleted_from_and_counts_the_test_links(
    client: FlaskClient, runner
):
    one_of_each()
    runner.invoke(args=["retention", "purge"])
    signed_in(client, Role.ADMIN, email="admin@example.org")

    (row,) = (
        Browser(client)
        .get("/admin/audit?action=retention.purge")
        .soup.select("#audit-events tbody tr")
    )
    (details,) = details_by_action(client, "retention.purge")

    assert [cell.get_text() for cell in row.select("td")[1:4]] == [
        "Command line",
        "Old responses and audit events deleted",
        "Every survey and the audit log",
    ]
    assert "Responses deleted: 1" in details
    assert "Unfinished surveys deleted: 1" in details
    assert "Expired test links deleted: 1" in details
