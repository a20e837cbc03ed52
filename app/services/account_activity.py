"""Recent activity on a staff member's own account, read from the audit log: when they last
signed in before this session, the failed attempts on their account since, and the latest
changes to how they sign in. The service sends no email, so this is how staff hear that their
password or two-factor sign-in was changed, or that someone has been guessing (OWASP ASVS
2.2.3, 2.5.x).

Every query is about one account, found by the audit log's target (the account's email
address, which every event here names) and its time: the index on ``(target, occurred_at)``
(migration 0028) keeps each one to that account's own events, however long the log.

A sign-in here is a *full* one: the password, and the second factor when the account needs
one. Giving the right password and stopping at the code page is not a sign-in (it may be
someone else with the password), nor is setting up two-factor sign-in later from Your account.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from models import AuditEvent, User, db

#: How many of the latest changes to someone's sign-in details their account page lists.
CHANGES_SHOWN = 5

#: How many events that may have finished a sign-in are looked through for one that did
#: (setting up two-factor sign-in from Your account is one that did not).
_SIGN_INS_LOOKED_AT = 20

#: The password step, when no code was to follow: that finished a sign-in.
_PASSWORD_ONLY = and_(
    AuditEvent.action == "sign_in.password",
    AuditEvent.detail["second_factor"].as_string() == "not required",
)
_RECOVERY_CODE_USED = and_(
    AuditEvent.action == "sign_in.two_factor",
    AuditEvent.detail["method"].as_string() == "recovery_code",
)
#: Events that may finish a sign-in. Setting up two-factor sign-in does so only straight after
#: a password that needed a code (:func:`_finished_signing_in` checks which).
_SIGN_IN_DONE = or_(
    _PASSWORD_ONLY,
    AuditEvent.action.in_(("sign_in.two_factor", "two_factor.set_up")),
)

#: Failed attempts, counted by kind. ``sign_in.failed`` says why in its reason.
WRONG_AT_SIGN_IN = "wrong password at sign-in"
EXPIRED_TEMPORARY = "expired temporary password"
WHILE_DEACTIVATED = "while deactivated"
WRONG_CODE = "wrong code"
WRONG_WHEN_ASKED_AGAIN = "wrong password asked for again"
STOPPED = "stopped"
_FAILED_ACTIONS = (
    "sign_in.failed",
    "sign_in.two_factor_failed",
    "password_check.failed",
    "sign_in.locked_out",
)
_FAILED_SIGN_IN_REASONS = {
    "temporary password expired": EXPIRED_TEMPORARY,
    "account deactivated": WHILE_DEACTIVATED,
}

#: Changes to how someone signs in, and the way they read on Your account.
_CHANGE_ACTIONS = (
    "user.created",
    "user.password_changed",
    "user.password_reset",
    "two_factor.set_up",
    "two_factor.reset",
    "two_factor.recovery_codes_replaced",
)
#: Changes made by an administrator: the ones the first page after signing in mentions.
_ADMINISTRATORS_CHANGES = ("user.password_reset", "two_factor.reset")


@dataclass(frozen=True)
class Change:
    """A change to how someone signs in: its action, when, and what happened in words."""

    action: str
    at: dt.datetime
    what: str
    by_someone_else: bool


#: Each kind of failed attempt, counted: (one, more than one).
_FAILURE_WORDS = {
    WRONG_AT_SIGN_IN: ("1 wrong password at sign-in", "{} wrong passwords at sign-in"),
    WRONG_CODE: ("1 wrong two-factor code", "{} wrong two-factor codes"),
    WRONG_WHEN_ASKED_AGAIN: (
        "1 wrong password given while signed in, when a page asked for it again",
        "{} wrong passwords given while signed in, when a page asked for them again",
    ),
    EXPIRED_TEMPORARY: (
        "1 sign-in with an expired temporary password",
        "{} sign-ins with an expired temporary password",
    ),
    WHILE_DEACTIVATED: (
        "1 sign-in refused while your account was deactivated",
        "{} sign-ins refused while your account was deactivated",
    ),
    STOPPED: (
        "signing in was stopped for a while, once, after too many wrong tries",
        "signing in was stopped for a while, {} times, after too many wrong tries",
    ),
}


@dataclass(frozen=True)
class Failures:
    """Failed attempts on an account since some moment, by kind, and the latest one's time."""

    counts: dict[str, int] = field(default_factory=dict)
    latest: dt.datetime | None = None

    @property
    def attempts(self) -> int:
        """Every attempt refused (not the times signing in was stopped, which follow them)."""
        return sum(count for kind, count in self.counts.items() if kind != STOPPED)

    @property
    def wrong_codes(self) -> int:
        """Wrong two-factor codes: only someone who gave the right password is asked for one."""
        return self.counts.get(WRONG_CODE, 0)

    def phrases(self) -> list[str]:
        """Each kind of attempt there was, counted in words, the likeliest guesses first."""
        return [
            (one if self.counts[kind] == 1 else more.format(self.counts[kind]))
            for kind, (one, more) in _FAILURE_WORDS.items()
            if self.counts.get(kind)
        ]


