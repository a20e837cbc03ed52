"""`flask demo seed` on PostgreSQL loads the answers in bulk: the tables keep every index and
checked foreign key afterwards, and a load that fails half way leaves nothing behind."""

from __future__ import annotations

import pytest
from sqlalchemy import func, insert, inspect, select
from sqlalchemy import text as sql
from sqlalchemy.exc import IntegrityError

from app.services import demo
from app.services.demo import postgres_load
from models import Answer, Link, QuestionNotShown, Response, TextAnswer, db
from tests.app.demo_helpers import seed

BULK_TABLES = ("answers", "text_answers", "questions_not_shown")


def schema(table: str) -> dict[str, object]:
    """The indexes and foreign keys of ``table`` as the database has them."""
    inspector = inspect(db.session.connection())
    return {
        "indexes": {
            index["name"]: (tuple(index["column_names"]), bool(index["unique"]))
            for index in inspector.get_indexes(table)
        },
        "foreign_keys": {
            key["name"]: (
                tuple(key["constrained_columns"]),
                key["referred_table"],
                tuple(key["referred_columns"]),
                (key["options"].get("ondelete") or "").upper() or None,
            )
            for key in inspector.get_foreign_keys(table)
        },
    }


def schema_in_models(name: str) -> dict[str, object]:
    table = db.metadata.tables[name]
    return {
        "indexes": {
            index.name: (tuple(column.name for column in index.columns), bool(index.unique))
            for index in table.indexes
        },
        "foreign_keys": {
            key.name: (
                tuple(key.column_keys),
                key.referred_table.name,
                tuple(element.column.name for element in key.elements),
                key.ondelete,
            )
            for key in table.foreign_key_constraints
        },
    }


@pytest.mark.postgresql_only
def test_seeding_a_fresh_postgresql_database_leaves_answers_indexed_and_checked(runner):
    expected = {table: schema_in_models(table) for table in BULK_TABLES}
    assert len(expected["answers"]["indexes"]) == 3
    assert all(len(expected[table]["foreign_keys"]) == 2 for table in BULK_TABLES)
    assert {table: schema(table) for table in BULK_TABLES} == expected

    seed(runner, 1500)

    assert db.session.scalar(select(func.count(Answer.id))) > 1500
    assert {table: schema(table) for table in BULK_TABLES} == expected
    # The foreign keys were checked against the loaded rows, and go on being enforced.
    assert not db.session.scalars(
        sql(
            "SELECT conname FROM pg_constraint"
            " WHERE conrelid IN ('answers'::regclass, 'text_answers'::regclass,"
            " 'questions_not_shown'::regclass) AND NOT convalidated"
        )
    ).all()
    with pytest.raises(IntegrityError):
        db.session.execute(
            insert(Answer).values(response_id=10**9, survey_id=1, question_key="k", value="v")
        )
    db.session.rollback()
    # A second seed, into a database that now has answers, adds to them.
    seed(runner, 500, 8)
    assert db.session.scalar(select(func.count(Response.id))) == 2000
    assert {table: schema(table) for table in BULK_TABLES} == expected


@pytest.mark.postgresql_only
def test_a_seed_that_fails_half_way_leaves_no_rows_and_every_index(monkeypatch):
    expected = {table: schema(table) for table in BULK_TABLES}
    written = []

    def load_then_fail(plan, rng, size):
        if written:
            raise RuntimeError("the machine went down")
        written.append(size)
        return load_chunk(plan, rng, size)

    load_chunk = postgres_load.load_chunk
    monkeypatch.setattr(postgres_load, "load_chunk", load_then_fail)
    with pytest.raises(RuntimeError, match="went down"):
        demo.seed_responses(300, seed=7, chunk_size=100)

    assert written == [100]
    for model in (Response, Answer, TextAnswer, QuestionNotShown, Link):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0
    assert {table: schema(table) for table in BULK_TABLES} == expected
    assert expected == {table: schema_in_models(table) for table in BULK_TABLES}
