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
def tokens_create(name: str, scopes: tuple[str, ...]) -> None:
    """Make an API token and print it once: only its hash is kept."""
    try:
        made = api_tokens.create_token(name, scopes or api_tokens.DEFAULT_SCOPES)
    except api_tokens.ApiTokenError as error:
        raise click.ClickException(str(error)) from None
    click.echo(made.secret)
    click.echo(
        f"Token {made.token.name!r} with scopes {made.token.scopes}. It is shown only now.",
        err=True,
    )
