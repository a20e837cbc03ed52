"""A temporary password expires: users.temporary_password_at says when it was given.

A password given to someone by an administrator (a new account's, or after a reset) must be
changed at the first sign-in, and now stops signing in TEMPORARY_PASSWORD_DAYS after it was
given. Accounts still waiting to change one when this runs count theirs as given now, so nobody
is shut out by the upgrade itself.

The column is added and dropped in place, never by rebuilding `users` (SQLite's batch mode),
which would fire the foreign keys that point at it and delete recovery codes.

Revision ID: 0023
Revises: 0022
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("temporary_password_at", sa.DateTime(timezone=True)))
    users = sa.table(
        "users",
        sa.column("must_change_password", sa.Boolean),
        sa.column("temporary_password_at", sa.DateTime(timezone=True)),
    )
    op.execute(
        users.update()
        .where(users.c.must_change_password.is_(True))
        .values(temporary_password_at=dt.datetime.now(dt.UTC))
    )


def downgrade() -> None:
    op.drop_column("users", "temporary_password_at")
