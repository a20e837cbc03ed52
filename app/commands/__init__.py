"""Command-line interface: `flask --app wsgi <group> <command>`, one module per group."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask import Flask

from app.config import ConfigError

# How a development copy runs commands with the environment `make run` uses (README.md).
DEVELOPMENT_HINT = (
    'In a development copy, run commands as make flask ARGS="...", which sets the environment '
    "as make run does."
)


@contextmanager
def config_errors_as_messages() -> Iterator[None]:
    """Under a `flask` command, say what is wrong with the configuration in one line and exit
    with status 1, instead of a traceback. Anywhere else (gunicorn, a plain import) the error
    is raised as before, so a server with a bad configuration still refuses to start."""
    try:
        yield
    except ConfigError as error:
        if click.get_current_context(silent=True) is None:
            raise
        click.echo(f"Error: {str(error).rstrip('.')}. {DEVELOPMENT_HINT}", err=True)
        sys.exit(1)


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
        app.cli.add_command(group)
