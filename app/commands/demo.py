"""`flask demo …`: synthetic responses and working links for trying the service."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import AppGroup

from app.services import demo as demo_service
from app.services import links as link_service

demo_cli = AppGroup("demo", help="Demo data and links.")


@demo_cli.command("seed")
@click.option(
    "--responses",
    "count",
    type=click.IntRange(1, demo_service.MAX_RESPONSES),
    default=3000,
    show_default=True,
    help="How many responses to add.",
)
@click.option(
    "--seed",
    "seed",
    type=click.IntRange(0, 2**32 - 1),
    default=None,
    help=("Random seed: the same seed gives the same responses. Default: a new one, printed."),
)
@click.option("--if-empty", is_flag=True, help="Do nothing if there are responses already.")
def demo_seed(count: int, seed: int | None, if_empty: bool) -> None:
    """Add realistic synthetic responses to the three built-in surveys (development only)."""
    if not current_app.config.get("ALLOW_DEMO_ACCOUNTS"):
        # Made-up answers in a live database would be counted with real people's in every
        # published figure, with nothing to tell them apart.
        raise click.ClickException(
            "Demo responses are made up and are never added in production "
            "(LISTENING_POST_ENV is not development): they would be counted with real answers. "
            "In a development copy, `make run` adds them."
        )
    if if_empty and (existing := demo_service.count_responses()):
        click.echo(f"There are already {existing:,} responses, so no demo data was added.")
        if named := demo_service.name_demo_areas_in_welsh():
            click.echo(f"Gave {named} demo area{'s' if named != 1 else ''} a Welsh name.")
        if named := demo_service.name_demo_sessions_in_welsh():
            click.echo(
                f"Gave {named} demo listening session{'s' if named != 1 else ''} a Welsh name."
            )
        return
    started = time.perf_counter()
    try:
        with click.progressbar(
            length=count, label="Seeding responses", show_pos=True, show_eta=True
        ) as bar:
            result = demo_service.seed_responses(count, seed=seed, progress=bar.update)
    except demo_service.DemoError as error:
        raise click.ClickException(str(error)) from None
    seconds = time.perf_counter() - started
    surveys = ", ".join(f"{slug} {n:,}" for slug, n in result.by_survey.items())
    click.echo(
        f"Added {result.responses:,} responses ({surveys}) with {result.answers:,} answers, "
        f"{result.text_answers:,} free-text answers, {result.codes_offered:,} codes offered and "
        f"{result.actions:,} “You said, we did” actions, "
        f"in {seconds:.1f} s ({result.responses / seconds:,.0f} responses a second). "
        f"Seed: {result.seed}."
    )


@demo_cli.command("links")
def demo_links() -> None:
    """Print a fresh working link to each built-in survey (development only)."""
    if not current_app.config.get("ALLOW_DEMO_ACCOUNTS"):
        # It makes a lasting "Demo listening session" that real results would then list.
        raise click.ClickException(
            "Demo links come with a made-up listening session, so they are never made in "
            "production (LISTENING_POST_ENV is not development). To try a survey there, make a "
            "code: flask links create --survey stop-search"
        )
    try:
        made = demo_service.demo_links()
    except link_service.LinkError as error:
        raise click.ClickException(str(error)) from None
    base_url = current_app.config["PUBLIC_BASE_URL"]
    width = max(len(slug) for slug, _ in made) + 2
    for slug, link in made:
        click.echo(f"{slug:<{width}}{link_service.public_url(base_url, link)}")
