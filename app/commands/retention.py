"""`flask retention purge`: delete what is older than the retention period. Safe from cron.

It says what went in the words the Retention page and the audit log use: responses, unfinished
surveys (answers a respondent never sent), expired test links and audit events."""

from __future__ import annotations

import datetime as dt

import click
from flask import current_app
from flask.cli import AppGroup

from app.services import retention as retention_service

retention_cli = AppGroup(
    "retention",
    help="Delete old responses, unfinished surveys, expired test links and old audit events.",
)


def counted(count: int, one: str, more: str | None = None) -> str:
    """``count`` things, singular or plural: "1 response", "1,204 responses"."""
    return f"{count:,} {one if count == 1 else (more or one + 's')}"


@retention_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Count what would be deleted; delete nothing.")
@click.option(
    "--batch-size",
    type=click.IntRange(1, 100_000),
    default=retention_service.DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Responses, or audit events, deleted per transaction.",
)
def retention_purge(dry_run: bool, batch_size: int) -> None:
    """Delete responses whose month ended more than RETENTION_MONTHS ago, unfinished surveys
    (answers never sent) left for JOURNEY_TTL_HOURS, expired test links, and audit
    events whose day ended more than AUDIT_RETENTION_MONTHS ago."""
    months = current_app.config["RETENTION_MONTHS"]
    hours = current_app.config["JOURNEY_TTL_HOURS"]
    audit_months = current_app.config["AUDIT_RETENTION_MONTHS"]
    result = retention_service.purge(
        retention_months=months,
        journey_ttl=dt.timedelta(hours=hours),
        audit_retention_months=audit_months,
        dry_run=dry_run,
        batch_size=batch_size,
    )
    verb = "Would delete" if dry_run else "Deleted"
    click.echo(
        f"{verb} {counted(result.responses, 'response')} sent before {result.cutoff:%B %Y} "
        f"(their month ended more than {counted(months, 'month')} ago), with "
        f"{counted(result.answers, 'answer')}, {counted(result.text_answers, 'free-text answer')} "
        f"and {counted(result.themes, 'theme')}."
    )
    click.echo(
        f"{verb} {counted(result.journeys, 'unfinished survey')} (answers never sent) whose "
        f"respondent last went on to the next page more than {counted(hours, 'hour')} ago."
    )
    click.echo(f"{verb} {counted(result.test_links, 'expired test link')}.")
    if result.models_retrained or result.models_set_aside or result.models_deleted:
        click.echo(
            "Models that had learned from the deleted answers: "
            f"{result.models_retrained:,} trained again without them, "
            f"{result.models_set_aside:,} set aside until they can be trained again, "
            f"{result.models_deleted:,} old {'one' if result.models_deleted == 1 else 'ones'} "
            "deleted."
        )
    kept_from = result.audit_before.date()
    click.echo(
        f"{verb} {counted(result.audit_events, 'audit event')} from before {kept_from.day} "
        f"{kept_from:%B %Y} (more than {counted(audit_months, 'month')} ago)."
    )
    if dry_run:
        click.echo("Dry run: nothing was deleted.")
