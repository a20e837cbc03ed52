"""Disclosure thresholds: admins make the results stricter (or less strict, down to the floor
the deployment sets) for every results page, report, export and the API at once."""

from __future__ import annotations

import re

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from sqlalchemy.exc import IntegrityError
from wtforms import Field, HiddenField, StringField
from wtforms.validators import DataRequired, ValidationError

from app.admin import bp
from app.forms import Form, strip_whitespace
from app.services import disclosure_settings

WHOLE_NUMBER = re.compile(r"[0-9]{1,7}")


def _threshold_field(label: str, required: str) -> StringField:
    return StringField(
        label,
        filters=[strip_whitespace],
        validators=[DataRequired(message=required)],
        widget=GovTextInput(),
    )


def _whole_number(field: Field, name: str) -> None:
    if not WHOLE_NUMBER.fullmatch(field.data or ""):
        message = f"The smallest group whose {name} are shown must be a whole number, like 15"
        if re.fullmatch(r"[0-9]+", field.data or ""):  # only digits, but too many of them
            message = (
                f"The smallest group whose {name} are shown must be "
                f"{disclosure_settings.MAXIMUM:,} or fewer"
            )
        raise ValidationError(message)


class DisclosureForm(Form):
    k = _threshold_field(
        "Smallest group whose figures are shown",
        "Enter the smallest group whose figures are shown",
    )
    k_text = _threshold_field(
        "Smallest group whose quotes are shown",
        "Enter the smallest group whose quotes are shown",
    )
    #: The thresholds in force when the page was shown (:func:`_in_force`): a save from a
    #: page opened before someone else changed them is refused, rather than quietly putting
    #: back what they changed. A form without it (sent from a script) is not checked.
    seen = HiddenField()

    # Each field is checked against its floor and the maximum here too, not only when saving,
    # so that two wrong numbers are both named at once.
    def validate_k(self, field: Field) -> None:
        _whole_number(field, "figures")
        problem = disclosure_settings.problems(int(field.data), None).get("k")
        if problem:
            raise ValidationError(problem)

    def validate_k_text(self, field: Field) -> None:
        _whole_number(field, "quotes")
        k = int(self.k.data) if WHOLE_NUMBER.fullmatch(self.k.data or "") else None
        problem = disclosure_settings.problems(k, int(field.data)).get("k_text")
        if problem:
            raise ValidationError(problem)


def _in_force(settings: disclosure_settings.DisclosureSettings) -> str:
    return f"{settings.k} {settings.k_text}"


CHANGED_MEANWHILE = (
    "Someone else changed the thresholds while you had this page open: figures are now shown "
    "for groups of at least {k}, and quotes for groups of at least {k_text}. Check the numbers "
    "and save again"
)


@bp.route("/disclosure-thresholds", methods=["GET", "POST"])
def disclosure_thresholds():
    settings = disclosure_settings.current()
    form = DisclosureForm(
        data={"k": str(settings.k), "k_text": str(settings.k_text), "seen": _in_force(settings)}
    )
    valid = form.validate_on_submit()
    # Said even beside another error, as the page sent back takes the values now in force.
    if form.is_submitted() and form.seen.data and form.seen.data != _in_force(settings):
        # In place of a mistake in the first number: the next page says so if it is still there.
        form.k.errors = [CHANGED_MEANWHILE.format(k=settings.k, k_text=settings.k_text)]
        valid = False
    if valid:
        try:
            changed = disclosure_settings.change(
                int(form.k.data), int(form.k_text.data), current_user
            )
        except disclosure_settings.DisclosureSettingsError as error:
            for field, problem in error.problems.items():
                form[field].errors.append(problem)
        except IntegrityError:  # another admin saved the first values at the same moment
            form.k.errors.append(
                "Someone else changed the thresholds at the same moment. Check them and save again"
            )
            settings = disclosure_settings.current()
        else:
            if changed:
                flash(
                    f"Figures are now shown only for groups of at least {form.k.data} "
                    f"respondents, and quotes for groups of at least {form.k_text.data}, on "
                    "every results page, report, export and in the API.",
                    "success",
                )
            else:
                flash("The thresholds are the same as before. Nothing has changed.")
            return redirect(url_for("admin.disclosure_thresholds"))
    form.seen.data = _in_force(settings)  # shown again: a save from here has seen them
    return render_template(
        "admin/disclosure_thresholds.html",
        form=form,
        settings=settings,
        maximum=disclosure_settings.MAXIMUM,
    ), (400 if form.errors else 200)
