"""Trying a draft before it is published: the admin's own try-out, on the respondent's pages,
and the test links they send colleagues (made and cancelled here; answered in
:mod:`app.builder.trial`).

The admin's try-out holds its answers server-side through a link of the admin's own, exactly
as a test link does (:mod:`app.builder.answering`), and deletes them when it is finished.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from app.builder import answering, bp
from app.builder.common import draft_or_404
from app.builder.forms import CancelLinkForm
from app.forms import ConfirmForm
from app.services import draft_tests
from app.services.definition_checks import DefinitionProblems

ENDPOINTS = {"start": "builder.try_start", "page": "builder.try_page", "check": "builder.try_check"}


def _respondent_context(slug: str) -> dict[str, Any]:
    return {
        "service_name": f"{current_app.config['FORCE_NAME']} feedback",
        "service_url": url_for("builder.survey", slug=slug),
        "draft_url": url_for("builder.survey", slug=slug),
        "navigation_items": list,
        "trying": True,
    }


def _trial(slug: str) -> answering.Trial:
    draft_or_404(slug)
    try:
        link, definition = draft_tests.try_out_link(slug, current_user.id)
    except DefinitionProblems:
        abort(redirect(url_for("builder.survey", slug=slug, check=1)))
    context = _respondent_context(slug)
    return answering.Trial(
        link=link,
        definition=definition,
        endpoints=ENDPOINTS,
        url_values={"slug": slug},
        finished=lambda: render_template(
            "builder/draft_done.html",
            again_url=url_for("builder.try_start", slug=slug),
            back_url=url_for("builder.survey", slug=slug),
            **context,
        ),
        context=context,
    )


@bp.get("/<slug>/try")
def try_start(slug: str):
    return answering.start(_trial(slug))


@bp.route("/<slug>/try/check", methods=["GET", "POST"])
def try_check(slug: str):
    return answering.check(_trial(slug))


@bp.route("/<slug>/try/<page_key>", methods=["GET", "POST"])
def try_page(slug: str, page_key: str):
    return answering.question_page(_trial(slug), page_key)


# Test links for colleagues


@bp.post("/<slug>/draft/test-link")
def test_link_new(slug: str):
    draft_or_404(slug)
    if ConfirmForm().validate_on_submit():
        try:
            draft_tests.create_test_link(slug, created_by_id=current_user.id)
        except DefinitionProblems:
            return redirect(url_for("builder.survey", slug=slug, check=1))
        flash(
            "Test link made. Anyone you send it to can try the draft without signing in. It "
            f"works for {draft_tests.TEST_LINK_DAYS} days, until the draft is published or "
            "discarded, or until you cancel it. Their answers are not kept.",
            "success",
        )
    return redirect(url_for("builder.survey", slug=slug) + "#test-links")


@bp.post("/<slug>/draft/test-link/cancel")
def test_link_cancel(slug: str):
    draft_or_404(slug)
    form = CancelLinkForm()
    if form.validate_on_submit() and draft_tests.cancel_test_link(slug, form.link.data):
        flash(
            "Test link cancelled. Anyone who opens it is told it has been cancelled, and "
            "answers given through it and not yet finished have been deleted.",
            "success",
        )
    else:
        flash("That test link had already stopped working, so there was nothing to cancel.")
    return redirect(url_for("builder.survey", slug=slug) + "#test-links")