@dataclass(frozen=True)
class Activity:
    """What someone's own account page says of its recent activity."""

    #: When this session's sign-in finished (None only for a session from before the log).
    this_sign_in: dt.datetime | None
    #: The sign-in before this session's, or None if this is the first.
    previous_sign_in: dt.datetime | None
    #: The latest sign-in after this session's (in another browser or device), if any.
    signed_in_since: dt.datetime | None
    #: Failed attempts since the previous sign-in (since the account was made, if none).
    failures: Failures
    #: The latest changes to how they sign in, newest first.
    changes: list[Change]
    #: The changes since the previous sign-in that someone else (an administrator) made.
    changed_by_someone_else: list[Change]

    @property
    def worth_telling_at_sign_in(self) -> bool:
        """Whether the first page after signing in should say there was activity since the
        last sign-in: failed attempts, or an administrator's change."""
        return bool(self.failures.counts or self.changed_by_someone_else)

    def told_at_sign_in(self) -> str | None:
        """What the first page after signing in says of the activity since the last sign-in,
        or None if there is nothing to tell: failed attempts, an administrator's changes."""
        if not self.worth_telling_at_sign_in:
            return None
        parts = []
        attempts = self.failures.attempts
        if attempts == 1:
            parts.append("there was 1 failed attempt to sign in to your account")
        elif attempts:
            parts.append(f"there were {attempts} failed attempts to sign in to your account")
        elif self.failures.counts:
            parts.append("signing in to your account was stopped after too many wrong tries")
        for action in dict.fromkeys(change.action for change in self.changed_by_someone_else):
            parts.append(_TOLD_AT_SIGN_IN[action])
        since = "you last signed in" if self.previous_sign_in else "your account was added"
        return f"Since {since}, {' and '.join(parts)}."


_TOLD_AT_SIGN_IN = {
    "user.password_reset": "an administrator reset your password",
    "two_factor.reset": "an administrator reset your two-factor sign-in",
}


def _about(user: User) -> ColumnElement[bool]:
    return AuditEvent.target == user.email


def _finished_signing_in(user: User, event: AuditEvent) -> bool:
    """Whether ``event`` (one of :data:`_SIGN_IN_DONE`) finished a sign-in: setting up
    two-factor sign-in does only when the password given before it needed a code."""
    if event.action != "two_factor.set_up":
        return True
    password_step = db.session.scalar(
        select(AuditEvent.detail)
        .where(
            _about(user),
            AuditEvent.action == "sign_in.password",
            AuditEvent.occurred_at <= event.occurred_at,
        )
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(1)
    )
    return bool(password_step) and password_step.get("second_factor") == "required"


