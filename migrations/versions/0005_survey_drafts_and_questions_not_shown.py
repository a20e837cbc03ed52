"""Survey drafts for the builder, and the questions each response was not shown.

survey_drafts holds a survey being made or changed by an admin until it is published as a new
survey version. questions_not_shown records, for each response, the questions its earlier
answers hid, so that analysis counts a question only among those who were shown it.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "survey_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("source", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_survey_drafts_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_drafts")),
        sa.UniqueConstraint("slug", name=op.f("uq_survey_drafts_slug")),
    )
    op.create_table(
        "questions_not_shown",
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("question_key", sa.String(length=64), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            name=op.f("fk_questions_not_shown_response_id_responses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["surveys.id"], name=op.f("fk_questions_not_shown_survey_id_surveys")
        ),
        sa.PrimaryKeyConstraint("response_id", "question_key", name=op.f("pk_questions_not_shown")),
    )
    with op.batch_alter_table("questions_not_shown", schema=None) as batch_op:
        batch_op.create_index(
            "ix_questions_not_shown_survey_question", ["survey_id", "question_key"], unique=False
        )


def downgrade():
    with op.batch_alter_table("questions_not_shown", schema=None) as batch_op:
        batch_op.drop_index("ix_questions_not_shown_survey_question")
    op.drop_table("questions_not_shown")
    op.drop_table("survey_drafts")
