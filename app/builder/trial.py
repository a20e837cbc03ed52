"""A draft survey answered through a test link: the respondent's pages, with no sign-in, marked
as a test on every page, and nothing kept once the test is finished.

Mounted at /test. The pages are shared with the admin's own try-out (:mod:`app.builder.answering`);
this blueprint finds the link, and says why when it cannot be answered.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from app.builder import answering
from app.services import draft_tests
from app.services.draft_tests import DraftLinkStatus
from models import DraftTestLink, Role

bp = Blueprint("draft_test", __name__)

ENDPOINTS = {
    "start": "draft_test.start",
    "page": "draft_test.question_page",
    "check": "draft_test.check",
}
UNAVAILABLE = {
    DraftLinkStatus.UNKNOWN: 404,
    DraftLinkStatus.EXPIRED: 410,
    DraftLinkStatus.CANCELLED: 410,
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


def _trial(token: str) -> answering.Trial:
    """The test through an open test link; else stops the request with the page saying why."""
    found = draft_tests.lookup(token)
    if found.status != DraftLinkStatus.OPEN:
        page = render_template("builder/test_unavailable.html", status=found.status.value)
        abort(make_response(page, UNAVAILABLE[found.status]))
    link = found.link
    if token != link.token:
        abort(redirect(url_for(request.endpoint, **{**request.view_args, "token": link.token})))
    return answering.Trial(
        link=link,
        definition=found.definition,
        endpoints=ENDPOINTS,
        url_values={"token": link.token},
        finished=lambda: redirect(url_for("draft_test.done", token=link.token)),
        context={"draft_url": _draft_url(link)},
    )


def _draft_url(link: DraftTestLink) -> str | None:
    """The draft's page, for an admin opening a test link while signed in; None for anyone
    else, who could not open it."""
    if not current_user.is_authenticated or current_user.role != Role.ADMIN:
        return None
    return url_for("builder.survey", slug=link.draft.slug)


@bp.get("/<token>")
def start(token: str):
    return answering.start(_trial(token))


@bp.route("/<token>/<page_key>", methods=["GET", "POST"])
def question_page(token: str, page_key: str):
    return answering.question_page(_trial(token), page_key)


@bp.route("/<token>/check", methods=["GET", "POST"])
def check(token: str):
    return answering.check(_trial(token))


@bp.get("/<token>/done")
def done(token: str):
    trial = _trial(token)
    return render_template("builder/draft_done.html", again_url=trial.url("start"))
