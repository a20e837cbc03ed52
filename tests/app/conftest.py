"""Fixtures shared by several of the app's test modules; the whole suite's are in
tests/conftest.py."""

from __future__ import annotations

import time

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.public import bot_check
from models import Role, User
from tests.staff import signed_in

#: Production's BOT_MIN_SECONDS: the least time for each page a journey answered (tests' is 0).
BOT_MINIMUM = 1.0


@pytest.fixture
def analyst(client: FlaskClient) -> User:
    """An analyst signed in on ``client`` (and so on ``browser``, which wraps it)."""
    return signed_in(client, Role.ANALYST)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch):
    """The bot check's clock, moved on by hand; starts at the real time."""

    class Clock:
        now = time.time()

        def tick(self, seconds: float) -> None:
            self.now += seconds

    fake = Clock()
    monkeypatch.setattr(bot_check, "_now", lambda: fake.now)
    return fake


@pytest.fixture
def minimum(app: Flask, monkeypatch: pytest.MonkeyPatch) -> float:
    """Production's minimum fill time, put back afterwards."""
    monkeypatch.setitem(app.config, "BOT_MIN_SECONDS", BOT_MINIMUM)
    return BOT_MINIMUM
