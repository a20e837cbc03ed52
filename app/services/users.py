"""Staff accounts: passwords (Argon2id), sign-in, session tokens, and what admins do to users."""

from __future__ import annotations

import datetime as dt
import functools
import re
import secrets
import unicodedata
from dataclasses import dataclass

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.services import audit
from app.services.password_strength import strength_problem
from app.services.transaction import transactional
from models import ApiToken, Role, User, db, utcnow
from models.user import new_session_token

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
# Used when no account matches, so that a wrong email takes as long as a wrong password.
_DUMMY_PASSWORD = "not-a-password-for-anyone"  # noqa: S105 - not a secret  # nosec B105


#: Why an account cannot be added for an address that already has one.
ACCOUNT_EXISTS = "There is already an account for {email}"


class UserError(ValueError):
    """A change to an account could not be made; the message says why, for the person.

    ``field`` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, field: str | None = None, *, reason: str = "") -> None:
        super().__init__(message)
        self.field = field
        # For the audit log, where a refusal is recorded: what kind of refusal it was.
        self.reason = reason


@dataclass(frozen=True)
class NewPassword:
    """An account and the temporary password made for it, shown once to the admin."""

    user: User
    password: str


# Cost (app/config.py): the OWASP Password Storage Cheat Sheet
# (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html) says to
# "use Argon2id with a minimum configuration of 19 MiB of memory, an iteration count of 2, and
# 1 degree of parallelism", and lists it among configurations of equal strength that trade
# memory for passes. It is chosen over RFC 9106's 64 MiB, 3 passes, 4 lanes (argon2-cffi's
# default, used before) because each sign-in being checked holds that memory in a web worker.
# A hash made with other parameters still verifies (they are stored in the hash) and is made
# again with these at the next successful sign-in (check_needs_rehash in authenticate).
def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST_KIB"],
        parallelism=config["ARGON2_PARALLELISM"],
        type=Type.ID,
    )


@functools.cache
def _dummy_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    return PasswordHasher(time_cost, memory_cost=memory_cost, parallelism=parallelism).hash(
        _DUMMY_PASSWORD
    )


def hash_password(password: str) -> str:
    """An Argon2id hash of ``password`` with the configured cost."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``; never raises for a bad hash."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str, email: str | None = None) -> str | None:
    """Why a new password is not acceptable, or None: too short or too long, or too easy to
    guess (:mod:`app.services.password_strength`; ``email`` is the account's address, which
    the password must not be built from)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Password must be {MIN_PASSWORD_LENGTH} characters or more"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Password must be {MAX_PASSWORD_LENGTH} characters or fewer"
    return strength_problem(password, email)


def temporary_password() -> str:
    """A random password for an admin to pass on; the user must change it at first sign-in."""
    return "-".join(secrets.token_hex(3) for _ in range(4))


def normalise_email(email: str) -> str:
    """An email address as accounts are stored and looked up: trimmed, in small letters, and
    in Unicode's composed form (NFC), so that "josé" typed as é or as e and a combining accent
    is one address and one account."""
    return unicodedata.normalize("NFC", (email or "").strip().lower())


#: Something, an @, and a domain with a dot in it, with no spaces: a work email address, checked
#: no more strictly than that (as FORCE_CONTACT_EMAIL is), so that no real address is refused.
EMAIL_FORMAT = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def email_problem(email: str) -> str | None:
    """Why ``email`` cannot be an account's email address, or None if it can: "@" alone,
    "name@" or "name@police" would make an account nobody could ever sign in to by mistake."""
    email = normalise_email(email)
    if len(email) > 254 or not EMAIL_FORMAT.fullmatch(email):
        return "Enter an email address in the correct format, like name@example.org"
    return None


def by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def by_public_id(public_id: str) -> User | None:
    return db.session.scalar(select(User).where(User.public_id == public_id))


def by_session_token(session_token: str) -> User | None:
    """The active user whose current session token this is (Flask-Login's user loader)."""
    if not session_token:
        return None
    return db.session.scalar(
        select(User).where(User.session_token == session_token, User.active.is_(True))
    )


def all_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.role, User.email)))


