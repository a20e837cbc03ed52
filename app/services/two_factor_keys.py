"""Two-factor keys at rest: each account's TOTP key is stored encrypted with a key derived from
SECRET_KEY (:mod:`app.services.secret_box`), and this module is the only one that seals or opens
them. A key that cannot be opened (SECRET_KEY changed without the old one in
SECRET_KEY_FALLBACKS) is logged and read as none, so codes from the app fail like wrong ones;
:func:`reencrypt_keys` seals every key again with the current SECRET_KEY after rotating it."""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass

from sqlalchemy import select, update

from app.services import audit, secret_box
from app.services.transaction import transactional
from models import User, db

# HKDF "info" for the key that encrypts stored TOTP keys: no other secret shares it.
KEY_PURPOSE = b"listening-post totp"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reencrypted:
    """What :func:`reencrypt_keys` did: accounts whose key it encrypted again, how many were
    encrypted with the current key already, and accounts whose key no key opens."""

    reencrypted: list[str]
    already_current: int
    unreadable: list[str]


def _box() -> secret_box.SecretBox:
    return secret_box.for_purpose(KEY_PURPOSE)


def stored_key(user: User) -> str | None:
    """The account's TOTP key in plain, or None if it has none or it cannot be decrypted
    (logged, without the key)."""
    if not user.totp_secret:
        return None
    try:
        return _box().open(user.totp_secret)
    except secret_box.SecretBoxError:
        log.warning(
            "Two-factor key of user %s cannot be decrypted with SECRET_KEY or "
            "SECRET_KEY_FALLBACKS; codes from their app will fail until an admin resets it",
            user.public_id,
        )
        return None


def store_key(user: User, secret: str) -> None:
    user.totp_secret = _box().seal(secret)


def uses_key(user: User, secret: str) -> bool:
    """Whether the account's stored key is ``secret``."""
    key = stored_key(user)
    return key is not None and hmac.compare_digest(key, secret)


@transactional
def reencrypt_keys() -> Reencrypted:
    """Encrypt every stored key again with the current SECRET_KEY; run after rotating it, so
    the old key can leave SECRET_KEY_FALLBACKS. Keys already encrypted with it are left alone,
    so running it again changes nothing. Each account changed is audited."""
    box = _box()
    reencrypted: list[str] = []
    already_current = 0
    unreadable: list[str] = []
    accounts = db.session.scalars(
        select(User).where(User.totp_secret.is_not(None)).order_by(User.id)
    ).all()
    for user in accounts:
        stored = user.totp_secret
        if box.sealed_with_current_key(stored):
            already_current += 1
            continue
        try:
            resealed = box.reseal(stored)
        except secret_box.SecretBoxError:
            log.warning("Two-factor key of user %s cannot be decrypted", user.public_id)
            unreadable.append(user.email)
            continue
        # Only if the key is still the one read: an admin reset meanwhile is not undone.
        changed = db.session.execute(
            update(User)
            .where(User.id == user.id, User.totp_secret == stored)
            .values(totp_secret=resealed)
            .execution_options(synchronize_session=False)
        )
        if changed.rowcount == 1:
            audit.add("two_factor.key_reencrypted", user.email)
            reencrypted.append(user.email)
    return Reencrypted(reencrypted, already_current, unreadable)
