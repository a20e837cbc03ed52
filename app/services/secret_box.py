"""Encryption at rest for small secrets, with keys derived from the app's SECRET_KEY.

    box = secret_box.for_purpose(b"listening-post totp")
    stored = box.seal("JBSWY3DPEHPK3PXP")
    box.open(stored)  # "JBSWY3DPEHPK3PXP"

Each purpose gets its own Fernet key (AES-128-CBC with HMAC-SHA256), derived with HKDF-SHA256
from ``SECRET_KEY`` and, so that rotating ``SECRET_KEY`` locks nobody out, from each entry of
``SECRET_KEY_FALLBACKS`` (Flask's setting for keys that are still accepted but no longer used).
New values are always sealed with the key from ``SECRET_KEY``; :meth:`SecretBox.reseal` moves a
value sealed with a fallback onto it.

:class:`SecretBox` itself needs no app: the migration that first encrypted stored values uses it
with the keys it is given.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app


class SecretBoxError(ValueError):
    """A stored value that none of the keys opens (wrong key, or not sealed at all)."""


def derive_key(secret_key: str | bytes, purpose: bytes) -> bytes:
    """The Fernet key for ``purpose``, derived from one secret key with HKDF-SHA256."""
    material = secret_key.encode() if isinstance(secret_key, str) else secret_key
    hkdf = HKDF(algorithm=SHA256(), length=32, salt=None, info=purpose)
    return base64.urlsafe_b64encode(hkdf.derive(material))


class SecretBox:
    """Seals and opens values for one purpose. The first secret key seals; all of them open."""

    def __init__(self, secret_keys: Iterable[str | bytes], purpose: bytes) -> None:
        fernets = [Fernet(derive_key(key, purpose)) for key in secret_keys if key]
        if not fernets:
            raise ValueError("A secret box needs at least one secret key")
        self._current = fernets[0]
        self._all = MultiFernet(fernets)

    def seal(self, plaintext: str) -> str:
        """``plaintext`` encrypted with the current key, as text to store."""
        return self._current.encrypt(plaintext.encode()).decode("ascii")

    def open(self, sealed: str) -> str:
        """The plaintext of a stored value; raises SecretBoxError if no key opens it."""
        try:
            return self._all.decrypt(sealed.encode("ascii")).decode()
        except (InvalidToken, UnicodeError) as error:
            raise SecretBoxError("The stored value cannot be decrypted with these keys") from error

    def sealed_with_current_key(self, sealed: str) -> bool:
        """Whether the current key opens ``sealed`` (so :meth:`reseal` has nothing to do)."""
        try:
            self._current.decrypt(sealed.encode("ascii"))
        except (InvalidToken, UnicodeError):
            return False
        return True

    def reseal(self, sealed: str) -> str:
        """``sealed`` encrypted again with the current key; raises SecretBoxError if no key
        opens it."""
        try:
            return self._all.rotate(sealed.encode("ascii")).decode("ascii")
        except (InvalidToken, UnicodeError) as error:
            raise SecretBoxError("The stored value cannot be decrypted with these keys") from error


def app_secret_keys(config: dict) -> list[str | bytes]:
    """SECRET_KEY, then each of SECRET_KEY_FALLBACKS, from an app's configuration."""
    return [config["SECRET_KEY"], *(config.get("SECRET_KEY_FALLBACKS") or ())]


def for_purpose(purpose: bytes) -> SecretBox:
    """The box for ``purpose`` with the current app's keys."""
    return SecretBox(app_secret_keys(current_app.config), purpose)
