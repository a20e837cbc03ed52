"""Synthetic responses are never added to a production database.

`flask demo seed` fills the three surveys with made-up responses, areas and "You said, we did"
actions for trying the service. Run by mistake in production (its name sits beside `flask demo
links`, which docs/deploy.md uses to check a new deployment), the made-up answers would be
counted with real people's in every published figure, with nothing to tell them apart.
"""

from __future__ import annotations

from sqlalchemy import func, select

from app.config import ProductionConfig
from models import Response, db


def test_demo_seed_refuses_in_production_and_adds_nothing(runner, app):
    production = {name: getattr(ProductionConfig, name) for name in dir(ProductionConfig)}
    demo_switches = {name: value for name, value in production.items() if "DEMO" in name}
    before = {name: app.config.get(name) for name in demo_switches}
    app.config.update(demo_switches)
    try:
        result = runner.invoke(args=["demo", "seed", "--responses", "5", "--seed", "1"])
    finally:
        app.config.update(before)

    assert result.exit_code == 1, result.output
    assert "production" in result.output
    assert db.session.scalar(select(func.count(Response.id))) == 0
