"""Disclosure thresholds set by admins: a table of service settings that admins change.

service_settings holds one whole number per setting, by name, with when and by whom it was
last changed. The first are the disclosure thresholds ("disclosure_k", "disclosure_k_text"):
an admin may make them stricter than SUPPRESSION_K and SUPPRESSION_K_TEXT, which stay their
floor and their default. No row: the environment's values apply.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "service_settings",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["users.id"],
            name=op.f("fk_service_settings_changed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_service_settings")),
    )


def downgrade() -> None:
    op.drop_table("service_settings")
