"""`flask tokens create`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.services import api_tokens
from models import Scope

tokens_cli = AppGroup("tokens", help="Manage API tokens.")


@tokens_cli.command("create")
@click.option("--name", required=True, help="Who will use it, e.g. 'Stop and search app'.")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    type=click.Choice([scope.value for scope in Scope]),
    help="What it may do (repeat for more). Default: links:write and links:read.",
)
@click.option(
    "--expires-in-days",
    "days",
    type=int,
    default=None,
    metavar="DAYS",
    help=f"How many days it works, from 1 to {api_tokens.MAX_LIFETIME_DAYS:,}. "
    f"Default: {api_tokens.DEFAULT_LIFETIME_DAYS}.",
)
@click.option(
    "--no-expiry",
    is_flag=True,
    help="It works until revoked. Not recommended: a copy that gets out works for ever.",
)
def tokens_create(name: str, scopes: tuple[str, ...], days: int | None, no_expiry: bool) -> None:
    """Make an API token and print it once: only its hash is kept."""
    if no_expiry and days is not None:
        raise click.UsageError("Give --expires-in-days or --no-expiry, not both")
    if no_expiry:
        lifetime = None
    elif days is None:
        lifetime = api_tokens.DEFAULT_LIFETIME_DAYS
    elif not 1 <= days <= api_tokens.MAX_LIFETIME_DAYS:
        raise click.BadParameter(
            f"must be from 1 to {api_tokens.MAX_LIFETIME_DAYS:,} days; "
            "for a token that does not expire, use --no-expiry",
            param_hint="--expires-in-days",
        )
    else:
        lifetime = days
    try:
        made = api_tokens.create_token(name, scopes or api_tokens.DEFAULT_SCOPES, None, lifetime)
    except api_tokens.ApiTokenError as error:
        raise click.ClickException(str(error)) from None
    click.echo(made.secret)
    expires = made.token.expires_at
    lasts = f"It works until {expires:%Y-%m-%d %H:%M} UTC" if expires else "It does not expire"
    click.echo(
        f"Token {made.token.name!r} with scopes {made.token.scopes}. {lasts}. "
        "It is shown only now.",
        err=True,
    )
