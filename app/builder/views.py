"""The builder's pages: the list of surveys, a draft's summary, its forms, trying and publishing.

Everything works without JavaScript: a draft is a summary list with change links, pages and
questions are added one form at a time, and the draft can be tried on the respondent's own
templates with answers kept only in the admin's session.
"""

from __future__ import annotations

import json
from typing import Any

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user

from app.builder import bp
from app.builder.forms import (
    ConfirmForm,
    DetailsForm,
    EditDetailsForm,
    ImportForm,
    PageForm,
    QuestionForm,
    condition_choices,
)
from app.public.forms import SubmitForm, page_form_class
from app.services import builder, draft_tests
from app.services.definition_checks import DefinitionProblems, Problem
from app.services.definitions import Definition
from app.templating import current_language
from models import SurveyDraft

TRY_SESSION = "builder_try"


def _status(form) -> int:
    return 400 if form.errors else 200


def _draft(slug: str) -> SurveyDraft:
    draft = builder.get_draft(slug)
    if draft is None:
        abort(404)
    return draft


def _page(draft: SurveyDraft, page_key: str) -> tuple[int, dict[str, Any]]:
    for index, page in enumerate(draft.source.get("pages", [])):
        if page.get("key") == page_key:
            return index, page
    abort(404)


def _earlier(draft: SurveyDraft, index: int) -> list[tuple[dict, dict]]:
    """(page, question) for every question on the pages before page ``index``."""
    return [
        (page, question)
        for page in draft.source.get("pages", [])[:index]
        for question in page.get("questions", [])
    ]


def _error_to_form(form, error: builder.BuilderError) -> None:
    field = getattr(form, error.field, None) if error.field else None
    (field.errors if field is not None else form.form_errors).append(error.message)


def _problem_link(slug: str, draft: SurveyDraft, problem: Problem) -> str:
    """The form where a problem can be put right, at the field it is about."""
    anchor = f"#{problem.field}" if problem.field else ""
    page_keys = {p.get("key") for p in draft.source.get("pages", [])}
    if problem.page in page_keys:
        if problem.question is not None:
            _index, page = _page(draft, problem.page)
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
            _error_to_form(form, error)
        else:
            flash("Survey created as a draft. Add its pages and questions.")
            return redirect(url_for("builder.survey", slug=draft.slug))
    return render_template("builder/details.html", form=form, draft=None), _status(form)


@bp.route("/import", methods=["GET", "POST"])
def surveys_import():
    form = ImportForm()
    problems: list[Problem] = []
    if form.validate_on_submit():
        upload = form.file.data
        text = form.definition.data or ""
        if upload is not None and getattr(upload, "filename", ""):
            raw = upload.read(600_000)
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                form.file.errors.append("The file must be UTF-8 text (a JSON file)")
                text = ""
            form.definition.data = text
        if not text.strip() and not form.errors:
            form.definition.errors.append("Choose a definition file or paste a definition")
        elif not form.errors:
            try:
                draft = builder.import_source(text, created_by_id=current_user.id)
            except DefinitionProblems as error:
                problems = error.problems
            else:
                flash("Survey imported as a draft. Check it, try it and publish it.")
                return redirect(url_for("builder.survey", slug=draft.slug))
    status = 400 if form.errors or problems else 200
    return render_template("builder/import.html", form=form, problems=problems), status


# One survey


@bp.get("/<slug>")
def survey(slug: str):
    draft = builder.get_draft(slug)
    rows = {row.slug: row for row in builder.survey_rows()}
    row = rows.get(slug)
    if row is None:
        abort(404)
    problems = [
        (problem, _problem_link(slug, draft, problem))
        for problem in (builder.problems(draft) if draft else [])
    ]
    show_problems = request.args.get("check") == "1"
    return (
        render_template(
            "builder/survey.html",
            row=row,
            draft=draft,
            test_links=_test_links(draft),
            source=draft.source if draft else builder.export_source(slug),
            problems=problems,
            show_problems=show_problems and bool(problems),
            confirm=ConfirmForm(),
        ),
        400 if show_problems and problems else 200,
    )


def _test_links(draft: SurveyDraft | None) -> list[tuple[str, Any]]:
    """(address, expiry) of each open test link of the draft."""
    if draft is None:
        return []
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return [
        (base + url_for("draft_test.start", token=link.token), link.expires_at)
        for link in draft_tests.open_test_links(draft)
    ]


