"""The forms that take a code a person types or pastes (the card's code, a withdrawal code), and
the confirmation page's shown withdrawal code and follow-up notes."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field, HiddenField, StringField
from wtforms.validators import DataRequired, Length

from app.forms import Form
from app.public.bot_check import REFUSED_PRESS_AGAIN, BotCheckedForm
from app.public.forms import TextInput, strip_whitespace, without_control_characters

CODE_MAX = 80

#: Dashes a phone may type for a hyphen (its "smart punctuation" turns "--" into one) and the
#: minus sign; full-width letters and digits become plain ones by NFKC.
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"), "-")
#: A survey link's address pasted or typed in place of its code: the code is what follows /r/.
_LINK_CODE = re.compile(r"/r/([^/?#\s]+)")


def as_typed_code(value: Any) -> Any:
    """A code as a person may type or paste it, made plain: full-width characters and dashes
    of every kind as on the card, a survey link's whole address reduced to its code, and any
    control character a paste brought with it taken out, as from free text (nobody can see
    one, so a message about the code's shape could not be acted on). What is left is still
    checked as any code is (``links.clean_code``)."""
    if not isinstance(value, str):
        return value
    value = unicodedata.normalize("NFKC", without_control_characters(value)).translate(_DASHES)
    found = _LINK_CODE.search(value)
    return found.group(1) if found else value


def _code_field(required: str) -> StringField:
    return StringField(
        _l("Code"),
        filters=[strip_whitespace, as_typed_code],
        validators=[
            # Spaces alone are no code: the data, after the filters, is checked, not what came.
            DataRequired(message=required),
            # Named, in GOV.UK words; no maxlength on the box, which would cut a pasted code.
            Length(
                max=CODE_MAX, message=_l("Code must be %(max)d characters or fewer", max=CODE_MAX)
            ),
        ],
        widget=TextInput(),
    )


class CodeForm(BotCheckedForm):
    """The code typed from a printed card, with bot checks."""

    code = _code_field(_l("Enter the code"))
    refused_message = REFUSED_PRESS_AGAIN


class WithdrawalCodeForm(BotCheckedForm):
    """A withdrawal code, as it was shown after the answers were sent, with bot checks."""

    code = _code_field(_l("Enter your withdrawal code"))
    refused_message = REFUSED_PRESS_AGAIN


#: At most this many follow-up notes are read back from the confirmation page's form: a survey
#: offers a handful, and anything more was not sent by the page.
FOLLOW_UPS_MAX = 20


class HiddenValuesField(Field):
    """Every value sent under the field's name (hidden inputs the template writes one by one),
    as strings, at most ``FOLLOW_UPS_MAX`` of them: what each means is checked by the view."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = [value for value in valuelist if isinstance(value, str)][:FOLLOW_UPS_MAX]

    def _value(self) -> str:
        return ""


class ShownCodeForm(Form):
    """The withdrawal code on the confirmation page, and the ids of the follow-up notes shown with
    it (``question:option``, never their text), sent back by its language button so that the page
    comes back in the other language still showing them: shown once, they are kept nowhere else."""

    code = HiddenField()
    follow_up = HiddenValuesField(default=list)
