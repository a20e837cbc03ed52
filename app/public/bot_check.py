"""Bot checks on the respondent's forms: a honeypot box and a minimum time to fill a form in.

No CAPTCHA: people never see either check. Each form carries two extra fields:

- a text box named ``your-website`` that is hidden from everyone (``hidden`` and ``display: none``,
  so screen readers skip it too, with ``tabindex="-1"`` and ``autocomplete="off"``); bots that
  fill every box fill it;
- ``form-started``, a timestamp signed with the app's ``SECRET_KEY`` (itsdangerous, with its
  own salt), issued afresh every time the form is shown.

A submission is refused when the box has anything in it, or when the stamp is missing, forged,
older than ``BOT_STAMP_MAX_HOURS`` or younger than ``BOT_MIN_SECONDS``. A refusal is a
400 with every answer given still in the form and nothing stored. The GOV.UK error summary
says "Sorry, we could not …" only when nothing else was wrong: a form with an answer to put
right says what to put right, and is refused anyway. It never asks the person to check their
answers, as nothing is wrong with them: on a question page it says that they are still there and
to press Continue again, on Check your answers to press Send answers again, and on the code box
and the withdrawal page, which carry only a code (pasted and sent at once, say), to press the
button again.

A question page sent with no answer at all is not timed (the honeypot and the stamp are still
checked): skipping optional questions, such as the equality questions, is what a person who does
not want to answer them does, quickly, page after page, and such a page stores no answer.

A form shown again after it was sent (refused, or with an answer to put right) keeps the stamp
it was sent with, when that stamp is genuine and not from the future (a missing or forged one
gets a new stamp): the person has been on the page since it was first shown, so one who was
quick, or whose browser filled the box in, presses the button again a moment later and it goes
through, instead of being refused again for as long as they are quick. The page's language
button keeps the stamp in the same way: the page shown again in the other language carries on
the clock.
Refusals are not logged or counted anywhere: there is nothing to say about an anonymous
respondent, and the rate limits already bound how often anyone can try.
"""

from __future__ import annotations

import time
from typing import Any

from flask import current_app, request, session
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from itsdangerous import BadData, URLSafeTimedSerializer
from wtforms import HiddenField, StringField

from app.forms import Form

SALT = "listening-post.public-form-started"
HONEYPOT_NAME = "your-website"
STAMP_NAME = "form-started"
#: The name of the language button of a page with a form (see base.html): with a hyphen, which
#: no question key has.
CHANGE_LANGUAGE = "change-language"
#: Where a question page's stamp waits, in the session, for the page to be shown again after
#: its language button redirected to it.
KEPT_STAMP = "form_started"
#: The refusal on a question page. Nothing is wrong with the answers (a person who taps one and
#: presses Continue at once is refused for being quick), so it does not send them looking for a
#: mistake: it says the answers are kept and which button to press again, which goes through.
REFUSED = _l(
    "Sorry, we could not accept that. Your answers are still here: press “Continue” again."
)
#: The refusal on Check your answers: nothing was sent, and pressing the button again sends them.
REFUSED_SEND = _l("Sorry, we could not send your answers. Press “Send answers” again.")
#: The refusal on the forms that carry only a code (the code box, withdrawal), where there are no
#: answers to check: the code is kept, and pressing the button again a moment later goes through.
REFUSED_PRESS_AGAIN = _l("Sorry, we could not accept that. Press the button again.")


def _now() -> float:
    return time.time()


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def issue_stamp() -> str:
    """A signed stamp of the time now, to the millisecond (itsdangerous's own is whole seconds)."""
    return _serializer().dumps(round(_now() * 1000))


def stamp_age(stamp: Any) -> float | None:
    """Seconds since the stamp was issued, or None when it is missing, forged or expired."""
    if not isinstance(stamp, str) or not stamp:
        return None
    max_age = int(current_app.config["BOT_STAMP_MAX_HOURS"] * 3600)
    try:
        issued_ms = _serializer().loads(stamp, max_age=max_age)
    except BadData:
        return None
    if not isinstance(issued_ms, int):
        return None
    return _now() - issued_ms / 1000


