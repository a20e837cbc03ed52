"""An index on answers for counting them by a column of their response.

ix_answers_survey_response (survey_id, response_id, question_key, value) holds everything the
results queries read from answers, in response order: counting a survey's answers by group reads
this index alone and meets each response once, in order, instead of looking every answer up in
the table. At a million responses this makes the first count after a change two to three times
faster on SQLite.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_answers_survey_response",
            ["survey_id", "response_id", "question_key", "value"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_index("ix_answers_survey_response")
