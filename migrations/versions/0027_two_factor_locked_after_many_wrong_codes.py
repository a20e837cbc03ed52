"""Wrong two-factor codes in a row are counted: users.two_factor_failures.

A right code starts the count again; at TWO_FACTOR_MAX_FAILURES the account's two-factor
sign-in is locked until an administrator resets it (NIST SP 800-63B 5.2.2). Every account
starts at 0, so nobody is locked by the upgrade itself.

The column is added and dropped in place, never by rebuilding `users` (SQLite's batch mode),
which would fire the foreign keys that point at it and delete recovery codes.

Revision ID: 0027
Revises: 0026
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column("two_factor_failures", sa.Integer(), nullable=False, server_default="0"),
    )


def downgrade() -> None:
    op.drop_column("users", "two_factor_failures")
