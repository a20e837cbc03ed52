"""API tokens expire: api_tokens.expires_at says when a token stops working, in UTC.

A token copied into a configuration file that gets out worked until an administrator revoked
it. Tokens made from now on work for a set time (a year unless the administrator chooses
otherwise) or, if the administrator chooses, until revoked. Tokens made before this keep
working: their expires_at is left NULL, which means "does not expire", and the tokens list
says so, so that an administrator sees which are open-ended and can replace them.

The column is added and dropped in place, never by rebuilding `api_tokens` (SQLite's batch
mode), which links.api_token_id points at: rebuilding it would fire that foreign key.

Revision ID: 0026
Revises: 0025
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_tokens", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("api_tokens", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("expires_at")
