"""A submission raises its survey's data version last, so concurrent submissions on PostgreSQL
queue on the version's row only for the moment before each COMMIT (app.services.results_cache
.version_raised_last)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import OperationalError

from app.services import results_cache
from models import Response, ResultsVersion, db
from tests.results_data import add_responses, group, survey

postgresql_only = pytest.mark.postgresql_only


def _version() -> int:
    return results_cache.data_version(survey().id)


def _lock_version_row(connection, survey_id: int) -> None:
    """Take the version row's lock from another connection, failing at once if it is held."""
    connection.execute(
        select(ResultsVersion.survey_id)
        .where(ResultsVersion.survey_id == survey_id)
        .with_for_update(nowait=True)
    ).all()


def _versions_row_free(survey_id: int) -> bool:
    with db.engine.connect() as other:
        try:
            _lock_version_row(other, survey_id)
        except OperationalError:
            return False
        finally:
            other.rollback()
    return True


@postgresql_only
def test_the_version_row_is_locked_only_when_the_writes_inside_are_done():
    add_responses(group(2, "white"))
    survey_id, before = survey().id, _version()
    db.session.commit()

    with db.engine.connect() as writer:
        with results_cache.version_raised_last(writer, survey_id):
            writer.execute(update(Response.__table__).values(sex="female"))
            # Without the mark, the UPDATE's trigger would hold the row until COMMIT.
            assert _versions_row_free(survey_id)
        assert not _versions_row_free(survey_id)
        writer.commit()

    assert _version() == before + 1  # raised once, by the end of the block


@postgresql_only
def test_a_submission_rolled_back_inside_leaves_the_version_and_the_mark_alone():
    add_responses(group(2, "white"))
    survey_id, before = survey().id, _version()
    db.session.commit()

    with db.engine.connect() as writer:
        with (
            pytest.raises(RuntimeError),
            results_cache.version_raised_last(writer, survey_id),
        ):
            writer.execute(update(Response.__table__).values(sex="female"))
            raise RuntimeError("the submission failed")
        writer.rollback()
        # The mark was local to the rolled-back transaction: the next change raises the version.
        writer.execute(update(Response.__table__).values(sex="male"))
        mark = writer.execute(
            text("SELECT current_setting('listening_post.results_bumped_' || :survey, true)"),
            {"survey": str(survey_id)},
        ).scalar()
        assert mark == "yes"  # set by the trigger for this new transaction
        writer.commit()

    assert _version() == before + 1


def test_on_every_database_the_writes_inside_raise_the_version():
    add_responses(group(2, "white"))
    survey_id, before = survey().id, _version()
    db.session.commit()

    with results_cache.version_raised_last(db.session.connection(), survey_id):
        db.session.execute(update(Response).values(sex="female"))
    db.session.commit()

    assert _version() > before
