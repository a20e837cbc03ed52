"""`flask results refresh`: count the default results views ahead of analysts. For cron."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.services import results_refresh

results_cli = AppGroup("results", help="Results counts kept for the results pages.")


@results_cli.command("refresh")
def results_refresh_command() -> None:
    """Count and store every survey's results by each grouping, with no filters.

    Run it every few minutes (less than RESULTS_MAX_AGE_SECONDS apart), so that analysts'
    pages read stored counts instead of counting every response. Safe to run twice at once.
    """
    done = results_refresh.refresh(
        k=current_app.config["SUPPRESSION_K"], k_text=current_app.config["SUPPRESSION_K_TEXT"]
    )
    for item in done:
        click.echo(
            f"{item.slug}: {item.groupings} groupings counted at data version {item.version} "
            f"in {item.seconds:.1f} s"
        )
    if not done:
        click.echo("No surveys to count.")
