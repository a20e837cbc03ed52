"""What the builder's views share: finding the draft and page a URL names, form status, and
asking before a draft, page or question goes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm

from app.forms import confirm_then
from app.services import builder
from app.services.definitions import localised
from models import SurveyDraft


def form_status(form: FlaskForm) -> int:
    return 400 if form.errors else 200


def draft_or_404(slug: str) -> SurveyDraft:
    draft = builder.get_draft(slug)
    if draft is None:
        abort(404)
    return draft


def page_or_404(draft: SurveyDraft, page_key: str) -> tuple[int, dict[str, Any]]:
    """The position and source of the draft's page ``page_key``."""
    for index, page in enumerate(draft.source.get("pages", [])):
        if page.get("key") == page_key:
            return index, page
    abort(404)


def error_to_form(form: FlaskForm, error: builder.BuilderError) -> None:
    field = getattr(form, error.field, None) if error.field else None
    (field.errors if field is not None else form.form_errors).append(error.message)


def question_or_404(page: dict[str, Any], question_key: str) -> dict[str, Any]:
    """The source of the question ``question_key`` on ``page``."""
    for question in page.get("questions", []):
        if question.get("key") == question_key:
            return question
    abort(404)


def draft_title(draft: SurveyDraft) -> str:
    return localised(draft.source.get("title"), "en") or draft.slug


def confirm_removal(
    draft: SurveyDraft,
    what: str,
    remove: Callable[[], str],
    done: str | None = None,
    **shown: Any,
) -> ResponseReturnValue:
    """builder/remove.html asks whether to remove ``what`` ("draft", "page" or "question") of
    the draft, showing ``shown``; the confirming POST calls ``remove`` and flashes the message
    it returns, then goes to ``done`` (the draft's page unless given). See
    :func:`app.forms.confirm_then`."""
    done = done or url_for("builder.survey", slug=draft.slug)
    survey_title = draft_title(draft)
    return confirm_then(
        remove,
        done,
        "builder/remove.html",
        what=what,
        draft=draft,
        survey_title=survey_title,
        **shown,
    )
