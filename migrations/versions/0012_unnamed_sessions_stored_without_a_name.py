"""Listening sessions made without a name are stored without one.

Before this, a session made without a name was stored with the name "Listening session", so
it read in English on Welsh pages as if an officer had called it that. Since then such a session
is stored with the name "" and shown as "Listening session" in the reader's language (models
Event.name). This gives the sessions stored before the change the same treatment. A session an
officer named "Listening session" themselves cannot be told apart from those; it reads the same
in English either way, and as "Sesiwn wrando" in Welsh.

Downgrading stores "Listening session" again for every session without a name, as the code of
0011 expects.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

EVENTS = sa.table("events", sa.column("name", sa.String()))
STORED_DEFAULT = "Listening session"


def upgrade() -> None:
    op.execute(EVENTS.update().where(EVENTS.c.name == STORED_DEFAULT).values(name=""))


def downgrade() -> None:
    op.execute(EVENTS.update().where(EVENTS.c.name == "").values(name=STORED_DEFAULT))
