"""A draft survey answered through a test link: the respondent's pages, with no sign-in, marked
as a test on every page, and nothing kept once the test is finished.

Mounted at /test. The pages are the respondent's own templates with a banner; the answers in
progress are held server-side (:mod:`app.services.draft_tests`), the cookie holds only which
test journey is the tester's.
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from app.public.forms import SubmitForm, page_form_class
from app.services import draft_tests
from app.services.definitions import Definition
from app.services.draft_tests import DraftLinkStatus
from app.templating import current_language
from models import DraftTestLink

bp = Blueprint("draft_test", __name__)
JOURNEYS = "test_journeys"

UNAVAILABLE = {
    DraftLinkStatus.UNKNOWN: 404,
    DraftLinkStatus.EXPIRED: 410,
    DraftLinkStatus.BEING_CHANGED: 409,
}


@bp.context_processor
def test_context() -> dict:
    token = (request.view_args or {}).get("token")
    return {
        "service_name": _("%(force)s feedback", force=current_app.config["FORCE_NAME"]),
        "service_url": url_for("draft_test.start", token=token) if token else "/",
        "testing": True,
    }


def _journeys() -> dict[str, str]:
    return session.setdefault(JOURNEYS, {})


def _open(token: str):
    """(link, definition, None) for an open test link, else (None, None, the page saying why)."""
    found = draft_tests.lookup(token)
    if found.status != DraftLinkStatus.OPEN:
        page = render_template("builder/test_unavailable.html", status=found.status.value)
        return None, None, (page, UNAVAILABLE[found.status])
    if token != found.link.token:
        return (
            None,
            None,
            redirect(url_for(request.endpoint, **{**request.view_args, "token": found.link.token})),
        )
    return found.link, found.definition, None


def _answers(link: DraftTestLink, definition: Definition) -> tuple[str | None, dict]:
    journey = draft_tests.get_journey(_journeys().get(link.token), link)
    if journey is None:
        return None, {}
    return journey.id, definition.kept_answers(journey.answers or {})


@bp.get("/<token>")
def start(token: str):
    link, definition, problem = _open(token)
    if problem:
        return problem
    journey_id, _answers_so_far = _answers(link, definition)
    return render_template(
        "builder/draft_start.html",
        banner="builder/_test_banner.html",
        link=link,
        definition=definition,
        start_url=url_for(
            "draft_test.question_page", token=link.token, page_key=definition.first_page().key
        ),
        resume=journey_id is not None,
    )


@bp.route("/<token>/<page_key>", methods=["GET", "POST"])
def question_page(token: str, page_key: str):
    link, definition, problem = _open(token)
    if problem:
        return problem
    page = definition.page(page_key)
    if page is None:
        return render_template("builder/test_unavailable.html", status="no_page"), 404
    journey_id, answers = _answers(link, definition)
    if not page.is_shown(answers):
        return redirect(_next_url(definition, link.token, page_key, answers))
    form_class = page_form_class(page, answers, current_language())
    form = form_class(data={q["key"]: answers.get(q["key"]) for q in page.questions})
    if form.validate_on_submit():
        journey = draft_tests.save_page(journey_id, link, definition, page.key, form.answers())
        _journeys()[link.token] = journey.id
        session.modified = True
        if request.args.get("change"):
            return redirect(url_for("draft_test.check", token=link.token))
        return redirect(_next_url(definition, link.token, page_key, journey.answers))
    previous = definition.previous_page(page_key, answers)
    back = (
        url_for("draft_test.question_page", token=link.token, page_key=previous.key)
        if previous
        else url_for("draft_test.start", token=link.token)
    )
    return (
        render_template(
            "builder/test_page.html",
            link=link,
            definition=definition,
            page=page,
            form=form,
            back=back,
        ),
        400 if form.errors else 200,
    )


def _next_url(definition: Definition, token: str, page_key: str, answers: dict) -> str:
    following = definition.next_page(page_key, answers)
    if following is None:
        return url_for("draft_test.check", token=token)
    return url_for("draft_test.question_page", token=token, page_key=following.key)


@bp.route("/<token>/check", methods=["GET", "POST"])
def check(token: str):
    link, definition, problem = _open(token)
    if problem:
        return problem
    journey_id, answers = _answers(link, definition)
    if journey_id is None:
        return redirect(url_for("draft_test.start", token=link.token))
    form = SubmitForm()
    if form.validate_on_submit():
        missing = definition.missing_required(answers)
        if missing:
            return redirect(
                url_for("draft_test.question_page", token=link.token, page_key=missing[0].key)
            )
        draft_tests.finish(journey_id, link)
        _journeys().pop(link.token, None)
        session.modified = True
        return redirect(url_for("draft_test.done", token=link.token))
    return render_template(
        "builder/test_check.html",
        link=link,
        definition=definition,
        answers=answers,
        form=form,
        change_url=lambda page_key: url_for(
            "draft_test.question_page", token=link.token, page_key=page_key, change=1
        ),
    )


@bp.get("/<token>/done")
def done(token: str):
    link, _definition, problem = _open(token)
    if problem:
        return problem
    return render_template("builder/test_done.html", link=link)
