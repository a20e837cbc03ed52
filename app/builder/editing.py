"""The builder's forms for a draft's pages and questions: add, change, move and remove.

A page or question is added one form at a time; a condition ("shown only to people who
answered ...") can name only questions on earlier pages.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from app.builder import bp
from app.builder.common import (
    confirm_removal,
    draft_or_404,
    error_to_form,
    form_status,
    page_or_404,
    question_or_404,
)
from app.builder.forms import PageForm, QuestionForm, condition_choices
from app.forms import ConfirmForm
from app.services import builder
from app.services.definitions import localised
from models import SurveyDraft


def _earlier(draft: SurveyDraft, index: int) -> list[tuple[dict, dict]]:
    """(page, question) for every question on the pages before page ``index``."""
    return [
        (page, question)
        for page in draft.source.get("pages", [])[:index]
        for question in page.get("questions", [])
    ]


# Pages


@bp.route("/<slug>/pages/new", methods=["GET", "POST"])
def page_new(slug: str):
    draft = draft_or_404(slug)
    form = PageForm()
    form.condition.choices = condition_choices(_earlier(draft, len(draft.source["pages"])))
    if form.validate_on_submit():
        try:
            key = builder.save_page(slug, None, form.page())
        except builder.BuilderError as error:
            error_to_form(form, error)
        else:
            return redirect(url_for("builder.question_new", slug=slug, page_key=key))
    html = render_template("builder/page.html", form=form, draft=draft, page=None)
    return html, form_status(form)


@bp.route("/<slug>/pages/<page_key>", methods=["GET", "POST"])
def page_edit(slug: str, page_key: str):
    draft = draft_or_404(slug)
    index, page = page_or_404(draft, page_key)
    form = PageForm()
    form.condition.choices = condition_choices(_earlier(draft, index))
    if request.method == "GET":
        form.fill(page)
    if form.validate_on_submit():
        try:
            builder.save_page(slug, page_key, form.page())
        except builder.BuilderError as error:
            error_to_form(form, error)
        else:
            return redirect(url_for("builder.survey", slug=slug))
    html = render_template("builder/page.html", form=form, draft=draft, page=page)
    return html, form_status(form)


@bp.post("/<slug>/pages/<page_key>/<action>")
def page_action(slug: str, page_key: str, action: str):
    """Move a page up or down (removing one asks first: :func:`page_remove`)."""
    page_or_404(draft_or_404(slug), page_key)
    if action not in ("up", "down"):
        abort(404)
    if ConfirmForm().validate_on_submit():
        builder.move_page(slug, page_key, -1 if action == "up" else 1)
    return redirect(url_for("builder.survey", slug=slug))


def _page_name(index: int, page: dict) -> str:
    return f"Page {index + 1}: {localised(page.get('title'), 'en') or page.get('key')}"


def _question_text(question: dict) -> str:
    return localised(question.get("text"), "en") or question.get("key", "")


@bp.route("/<slug>/pages/<page_key>/remove", methods=["GET", "POST"])
def page_remove(slug: str, page_key: str):
    """Asks first; only the confirming POST (with its CSRF token) removes the page."""
    draft = draft_or_404(slug)
    index, page = page_or_404(draft, page_key)
    texts = [_question_text(q) for q in page.get("questions", [])]

    def remove() -> str:
        builder.remove_page(slug, page_key)
        count = len(texts)
        questions = f" with its {count} question{'s' if count != 1 else ''}" if count else ""
        return f"{_page_name(index, page)} has been removed{questions}."

    return confirm_removal(
        draft, "page", remove, page_name=_page_name(index, page), question_texts=texts
    )


# Questions


@bp.route("/<slug>/pages/<page_key>/questions/new", methods=["GET", "POST"])
def question_new(slug: str, page_key: str):
    return _question_view(slug, page_key, None)


@bp.route("/<slug>/pages/<page_key>/questions/<question_key>", methods=["GET", "POST"])
def question_edit(slug: str, page_key: str, question_key: str):
    return _question_view(slug, page_key, question_key)


def _question_view(slug: str, page_key: str, question_key: str | None):
    """Add a question to the page (``question_key`` None) or change the one it names."""
    draft = draft_or_404(slug)
    index, page = page_or_404(draft, page_key)
    question = question_or_404(page, question_key) if question_key is not None else None
    form = QuestionForm()
    form.condition.choices = condition_choices(_earlier(draft, index))
    if request.method == "GET":
        if question is None:
            form.required.data = "no"
        else:
            form.fill(question)
    form.set_favourable_choices()
    if form.validate_on_submit():
        try:
            builder.save_question(slug, page_key, question_key, form.question())
        except builder.BuilderError as error:
            error_to_form(form, error)
        else:
            if question is None:
                flash("Question added.", "success")
            return redirect(url_for("builder.survey", slug=slug))
    return (
        render_template(
            "builder/question.html", form=form, draft=draft, page=page, question=question
        ),
        form_status(form),
    )


@bp.route("/<slug>/pages/<page_key>/questions/<question_key>/remove", methods=["GET", "POST"])
def question_remove(slug: str, page_key: str, question_key: str):
    """Asks first; only the confirming POST (with its CSRF token) removes the question."""
    draft = draft_or_404(slug)
    index, page = page_or_404(draft, page_key)
    question = question_or_404(page, question_key)
    text = _question_text(question)

    def remove() -> str:
        builder.remove_question(slug, page_key, question_key)
        return f"The question “{text}” has been removed."

    return confirm_removal(
        draft,
        "question",
        remove,
        question=question,
        question_text=text,
        page_name=_page_name(index, page),
    )