@bp.post("/<slug>/draft/test-link")
def test_link_new(slug: str):
    _draft(slug)
    if ConfirmForm().validate_on_submit():
        try:
            draft_tests.create_test_link(slug, created_by_id=current_user.id)
        except DefinitionProblems:
            return redirect(url_for("builder.survey", slug=slug, check=1))
        flash(
            f"Test link made. Anyone you send it to can try the draft without signing in, "
            f"for {draft_tests.TEST_LINK_DAYS} days or until the draft is published or "
            "discarded. Their answers are not kept."
        )
    return redirect(url_for("builder.survey", slug=slug) + "#test-links")


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
    draft = _draft(slug)
    form = EditDetailsForm()
    if request.method == "GET":
        form.fill(draft.source)
    if form.validate_on_submit():
        builder.save_details(slug, form.details())
        return redirect(url_for("builder.survey", slug=slug))
    return render_template("builder/details.html", form=form, draft=draft), _status(form)


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


@bp.route("/<slug>/publish", methods=["POST"])
def publish(slug: str):
    _draft(slug)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return redirect(url_for("builder.survey", slug=slug))
    try:
        version = builder.publish(slug)
    except DefinitionProblems:
        return redirect(url_for("builder.survey", slug=slug, check=1))
    flash(
        f"Version {version.number} is published. Officers can now make codes for it, "
        "and its results appear with the others."
    )
    return redirect(url_for("builder.survey", slug=slug))


@bp.post("/<slug>/discard")
def discard(slug: str):
    _draft(slug)
    if ConfirmForm().validate_on_submit():
        builder.discard(slug)
        flash("The draft was discarded.")
    return redirect(url_for("builder.surveys"))


# Pages


@bp.route("/<slug>/pages/new", methods=["GET", "POST"])
def page_new(slug: str):
    draft = _draft(slug)
    form = PageForm()
    form.condition.choices = condition_choices(_earlier(draft, len(draft.source["pages"])))
    if form.validate_on_submit():
        try:
            key = builder.save_page(slug, None, form.page())
        except builder.BuilderError as error:
            _error_to_form(form, error)
        else:
            return redirect(url_for("builder.question_new", slug=slug, page_key=key))
    return render_template("builder/page.html", form=form, draft=draft, page=None), _status(form)


@bp.route("/<slug>/pages/<page_key>", methods=["GET", "POST"])
def page_edit(slug: str, page_key: str):
    draft = _draft(slug)
    index, page = _page(draft, page_key)
    form = PageForm()
    form.condition.choices = condition_choices(_earlier(draft, index))
    if request.method == "GET":
        form.fill(page)
    if form.validate_on_submit():
        try:
            builder.save_page(slug, page_key, form.page())
        except builder.BuilderError as error:
            _error_to_form(form, error)
        else:
            return redirect(url_for("builder.survey", slug=slug))
    return render_template("builder/page.html", form=form, draft=draft, page=page), _status(form)


@bp.post("/<slug>/pages/<page_key>/<action>")
def page_action(slug: str, page_key: str, action: str):
    _page(_draft(slug), page_key)
    if action not in ("remove", "up", "down"):
        abort(404)
    if ConfirmForm().validate_on_submit():
        if action == "remove":
            builder.remove_page(slug, page_key)
        else:
            builder.move_page(slug, page_key, -1 if action == "up" else 1)
    return redirect(url_for("builder.survey", slug=slug))


# Questions


@bp.route("/<slug>/pages/<page_key>/questions/new", methods=["GET", "POST"])
def question_new(slug: str, page_key: str):
    draft = _draft(slug)
    index, page = _page(draft, page_key)
    form = QuestionForm()
    form.condition.choices = condition_choices(_earlier(draft, index))
    if request.method == "GET":
        form.required.data = "no"
    form.set_favourable_choices()
    if form.validate_on_submit():
        try:
            builder.save_question(slug, page_key, None, form.question())
        except builder.BuilderError as error:
            _error_to_form(form, error)
        else:
            flash("Question added.")
            return redirect(url_for("builder.survey", slug=slug))
    return (
        render_template("builder/question.html", form=form, draft=draft, page=page, question=None),
        _status(form),
    )


