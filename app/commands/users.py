"""`flask users create`, `set-role`, `reencrypt-2fa`, `demo` and `demo-code`."""

from __future__ import annotations

import base64
import hashlib
import hmac
import sys

import click
from flask import current_app
from flask.cli import AppGroup

from app.services import two_factor
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


@users_cli.command("set-role")
@click.argument("email")
@click.option(
    "--role", type=click.Choice([role.value for role in Role]), required=True, help="What they do."
)
def users_set_role(email: str, role: str) -> None:
    """Change what a staff account does; they are signed out everywhere.

    An analyst or admin without two-factor sign-in is asked to set it up at their next sign-in.
    The last active admin cannot be given another role.
    """
    user = user_service.by_email(email)
    if user is None:
        raise click.ClickException(f"There is no account for {user_service.normalise_email(email)}")
    try:
        changed = user_service.change_role(user, role)
    except user_service.UserError as error:
        raise click.ClickException(str(error)) from None
    if not changed:
        click.echo(f"{user.email} is already {role}; nothing changed")
        return
    click.echo(f"{user.email} is now {role} and has been signed out")
    if two_factor.required_for(user) and not user.has_two_factor:
        click.echo("They must set up two-factor sign-in when they next sign in.")


@users_cli.command("reencrypt-2fa")
def users_reencrypt_two_factor() -> None:
    """Encrypt every two-factor key again with the current SECRET_KEY.

    Run after rotating SECRET_KEY (with the old one in SECRET_KEY_FALLBACKS); then the old one
    can be removed. Safe to run again. Fails, naming them, if some keys cannot be decrypted:
    an admin must reset those accounts' two-factor sign-in.
    """
    result = two_factor.reencrypt_keys()
    click.echo(
        f"Re-encrypted {len(result.reencrypted)} two-factor key(s); "
        f"{result.already_current} already used the current key."
    )
    if result.unreadable:
        raise click.ClickException(
            f"{len(result.unreadable)} two-factor key(s) cannot be decrypted with SECRET_KEY or "
            "SECRET_KEY_FALLBACKS: "
            + ", ".join(result.unreadable)
            + ". Put the key they were encrypted with in SECRET_KEY_FALLBACKS and run this "
            "again, or have an admin reset their two-factor sign-in."
        )


def demo_password(email: str) -> str:
    """A development password that stays the same for this instance (it comes from the secret
    key) but cannot be guessed from the code."""
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, f"demo-account:{email}".encode(), hashlib.sha256).hexdigest()
    return "demo-" + "-".join(digest[i : i + 4] for i in range(0, 16, 4))


def demo_totp_key(email: str) -> str:
    """A two-factor key for a demo account, stable for this instance like its password."""
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, f"demo-totp:{email}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:20]).decode()


def _refuse_unless_demo(development: str) -> None:
    """Refuse outside development; ``development`` is how to run the command there."""
    if not current_app.config.get("ALLOW_DEMO_ACCOUNTS"):
        raise click.ClickException(
            "Demo accounts have known passwords and are never made in production "
            "(LISTENING_POST_ENV is not development). Use `flask users create EMAIL --role ROLE` "
            f"instead. In a development copy, run `{development}`."
        )


@users_cli.command("demo-code")
@click.argument("email")
def users_demo_code(email: str) -> None:
    """Print the two-factor code a demo account's app would show now (development only)."""
    _refuse_unless_demo(f"make demo-code EMAIL={email}")
    user = user_service.by_email(email)
    if user is None or email not in {address for address, _ in DEMO_ACCOUNTS}:
        raise click.ClickException(f"{email} is not a demo account.")
    if not user.has_two_factor:
        raise click.ClickException(f"{email} has not set up two-factor sign-in.")
    try:
        click.echo(two_factor.current_code(user))
    except two_factor.TwoFactorError as error:
        raise click.ClickException(f'{error}: run `make flask ARGS="users demo"` again.') from None


@users_cli.command("demo")
def users_demo() -> None:
    """Make demo officer, analyst and admin accounts if missing, and print how to sign in.

    Refused unless the configuration allows demo accounts (development and test only).
    """
    _refuse_unless_demo('make flask ARGS="users demo"')
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
        user = user_service.by_email(email)
        if two_factor.required_for(user):
            key = demo_totp_key(email)
            if not two_factor.uses_key(user, key):
                two_factor.set_up_with_key(user, key)
            click.echo(
                f"  {'':8} {'':20}  two-factor key: {two_factor.grouped_key(key)} "
                f"(or: make demo-code EMAIL={email})"
            )
