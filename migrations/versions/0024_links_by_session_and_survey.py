"""Links are indexed by listening session and survey together.

A results page lists the listening sessions its survey's links were made for. With event_id
indexed alone, SQLite chose the survey_id index to answer "has this session a link of this
survey?" and read every link of the survey: about 0.3 s a page for stop and search at a million
responses, whose two million codes have no session. The index on (event_id, survey_id) answers
it from the index, and serves every lookup by event_id that the index on it alone served.

Revision ID: 0024
Revises: 0023
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_links_event_survey", "links", ["event_id", "survey_id"])
    op.drop_index("ix_links_event_id", table_name="links")


def downgrade() -> None:
    op.create_index("ix_links_event_id", "links", ["event_id"])
    op.drop_index("ix_links_event_survey", table_name="links")
