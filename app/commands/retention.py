"""`flask retention purge`: delete what is older than the retention period. Safe from cron."""

from __future__ import annotations

import datetime as dt

import click
from flask import current_app
from flask.cli import AppGroup

from app.services import retention as retention_service

retention_cli = AppGroup(
    "retention", help="Delete old responses, abandoned journeys and old audit events."
)


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
    """Delete responses whose month ended more than RETENTION_MONTHS ago, unfinished journeys
    with no page saved for JOURNEY_TTL_HOURS, and audit events whose day ended more than
    AUDIT_RETENTION_MONTHS ago."""
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
        f"{verb} {result.responses:,} responses sent before {result.cutoff:%B %Y} "
        f"(their month ended more than {months} months ago), with {result.answers:,} answers, "
        f"{result.text_answers:,} free-text answers and {result.themes:,} themes."
    )
    click.echo(
        f"{verb} {result.journeys:,} unfinished journeys with no page saved for more than "
        f"{hours} hours."
    )
    if result.models_retrained or result.models_set_aside or result.models_deleted:
        click.echo(
            f"Models that had learned from the deleted answers: {result.models_retrained:,} "
            f"trained again without them, {result.models_set_aside:,} set aside until they can "
            f"be trained again, {result.models_deleted:,} old ones deleted."
        )
    kept_from = result.audit_before.date()
    events = "audit event" if result.audit_events == 1 else "audit events"
    click.echo(
        f"{verb} {result.audit_events:,} {events} from before {kept_from.day} "
        f"{kept_from:%B %Y} (more than {audit_months} months ago)."
    )
    if dry_run:
        click.echo("Dry run: nothing was deleted.")
