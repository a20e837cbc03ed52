"""`flask results refresh`: count the default results views ahead of analysts. For cron."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.results import many_groups
from app.services import disclosure_settings, results_refresh

results_cli = AppGroup("results", help="Results counts kept for the results pages.")


@results_cli.command("refresh")
def results_refresh_command() -> None:
    """Count and store every survey's results by each grouping, with no filters, and draw
    and store those pages' charts.

    Run it every few minutes (less than RESULTS_MAX_AGE_SECONDS apart), so that analysts'
    pages read stored counts and charts instead of counting every response and drawing.
    Safe to run twice at once.
    """
    k, k_text = disclosure_settings.thresholds()
    done = results_refresh.refresh(k=k, k_text=k_text, charts=many_groups.page_charts)
    for item in done:
        # A staff survey's version is not printed: cron's mail would show it rising as
        # colleagues answer (app.services.staff_survey_confidential).
        version = f" at data version {item.version}" if item.version is not None else ""
        drawn = f"; charts in {item.drawing:.1f} s" if item.drawing is not None else ""
        click.echo(
            f"{item.slug}: {item.groupings} groupings counted{version} in {item.seconds:.1f} s"
            f"{drawn}"
        )
    if not done:
        click.echo("No surveys to count.")
