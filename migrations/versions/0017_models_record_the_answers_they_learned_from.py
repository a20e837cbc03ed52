"""Trained models record the answers they learned from, so withdrawal and purge reach them.

analysis_model_sources holds, for each stored sentiment or theme model, the ids of the free-text
answers it learned from (ids only, never the text; not a foreign key, so the row outlives the
answer and a model that learned from a deleted answer is found by the answer's absence). When a
response is withdrawn or purged, a model that learned from one of its answers is trained again
without it, or set aside when too few coded answers remain: analysis_models.set_aside_at and
set_aside_because ("withdrawal" or "retention") say when and why.

Models trained before this record nothing. The first withdrawal or purge in their survey treats
them as having learned from an answer that has gone (some may well have), so they are trained
again or set aside too.

Downgrading drops the table and the two columns; set-aside models stay inactive and empty.

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("analysis_models", schema=None) as batch_op:
        batch_op.add_column(sa.Column("set_aside_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("set_aside_because", sa.String(length=16), nullable=True))
    op.create_table(
        "analysis_model_sources",
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("text_answer_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["analysis_models.id"],
            name=op.f("fk_analysis_model_sources_model_id_analysis_models"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "model_id", "text_answer_id", name=op.f("pk_analysis_model_sources")
        ),
    )
    with op.batch_alter_table("analysis_model_sources", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_analysis_model_sources_text_answer_id"),
            ["text_answer_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("analysis_model_sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_analysis_model_sources_text_answer_id"))
    op.drop_table("analysis_model_sources")
    with op.batch_alter_table("analysis_models", schema=None) as batch_op:
        batch_op.drop_column("set_aside_because")
        batch_op.drop_column("set_aside_at")
