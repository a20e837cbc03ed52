"""`flask surveys …` and `flask links …`."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.services import links as link_service
from app.services import surveys as survey_service
from models import LinkKind

surveys_cli = AppGroup("surveys", help="Load and inspect surveys.")
links_cli = AppGroup("links", help="Make survey links.")


@surveys_cli.command("sync")
def surveys_sync() -> None:
    """Load or update the built-in surveys (idempotent)."""
    for result in survey_service.sync_built_in():
        state = "published" if result.changed else "unchanged"
        click.echo(f"{result.slug}: version {result.version} ({state})")


@links_cli.command("create")
@click.option("--survey", "survey_slug", required=True, help="Survey slug, e.g. stop-search.")
@click.option("--area", "area_code", default=None, help="Area code the link belongs to.")
@click.option(
    "--single-use/--reusable",
    "single_use",
    default=None,
    help="Whether each link can be answered once. Default: the survey's own default.",
)
@click.option("--count", default=1, show_default=True, type=click.IntRange(1, 1000))
@click.option(
    "--kind", type=click.Choice([kind.value for kind in LinkKind]), default=None, help="Link kind."
)
@click.option("--event", "event_name", default=None, help="Event name, for listening sessions.")
@click.option(
    "--event-cy",
    "event_name_cy",
    default=None,
    help="The event's name in Welsh, for Welsh readers (with --event).",
)
def links_create(
    survey_slug: str,
    area_code: str | None,
    single_use: bool | None,
    count: int,
    kind: str | None,
    event_name: str | None,
    event_name_cy: str | None,
) -> None:
    """Make links to a survey and print one URL a line."""
    chosen_kind = LinkKind(kind) if kind else None
    made_kind = link_service.kind_made(survey_slug, chosen_kind)
    if (event_name or event_name_cy) and made_kind not in (None, LinkKind.EVENT):
        # Said rather than ignored: the links would be made with no session name at all.
        named = (("--event", event_name), ("--event-cy", event_name_cy))
        given = [option for option, value in named if value]
        two = len(given) == 2
        # "event links", not "listening-session links", which would read as the survey's.
        these = (
            f"--kind {made_kind.value} makes {made_kind.value} links"
            if chosen_kind
            else f"{survey_slug} links are {made_kind.value} links"
        )
        raise click.ClickException(
            f"{' and '.join(given)} {'are' if two else 'is'} only for event links, made for a "
            f"listening session, and {these}: leave {'them' if two else 'it'} out, or use "
            "--kind event."
        )
    try:
        made = link_service.create_links(
            survey_slug,
            count=count,
            area_code=area_code,
            single_use=single_use,
            kind=chosen_kind,
            event_name=event_name,
            event_name_cy=event_name_cy,
        )
    except link_service.LinkError as error:
        raise click.ClickException(str(error)) from None
    base_url = current_app.config["PUBLIC_BASE_URL"]
    for link in made:
        click.echo(link_service.public_url(base_url, link))
