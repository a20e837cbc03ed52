"""The builder's forms for a draft's pages and questions: add, change, move and remove.

A page or question is added one form at a time; a condition ("shown only to people who
answered ...") can name only questions on earlier pages.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from app.builder import bp
from app.builder.common import (
    Removal,
    confirm_removal,
    draft_or_404,
    error_to_form,
    form_status,
    page_or_404,
    refuse_change,
    shown_the_draft,
)
from app.builder.drafts import draft_page
from app.builder.forms import DraftConfirmForm, PageForm, QuestionForm, condition_choices
from app.services import builder
from app.services.definitions import localised
from app.services.draft_versions import DraftChanged
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
    return _page_view(slug, None)


@bp.route("/<slug>/pages/<page_key>", methods=["GET", "POST"])
def page_edit(slug: str, page_key: str):
    return _page_view(slug, page_key)


def _page_view(slug: str, page_key: str | None):
    """Add a page (``page_key`` None) or change the one it names. A page someone else removed
    while it was being changed is offered back as a new page, with what was typed."""
    draft = draft_or_404(slug)
    found = _find_page(draft, page_key) if page_key is not None else None
    removed = page_key is not None and found is None
    if removed:
        if not shown_the_draft():
            abort(404)
        page_key = None
    index, page = found or (len(draft.source.get("pages", [])), None)
    form = PageForm()
    form.condition.choices = condition_choices(_earlier(draft, index))
    if request.method == "GET":
        if page is not None:
            form.fill(page)
        form.stamp_with(draft)
    if removed:
        form.removed_since(draft)
    elif form.validate_on_submit():
        try:
            key = builder.save_page(slug, page_key, form.page(), seen=form.seen())
        except builder.BuilderError as error:
            error_to_form(form, error)
        except DraftChanged as changed:
            refuse_change(form, changed)
        else:
            if page_key is None:
                return redirect(url_for("builder.question_new", slug=slug, page_key=key))
            return redirect(url_for("builder.survey", slug=slug))
    action = url_for("builder.page_new", slug=slug) if removed else None
    html = render_template("builder/page.html", form=form, draft=draft, page=page, action=action)
    return html, form_status(form)


@bp.post("/<slug>/pages/<page_key>/<action>")
def page_action(slug: str, page_key: str, action: str):
    """Move a page up or down (removing one asks first: :func:`page_remove`). If the draft
    changed since its page was shown, nothing moves: the draft's page is shown again as it is
    now, saying so."""
    page_or_404(draft_or_404(slug), page_key)
    if action not in ("up", "down"):
        abort(404)
    form = DraftConfirmForm()
    if form.validate_on_submit():
        try:
            builder.move_page(slug, page_key, -1 if action == "up" else 1, seen=form.seen())
        except DraftChanged as changed:
            return draft_page(slug, changed="move", out_of_date=changed.unstamped)
    return redirect(url_for("builder.survey", slug=slug))


def _page_name(index: int, page: dict) -> str:
    return f"Page {index + 1}: {localised(page.get('title'), 'en') or page.get('key')}"


def _question_text(question: dict) -> str:
    return localised(question.get("text"), "en") or question.get("key", "")


@bp.route("/<slug>/pages/<page_key>/remove", methods=["GET", "POST"])
def page_remove(slug: str, page_key: str):
    """Asks first; only the confirming POST (with its CSRF token) removes the page."""

    def removal(draft: SurveyDraft) -> Removal | None:
        found = _find_page(draft, page_key)
        if found is None:
            return None
        index, page = found
        texts = [_question_text(q) for q in page.get("questions", [])]

        def remove(seen: str | None) -> str:
            builder.remove_page(slug, page_key, seen=seen)
            count = len(texts)
            questions = f" with its {count} question{'s' if count != 1 else ''}" if count else ""
            return f"{_page_name(index, page)} has been removed{questions}."

        return Removal(remove, {"page_name": _page_name(index, page), "question_texts": texts})

    return confirm_removal(slug, "page", removal)


def _find_page(draft: SurveyDraft, page_key: str) -> tuple[int, dict] | None:
    return next(
        (
            (index, page)
            for index, page in enumerate(draft.source.get("pages", []))
            if page.get("key") == page_key
        ),
        None,
    )


# Questions


@bp.route("/<slug>/pages/<page_key>/questions/new", methods=["GET", "POST"])
def question_new(slug: str, page_key: str):
    return _question_view(slug, page_key, None)


@bp.route("/<slug>/pages/<page_key>/questions/<question_key>", methods=["GET", "POST"])
def question_edit(slug: str, page_key: str, question_key: str):
    return _question_view(slug, page_key, question_key)


def _question_view(slug: str, page_key: str, question_key: str | None):
    """Add a question to the page (``question_key`` None) or change the one it names. A
    question someone else removed while it was being changed is offered back as a new question
    on its page, with what was typed."""
    draft = draft_or_404(slug)
    index, page = page_or_404(draft, page_key)
    question = None
    if question_key is not None:
        questions = page.get("questions", [])
        question = next((q for q in questions if q.get("key") == question_key), None)
    removed = question_key is not None and question is None
    if removed:
        if not shown_the_draft():
            abort(404)
        question_key = None
    form = QuestionForm()
    form.condition.choices = condition_choices(_earlier(draft, index))
    if question is not None:
        form.for_changing()
    if request.method == "GET":
        if question is None:
            form.required.data = "no"
        else:
            form.fill(question)
        form.stamp_with(draft)
    form.set_favourable_choices()
    if removed:
        form.removed_since(draft)
    elif form.validate_on_submit():
        try:
            builder.save_question(
                slug,
                page_key,
                question_key,
                form.question(),
                seen=form.seen(),
                made_from_words=form.made_from_words(),
            )
        except builder.BuilderError as error:
            error_to_form(form, error)
        except DraftChanged as changed:
            refuse_change(form, changed)
        else:
            if question is None:
                flash("Question added.", "success")
            return redirect(url_for("builder.survey", slug=slug))
    action = url_for("builder.question_new", slug=slug, page_key=page_key) if removed else None
    html = render_template(
        "builder/question.html",
        form=form,
        draft=draft,
        page=page,
        question=question,
        action=action,
    )
    return html, form_status(form)


@bp.route("/<slug>/pages/<page_key>/questions/<question_key>/remove", methods=["GET", "POST"])
def question_remove(slug: str, page_key: str, question_key: str):
    """Asks first; only the confirming POST (with its CSRF token) removes the question."""

    def removal(draft: SurveyDraft) -> Removal | None:
        found = _find_page(draft, page_key)
        question = next(
            (
                q
                for q in (found[1] if found else {}).get("questions", [])
                if q.get("key") == question_key
            ),
            None,
        )
        if question is None:
            return None
        text = _question_text(question)

        def remove(seen: str | None) -> str:
            builder.remove_question(slug, page_key, question_key, seen=seen)
            return f"The question “{text}” has been removed."

        shown = {"question": question, "question_text": text, "page_name": _page_name(*found)}
        return Removal(remove, shown)

    return confirm_removal(slug, "question", removal)
