"""Analysis: editable theme taxonomies, saved models, and analysts' coded answers.

theme_taxonomies holds one editable taxonomy per survey; analysis_models holds trained sentiment
and theme models so that every worker scores with the same one; coded_answers holds analysts'
readings of free-text answers (deleted with the answer, so withdrawal and purge leave no trace).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "theme_taxonomies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["surveys.id"], name=op.f("fk_theme_taxonomies_survey_id_surveys")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_theme_taxonomies")),
        sa.UniqueConstraint("survey_id", name=op.f("uq_theme_taxonomies_survey_id")),
    )
    op.create_table(
        "analysis_models",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("trained_on", sa.Integer(), nullable=False),
        sa.Column("metrics", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["surveys.id"], name=op.f("fk_analysis_models_survey_id_surveys")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analysis_models")),
        sa.UniqueConstraint("version", name=op.f("uq_analysis_models_version")),
    )
    with op.batch_alter_table("analysis_models", schema=None) as batch_op:
        batch_op.create_index(
            "ix_analysis_models_survey_kind", ["survey_id", "kind", "active"], unique=False
        )
    op.create_table(
        "coded_answers",
        sa.Column("text_answer_id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("sentiment", sa.SmallInteger(), nullable=True),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("coded_by_id", sa.Integer(), nullable=True),
        sa.Column("coded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["coded_by_id"],
            ["users.id"],
            name=op.f("fk_coded_answers_coded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["surveys.id"], name=op.f("fk_coded_answers_survey_id_surveys")
        ),
        sa.ForeignKeyConstraint(
            ["text_answer_id"],
            ["text_answers.id"],
            name=op.f("fk_coded_answers_text_answer_id_text_answers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("text_answer_id", name=op.f("pk_coded_answers")),
    )
    with op.batch_alter_table("coded_answers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coded_answers_survey_id"), ["survey_id"], unique=False)


def downgrade():
    with op.batch_alter_table("coded_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coded_answers_survey_id"))
    op.drop_table("coded_answers")
    with op.batch_alter_table("analysis_models", schema=None) as batch_op:
        batch_op.drop_index("ix_analysis_models_survey_kind")
    op.drop_table("analysis_models")
    op.drop_table("theme_taxonomies")
