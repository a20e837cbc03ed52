"""`flask analysis …`: train again models set aside after a withdrawal or purge, score
free-text answers in batches; prune old trained models."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.services import model_pruning, scoring
from app.services.coding import forgetting

analysis_cli = AppGroup("analysis", help="Sentiment and themes of free-text answers.")


@analysis_cli.command("run")
@click.option("--batch-size", default=5000, show_default=True, type=click.IntRange(100, 100_000))
def analysis_run(batch_size: int) -> None:
    """Train again the models set aside after a withdrawal or purge, then score every answer
    that has no current sentiment and themes (resumable, idempotent)."""
    for survey in forgetting.train_again():
        _say_trained_again(survey)
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


KIND_NAMES = {"sentiment": "sentiment model", "themes": "theme model"}


def _say_trained_again(survey: forgetting.TrainedAgain) -> None:
    for kind, old, new in survey.retrained:
        click.echo(
            f"{survey.survey}: {KIND_NAMES[kind]} {old}, set aside after answers it learned "
            f"from were deleted, trained again without them: {new}"
        )
    for kind, old in survey.too_few:
        click.echo(
            f"{survey.survey}: too few coded answers are left to train the {KIND_NAMES[kind]} "
            f"again ({old} was set aside); it stays set aside until analysts train it"
        )
    for kind in survey.later:
        click.echo(
            f"{survey.survey}: the {KIND_NAMES[kind]} could not be trained again this time; "
            "the next run tries again"
        )


@analysis_cli.command("prune-models")
@click.option(
    "--keep",
    default=model_pruning.DEFAULT_KEEP,
    show_default=True,
    type=click.IntRange(0, None),
    help="Inactive models kept per survey and kind, newest first, besides the active one.",
)
def analysis_prune_models(keep: int) -> None:
    """Delete old inactive sentiment and theme models (never an active one). Safe from cron."""
    pruned = model_pruning.prune(keep=keep)
    for model in pruned:
        click.echo(
            f"Deleted {model.survey or 'no survey'} {model.kind} model {model.version} "
            f"(trained {model.created_at:%Y-%m-%d %H:%M}, {model.size:,} bytes)"
        )
    kept = (
        f"the active models and the {keep} newest inactive ones of each survey and kind"
        if keep
        else "only the active models"
    )
    if pruned:
        freed = sum(model.size for model in pruned)
        count = "1 old model" if len(pruned) == 1 else f"{len(pruned)} old models"
        click.echo(f"Deleted {count} ({freed:,} bytes); kept {kept}.")
    else:
        click.echo(f"No old models to delete; kept {kept}.")
