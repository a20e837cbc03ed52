"""Two-factor keys encrypted at rest: users.totp_secret holds a Fernet token, not the base32 key.

The column widens from 64 to 255 characters and every key already stored is encrypted with the
key that app/services/two_factor.py uses (derived from the app's SECRET_KEY), so a copy of the
database no longer gives away anyone's second factor. Downgrading decrypts them again, with
SECRET_KEY or one of SECRET_KEY_FALLBACKS; it stops, changing nothing, if a key cannot be
decrypted.

Run both with the app's real SECRET_KEY in the environment (`flask db upgrade` does).

SQLite cannot change a column's type in place, and rebuilding `users` would fire the foreign
keys that point at it (deleting recovery codes), so there the column is replaced: a new one is
added, filled, the old one dropped and the new one renamed. PostgreSQL alters it in place.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op
from flask import current_app

from app.services.secret_box import SecretBox, SecretBoxError, app_secret_keys
from app.services.two_factor_keys import KEY_PURPOSE

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

USERS = sa.table("users", sa.column("id", sa.Integer()), sa.column("totp_secret", sa.String()))


def _box() -> SecretBox:
    return SecretBox(app_secret_keys(current_app.config), KEY_PURPOSE)


def _resize(length: int) -> None:
    """Make users.totp_secret a String(length), keeping its values."""
    if op.get_bind().dialect.name != "sqlite":
        op.execute(f"ALTER TABLE users ALTER COLUMN totp_secret TYPE VARCHAR({length:d})")
        return
    op.add_column("users", sa.Column("totp_secret_resized", sa.String(length=length)))
    op.execute("UPDATE users SET totp_secret_resized = totp_secret")
    op.drop_column("users", "totp_secret")
    op.alter_column("users", "totp_secret_resized", new_column_name="totp_secret")


def _stored_keys() -> list[tuple[int, str]]:
    query = sa.select(USERS.c.id, USERS.c.totp_secret).where(USERS.c.totp_secret.is_not(None))
    return [(row.id, row.totp_secret) for row in op.get_bind().execute(query)]


def _write(values: dict[int, str]) -> None:
    for user_id, value in values.items():
        op.execute(USERS.update().where(USERS.c.id == user_id).values(totp_secret=value))


def upgrade():
    _resize(255)
    box = _box()
    _write({user_id: box.seal(key) for user_id, key in _stored_keys()})


def downgrade():
    box = _box()
    plain: dict[int, str] = {}
    for user_id, sealed in _stored_keys():
        try:
            plain[user_id] = box.open(sealed)
        except SecretBoxError:
            raise RuntimeError(
                f"The two-factor key of user id {user_id} cannot be decrypted with SECRET_KEY or "
                "SECRET_KEY_FALLBACKS; set the key it was encrypted with and downgrade again"
            ) from None
    _write(plain)
    _resize(64)
