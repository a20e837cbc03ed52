"""You said, we did in Welsh: an action's "You said" and "We did" text may be given in Welsh.

actions.you_said_cy and actions.we_did_cy are optional; an action has both or neither. Welsh
readers of the public pages get them when they are there, otherwise the English text.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("you_said_cy", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("we_did_cy", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_column("we_did_cy")
        batch_op.drop_column("you_said_cy")
