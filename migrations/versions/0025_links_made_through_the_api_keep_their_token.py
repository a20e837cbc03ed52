"""A link made through the API keeps which API token made it: links.api_token_id.

A link made on the website records the officer who made it; one made by the force's own app,
through the API, recorded nothing, so the links a leaked token made could not be found. Links
made before this have none.

Revision ID: 0025
Revises: 0024
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.add_column(sa.Column("api_token_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_links_api_token_id"), ["api_token_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_links_api_token_id_api_tokens"), "api_tokens", ["api_token_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_links_api_token_id_api_tokens"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_links_api_token_id"))
        batch_op.drop_column("api_token_id")
