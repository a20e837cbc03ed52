"""Forms of the survey builder. Each turns its fields into a piece of a source definition."""

from app.builder.forms.draft_version import DraftConfirmForm
from app.builder.forms.questions import PageForm, QuestionForm, condition_choices
from app.builder.forms.survey import (
    CancelLinkForm,
    DetailsForm,
    EditDetailsForm,
    ImportForm,
)

__all__ = [
    "CancelLinkForm",
    "DetailsForm",
    "DraftConfirmForm",
    "EditDetailsForm",
    "ImportForm",
    "PageForm",
    "QuestionForm",
    "condition_choices",
]
