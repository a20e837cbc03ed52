"""A draft answered on the respondent's own pages, each marked as a test: by its admin from
the builder (:mod:`app.builder.try_out`) or by a colleague through a test link
(:mod:`app.builder.trial`). Both go through the views here.

The answers in progress are held server-side (:mod:`app.services.draft_tests`) and deleted
when the test is finished; the cookie holds only the id of the tester's journey, under the
token of the link it was given through.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from flask import redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from app.forms import ConfirmForm
from app.public import check_answers
from app.public.forms import only_offered, page_form_class
from app.public.limits import changing_language
from app.public.missing import missing_answers
from app.services import draft_tests
from app.services.definitions import Definition
from app.services.journeys import unsent_answers
from app.templating import current_language
from models import DraftTestLink

JOURNEYS = "test_journeys"


@dataclass(frozen=True)
class Trial:
    """One tester's way into a draft: the link holding the answers, and the test's addresses.

    ``endpoints`` names the views of the ``start``, ``page`` and ``check`` pages, which take
    ``url_values`` (and ``page_key``); ``finished`` answers the check page once the answers
    are deleted; ``context`` goes to every template.
    """

    link: DraftTestLink
    definition: Definition
    endpoints: Mapping[str, str]
    url_values: Mapping[str, str]
    finished: Callable[[], ResponseReturnValue]
    context: Mapping[str, Any] = field(default_factory=dict)

    def url(self, page: str, **values: Any) -> str:
        return url_for(self.endpoints[page], **self.url_values, **values)

    def page_url(self, page_key: str, **values: Any) -> str:
        return self.url("page", page_key=page_key, **values)

    def addresses(self) -> check_answers.Addresses:
        return check_answers.Addresses(
            page=self.page_url, check=self.url("check"), start=self.url("start")
        )

    def render(self, template: str, **values: Any) -> str:
        return render_template(template, definition=self.definition, **self.context, **values)


def _journeys() -> dict[str, str]:
    return session.setdefault(JOURNEYS, {})


def _journey(trial: Trial) -> tuple[str | None, dict[str, Any]]:
    """The id of the tester's journey through this link (None before the first page), and
    their answers so far."""
    journey = draft_tests.get_journey(_journeys().get(trial.link.token), trial.link)
    if journey is None:
        return None, {}
    return journey.id, trial.definition.kept_answers(journey.answers or {})


def start(trial: Trial) -> ResponseReturnValue:
    journey_id, answers = _journey(trial)
    return trial.render(
        "builder/draft_start.html",
        start_url=check_answers.start_url(
            trial.definition, answers if journey_id else None, trial.addresses()
        ),
        resume=journey_id is not None,
    )


def question_page(trial: Trial, page_key: str) -> ResponseReturnValue:
    definition = trial.definition
    page = definition.page(page_key)
    if page is None:
        unavailable = trial.render(
            "builder/test_unavailable.html", status="no_page", start_url=trial.url("start")
        )
        return unavailable, 404
    journey_id, answers = _journey(trial)
    if not page.is_shown(answers):
        return redirect(_next_url(trial, page_key, answers))
    form_class = page_form_class(page, answers, current_language())
    # What the page last held, kept unchecked when the language was changed on it.
    unsent = _unsent(trial, page.key)
    shown = answers if unsent is None else unsent
    form = form_class(data={q["key"]: shown.get(q["key"]) for q in page.questions})
    to = trial.addresses()
    if changing_language():
        # As on a respondent's page: the page comes back in the other language with what
        # was chosen or typed on it, not yet checked or saved.
        journey = draft_tests.keep_unsent(journey_id, trial.link, page.key, form.unsent_answers())
        _journeys()[trial.link.token] = journey.id
        session.modified = True
        return redirect(_this_page_url(trial, page.key), 303)
    if form.validate_on_submit():
        journey = draft_tests.save_page(
            journey_id, trial.link, definition, page.key, form.answers()
        )
        _journeys()[trial.link.token] = journey.id
        session.modified = True
        if check_answers.changing():
            after = check_answers.after_change_url(
                definition, page.key, answers, journey.answers, to
            )
            return redirect(after)
        return redirect(_next_url(trial, page_key, journey.answers))
    back = check_answers.back_url(definition, page_key, answers, to)
    html = trial.render(
        "builder/draft_page.html", page=page, form=form, back=back, language_keeps_answers=True
    )
    return html, 400 if form.errors else 200


def _unsent(trial: Trial, page_key: str) -> dict[str, Any] | None:
    journey = draft_tests.get_journey(_journeys().get(trial.link.token), trial.link)
    return unsent_answers(journey.answers, page_key) if journey is not None else None


def _this_page_url(trial: Trial, page_key: str) -> str:
    """The page's own address, with what it was opened with (such as ``change=1``) but not
    ``lang``: the language is remembered in the session. The query is added as it came, not
    given to url_for, where a key such as _external would change what it builds."""
    query = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    return trial.page_url(page_key) + ("?" + urlencode(query) if query else "")


def _next_url(trial: Trial, page_key: str, answers: dict[str, Any]) -> str:
    following = trial.definition.next_page(page_key, answers)
    return trial.url("check") if following is None else trial.page_url(following.key)


def check(trial: Trial) -> ResponseReturnValue:
    """Check your answers, as a respondent's: required answers missing are named, and sending
    with them still missing shows the page again with the errors (400), finishing nothing."""
    journey_id, answers = _journey(trial)
    if journey_id is None:
        return redirect(trial.url("start"))
    definition = trial.definition
    # As on a respondent's check page: an answer its question no longer offers (an ethnic
    # background from before the ethnic group was changed) is shown as not answered.
    answers = only_offered(definition, answers)

    def change_url(page_key: str) -> str:
        return trial.page_url(page_key, change=1)

    missing = missing_answers(definition, answers, change_url)
    form = ConfirmForm()
    sent = form.validate_on_submit()
    refused = sent and bool(missing)
    if sent and not refused:
        draft_tests.finish(journey_id, trial.link)
        _journeys().pop(trial.link.token, None)
        session.modified = True
        return trial.finished()
    shown = definition.shown_pages(answers)
    html = trial.render(
        "builder/draft_check.html",
        answers=answers,
        form=form,
        change_url=change_url,
        back=trial.page_url(shown[-1].key) if shown else trial.url("start"),
        missing=missing,
        missing_refused=refused,
    )
    return html, 400 if form.errors or refused else 200
