"""Listening sessions may have a Welsh name: events.name_cy.

Officers give a session its Welsh name when they make its code (so can the CLI and the links
API). Welsh readers of the survey's start page see it, and the English name, marked as English,
when it has none. Sessions made before have none.

Downgrading takes every session's Welsh name away.

Revision ID: 0020
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_cy", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("name_cy")
