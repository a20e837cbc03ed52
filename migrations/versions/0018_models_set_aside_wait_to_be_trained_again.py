"""A model set aside after a withdrawal or purge waits to be trained again by `analysis run`.

A withdrawal used to train the survey's models again inside the respondent's request, holding
the database's write lock for seconds. It now only sets an affected active model aside (payload
emptied, no longer used) and marks it: analysis_models.train_again. The next `flask analysis
run` trains every marked model again from the coded answers that remain and clears the mark; a
marked model that cannot be trained because too few coded answers remain has its mark cleared
and stays set aside until analysts train again. set_aside_because still says why it was set
aside.

Downgrading drops the mark: a model waiting to be trained again stays set aside, empty, until
analysts train again.

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("analysis_models", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("train_again", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("analysis_models", schema=None) as batch_op:
        batch_op.drop_column("train_again")
