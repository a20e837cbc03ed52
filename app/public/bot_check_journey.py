"""The bot checks' minimum time, over a respondent's whole journey (see app/public/bot_check.py).

Answers are refused at "Send answers" when they come sooner than ``BOT_MIN_SECONDS`` for each
page answered (at least one), counted from when the journey's first page was shown. The
question pages themselves are never timed: a person is often quick on one (going back to a page
whose answers are kept and pressing Continue, changing one answer from Check your answers,
tapping the one answer a short page asks for, switching language), but nobody answers a whole
survey at a script's speed. Pages sent with nothing answered add nothing to the time asked
for, so skipping the optional questions quickly is never held against anyone.

When the journey began is the signed stamp of the form that started it (so a first page shown
again, refused or in the other language, still counts from its first showing), kept as a
number in the respondent's session cookie, which Flask signs, beside the journey's id that
:mod:`app.public.remembered` keeps there: never in the database, where a journey's times are
only to the minute (``models.response.journey_time``). The cookie keeps it, for each link, only
while this browser has answers in progress on that link, and forgets it when they are sent. It
says no more than the answers in progress the same cookie opens.

A journey begun before its start was kept (by an earlier release) has none: its answers are
timed from when Check your answers was shown, as one page's minimum.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, session

from app.public import bot_check, bp, remembered
from app.services import journeys
from app.services.definitions import Definition
from app.services.links import RespondentLink

#: The session's ``[token, started]`` pairs, oldest first: when the journey on each link began,
#: in milliseconds since the epoch (as its first page's stamp has it).
STARTED = "journeys_started"


def _entries() -> list[list[Any]]:
    kept = session.get(STARTED)
    if not isinstance(kept, list):
        return []
    return [
        entry
        for entry in kept
        if isinstance(entry, list)
        and len(entry) == 2
        and isinstance(entry[0], str)
        and isinstance(entry[1], int)
        and not isinstance(entry[1], bool)
    ]


def _in_progress(entries: list[list[Any]]) -> list[list[Any]]:
    """The entries for links this browser still has answers in progress on."""
    return [entry for entry in entries if remembered.journey_id(entry[0]) is not None]


def journey_started(token: str, stamp: Any) -> None:
    """A journey has just been made on the link from a form sent with ``stamp`` (already
    checked as genuine): remember, for that journey, when its first page was shown. Called once
    the journey is remembered (``remembered.remember_journey``), in place of any earlier
    journey's start on the link."""
    issued = bot_check.issued_ms(stamp)
    if issued is None:
        return
    entries = [entry for entry in _in_progress(_entries()) if entry[0] != token]
    session[STARTED] = [*entries, [token, issued]][-remembered.KEPT_JOURNEYS :]


def started_ms(token: str) -> int | None:
    """When the journey this browser has in progress on the link began, if that was kept."""
    if remembered.journey_id(token) is None:
        return None
    return next((started for kept, started in _entries() if kept == token), None)


@bp.after_request
def forget_finished(response):
    """Forget the start of every journey this browser no longer has in progress: sent (by this
    request or an earlier one), deleted unsent, or no longer remembered."""
    if STARTED in session:
        entries = _entries()
        kept = _in_progress(entries)
        if not kept:
            session.pop(STARTED)
        elif kept != session[STARTED]:
            session[STARTED] = kept
    return response


def pages_answered(definition: Definition, answers: dict[str, Any]) -> int:
    """How many of the pages these answers show have an answer to at least one question."""
    kept = definition.kept_answers(answers)
    return sum(
        1
        for _page, questions in definition.shown(kept)
        if any(kept.get(question["key"]) not in (None, "", []) for question in questions)
    )


def minimum_seconds(definition: Definition, answers: dict[str, Any]) -> float:
    """The least time a person takes over a journey with these answers."""
    per_page = float(current_app.config["BOT_MIN_SECONDS"])
    return per_page * max(1, pages_answered(definition, answers))


def sent_too_quickly(
    token: str, definition: Definition, answers: dict[str, Any], stamp: Any
) -> bool:
    """Whether answers sent with "Send answers" (``stamp``: its form's, already checked as
    genuine) came sooner after their journey began than a person could have answered them."""
    if float(current_app.config["BOT_MIN_SECONDS"]) <= 0:
        return False
    started = started_ms(token)
    if started is None:  # begun before journeys' starts were kept: one page's minimum
        started = bot_check.issued_ms(stamp)
        if started is None:
            return True
        return bot_check.seconds_since(started) < float(current_app.config["BOT_MIN_SECONDS"])
    return bot_check.seconds_since(started) < minimum_seconds(definition, answers)


def refused_as_too_quick(
    form: Any, link: RespondentLink, journey: journeys.JourneyInProgress
) -> bool:
    """Whether "Send answers" (``form``, the check page's) came too soon after the journey on
    ``link`` began (:func:`sent_too_quickly`): if so, the form is refused, with the message that
    links to its button, and nothing is sent."""
    definition = journeys.definition_for(link, journey)
    answers = journey.answers or {}
    if not sent_too_quickly(link.token, definition, answers, form.bot_started.data):
        return False
    form.form_errors.append(str(form.refused_message))
    return True
