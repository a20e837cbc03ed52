"""A retention period of less than a month is refused rather than read as "keep nothing": a
period of 0 would otherwise put today's cutoff at today and delete every response. And a dry
run with nothing to delete says nothing would be deleted, not one of anything."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.services import retention
from models import Response, db, today
from tests.app.test_retention import make_response


@pytest.mark.parametrize("months", [0, -1])
def test_a_period_under_one_month_is_refused_and_nothing_is_deleted(months: int):
    make_response(today() - dt.timedelta(days=40))
    with pytest.raises(ValueError, match="at least one month"):
        retention.purge(retention_months=months, journey_ttl=dt.timedelta(hours=24))
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1


def test_a_dry_run_with_nothing_to_delete_counts_nothing(runner):
    make_response(today())
    result = runner.invoke(args=["retention", "purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Would delete 0 responses" in result.output
    assert "Would delete 0 unfinished surveys" in result.output