def looks_automated(honeypot: Any, stamp: Any, *, timed: bool = True) -> bool:
    """True when a submission filled the hidden box, or came without a valid stamp, or (when
    ``timed``) too fast."""
    if honeypot:
        return True
    age = stamp_age(stamp)
    if age is None:
        return True
    minimum = float(current_app.config["BOT_MIN_SECONDS"]) if timed else 0.0
    return minimum > 0 and age < minimum


def still_running(stamp: Any) -> str | None:
    """The stamp, when a form shown again may carry it on: genuine, not expired and not from
    the future; otherwise None."""
    age = stamp_age(stamp)
    return stamp if age is not None and age >= 0 else None


def keep_stamp_for_this_page(stamp: Any) -> None:
    """Keep a genuine stamp for the next showing of the page at this address: for a page whose
    language button redirects back to it, so that changing language does not restart the
    clock. Kept in the session until that showing, and only for this address."""
    kept = still_running(stamp)
    if kept is not None:
        session[KEPT_STAMP] = {"path": request.path, "stamp": kept}


def _carried_stamp(sent: Any) -> str | None:
    """The stamp a form shown again keeps, if any: the one it was sent with, by its button or
    its language button, or the one its language button kept for the page's next showing."""
    if request.method == "POST":
        return still_running(sent)
    if KEPT_STAMP not in session:
        return None
    kept = session.pop(KEPT_STAMP)
    if not isinstance(kept, dict) or kept.get("path") != request.path:
        return None
    return still_running(kept.get("stamp"))


class StampField(HiddenField):
    """A hidden field whose value is a new stamp every time a page is first shown; a form shown
    again after it was sent, or in the other language, keeps its own (see the module's
    docstring)."""

    def _value(self) -> str:
        return _carried_stamp(self.data) or issue_stamp()


class BotCheckedForm(Form):
    """Adds the honeypot and the fill-time stamp to a form; refused submissions keep their data.

    In the HTML the fields are named with a hyphen, which no question key may contain, so they
    cannot clash with a question on a generated page; ``PageForm.answers`` leaves them out.
    """

    bot_honeypot = StringField(
        _l("Leave this box empty"),
        name=HONEYPOT_NAME,
        render_kw={"tabindex": "-1", "autocomplete": "off"},
    )
    bot_started = StampField(name=STAMP_NAME)
    #: What the error summary says when the checks refuse what was sent.
    refused_message = REFUSED

    def fill_time_counts(self) -> bool:
        """Whether the minimum fill time applies to what was sent: always, but for a question
        page sent with nothing answered (``PageForm.fill_time_counts``)."""
        return True

    def validate(self, extra_validators: dict | None = None) -> bool:
        valid = super().validate(extra_validators)
        # Every value sent for the box counts, not only the first that WTForms keeps.
        honeypot = "".join(self.bot_honeypot.raw_data or [])
        if looks_automated(honeypot, self.bot_started.data, timed=self.fill_time_counts()):
            # Only when nothing else is wrong: beside "Enter the code" it would only puzzle.
            if valid:
                self.form_errors.append(str(self.refused_message))
            self.bot_honeypot.data = ""
            return False
        return valid


BOT_FIELDS = frozenset({"bot_honeypot", "bot_started"})


def with_bot_check(form_class: type[FlaskForm]) -> type[FlaskForm]:
    """The same form with the bot checks added (its own ``fill_time_counts``, if it has one,
    before BotCheckedForm's)."""
    return type(form_class.__name__, (form_class, BotCheckedForm), {})


def error_summary(form: FlaskForm, title: str) -> dict[str, Any]:
    """GOV.UK error summary for a form: its own messages first (nothing to link to), then each
    field's first error linked to the field. ``wtforms_errors`` would link a form's own message
    to "#", so the respondent's pages use this instead."""
    items: list[dict[str, str]] = [{"text": str(message)} for message in form.form_errors]
    items += [
        {"text": str(field.errors[0]), "href": f"#{field.id}"} for field in form if field.errors
    ]
    return {"titleText": title, "errorList": items}
