"""Test links for survey drafts, and the answers in progress given through them.

draft_test_links lets colleagues try a draft without signing in; each goes with its draft
(ON DELETE CASCADE) and expires. draft_test_journeys holds a tester's answers between pages and
goes with its link. Neither table is ever read by the results: a test is never a response.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "draft_test_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["survey_drafts.id"],
            name=op.f("fk_draft_test_links_draft_id_survey_drafts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_draft_test_links_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_test_links")),
        sa.UniqueConstraint("token", name=op.f("uq_draft_test_links_token")),
    )
    with op.batch_alter_table("draft_test_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_draft_test_links_draft_id"), ["draft_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_draft_test_links_expires_at"), ["expires_at"], unique=False
        )
    op.create_table(
        "draft_test_journeys",
        sa.Column("id", sa.String(length=43), nullable=False),
        sa.Column("test_link_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["test_link_id"],
            ["draft_test_links.id"],
            name=op.f("fk_draft_test_journeys_test_link_id_draft_test_links"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_test_journeys")),
    )
    with op.batch_alter_table("draft_test_journeys", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_draft_test_journeys_test_link_id"), ["test_link_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("draft_test_journeys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_test_journeys_test_link_id"))
    op.drop_table("draft_test_journeys")
    with op.batch_alter_table("draft_test_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_test_links_expires_at"))
        batch_op.drop_index(batch_op.f("ix_draft_test_links_draft_id"))
    op.drop_table("draft_test_links")
