"""The builder's drafts: the list of surveys, new and imported ones, a draft's summary page,
its details, export, publishing and discarding.

Everything works without JavaScript: a draft is a summary list with change links. Its pages
and questions are edited in :mod:`app.builder.editing`; trying it and its test links are in
:mod:`app.builder.try_out`.
"""

from __future__ import annotations

import json

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app.builder import bp, welsh
from app.builder.common import (
    Removal,
    confirm_removal,
    draft_gone,
    draft_or_404,
    draft_title,
    error_to_form,
    form_status,
    problem_link,
    refuse_change,
)
from app.builder.describe import Conditions, code_kind, problem_text, question_type
from app.builder.forms import DetailsForm, DraftConfirmForm, EditDetailsForm, ImportForm
from app.forms import ConfirmForm
from app.services import builder, builder_publish, draft_tests, import_files
from app.services.definition_checks import DefinitionProblems, Problem
from app.services.draft_versions import DraftChanged
from models import DraftTestLink, SurveyDraft

# The list, new surveys and import


@bp.get("/", endpoint="surveys")
def surveys_list():
    return render_template("builder/surveys.html", rows=builder.survey_rows())


@bp.route("/new", methods=["GET", "POST"])
def surveys_new():
    form = DetailsForm()
    if request.method == "GET":
        form.audience.data, form.link_kind.data, form.equality.data = "public", "standing", "yes"
    if form.validate_on_submit():
        try:
            draft = builder.create(form.details(), created_by_id=current_user.id)
        except builder.BuilderError as error:
            error_to_form(form, error)
        else:
            flash("Survey created as a draft. Add its pages and questions.", "success")
            return redirect(url_for("builder.survey", slug=draft.slug))
    return render_template("builder/details.html", form=form, draft=None), form_status(form)


@bp.route("/import", methods=["GET", "POST"])
def surveys_import():
    form = ImportForm()
    problems: list[Problem] = []
    if form.validate_on_submit():
        upload = form.file.data
        text = form.definition.data or ""
        if upload is not None and getattr(upload, "filename", ""):
            try:
                text = import_files.read_upload(upload)
            except import_files.FileProblem as problem:
                form.file.errors.append(str(problem))
                text = ""
            else:
                form.definition.data = text  # shown in the box, to put right if need be
        if not text.strip() and not form.errors:
            form.definition.errors.append("Choose a definition file or paste a definition")
        elif not form.errors:
            try:
                draft = builder.import_source(text, created_by_id=current_user.id)
            except DefinitionProblems as error:
                problems = error.problems
            else:
                flash("Survey imported as a draft. Check it, try it and publish it.", "success")
                return redirect(url_for("builder.survey", slug=draft.slug))
    status = 400 if form.errors or problems else 200
    return render_template("builder/import.html", form=form, problems=problems), status


# One survey


#: What did not happen when a button on the draft's page was refused because the draft had gone.
NOT_DONE = {
    "publish": "Nothing has been published from your page.",
    "move": "The page has not been moved.",
}


@bp.get("/<slug>")
def survey(slug: str):
    return draft_page(slug)


def draft_page(
    slug: str, changed: str | None = None, out_of_date: bool = False
) -> ResponseReturnValue:
    """The survey's page: its draft as it is now, with the buttons that change it carrying
    the draft's stamp. ``changed`` ("publish", "move") when that was refused because the draft
    had changed since the page was shown, or (``out_of_date``) because the form carried no
    stamp: it says so, 409."""
    draft = builder.get_draft(slug)
    if changed and draft is None:
        return draft_gone(slug, NOT_DONE[changed])
    rows = {row.slug: row for row in builder.survey_rows()}
    row = rows.get(slug)
    if row is None:
        abort(404)
    problems = [
        (problem_text(draft.source, problem), problem_link(slug, draft, problem))
        for problem in (builder_publish.problems(draft) if draft else [])
    ]
    show_problems = request.args.get("check") == "1" and not changed
    source = draft.source if draft else builder.export_source(slug)
    confirm = DraftConfirmForm(formdata=None)
    if draft is not None:
        confirm.stamp_with(draft)
    status = 409 if changed else 400 if show_problems and problems else 200
    return (
        render_template(
            "builder/survey.html",
            row=row,
            draft=draft,
            test_links=_test_links(draft),
            source=source,
            conditions=Conditions(source),
            question_type=question_type,
            code_kind=code_kind(source),
            problems=problems,
            show_problems=show_problems and bool(problems),
            unchanged=builder_publish.same_as_published(draft) if draft and not problems else None,
            welsh=welsh.Welsh.of(draft) if draft else None,
            confirm=confirm,
            changed=changed,
            out_of_date=out_of_date,
        ),
        status,
    )


def _test_links(draft: SurveyDraft | None) -> list[tuple[str, DraftTestLink]]:
    """(address, link) of each open test link of the draft."""
    if draft is None:
        return []
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return [
        (base + url_for("draft_test.start", token=link.token), link)
        for link in draft_tests.open_test_links(draft)
    ]


@bp.post("/<slug>/edit")
def survey_edit(slug: str):
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            builder.start_editing(slug, created_by_id=current_user.id)
        except builder.BuilderError as error:
            flash(error.message)
    return redirect(url_for("builder.survey", slug=slug))


@bp.route("/<slug>/details", methods=["GET", "POST"])
def details(slug: str):
    draft = draft_or_404(slug)
    form = EditDetailsForm()
    if request.method == "GET":
        form.fill(draft.source)
        form.stamp_with(draft)
    if form.validate_on_submit():
        try:
            builder.save_details(slug, form.details(), seen=form.seen())
        except DraftChanged as changed:
            refuse_change(form, changed)
        else:
            return redirect(url_for("builder.survey", slug=slug))
    return render_template("builder/details.html", form=form, draft=draft), form_status(form)


@bp.get("/<slug>/export.json")
def export(slug: str):
    source = builder.export_source(slug)
    if source is None:
        abort(404)
    body = json.dumps(source, ensure_ascii=False, indent=1)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{slug}.json"'},
    )


@bp.route("/<slug>/discard", methods=["GET", "POST"])
def discard(slug: str):
    """Asks first; only the confirming POST (with its CSRF token) discards, and only the draft
    as the page showed it: discarding deletes every change in it, so a change someone made
    after the page was shown is not deleted unseen."""

    def removal(draft: SurveyDraft) -> Removal:
        row = next(row for row in builder.survey_rows() if row.slug == slug)
        title = draft_title(draft)

        def discard_draft(seen: str | None) -> str:
            builder_publish.discard(slug, seen=seen)
            kept = f" Version {row.version} is still published." if row.version else ""
            return f"The draft of {title} has been discarded.{kept}"

        shown = {"row": row, "test_links": len(draft_tests.open_test_links(draft))}
        return Removal(discard_draft, shown)

    return confirm_removal(slug, "draft", removal, done=url_for("builder.surveys"))
