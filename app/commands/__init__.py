"""Command-line interface: `flask --app wsgi <group> <command>`, one module per group."""

from __future__ import annotations

import copy
import sys
from typing import Any, NoReturn

import click
from flask import Flask

from app.config import Config, ConfigError, SecretKeyMissing

# How a development copy runs commands with the environment `make run` uses (README.md).
DEVELOPMENT_HINT = (
    'In a development copy, run commands as make flask ARGS="...", which sets the environment '
    "as make run does."
)


def config_error_message(error: ConfigError) -> str:
    """The one line a command prints for a configuration error (click adds "Error: ")."""
    message = f"{str(error).rstrip('.')}."
    return f"{message} {DEVELOPMENT_HINT}" if isinstance(error, SecretKeyMissing) else message


def _refuse(error: ConfigError) -> NoReturn:
    """Say what is wrong with the configuration in one line, and exit with status 1."""
    click.echo(f"Error: {config_error_message(error)}", err=True)
    sys.exit(1)


class _Unchecked(Config):
    """The configuration of an app loaded only so that `flask` can list its commands and show
    their help while the real configuration is unusable: none of its commands runs."""

    @classmethod
    def validate(cls, config: dict) -> None:  # noqa: ARG003 - nothing is checked
        return None


def create_app_for_wsgi() -> Flask:
    """The app of wsgi.py, which gunicorn serves and `flask --app wsgi` runs commands of.

    Under gunicorn (or a plain import) a configuration error is raised: the server refuses to
    start. Under `flask`, `--help` still works: while flask is only listing commands or looking
    one up (to show its help, or before running it), an app is loaded without its settings
    checked, and each of its commands, if run, says what is wrong in one line and exits with
    status 1, as do commands that load the app themselves (run, shell, db)."""
    from app import create_app

    try:
        return create_app()
    except ConfigError as error:
        context = click.get_current_context(silent=True)
        if context is None:
            raise
        if not isinstance(context.command, click.Group):
            _refuse(error)  # a command is running, not being looked up
        app = create_app(_Unchecked)
        message = config_error_message(error)
        for name, command in list(app.cli.commands.items()):
            app.cli.commands[name] = _refusing(command, message)
        return app


def _refusing(command: click.Command, message: str) -> click.Command:
    """A copy of ``command`` (of each command in it, for a group) with its help and options,
    that refuses to run. The copy leaves the original, shared by every app made in this
    process, as it was."""
    refusal = copy.copy(command)
    if isinstance(command, click.Group):
        refusal.commands = {  # type: ignore[attr-defined]
            name: _refusing(sub, message) for name, sub in command.commands.items()
        }
    else:

        def refuse(*_args: Any, **_kwargs: Any) -> NoReturn:
            raise click.ClickException(message)

        refusal.callback = refuse
    return refusal


#: What a command says when the database has not been made yet, after naming it.
NO_TABLES = (
    "has no tables yet: run `flask --app wsgi db upgrade` first (make run does it, "
    'and in a development copy make flask ARGS="db upgrade"). If that is not the database you '
    "meant, set DATABASE_URL as you did for make run."
)


def no_tables(url: str) -> str:
    """The one line a command says when the database at ``url`` has not been made yet."""
    return f"The database {url} {NO_TABLES}"


def _missing_table(error: Exception) -> bool:
    """Whether a database error says a table does not exist (SQLite, PostgreSQL)."""
    text = str(getattr(error, "orig", error)).lower()
    return "no such table" in text or ("relation" in text and "does not exist" in text)


def _explaining_missing_tables(command: click.Command) -> click.Command:
    """A copy of ``command`` (of each command in it, for a group) that, run against a database
    not yet made, says so in one line instead of a traceback."""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    explained = copy.copy(command)
    if isinstance(command, click.Group):
        explained.commands = {  # type: ignore[attr-defined]
            name: _explaining_missing_tables(sub) for name, sub in command.commands.items()
        }
        return explained
    callback = command.callback
    if callback is None:
        return explained

    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return callback(*args, **kwargs)
        except (OperationalError, ProgrammingError) as error:
            if _missing_table(error):
                from models import db

                url = db.engine.url.render_as_string(hide_password=True)
                raise click.ClickException(no_tables(url)) from None
            raise

    explained.callback = run
    return explained


def register_commands(app: Flask) -> None:
    from app.commands.analysis import analysis_cli
    from app.commands.demo import demo_cli
    from app.commands.results import results_cli
    from app.commands.retention import retention_cli
    from app.commands.surveys import links_cli, surveys_cli
    from app.commands.tokens import tokens_cli
    from app.commands.users import users_cli

    for group in (
        surveys_cli,
        links_cli,
        demo_cli,
        retention_cli,
        analysis_cli,
        results_cli,
        users_cli,
        tokens_cli,
    ):
        app.cli.add_command(_explaining_missing_tables(group))
