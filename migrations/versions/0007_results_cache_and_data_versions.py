"""Results cache: stored counts, and a data version per survey kept by triggers.

results_versions holds one number per survey. Triggers raise it, in the writing transaction, on
every insert, update or delete of responses, every update or delete of answers and free-text
answers, and every insert, update or delete of their themes (scoring), so that no code path
(submission, withdrawal, purge, scoring, demo data, a hand-written SQL fix) can change a survey's
data without the stored counts in results_cache being seen as out of date. Inserts of answers
and free-text answers need no trigger of their own: a response is immutable once submitted, so
they are only ever inserted in the transaction that inserts their response, which raises the
version (and sparing ten million trigger runs keeps seeding a million responses fast on SQLite).

A delete also removes the survey's stored counts, so that a withdrawn or purged response leaves
no trace in them. On SQLite the triggers run per row; on PostgreSQL once per statement, with
the changed rows' surveys read from the statement's transition tables.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

EVENTS = {
    "responses": ("insert", "update", "delete"),
    "answers": ("update", "delete"),
    "text_answers": ("update", "delete"),
    "text_answer_themes": ("insert", "update", "delete"),
}

BUMP_SQLITE = (
    "INSERT INTO results_versions (survey_id, version) VALUES ({row}.survey_id, 1) "
    "ON CONFLICT (survey_id) DO UPDATE SET version = version + 1;"
)
FORGET_SQLITE = "DELETE FROM results_cache WHERE survey_id = OLD.survey_id;"

# Once per transaction and survey (remembered in a transaction-local setting): raising it again
# would add nothing, and each UPDATE of one row makes a new row version that later UPDATEs in the
# same transaction must walk past, which made a scoring batch of single-row UPDATEs quadratic.
BUMP_POSTGRESQL = (
    """
CREATE FUNCTION results_bump(survey integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('listening_post.results_bumped_' || survey, true)
            IS DISTINCT FROM 'yes' THEN
        INSERT INTO results_versions (survey_id, version) VALUES (survey, 1)
        ON CONFLICT (survey_id) DO UPDATE SET version = results_versions.version + 1;
        PERFORM set_config('listening_post.results_bumped_' || survey, 'yes', true);
    END IF;
END
$$
""",
    """
CREATE FUNCTION results_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
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
        DELETE FROM results_cache WHERE survey_id IN (SELECT survey_id FROM results_old_rows);
    END IF;
    RETURN NULL;
END
$$
""",
)


def _name(table: str, event: str) -> str:
    return f"results_version_{table}_{event}"


def upgrade():
    op.create_table(
        "results_versions",
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["surveys.id"], name=op.f("fk_results_versions_survey_id_surveys")
        ),
        sa.PrimaryKeyConstraint("survey_id", name=op.f("pk_results_versions")),
    )
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
        sa.PrimaryKeyConstraint("survey_id", "key", name=op.f("pk_results_cache")),
    )
    if op.get_context().dialect.name == "postgresql":
        for function in BUMP_POSTGRESQL:
            op.execute(function)
        for table, events in EVENTS.items():
            for event in events:
                tables = {
                    "insert": "NEW TABLE AS results_new_rows",
                    "update": "OLD TABLE AS results_old_rows NEW TABLE AS results_new_rows",
                    "delete": "OLD TABLE AS results_old_rows",
                }[event]
                op.execute(
                    f"CREATE TRIGGER {_name(table, event)} AFTER {event.upper()} ON {table} "
                    f"REFERENCING {tables} FOR EACH STATEMENT "
                    "EXECUTE FUNCTION results_bump_version()"
                )
    else:
        for table, events in EVENTS.items():
            for event in events:
                rows = {"insert": ["NEW"], "update": ["OLD", "NEW"], "delete": ["OLD"]}[event]
                body = " ".join(BUMP_SQLITE.format(row=row) for row in rows)
                if event == "delete":
                    body += " " + FORGET_SQLITE
                op.execute(
                    f"CREATE TRIGGER {_name(table, event)} AFTER {event.upper()} ON {table} "
                    f"FOR EACH ROW BEGIN {body} END"
                )


def downgrade():
    for table, events in EVENTS.items():
        for event in events:
            op.execute(
                f"DROP TRIGGER IF EXISTS {_name(table, event)}"
                + (f" ON {table}" if op.get_context().dialect.name == "postgresql" else "")
            )
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS results_bump_version()")
        op.execute("DROP FUNCTION IF EXISTS results_bump(integer)")
    op.drop_table("results_cache")
    op.drop_table("results_versions")
