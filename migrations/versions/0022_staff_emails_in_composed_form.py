"""Staff email addresses are kept in Unicode's composed form (NFC), as sign-in now looks them up.

An address stored with a letter and a combining accent ("e" and U+0301) could no longer be
found once sign-in looks up the composed "é". Each such address is stored composed, unless
another account already has the composed address, in which case both are left as they are (an
admin can see the two in Users and deactivate one).

Downgrading changes nothing: both forms are the same address.

Revision ID: 0022
Revises: 0021
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

users = sa.table("users", sa.column("id", sa.Integer), sa.column("email", sa.String))


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(users.c.id, users.c.email)).all()
    taken = {email for _, email in rows}
    for user_id, email in rows:
        composed = unicodedata.normalize("NFC", email)
        if composed != email and composed not in taken:
            bind.execute(users.update().where(users.c.id == user_id).values(email=composed))
            taken.discard(email)
            taken.add(composed)


def downgrade() -> None:
    """Nothing to undo: the composed form is the same address."""
