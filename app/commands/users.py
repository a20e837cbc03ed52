"""`flask users create` and `flask users demo`."""

from __future__ import annotations

import hashlib
import hmac
import sys

import click
from flask import current_app
from flask.cli import AppGroup

from app.services import users as user_service
from models import Role

users_cli = AppGroup("users", help="Manage staff accounts.")

DEMO_ACCOUNTS = (
    ("officer@example.org", Role.OFFICER),
    ("analyst@example.org", Role.ANALYST),
    ("admin@example.org", Role.ADMIN),
)


@users_cli.command("create")
@click.argument("email")
@click.option(
    "--role", type=click.Choice([role.value for role in Role]), required=True, help="What they do."
)
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of stdin."
)
def users_create(email: str, role: str, password_stdin: bool) -> None:
    """Add a staff account. The password is asked for, or read from stdin."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = user_service.create_user(email, role, password)
    except user_service.UserError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {user.role.value} {user.email}")


def demo_password(email: str) -> str:
    """A development password that stays the same for this instance (it comes from the secret
    key) but cannot be guessed from the code."""
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, f"demo-account:{email}".encode(), hashlib.sha256).hexdigest()
    return "demo-" + "-".join(digest[i : i + 4] for i in range(0, 16, 4))


@users_cli.command("demo")
def users_demo() -> None:
    """Make demo officer, analyst and admin accounts if missing, and print how to sign in.

    Refused unless the configuration allows demo accounts (development and test only).
    """
    if not current_app.config.get("ALLOW_DEMO_ACCOUNTS"):
        raise click.ClickException(
            "Demo accounts have known passwords and are never made in production. "
            "Use `flask users create EMAIL --role ROLE` instead."
        )
    click.echo("Demo accounts (development only):")
    for email, role in DEMO_ACCOUNTS:
        password = demo_password(email)
        existing = user_service.by_email(email)
        if existing is None:
            user_service.create_user(email, role, password)
            state = "created"
        elif user_service.verify_password(existing.password_hash, password):
            state = "exists"
        else:
            click.echo(f"  {role.value:8} {email:20}  (exists; its password was changed)")
            continue
        click.echo(f"  {role.value:8} {email:20}  password: {password}  ({state})")
