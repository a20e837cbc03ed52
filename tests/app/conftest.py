"""Fixtures shared by several of the app's test modules; the whole suite's are in
tests/conftest.py."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from models import Role, User
from tests.staff import signed_in


@pytest.fixture
def analyst(client: FlaskClient) -> User:
    """An analyst signed in on ``client`` (and so on ``browser``, which wraps it)."""
    return signed_in(client, Role.ANALYST)
