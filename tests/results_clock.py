"""The results cache's clock, moved by hand, for tests of stored counts served for a bounded
time after newer responses (RESULTS_MAX_AGE_SECONDS)."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask

from app.services import results_cache


class Clock:
    """The results cache's time source, moved by hand."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += dt.timedelta(minutes=minutes)


def lagging_cache(app: Flask, monkeypatch: pytest.MonkeyPatch, now: dt.datetime) -> Clock:
    """Stored counts served for ten minutes after newer responses, on a clock set to ``now``."""
    monkeypatch.setitem(app.config, "RESULTS_MAX_AGE_SECONDS", 600)
    clock = Clock(now)
    monkeypatch.setattr(results_cache, "_now", clock)
    return clock
