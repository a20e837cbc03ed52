"""Command-line interface: `flask --app wsgi <group> <command>`, one module per group."""

from __future__ import annotations

from flask import Flask


def register_commands(app: Flask) -> None:
    from app.commands.surveys import links_cli, surveys_cli

    for group in (surveys_cli, links_cli):
        app.cli.add_command(group)
