"""`flask results refresh`: count the default results views ahead of analysts. For cron."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.services import disclosure_settings, results_refresh

results_cli = AppGroup("results", help="Results counts kept for the results pages.")


@results_cli.command("refresh")
def results_refresh_command() -> None:
    """Count and store every survey's results by each grouping, with no filters.

    Run it every few minutes (less than RESULTS_MAX_AGE_SECONDS apart), so that analysts'
    pages read stored counts instead of counting every response. Safe to run twice at once.
    """
    k, k_text = disclosure_settings.thresholds()
    done = results_refresh.refresh(k=k, k_text=k_text)
    for item in done:
        # A staff survey's version is not printed: cron's mail would show it rising as
        # colleagues answer (app.services.staff_survey_confidential).
        version = f" at data version {item.version}" if item.version is not None else ""
        click.echo(
            f"{item.slug}: {item.groupings} groupings counted{version} in {item.seconds:.1f} s"
        )
    if not done:
        click.echo("No surveys to count.")
