"""Areas may have a Welsh name: areas.name_cy.

Admins give an area its Welsh name when they add or rename it. Welsh readers of the public
"You said, we did" pages see it, and the English name, marked as English, when it has none.
Areas made before have none until an admin gives them one.

Downgrading takes every area's Welsh name away.

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("areas", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_cy", sa.String(length=120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("areas", schema=None) as batch_op:
        batch_op.drop_column("name_cy")