def _new_account(
    email: str, role: Role | str, password: str, *, must_change_password: bool
) -> User:
    user = User(
        email=email,
        role=Role(role),
        password_hash=hash_password(password),
        must_change_password=must_change_password,
        temporary_password_at=utcnow() if must_change_password else None,
    )
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:  # added by another request since _check_new_email looked
        raise UserError(ACCOUNT_EXISTS.format(email=email), field="email") from None
    audit.add("user.created", user.email, {"role": user.role.value})
    return user


def _check_new_email(email: str) -> str:
    """``email`` as it will be stored; raises UserError if it cannot be an account's."""
    email = normalise_email(email)
    problem = email_problem(email)
    if problem:
        raise UserError(problem, field="email")
    if by_email(email) is not None:
        raise UserError(ACCOUNT_EXISTS.format(email=email), field="email")
    return email


@transactional
def create_user(
    email: str, role: Role | str, password: str, *, must_change_password: bool = False
) -> User:
    """Add an account with a password someone chose. Raises UserError if the email is taken or
    the password too short or too easy to guess."""
    email = _check_new_email(email)
    problem = password_problem(password, email)
    if problem:
        raise UserError(problem, field="password")
    return _new_account(email, role, password, must_change_password=must_change_password)


@transactional
def create_with_temporary_password(email: str, role: Role | str) -> NewPassword:
    """Add an account with a temporary password for an administrator to give its owner, who
    must choose their own when they first sign in. Raises UserError if the email is taken.

    The temporary password is random (:func:`temporary_password`), so it is not judged as a
    chosen one is: against a short address such as a.b@example.org, a run of its digits and
    the letters a and b reads as "based on your email address", and adding the account would
    fail with a message about a password nobody chose (as a reset's is not judged either)."""
    email = _check_new_email(email)
    password = temporary_password()
    user = _new_account(email, role, password, must_change_password=True)
    return NewPassword(user, password)


@transactional
def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None.

    A wrong email costs a hash too, so timing does not tell which emails have accounts. A hash
    made with older cost settings is upgraded on success. Raises UserError for a deactivated
    account, but only once the password has been proved.
    """
    user = by_email(email)
    if user is None:
        config = current_app.config
        dummy = _dummy_hash(
            config["ARGON2_TIME_COST"],
            config["ARGON2_MEMORY_COST_KIB"],
            config["ARGON2_PARALLELISM"],
        )
        verify_password(dummy, password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if not user.active:
        raise UserError(
            "This account has been deactivated. Ask your Listening Post administrator to "
            "reactivate it.",
            reason="account deactivated",
        )
    if temporary_password_expired(user):
        raise UserError(
            "This temporary password has expired. Ask your Listening Post administrator for a "
            "new one.",
            reason="temporary password expired",
        )
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_signed_in_at = utcnow()
    return user


def temporary_password_expired(user: User) -> bool:
    """Whether the user's password is a temporary one given more than TEMPORARY_PASSWORD_DAYS
    ago (OWASP ASVS 2.3.1): one passed on and never used is not a way in for ever."""
    given = user.temporary_password_at
    if not user.must_change_password or given is None:
        return False
    if given.tzinfo is None:  # SQLite gives back times without a zone; they are stored in UTC
        given = given.replace(tzinfo=dt.UTC)
    days = current_app.config["TEMPORARY_PASSWORD_DAYS"]
    return utcnow() - given > dt.timedelta(days=days)


@transactional
def end_sessions(user: User) -> None:
    """Sign the user out everywhere: every cookie made before now stops working."""
    user.session_token = new_session_token()


@transactional
def change_password(user: User, current: str, new: str) -> None:
    """Change a user's own password. Ends their other sessions."""
    if not verify_password(user.password_hash, current):
        raise UserError("Your current password is not right", field="current_password")
    problem = password_problem(new, user.email)
    if problem:
        raise UserError(problem, field="new_password")
    if current == new:
        raise UserError(
            "Your new password must be different from your current password", field="new_password"
        )
    user.password_hash = hash_password(new)
    user.must_change_password = False
    user.temporary_password_at = None
    user.session_token = new_session_token()


