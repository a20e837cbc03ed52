"""What a respondent's browser keeps in its session cookie about the links it answered: the
unfinished survey on each link (the id of its answers in progress, held server-side) and the
confirmation of answers sent (the withdrawal code until it is shown, and the follow-up notes).

Only the most recent few of each are kept. A browser shared by many people (a station PC used
for Say to Stay, a tablet passed round at a listening session) would otherwise keep one entry for
every link ever opened on it, until the cookie passed the 4 KB browsers accept and was silently
dropped, losing the survey in progress with it. A survey whose answers are sent is forgotten as
unfinished. Kept as ``[token, value]`` pairs, oldest first: the cookie's JSON sorts the keys of
a mapping, so only a list keeps its order.
"""

from __future__ import annotations

from typing import Any

from flask import session

#: Unfinished surveys remembered, the most recently answered. An older one can no longer be
#: continued in this browser; its answers are deleted unsent JOURNEY_TTL_HOURS after its last
#: page was saved.
KEPT_JOURNEYS = 5
#: Confirmations remembered, the most recent: a confirmation page read again (or reached by
#: Back from the link just answered) is the latest one's, or nearly.
KEPT_CONFIRMATIONS = 3

JOURNEYS = "journeys"
DONE = "done"


def _entries(name: str) -> list[list[Any]]:
    """The cookie's ``[token, value]`` pairs under ``name``, oldest first. A mapping, as an
    earlier release kept them, is read in the order it comes in."""
    kept = session.get(name)
    if isinstance(kept, dict):
        return [[token, value] for token, value in kept.items()]
    if isinstance(kept, list):
        return [entry for entry in kept if isinstance(entry, list) and len(entry) == 2]
    return []


def _value(name: str, token: str) -> Any:
    return next((value for kept, value in _entries(name) if kept == token), None)


def _put(name: str, token: str, value: Any, keep: int) -> None:
    kept = _entries(name)
    if kept and kept[-1] == [token, value]:
        return  # already the latest: the cookie need not be signed and sent again
    entries = [entry for entry in kept if entry[0] != token]
    entries.append([token, value])
    session[name] = entries[-keep:]


def _drop(name: str, token: str) -> None:
    if name in session:
        session[name] = [entry for entry in _entries(name) if entry[0] != token]


def journey_id(token: str) -> str | None:
    """The id of the unfinished survey this browser has on the link, if any."""
    value = _value(JOURNEYS, token)
    return value if isinstance(value, str) else None


def remember_journey(token: str, journey: str) -> None:
    """Remember the unfinished survey on the link as the most recently answered."""
    _put(JOURNEYS, token, journey, KEPT_JOURNEYS)


def confirmation(token: str) -> dict[str, Any] | None:
    """What the confirmation page for answers sent on the link shows, if this browser sent them.
    Changing it (the withdrawal code is taken out once shown) needs ``session.modified``."""
    value = _value(DONE, token)
    return value if isinstance(value, dict) else None


def remember_sent(token: str, receipt: dict[str, Any]) -> None:
    """The answers on the link were sent: remember the confirmation, and forget the survey as
    unfinished."""
    _drop(JOURNEYS, token)
    _put(DONE, token, receipt, KEPT_CONFIRMATIONS)


def forget_journey(token: str) -> None:
    """Forget the unfinished survey on the link: its answers are gone."""
    _drop(JOURNEYS, token)


def answers_gone(token: str, journey: Any) -> bool:
    """Whether this browser's unfinished answers on the link are no longer kept: the cookie names
    answers in progress that ``journey``, the link's journey as read for the cookie's id, shows
    are not there, and no confirmation was kept. On a single-use link (still open) they were
    deleted unsent, JOURNEY_TTL_HOURS after their last page was saved: sending them uses the
    link. On a listening session's link, which stays open, they may also have been sent by a
    press of "Send answers" whose page never arrived."""
    return journey is None and answered_here(token)


def answered_here(token: str) -> bool:
    """Whether this browser was answering on the link and has not been shown its confirmation."""
    return journey_id(token) is not None and confirmation(token) is None
