"""Two-factor sign-in for analysts and admins: TOTP (RFC 6238) keys and recovery codes.

Enrolment is two steps: :func:`start_enrolment` gives the account a new key (not yet in force),
and :func:`confirm_enrolment` turns it on once the person proves their app shows the right code,
returning recovery codes to show once. :func:`verify` checks a code at sign-in: a code from the
app is accepted once only (the step is recorded with a conditional UPDATE, so two requests racing
with the same code cannot both pass); a recovery code is burned the same way.

Keys are stored encrypted (:mod:`app.services.two_factor_keys`, the only module that seals or
opens them). A key that cannot be opened (SECRET_KEY
changed without the old one in SECRET_KEY_FALLBACKS) makes app codes fail like wrong ones and
is logged; recovery codes still work, and an admin can reset two-factor sign-in.

Wrong codes in a row are counted per account, and enough of them lock its two-factor sign-in
until an admin resets it (:mod:`app.services.two_factor_lock`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
import unicodedata
from dataclasses import dataclass

import pyotp
from flask import current_app
from sqlalchemy import delete, func, or_, select, update

from app.services import audit, users
from app.services.transaction import transactional
from app.services.two_factor_keys import (
    Reencrypted,
    reencrypt_keys,
    store_key,
    stored_key,
    uses_key,
)
from app.services.two_factor_lock import clear_after_right_code, count_wrong_code, locked
from models import Role, User, db, utcnow
from models.user import RecoveryCode

ISSUER = "Listening Post"
STEP_SECONDS = 30
RECOVERY_CODE_COUNT = 10
# No 0/O, 1/I/L: a recovery code is read off paper.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class TwoFactorError(ValueError):
    """The code was not right; the message says what to do."""


class CodeAlreadyUsed(TwoFactorError):
    """A right code from the app, but its 30-second step (or a later one) was used already:
    a replay, or signing out and straight back in before the app shows a new code."""

    reason = "code already used"


class PasswordNotRight(TwoFactorError):
    """The password given to prove who is asking, before a change to two-factor sign-in,
    was not the account's."""


class RecoveryCodeAlreadyUsed(CodeAlreadyUsed):
    """One of the person's recovery codes, used already. They are told when, so that someone
    who did not use it knows that another person has their password and that code."""

    reason = "recovery code already used"


class TwoFactorLocked(TwoFactorError):
    """Too many wrong codes in a row: the account's two-factor sign-in is locked, and no code
    is checked, until an admin resets it."""


LOCKED_MESSAGE = (
    "Your account is locked because a wrong code was entered too many times. Ask your "
    "Listening Post administrator to reset your two-factor sign-in"
)


#: How long a recovery code is, in the characters :func:`normalise_code` keeps.
RECOVERY_CODE_LENGTH = 10


def looks_like_recovery_code(code: str) -> bool:
    """Whether what was typed has a recovery code's length (a code from the app has 6)."""
    return len(normalise_code(code)) == RECOVERY_CODE_LENGTH


@dataclass(frozen=True)
class Verified:
    """How the second factor was proved, and recovery codes left (for a warning)."""

    method: str  # "app" or "recovery_code"
    recovery_codes_left: int


def required_for(user: User) -> bool:
    """Whether this account signs in with a code: analysts and admins (by default) must; an
    officer who chose to set it up does too."""
    roles = current_app.config.get("TWO_FACTOR_ROLES", (Role.ANALYST, Role.ADMIN))
    return user.has_two_factor or user.role in {Role(role) for role in roles}


def normalise_code(code: str) -> str:
    """A code as typed, in the characters it is made of: spaces and hyphens left out, letters
    in lower case, and digits typed on another keyboard (full-width ２, Arabic-Indic ٢) read as
    the digits they are; anything else is kept, and makes the code a wrong one."""
    typed = unicodedata.normalize("NFKC", code or "").lower()
    return "".join(
        str(unicodedata.decimal(char)) if char.isdecimal() else char
        for char in typed
        if char.isalnum()
    )