@bp.route("/<slug>/pages/<page_key>/questions/<question_key>", methods=["GET", "POST"])
def question_edit(slug: str, page_key: str, question_key: str):
    draft = _draft(slug)
    index, page = _page(draft, page_key)
    question = next((q for q in page.get("questions", []) if q.get("key") == question_key), None)
    if question is None:
        abort(404)
    form = QuestionForm()
    form.condition.choices = condition_choices(_earlier(draft, index))
    if request.method == "GET":
        form.fill(question)
    form.set_favourable_choices()
    if form.validate_on_submit():
        try:
            builder.save_question(slug, page_key, question_key, form.question())
        except builder.BuilderError as error:
            _error_to_form(form, error)
        else:
            return redirect(url_for("builder.survey", slug=slug))
    return (
        render_template(
            "builder/question.html", form=form, draft=draft, page=page, question=question
        ),
        _status(form),
    )


@bp.post("/<slug>/pages/<page_key>/questions/<question_key>/remove")
def question_remove(slug: str, page_key: str, question_key: str):
    _page(_draft(slug), page_key)
    if ConfirmForm().validate_on_submit():
        builder.remove_question(slug, page_key, question_key)
    return redirect(url_for("builder.survey", slug=slug))


# Trying a draft as a respondent: the respondent's templates, nothing stored


def _try_definition(slug: str) -> Definition:
    draft = _draft(slug)
    try:
        return Definition(builder.preview(draft))
    except DefinitionProblems:
        abort(redirect(url_for("builder.survey", slug=slug, check=1)))


def _try_answers(slug: str) -> dict[str, Any]:
    return dict(session.get(TRY_SESSION, {}).get(slug, {}))


def _respondent_context(slug: str) -> dict[str, Any]:
    return {
        "service_name": f"{current_app.config['FORCE_NAME']} feedback",
        "service_url": url_for("builder.survey", slug=slug),
        "navigation_items": list,
        "trying": True,
    }


@bp.get("/<slug>/try")
def try_start(slug: str):
    definition = _try_definition(slug)
    session.setdefault(TRY_SESSION, {})[slug] = {}
    session.modified = True
    return render_template(
        "builder/draft_start.html",
        banner="builder/_trying.html",
        definition=definition,
        slug=slug,
        start_url=url_for("builder.try_page", slug=slug, page_key=definition.first_page().key),
        resume=False,
        **_respondent_context(slug),
    )


@bp.route("/<slug>/try/check", methods=["GET", "POST"])
def try_check(slug: str):
    definition = _try_definition(slug)
    answers = definition.kept_answers(_try_answers(slug))
    form = SubmitForm()
    if form.validate_on_submit():
        missing = definition.missing_required(answers)
        if missing:
            return redirect(url_for("builder.try_page", slug=slug, page_key=missing[0].key))
        session.get(TRY_SESSION, {}).pop(slug, None)
        session.modified = True
        return render_template("builder/try_done.html", slug=slug, **_respondent_context(slug))
    return render_template(
        "builder/try_check.html",
        definition=definition,
        answers=answers,
        form=form,
        change_url=lambda page_key: url_for(
            "builder.try_page", slug=slug, page_key=page_key, change=1
        ),
        **_respondent_context(slug),
    )


@bp.route("/<slug>/try/<page_key>", methods=["GET", "POST"])
def try_page(slug: str, page_key: str):
    definition = _try_definition(slug)
    page = definition.page(page_key)
    if page is None:
        abort(404)
    answers = definition.kept_answers(_try_answers(slug))
    if not page.is_shown(answers):
        return redirect(_try_next(definition, slug, page_key, answers))
    form_class = page_form_class(page, answers, current_language())
    form = form_class(data={q["key"]: answers.get(q["key"]) for q in page.questions})
    if form.validate_on_submit():
        for question in page.questions:
            answers.pop(question["key"], None)
        answers.update({k: v for k, v in form.answers().items() if v not in (None, "", [])})
        answers = definition.kept_answers(answers)
        session.setdefault(TRY_SESSION, {})[slug] = answers
        session.modified = True
        if request.args.get("change"):
            return redirect(url_for("builder.try_check", slug=slug))
        return redirect(_try_next(definition, slug, page_key, answers))
    previous = definition.previous_page(page_key, answers)
    back = (
        url_for("builder.try_page", slug=slug, page_key=previous.key)
        if previous
        else url_for("builder.try_start", slug=slug)
    )
    return (
        render_template(
            "builder/try_page.html",
            definition=definition,
            page=page,
            form=form,
            back=back,
            **_respondent_context(slug),
        ),
        _status(form),
    )


def _try_next(definition: Definition, slug: str, page_key: str, answers: dict) -> str:
    following = definition.next_page(page_key, answers)
    if following is None:
        return url_for("builder.try_check", slug=slug)
    return url_for("builder.try_page", slug=slug, page_key=following.key)
