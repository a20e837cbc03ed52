"""Forms for a survey as a whole: its details, importing a definition, confirming an action."""

from __future__ import annotations

from typing import Any

from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovTextArea
from wtforms import Field, IntegerField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import HiddenInput

from app.builder.forms.draft_version import SeenDraft
from app.builder.forms.fields import (
    area_field,
    paragraphs,
    radios_field,
    strip_whitespace,
    text_field,
    texts,
)
from app.forms import Form
from app.services.definition_checks import RESERVED_SLUGS, SLUG
from app.services.import_files import MOST_CHARACTERS

MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds
LINK_KINDS = {
    "encounter": "One person at a time: each code can be answered once (like stop and search)",
    "event": "An event: many people answer the same code until the event's code expires",
    "standing": "A standing code for a poster or intranet page: answered any number of times",
}


class CancelLinkForm(Form):
    """The button beside one of a draft's test links: which link to cancel."""

    link = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(1, MAX_ID)])


class DetailsForm(Form):
    slug = text_field(
        "Short name",
        required="Enter a short name for the survey",
        hint="Used in web addresses, exports and the API, for example hate-crime-victims. "
        "Lowercase letters, numbers and hyphens. It cannot change later.",
        length=64,
    )
    title_en = text_field("Title in English", required="Enter the survey's title in English")
    title_cy = text_field(
        "Title in Welsh", hint="Leave blank to show the English title in Welsh too"
    )
    intro_en = area_field(
        "Introduction in English",
        required="Enter an introduction in English",
        hint="What the survey is for, how long it takes, and that answers are anonymous. "
        "Leave a blank line between paragraphs.",
    )
    intro_cy = area_field(
        "Introduction in Welsh", hint="Leave blank to show the English introduction"
    )
    audience = radios_field(
        "Who answers it?",
        [
            SelectChoice("public", "Members of the public"),
            SelectChoice("staff", "Police officers and staff"),
        ],
        "Select who answers the survey",
    )
    link_kind = radios_field(
        "What kind of code do officers usually make for it?",
        [SelectChoice(code, text) for code, text in LINK_KINDS.items()],
        "Select the kind of code",
    )
    equality = radios_field(
        "Ask the optional equality questions at the end?",
        [
            SelectChoice("yes", "Yes, ask ethnicity, age, sex, religion and disability"),
            SelectChoice("no", "No"),
        ],
        "Select whether to ask the equality questions",
    )

    def validate_slug(self, field: Field) -> None:
        if field.data in RESERVED_SLUGS:
            raise ValidationError(f"{field.data} cannot be a short name: choose another")
        if field.data and not SLUG.match(field.data):
            raise ValidationError(
                "Short name must be 3 to 64 lowercase letters, numbers and hyphens, starting "
                "with a letter"
            )

    def details(self) -> dict[str, Any]:
        kind = self.link_kind.data
        return {
            **({"slug": self.slug.data} if self.slug is not None else {}),
            "audience": self.audience.data,
            "minutes": 3,
            "equality": self.equality.data == "yes",
            "link_defaults": {"kind": kind, "single_use": kind == "encounter"},
            "title": texts(self.title_en.data, self.title_cy.data),
            "intro": {
                "en": paragraphs(self.intro_en.data),
                **({"cy": paragraphs(self.intro_cy.data)} if self.intro_cy.data else {}),
            },
        }

    def fill(self, source: dict[str, Any]) -> None:
        if self.slug is not None:  # not once the survey exists (EditDetailsForm)
            self.slug.data = source.get("slug")
        self.title_en.data = (source.get("title") or {}).get("en")
        self.title_cy.data = (source.get("title") or {}).get("cy")
        intro = source.get("intro") or {}
        self.intro_en.data = "\n\n".join(intro.get("en") or [])
        self.intro_cy.data = "\n\n".join(intro.get("cy") or [])
        self.audience.data = source.get("audience", "public")
        self.link_kind.data = (source.get("link_defaults") or {}).get("kind", "standing")
        self.equality.data = "yes" if source.get("equality") else "no"


class EditDetailsForm(SeenDraft, DetailsForm):
    """The same, once the survey exists: the short name is fixed."""

    slug = None


class ImportForm(Form):
    file = FileField("A definition file (JSON)", widget=GovFileInput())
    # A text area as area_field makes, saying "The definition" in its message, not the label.
    definition = TextAreaField(
        "Or paste the definition",
        description="The JSON of a survey definition, as exported from this service",
        filters=[strip_whitespace],
        validators=[
            Optional(),
            Length(
                max=MOST_CHARACTERS,
                message=f"The definition must be {MOST_CHARACTERS:,} characters or fewer",
            ),
        ],
        widget=GovTextArea(),
    )
