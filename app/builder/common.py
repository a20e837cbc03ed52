"""What the builder's views share: finding the draft and page a URL names, form status, and
asking before a draft, page or question goes.

Every form that changes a draft carries the stamp of the draft as its page showed it
(:class:`app.builder.forms.draft_version.SeenDraft`) and passes it to the service as ``seen``;
a change to a draft someone else has changed since is refused with
:class:`~app.services.draft_versions.DraftChanged`, and the page is shown again (409) with
what was entered kept and the message from ``builder/_draft_changed.html``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NoReturn

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm

from app.builder.forms import DraftConfirmForm
from app.services import builder
from app.services.definition_checks import Problem
from app.services.definition_checks.welsh import NoWelsh
from app.services.definitions import localised
from app.services.draft_versions import DraftChanged
from app.services.surveys import get_survey
from models import SurveyDraft


def form_status(form: FlaskForm) -> int:
    """409 when saving was refused because the draft had changed; 400 for a mistake."""
    if getattr(form, "draft_changed", False):
        return 409
    return 400 if form.errors else 200


def refuse_change(form: FlaskForm, changed: DraftChanged) -> None:
    """A change refused because the draft changed since its page was shown: the form is
    shown again, stamped with the draft as it is now. If the draft has gone (published or
    discarded), the admin is told so on the survey's page instead: there is no draft to show
    the form against."""
    if changed.stamp is None:
        abort(draft_gone(changed.slug, "Your change has not been saved."))
    form.changed_since(changed)


def draft_gone(slug: str, not_done: str) -> ResponseReturnValue:
    flash(
        "Someone else has published or discarded this draft since you opened the page. " + not_done
    )
    published = get_survey(slug) is not None
    return redirect(
        url_for("builder.survey", slug=slug) if published else url_for("builder.surveys")
    )


def shown_the_draft() -> bool:
    """A POST from a builder page that showed the draft (it carries the draft's stamp): what
    it names was there then, so if it has gone, someone else removed it since."""
    return request.method == "POST" and bool(request.form.get("draft_version"))


def draft_or_404(slug: str) -> SurveyDraft:
    draft = builder.get_draft(slug)
    if draft is None:
        if shown_the_draft():
            abort(draft_gone(slug, "Your change has not been saved."))
        abort(404)
    return draft


def page_or_404(draft: SurveyDraft, page_key: str) -> tuple[int, dict[str, Any]]:
    """The position and source of the draft's page ``page_key``."""
    for index, page in enumerate(draft.source.get("pages", [])):
        if page.get("key") == page_key:
            return index, page
    _gone_or_404(draft, "page")


def _gone_or_404(draft: SurveyDraft, what: str) -> NoReturn:
    if shown_the_draft():
        flash(
            f"Someone else removed this {what} since you opened the page. Your change has "
            "not been saved."
        )
        abort(redirect(url_for("builder.survey", slug=draft.slug)))
    abort(404)


def problem_link(slug: str, draft: SurveyDraft, problem: Problem | NoWelsh) -> str:
    """The form where a problem can be put right, at the field it is about (a problem, or
    any place with the same page, question and field)."""
    anchor = f"#{problem.field}" if problem.field else ""
    page_keys = {p.get("key") for p in draft.source.get("pages", [])}
    if problem.page in page_keys:
        if problem.question is not None:
            _index, page = page_or_404(draft, problem.page)
            keys = {q.get("key") for q in page.get("questions", [])}
            if problem.question in keys:
                return (
                    url_for(
                        "builder.question_edit",
                        slug=slug,
                        page_key=problem.page,
                        question_key=problem.question,
                    )
                    + anchor
                )
        return url_for("builder.page_edit", slug=slug, page_key=problem.page) + anchor
    if problem.field in ("title_en", "title_cy", "intro_en", "intro_cy", "audience", "equality"):
        return url_for("builder.details", slug=slug) + anchor
    return url_for("builder.survey", slug=slug)


def error_to_form(form: FlaskForm, error: builder.BuilderError) -> None:
    field = getattr(form, error.field, None) if error.field else None
    (field.errors if field is not None else form.form_errors).append(error.message)


def draft_title(draft: SurveyDraft) -> str:
    return localised(draft.source.get("title"), "en") or draft.slug


@dataclass(frozen=True)
class Removal:
    """What a confirming POST removes: ``act`` removes it from the draft whose stamp the
    page showed (its argument) and returns what to tell the user; ``shown`` describes it on
    the page that asks."""

    act: Callable[[str | None], str]
    shown: dict[str, Any] = field(default_factory=dict)


def confirm_removal(
    slug: str,
    what: str,
    removal: Callable[[SurveyDraft], Removal | None],
    done: str | None = None,
) -> ResponseReturnValue:
    """builder/remove.html asks whether to remove ``what`` ("draft", "page" or "question") of
    the draft; ``removal`` finds it in the draft (None when it is not there). Only the
    confirming POST, with its CSRF token, removes it, flashes what its ``act`` returns and goes
    to ``done`` (the draft's page unless given); a POST without a good token gets the
    timed-out page (400), as with :func:`app.forms.confirm_then`.

    If the draft changed after the page was shown, nothing is removed: the page is shown again
    for the draft as it is now (409), so the admin decides again on what is there. If what
    they meant to remove has gone already, they are told so on the draft's page (a POST from
    no such page, without the draft's stamp, finds nothing: 404)."""
    draft = builder.get_draft(slug)
    found = removal(draft) if draft is not None else None
    form = DraftConfirmForm()
    if found is None:
        if request.method == "POST" and form.seen() and form.validate():
            # Its page showed it, so someone else removed it (or the draft) since.
            return _already_gone(slug, what, draft)
        abort(404)
    if request.method == "GET":
        form.stamp_with(draft)
    if form.validate_on_submit():
        try:
            message = found.act(form.seen())
        except DraftChanged as changed:
            form.changed_since(changed)
            draft = builder.get_draft(slug)
            found = removal(draft) if draft is not None else None
            if found is None:
                return _already_gone(slug, what, draft)
        else:
            flash(message, "success")
            return redirect(done or url_for("builder.survey", slug=slug))
    elif request.method == "POST":
        abort(400)
    html = render_template(
        "builder/remove.html",
        form=form,
        what=what,
        draft=draft,
        survey_title=draft_title(draft),
        **found.shown,
    )
    return html, form_status(form)


def _already_gone(slug: str, what: str, draft: SurveyDraft | None) -> ResponseReturnValue:
    """Someone else removed it (or the whole draft) first: nothing is left to remove."""
    if draft is None:
        return draft_gone(slug, "There was nothing left to remove.")
    flash(f"Someone else has already removed this {what}, so there was nothing to remove.")
    return redirect(url_for("builder.survey", slug=slug))
