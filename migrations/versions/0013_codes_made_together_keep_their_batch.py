"""Codes made together keep their batch, so an officer can print a sheet of cards again.

links.batch is a random string shared by the codes of one sheet (NULL for a code made on its
own and for codes made before this). My codes offers the sheet again by it; the URL carries
the batch, never a database id.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.add_column(sa.Column("batch", sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_links_batch"), ["batch"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_links_batch"))
        batch_op.drop_column("batch")
