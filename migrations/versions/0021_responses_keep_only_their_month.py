"""A response keeps only the month it was sent: responses.submitted_on is the month's first day.

A single-use code keeps the day it was made and used, and a response kept the day it was sent,
so someone able to query the database could match the two by hand in a quiet area on a quiet
day. Every stored response's day becomes the first day of its month (submitted_month already
holds the month, so nothing the results show changes).

Downgrading changes nothing: the days are gone and cannot be got back, and the first of the
month is a valid date for the column as it was.

Revision ID: 0021
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        first_of_month = "date_trunc('month', submitted_on)::date"
    else:
        first_of_month = "date(submitted_on, 'start of month')"
    op.execute(
        sa.text(
            f"UPDATE responses SET submitted_on = {first_of_month} "  # noqa: S608 (fixed text)
            f"WHERE submitted_on <> {first_of_month}"
        )
    )


def downgrade() -> None:
    """Nothing to undo: the days cannot be got back."""
