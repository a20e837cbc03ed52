"""Bot checks on the respondent's forms: a honeypot box, a signed stamp, and a minimum time for
the whole journey.

No CAPTCHA: people never see any of it. Each form carries two extra fields:

- a text box named ``your-website`` that is hidden from everyone (``hidden`` and ``display: none``,
  so screen readers skip it too, with ``tabindex="-1"`` and ``autocomplete="off"``); bots that
  fill every box fill it;
- ``form-started``, a timestamp signed with the app's ``SECRET_KEY`` (itsdangerous, with its
  own salt), issued afresh every time the form is shown.

Every form (question pages, Check your answers, the code box, the withdrawal page, and a
question page's language button when it keeps what the page holds) is refused when the box has
anything in it, or when the stamp is missing, forged or older than ``BOT_STAMP_MAX_HOURS``.

No single page is timed. A person goes back to a page whose answers are kept and presses
Continue at once, changes one answer from Check your answers, taps the one answer a short page
asks for, switches language, or pastes a code and presses the button: each of those is quick,
and none of them is a bot. The minimum time is the whole journey's instead, checked once, at
"Send answers", where answers are stored (:mod:`app.public.bot_check_journey`): answers sent
sooner than ``BOT_MIN_SECONDS`` for each page answered, counted from when the journey's first
page was shown, are refused. A script that posts every page and then "Send answers" without
waiting is refused; a person, however quick, has taken longer.

The code box and the withdrawal page store nothing a script could spam: they are not timed at
all. What bounds guessing codes there is the rate limits and the codes' length.

A refusal is a 400 with every answer given still in the form and nothing stored. The GOV.UK
error summary says "Sorry, we could not …" only when nothing else was wrong: a form with an
answer to put right says what to put right, and is refused anyway. It never asks the person to
check their answers, as nothing is wrong with them: it says which button to press again, and
links to that button (:data:`BUTTON_ID`), which may be a long page's scroll away.

A form shown again after it was sent (refused, or with an answer to put right) keeps the stamp
it was sent with, when that stamp is genuine and not from the future (a missing or forged one
gets a new stamp), and so does the page shown again by its language button: the journey's
first page, shown again, still says when the journey began.
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
#: The id of the button that sends a bot-checked form, while the form shows its refusal: the
#: refusal in the error summary links to it, as a GOV.UK error links to what puts it right (on
#: a phone, Check your answers is thousands of pixels tall, the summary at the top and the
#: button at the foot). Only then: a browser keeps the address's ``#form-button`` when the
#: button it led to sends the form, and the next page must not open scrolled to its own button.
BUTTON_ID = "form-button"
#: The refusal on a question page. Nothing is wrong with the answers (the hidden box was filled
#: in, by a browser's autofill, say), so it does not send them looking for a mistake: it says
#: the answers are kept and which button to press again, which goes through.
REFUSED = _l(
    "Sorry, we could not accept that. Your answers are still here: press “Continue” again."
)
#: The refusal on Check your answers: nothing was sent, and pressing the button again (once the
#: journey has taken a person's time, :mod:`app.public.bot_check_journey`) sends them.
REFUSED_SEND = _l("Sorry, we could not send your answers. Press “Send answers” again.")
#: The refusal on the forms that carry only a code (the code box, withdrawal), where there are no
#: answers to check: the code is kept, and pressing the button again goes through.
REFUSED_PRESS_AGAIN = _l("Sorry, we could not accept that. Press the button again.")


def _now() -> float:
    return time.time()


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def issue_stamp() -> str:
    """A signed stamp of the time now, to the millisecond (itsdangerous's own is whole seconds)."""
    return _serializer().dumps(round(_now() * 1000))


def issued_ms(stamp: Any) -> int | None:
    """When the stamp was issued, in milliseconds since the epoch, or None when it is missing,
    forged or expired."""
    if not isinstance(stamp, str) or not stamp:
        return None
    max_age = int(current_app.config["BOT_STAMP_MAX_HOURS"] * 3600)
    try:
        issued = _serializer().loads(stamp, max_age=max_age)
    except BadData:
        return None
    return issued if isinstance(issued, int) and not isinstance(issued, bool) else None


def seconds_since(issued: int) -> float:
    """Seconds from a time in milliseconds since the epoch (as a stamp keeps it) until now."""
    return _now() - issued / 1000


def stamp_age(stamp: Any) -> float | None:
    """Seconds since the stamp was issued, or None when it is missing, forged or expired."""
    issued = issued_ms(stamp)
    return None if issued is None else seconds_since(issued)


def looks_automated(honeypot: Any, stamp: Any) -> bool:
    """True when a submission filled the hidden box, or came without a genuine stamp. How soon
    it came is not asked here: only the whole journey is timed, at "Send answers"."""
    return bool(honeypot) or issued_ms(stamp) is None


def still_running(stamp: Any) -> str | None:
    """The stamp, when a form shown again may carry it on: genuine, not expired and not from
    the future; otherwise None."""
    age = stamp_age(stamp)
    return stamp if age is not None and age >= 0 else None


def keep_stamp_for_this_page(stamp: Any) -> None:
    """Keep a genuine stamp for the next showing of the page at this address: for a page whose
    language button redirects back to it, so that the page shown again still says when it was
    first shown (on a journey's first page, when the journey began). Kept in the session until
    that showing, and only for this address."""
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
    """Adds the honeypot and the signed stamp to a form; refused submissions keep their data.

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

    def validate(self, extra_validators: dict | None = None) -> bool:
        valid = super().validate(extra_validators)
        # Every value sent for the box counts, not only the first that WTForms keeps.
        honeypot = "".join(self.bot_honeypot.raw_data or [])
        if looks_automated(honeypot, self.bot_started.data):
            # Only when nothing else is wrong: beside "Enter the code" it would only puzzle.
            if valid:
                self.form_errors.append(str(self.refused_message))
            self.bot_honeypot.data = ""
            return False
        return valid


BOT_FIELDS = frozenset({"bot_honeypot", "bot_started"})


def with_bot_check(form_class: type[FlaskForm]) -> type[FlaskForm]:
    """The same form with the bot checks added."""
    return type(form_class.__name__, (form_class, BotCheckedForm), {})


def _is_refusal(form: FlaskForm, message: Any) -> bool:
    refusal = getattr(form, "refused_message", None)
    return refusal is not None and str(message) == str(refusal)


def button_attributes(form: FlaskForm) -> dict[str, str]:
    """The HTML attributes of the button that sends the form: its id (:data:`BUTTON_ID`) while
    the form shows the bot checks' refusal, which links to it; none otherwise."""
    refused = any(_is_refusal(form, message) for message in getattr(form, "form_errors", []))
    return {"id": BUTTON_ID} if refused else {}


def _as_shown(message: Any) -> str:
    """A message as the summary shows it: a str as it is, so that a
    :class:`~app.public.survey_language.MarkedText` (an error naming a question shown in English
    on a Welsh page) keeps that question marked as English, as the message above the field
    does; anything else, such as a lazily translated message, as its text."""
    return message if isinstance(message, str) else str(message)


def error_summary(form: FlaskForm, title: str) -> dict[str, Any]:
    """GOV.UK error summary for a form: its own messages first, the bot checks' refusal linked
    to the button that sends the form again (:func:`button_attributes`) and any other message
    to nothing, then each field's first error linked to the field. ``wtforms_errors`` would
    link a form's own message to "#", so the respondent's pages use this instead."""
    items: list[dict[str, str]] = [
        {"text": _as_shown(message), "href": f"#{BUTTON_ID}"}
        if _is_refusal(form, message)
        else {"text": _as_shown(message)}
        for message in form.form_errors
    ]
    items += [
        {"text": _as_shown(field.errors[0]), "href": f"#{field.id}"}
        for field in form
        if field.errors
    ]
    return {"titleText": title, "errorList": items}