def _hash_recovery_code(code: str, user: User | None = None) -> str:
    """A recovery code's SHA-256, salted with the account's random public id (OWASP ASVS 2.6.2:
    a 50-bit code must be salted), so that a copy of the table gives away no code without
    attacking each account apart. Without ``user``, the unsalted hash that codes made before
    salting were kept as: still accepted until they are used or replaced."""
    salt = f"{user.public_id}:" if user is not None else ""
    return hashlib.sha256((salt + normalise_code(code)).encode()).hexdigest()


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))  # about 50 bits
    return f"{raw[:5]}-{raw[5:]}"


def provisioning_uri(user: User) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    key = stored_key(user)
    if key is None:
        raise TwoFactorError("Start setting up two-factor sign-in again")
    return pyotp.TOTP(key).provisioning_uri(name=user.email, issuer_name=ISSUER)


def grouped_key(secret: str) -> str:
    """The key in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transactional
def start_enrolment(user: User) -> str:
    """Give an account without two-factor sign-in a new key to add to an app; returns it.

    The key is not in force until :func:`confirm_enrolment`. Calling this again (a reload of
    the set-up page) keeps the same key, so a QR code already scanned still works (unless it
    can no longer be decrypted: then a new key replaces it).
    """
    if user.has_two_factor:
        raise TwoFactorError("Two-factor sign-in is already set up for this account")
    key = stored_key(user)
    if key is None:
        key = pyotp.random_base32()
        store_key(user, key)
    return key


@transactional
def set_up_with_key(user: User, secret: str) -> list[str]:
    """Turn two-factor sign-in on with a key chosen elsewhere (demo accounts only: the key
    comes from the instance's secret so a developer can add it to an app once)."""
    store_key(user, secret)
    user.totp_enabled_at = utcnow()
    user.totp_last_step = None
    user.two_factor_failures = 0
    return _replace_recovery_codes(user)


def current_code(user: User) -> str:
    """The code the account's app shows now (for `flask users demo-code` in development)."""
    key = stored_key(user)
    if key is None:
        raise TwoFactorError("The account's two-factor key cannot be decrypted")
    return pyotp.TOTP(key).now()


def _matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The 30-second step (this one, or one either side for clock drift) the code is for."""
    code = normalise_code(code)
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret)
    current = int((now if now is not None else time.time()) // STEP_SECONDS)
    for step in (current, current - 1, current + 1):
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def _claim_step(user: User, step: int) -> bool:
    """Record ``step`` as used, unless it (or a later one) was used already."""
    claimed = db.session.execute(
        update(User)
        .where(
            User.id == user.id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return False
    user.totp_last_step = step
    return True


@transactional
def confirm_enrolment(user: User, code: str) -> list[str]:
    """Turn two-factor sign-in on if ``code`` is right; returns new recovery codes, once.

    Raises TwoFactorError if the code is wrong or enrolment was not started.
    """
    if user.has_two_factor:
        raise TwoFactorError("Two-factor sign-in is already set up for this account")
    key = stored_key(user)
    if key is None:
        raise TwoFactorError("Start setting up two-factor sign-in again")
    step = _matching_step(key, code)
    if step is None or not _claim_step(user, step):
        raise TwoFactorError(
            "Enter the 6-digit code your authenticator app shows now for Listening Post"
        )
    user.totp_enabled_at = utcnow()
    user.two_factor_failures = 0
    return _replace_recovery_codes(user)


def _replace_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(
        RecoveryCode(user_id=user.id, code_hash=_hash_recovery_code(code, user)) for code in codes
    )
    db.session.flush()
    return codes


@transactional
def new_recovery_codes(user: User, password: str) -> list[str]:
    """Replace the account's recovery codes with new ones (the old stop working), once the
    person has proved it is them with their password (OWASP ASVS 3.7.1): a recovery code is a
    way past the second factor, so a signed-in browser left unattended must not be enough to
    get a set of them. Raises :class:`PasswordNotRight`, changing nothing, if it is wrong."""
    if not user.has_two_factor:
        raise TwoFactorError("Set up two-factor sign-in first")
    if not users.verify_password(user.password_hash, password):
        raise PasswordNotRight("Your password is not right")
    audit.add("two_factor.recovery_codes_replaced", user.email)
    return _replace_recovery_codes(user)


def recovery_codes_left(user: User) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(RecoveryCode)
            .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        )
        or 0
    )


@transactional
def verify(user: User, code: str) -> Verified | None:
    """Check a sign-in code: from the app (once only) or an unused recovery code.

    Returns None for a wrong code, counted against the account (:func:`locked` says whether
    that locked it); raises :class:`CodeAlreadyUsed` for a right code from the app that was used
    already (refused all the same, but the person is told to wait for a new one, and not
    counted: it was no guess), :class:`RecoveryCodeAlreadyUsed` for one of their recovery codes
    used before, and :class:`TwoFactorLocked`, checking nothing, once the account is locked.
    """
    if not user.has_two_factor:
        return None
    if locked(user):
        raise TwoFactorLocked(LOCKED_MESSAGE)
    key = stored_key(user)
    if key is None:
        audit.add("two_factor.key_unreadable", user.email, actor=user)
    step = _matching_step(key, code) if key is not None else None
    if step is not None:
        if _claim_step(user, step):
            _right_code(user)
            return Verified("app", recovery_codes_left(user))
        raise CodeAlreadyUsed(
            "That code has already been used. Wait for your app to show a new code, then enter it."
        )
    if not looks_like_recovery_code(code):
        count_wrong_code(user)
        return None
    this_code = (
        RecoveryCode.user_id == user.id,
        RecoveryCode.code_hash.in_([_hash_recovery_code(code, user), _hash_recovery_code(code)]),
    )
    burned = db.session.execute(
        update(RecoveryCode)
        .where(*this_code, RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if burned.rowcount == 1:
        _right_code(user)
        return Verified("recovery_code", recovery_codes_left(user))
    used_at = db.session.scalar(
        select(RecoveryCode.used_at).where(*this_code, RecoveryCode.used_at.is_not(None)).limit(1)
    )
    if used_at is not None:
        raise RecoveryCodeAlreadyUsed(
            f"That recovery code has already been used, on {used_at.day} "
            f"{used_at:%B %Y}. Each recovery code works once: enter another, or the code your "
            "app shows now. If you did not use it, ask your Listening Post administrator to "
            "reset your two-factor sign-in, and change your password"
        )
    count_wrong_code(user)
    return None


def _right_code(user: User) -> None:
    """A right code starts the count of wrong ones again, unless a wrong code locked the
    account meanwhile: then it is refused, and the code or step it used is not spent."""
    if not clear_after_right_code(user):
        raise TwoFactorLocked(LOCKED_MESSAGE)


@transactional
def reset(user: User, acting: User) -> users.NewPassword:
    """An admin turns off someone's two-factor sign-in (a lost phone, or an account locked by
    too many wrong codes in a row): they must set it up again at their next sign-in, and the
    count of wrong codes starts again. Their sessions end at once.

    Their password is replaced with a temporary one, returned for the admin to give them
    once: with the old password still working, anyone who knew or guessed it (a colleague)
    could sign in first and set up their own authenticator app on the account. The owner
    signs in with the temporary password, sets up two-factor sign-in again and chooses a new
    password, as for a new account."""
    if user.id == acting.id:
        raise TwoFactorError("You cannot reset your own two-factor sign-in")
    if not user.active:
        raise TwoFactorError(f"{user.email} is deactivated. Reactivate the account first.")
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    user.two_factor_failures = 0  # unlocks it, if wrong codes had locked it
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    made = users.give_temporary_password(user)  # ends their sessions too
    audit.add("two_factor.reset", user.email)
    audit.add("user.password_reset", user.email, {"reason": "two-factor sign-in reset"})
    return made


__all__ = [
    "ISSUER",
    "RECOVERY_CODE_COUNT",
    "CodeAlreadyUsed",
    "PasswordNotRight",
    "Reencrypted",
    "TwoFactorError",
    "TwoFactorLocked",
    "Verified",
    "confirm_enrolment",
    "grouped_key",
    "locked",
    "new_recovery_codes",
    "provisioning_uri",
    "recovery_codes_left",
    "reencrypt_keys",
    "required_for",
    "reset",
    "start_enrolment",
    "uses_key",
    "verify",
]
