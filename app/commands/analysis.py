"""`flask analysis …`: score free-text answers in batches."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.services import scoring

analysis_cli = AppGroup("analysis", help="Sentiment and themes of free-text answers.")


@analysis_cli.command("run")
@click.option("--batch-size", default=5000, show_default=True, type=click.IntRange(100, 100_000))
def analysis_run(batch_size: int) -> None:
    """Score every answer that has no current sentiment and themes (resumable, idempotent)."""
    pending = scoring.pending_count()
    if pending == 0:
        click.echo("Every answer already has current sentiment and themes.")
        return
    with click.progressbar(length=pending, label="Scoring answers", show_pos=True) as bar:
        results = scoring.run(batch_size=batch_size, progress=bar.update)
    for result in results:
        click.echo(
            f"{result.survey}: scored {result.scored} answers "
            f"(sentiment {result.sentiment_version}, themes {result.themes_version})"
        )
