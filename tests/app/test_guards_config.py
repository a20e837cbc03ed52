"""Production refuses a SECRET_KEY shorter than 32 characters and starts with one of exactly 32:
the key signs every session and encrypts two-factor keys, and the documented minimum is what
operators generate (docs/deploy.md)."""

from __future__ import annotations

import pytest

from app import create_app
from app.config import ConfigError


def test_a_key_one_character_short_is_refused():
    with pytest.raises(ConfigError, match="at least 32 characters"):
        create_app("production", SECRET_KEY="k" * 31, SQLALCHEMY_DATABASE_URI="sqlite://")


def test_a_key_of_exactly_32_characters_starts():
    app = create_app("production", SECRET_KEY="k" * 32, SQLALCHEMY_DATABASE_URI="sqlite://")
    assert app.config["SESSION_COOKIE_SECURE"] and not app.debug


def test_the_example_environment_files_placeholder_is_refused():
    """docs/examples/listening-post.env once held a placeholder sentence long enough to pass
    the length check; a key made as the guide says (secrets.token_urlsafe) has no spaces."""
    placeholder = "replace with: python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
    with pytest.raises(ConfigError, match="has a space in it"):
        create_app("production", SECRET_KEY=placeholder, SQLALCHEMY_DATABASE_URI="sqlite://")
