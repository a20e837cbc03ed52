"""Command-line interface: `flask --app wsgi <group> <command>`, one module per group."""

from __future__ import annotations

from flask import Flask


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
