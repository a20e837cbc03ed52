"""Results cache: several counted versions per query, and the version of the latest delete.

Stored counts may now be served for a bounded time after the data has moved on
(RESULTS_MAX_AGE_SECONDS), so that analysts are not each made to wait for a recount while
responses keep arriving. Two changes make that safe:

- results_cache is keyed by (survey_id, key, version): a page reads all its counts at one
  version, and a count stored at a newer version for one query must not replace the one a
  snapshot still needs for another. (The table is a cache: it is emptied and made again.)
- results_versions.forgotten is the survey's version as of its latest delete of responses,
  answers, free text or themes (a withdrawal, a purge). Counts tagged with an older version may
  contain a deleted answer: they are neither stored nor served. The delete triggers still also
  remove the survey's stored counts, as in 0007.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

DELETES = ("responses", "answers", "text_answers", "text_answer_themes")

BUMP_SQLITE = (
    "INSERT INTO results_versions (survey_id, version) VALUES (OLD.survey_id, 1) "
    "ON CONFLICT (survey_id) DO UPDATE SET version = version + 1;"
)
FORGET_SQLITE = "DELETE FROM results_cache WHERE survey_id = OLD.survey_id;"
MARK_SQLITE = "UPDATE results_versions SET forgotten = version WHERE survey_id = OLD.survey_id;"

FUNCTION_POSTGRESQL = """
CREATE OR REPLACE FUNCTION results_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    survey integer;
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        FOR survey IN SELECT DISTINCT survey_id FROM results_new_rows ORDER BY 1 LOOP
            PERFORM results_bump(survey);
        END LOOP;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        FOR survey IN SELECT DISTINCT survey_id FROM results_old_rows ORDER BY 1 LOOP
            PERFORM results_bump(survey);
        END LOOP;
    END IF;
    IF TG_OP = 'DELETE' THEN
        DELETE FROM results_cache WHERE survey_id IN (SELECT survey_id FROM results_old_rows);%s
    END IF;
    RETURN NULL;
END
$$
"""
MARK_POSTGRESQL = """
        UPDATE results_versions SET forgotten = version
        WHERE survey_id IN (SELECT survey_id FROM results_old_rows);"""


def _cache_table(primary_key: list[str]) -> None:
    op.create_table(
        "results_cache",
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("rows", sa.LargeBinary(), nullable=False),
        sa.Column("counted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["surveys.id"], name=op.f("fk_results_cache_survey_id_surveys")
        ),
        sa.PrimaryKeyConstraint(*primary_key, name=op.f("pk_results_cache")),
    )


def _sqlite_delete_triggers(body: str) -> None:
    for table in DELETES:
        name = f"results_version_{table}_delete"
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(f"CREATE TRIGGER {name} AFTER DELETE ON {table} FOR EACH ROW BEGIN {body} END")


def upgrade():
    postgresql = op.get_context().dialect.name == "postgresql"
    op.add_column(
        "results_versions",
        sa.Column("forgotten", sa.BigInteger(), nullable=False, server_default="0"),
    )
    if not postgresql:
        # The delete triggers name results_cache: drop them while the table is made again.
        for table in DELETES:
            op.execute(f"DROP TRIGGER IF EXISTS results_version_{table}_delete")
    op.drop_table("results_cache")
    _cache_table(["survey_id", "key", "version"])
    if postgresql:
        op.execute(FUNCTION_POSTGRESQL % MARK_POSTGRESQL)
    else:
        _sqlite_delete_triggers(f"{BUMP_SQLITE} {MARK_SQLITE} {FORGET_SQLITE}")


def downgrade():
    postgresql = op.get_context().dialect.name == "postgresql"
    if postgresql:
        op.execute(FUNCTION_POSTGRESQL % "")
    else:
        for table in DELETES:
            op.execute(f"DROP TRIGGER IF EXISTS results_version_{table}_delete")
    op.drop_table("results_cache")
    _cache_table(["survey_id", "key"])
    if not postgresql:
        _sqlite_delete_triggers(f"{BUMP_SQLITE} {FORGET_SQLITE}")
    # Not a batch copy of the table on SQLite: the triggers name results_versions.
    op.execute("ALTER TABLE results_versions DROP COLUMN forgotten")