def _not_own_account(user: User, acting: User) -> None:
    if user.id == acting.id:
        raise UserError("You cannot do this to your own account")


def _active_admins() -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(User)
            .where(User.role == Role.ADMIN, User.active.is_(True))
        )
        or 0
    )


def _keep_an_admin(user: User) -> None:
    """Refuse a change that would leave no active administrator: nobody could then manage
    users, and only the command line could put it right."""
    if user.role == Role.ADMIN and user.active and _active_admins() <= 1:
        raise UserError(
            f"{user.email} is the only active administrator. Make someone else an "
            "administrator first.",
            field="role",
        )


@transactional
def change_role(user: User, role: Role | str, acting: User | None = None) -> bool:
    """Give a user another role; returns whether it changed.

    Their sessions end at once, so that no page open under the old role keeps working and
    they sign in again with the new one: an analyst's or administrator's sign-in then asks for
    two-factor sign-in, and someone without it is sent to set it up. ``acting`` is the admin
    making the change (None from the command line): they cannot change their own role, and
    nobody can take away the last active administrator.
    """
    role = Role(role)
    if acting is not None and user.id == acting.id:
        raise UserError(
            "You cannot change your own role. Ask another administrator to change it.",
            field="role",
        )
    if user.role == role:
        return False
    _keep_an_admin(user)
    old = user.role
    user.role = role
    user.session_token = new_session_token()
    audit.add("user.role_changed", user.email, {"from": old.value, "to": role.value})
    return True


def check_can_deactivate(user: User, acting: User) -> None:
    """Raise UserError if ``acting`` may not deactivate ``user`` (see :func:`deactivate`)."""
    _not_own_account(user, acting)
    _keep_an_admin(user)


@transactional
def deactivate(user: User, acting: User) -> None:
    """Stop a user signing in and end their sessions at once. Nobody deactivates their own
    account, or the last active administrator."""
    check_can_deactivate(user, acting)
    user.active = False
    user.session_token = new_session_token()
    audit.add("user.deactivated", user.email)


@transactional
def reactivate(user: User) -> None:
    user.active = True
    audit.add("user.reactivated", user.email)


def working_api_tokens_made_by(user: User) -> list[ApiToken]:
    """The API tokens ``user`` made that still work (neither revoked nor expired), newest
    first. Deactivating someone leaves them working: they belong to the force's integrations,
    not to the person who made them, so an administrator revokes each one that should stop."""
    made = db.session.scalars(
        select(ApiToken)
        .where(ApiToken.created_by_id == user.id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    now = utcnow()
    return [token for token in made if token.works(now)]


@transactional
def reset_password(user: User, acting: User) -> NewPassword:
    """Give the user a temporary password, end their sessions, and make them change it.
    Not for a deactivated account: it cannot sign in to use one."""
    _not_own_account(user, acting)
    if not user.active:
        raise UserError(f"{user.email} is deactivated. Reactivate the account first.")
    made = give_temporary_password(user)
    audit.add("user.password_reset", user.email)
    return made


def give_temporary_password(user: User) -> NewPassword:
    """Replace the user's password with a temporary one they must change, and end their
    sessions; part of a caller's transaction (a password reset, or a reset of two-factor
    sign-in), which records it."""
    password = temporary_password()
    user.password_hash = hash_password(password)
    user.must_change_password = True
    user.temporary_password_at = utcnow()
    user.session_token = new_session_token()
    return NewPassword(user, password)