def _sign_ins(user: User, *conditions: ColumnElement[bool], newest_first: bool):
    """The events that may have finished one of ``user``'s sign-ins, in time order."""
    order = (
        (AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        if newest_first
        else (AuditEvent.occurred_at, AuditEvent.id)
    )
    query = select(AuditEvent).where(_about(user), _SIGN_IN_DONE, *conditions).order_by(*order)
    return db.session.scalars(query.limit(_SIGN_INS_LOOKED_AT))


def _first_sign_in(user: User, *conditions: ColumnElement[bool], newest: bool) -> AuditEvent | None:
    for event in _sign_ins(user, *conditions, newest_first=newest):
        if _finished_signing_in(user, event):
            return event
    return None


def failures_since(user: User, since: dt.datetime | None) -> Failures:
    """The failed attempts on ``user``'s account after ``since`` (all of them, if None): wrong
    passwords at sign-in, wrong two-factor codes (only someone with the password gets that
    far), wrong passwords given while signed in, and the times signing in was stopped."""
    reason = AuditEvent.detail["reason"].as_string()
    query = (
        select(AuditEvent.action, reason, func.count(), func.max(AuditEvent.occurred_at))
        .where(_about(user), AuditEvent.action.in_(_FAILED_ACTIONS))
        .group_by(AuditEvent.action, reason)
    )
    if since is not None:
        query = query.where(AuditEvent.occurred_at > since)
    counts: dict[str, int] = {}
    latest: dt.datetime | None = None
    for action, why, count, last in db.session.execute(query):
        if action == "sign_in.failed":
            kind = _FAILED_SIGN_IN_REASONS.get(why, WRONG_AT_SIGN_IN)
        elif action == "sign_in.two_factor_failed":
            kind = WRONG_CODE
        elif action == "password_check.failed":
            kind = WRONG_WHEN_ASKED_AGAIN
        else:
            kind = STOPPED
        counts[kind] = counts.get(kind, 0) + count
        if kind != STOPPED:
            latest = max(latest, last) if latest is not None else last
    return Failures(counts, latest)


def _change(user: User, event: AuditEvent) -> Change | None:
    """``event`` in words, or None for one told of by another (the password reset that comes
    with a reset of two-factor sign-in)."""
    by_you = event.actor_id == user.id
    match event.action:
        case "user.created":
            what = "An administrator added your account"
        case "user.password_changed":
            what = "You changed your password" if by_you else "Your password was changed"
        case "user.password_reset":
            if (event.detail or {}).get("reason") == "two-factor sign-in reset":
                return None
            what = "An administrator reset your password and gave you a temporary one"
        case "two_factor.set_up":
            what = "You set up two-factor sign-in"
        case "two_factor.reset":
            what = (
                "An administrator reset your two-factor sign-in and gave you a temporary password"
            )
        case "two_factor.recovery_codes_replaced":
            what = "You got new recovery codes"
        case "sign_in.two_factor":
            what = "A recovery code was used to sign in"
        case _:
            return None
    return Change(event.action, _aware(event.occurred_at), what, by_someone_else=not by_you)


def _changes(user: User, *conditions: ColumnElement[bool], limit: int | None) -> list[Change]:
    query = (
        select(AuditEvent)
        .where(
            _about(user),
            or_(AuditEvent.action.in_(_CHANGE_ACTIONS), _RECOVERY_CODE_USED),
            *conditions,
        )
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    )
    changes: list[Change] = []
    # A few more than asked for, for the resets told of with another (see _change).
    for event in db.session.scalars(query.limit(2 * limit) if limit else query):
        change = _change(user, event)
        if change is not None:
            changes.append(change)
    return changes[:limit] if limit else changes


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """A time from the database in UTC (SQLite gives them back without a zone)."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)


def activity(user: User, session_started: dt.datetime | None) -> Activity:
    """The recent activity on ``user``'s account, for a session whose password was given at
    ``session_started`` (the session's own record of it, to the second)."""
    if session_started is None:
        this = _first_sign_in(user, newest=True)
        before: list[ColumnElement[bool]] = [AuditEvent.id < this.id] if this else []
    else:
        this = _first_sign_in(user, AuditEvent.occurred_at >= session_started, newest=False)
        before = [AuditEvent.occurred_at < session_started]
    previous = _first_sign_in(user, *before, newest=True)
    latest = _first_sign_in(user, newest=True)
    since = _aware(previous.occurred_at) if previous else None
    after_previous = [AuditEvent.occurred_at > since] if since else []
    return Activity(
        this_sign_in=_aware(this.occurred_at) if this else None,
        previous_sign_in=since,
        signed_in_since=(
            _aware(latest.occurred_at) if latest and this and latest.id != this.id else None
        ),
        failures=failures_since(user, since),
        changes=_changes(user, limit=CHANGES_SHOWN),
        changed_by_someone_else=[
            change
            for change in _changes(
                user,
                AuditEvent.action.in_(_ADMINISTRATORS_CHANGES),
                *after_previous,
                limit=None,
            )
            if change.by_someone_else
        ],
    )
