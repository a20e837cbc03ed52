"""The respondent's journey: start page, question pages, check answers, confirmation."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from app.public import bot_check, bot_check_journey, bp, check_answers, confirmation, remembered
from app.public.bot_check import REFUSED, error_summary, looks_automated, with_bot_check
from app.public.code_forms import CodeForm, WithdrawalCodeForm
from app.public.forms import (
    PageForm,
    SendAnswersForm,
    only_offered,
    page_form_class,
    text_limit,
)
from app.public.limits import changing_language as _changing_language
from app.public.limits import starting_answers_limit, submission_limit
from app.public.missing import missing_answers
from app.services import journeys, links, responses
from app.services.definitions import Definition
from app.services.links import LinkStatus, RespondentLink, display_code, lookup, normalise_token
from app.templating import current_language

STATUS_PAGES = {
    LinkStatus.UNKNOWN: ("public/link_unknown.html", 404),
    LinkStatus.EXPIRED: ("public/link_expired.html", 410),
    LinkStatus.USED: ("public/link_used.html", 410),
    LinkStatus.CLOSED: ("public/link_expired.html", 410),
    LinkStatus.NOT_YET_OPEN: ("public/link_not_yet_open.html", 403),
}


bp.add_app_template_global(error_summary, "error_summary")
bp.add_app_template_global(bot_check.button_attributes, "bot_check_button")
bp.add_app_template_global(text_limit, "text_limit")


@bp.context_processor
def public_context() -> dict:
    # Run for every template a request renders, and each GOV.UK form widget renders its own
    # (five a question page): worked out once a request, again if the language is forced.
    locale = get_locale()
    kept = g.get("_public_context")
    if kept is None or kept[0] is not locale:
        service_name = _("%(force)s feedback", force=current_app.config["FORCE_NAME"])
        kept = (locale, {"service_name": service_name, "service_url": url_for("public.enter_code")})
        g._public_context = kept
    return kept[1]


@bp.before_request
def remember_language() -> None:
    # Choosing the language (which remembers ?lang= in the session) happens when a page is
    # rendered; a request that only redirects, such as a used link sent on to its confirmation
    # page, would otherwise forget the choice.
    if "lang" in request.args:
        current_language()


def _open_link(token: str, *, sending: bool = False):
    """The link for a token with the respondent's journey in progress on it (one query; see
    ``journeys.open_journey``), or the page that explains why it cannot be answered."""
    opened = journeys.open_journey(token, remembered.journey_id(token), sending=sending)
    found = opened.found
    if found.status != LinkStatus.OPEN:
        # A respondent who just submitted on a single-use link and presses back lands here.
        if found.link is not None and remembered.confirmation(found.link.token) is not None:
            return None, redirect(url_for("public.done", token=found.link.token))
        # Or presses "Send answers" again before the first press's confirmation arrived; unless
        # the answers given here are still waiting: another browser used the link.
        used = found.status == LinkStatus.USED
        unsent = used and confirmation.unsent_here(found.link)
        if (
            sending
            and used
            and not unsent
            and confirmation.sent_twice(found.link.token, link_used=True)
        ):
            return None, confirmation.sent_twice_page(found.link.token)
        template, status = STATUS_PAGES[found.status]
        return None, (render_template(template, link=found.link, unsent_here=unsent), status)
    if token != found.link.token:
        return None, redirect(
            url_for(request.endpoint, **{**request.view_args, "token": found.link.token})
        )
    return opened, None


@bp.get("/")
def index():
    return redirect(url_for("public.enter_code"))


@bp.route("/r", methods=["GET", "POST"])
@submission_limit(language_button=True)
def enter_code():
    form = CodeForm()
    if _changing_language():
        return _code_page_again("public/enter_code.html", form)
    looks_like_withdrawal = False
    if form.validate_on_submit():
        token = normalise_token(form.code.data)
        if token and lookup(token).status != LinkStatus.UNKNOWN:
            return redirect(url_for("public.start", token=token))
        # Someone who came here to withdraw their answers: by its shape alone, never looked up.
        withdrawal_length = responses.WITHDRAWAL_CODE_LENGTH
        looks_like_withdrawal = links.clean_code(form.code.data, withdrawal_length) is not None
        if looks_like_withdrawal:
            message = _(
                "That looks like a withdrawal code, not the code from your card. To delete the "
                "answers you sent, enter it on the Withdraw your answers page."
            )
        elif token:  # typed in full, but with a letter or number wrong: no link has it
            message = _(
                "We could not find a survey with that code. Check each letter and number "
                "against your card and try again."
            )
        else:
            message = _(
                "Enter the code exactly as it is printed on your card, for example %(example)s"
            ) % {"example": "ABCD-EFGH-JKMN-PQRS-TVWX-YZ23-45"}
        form.code.errors.append(message)
    return render_template(
        "public/enter_code.html", form=form, looks_like_withdrawal=looks_like_withdrawal
    ), 200 if not form.errors else 400


@bp.get("/r/<token>")
def start(token: str):
    opened, problem = _open_link(token)
    if problem:
        return problem
    link, journey = opened.found.link, opened.journey
    if _deleted_unsent(link, journey):
        return _answers_deleted(link)
    definition = journeys.definition_for(link, journey)
    return render_template(
        "public/start.html",
        link=link,
        definition=definition,
        start_url=check_answers.start_url(
            definition, (journey.answers or {}) if journey else None, _addresses(link.token)
        ),
        resume=journey is not None,
    )


@bp.route("/r/<token>/<page_key>", methods=["GET", "POST"])
@starting_answers_limit()
def question_page(token: str, page_key: str):
    opened, problem = _open_link(token)
    if problem:
        return problem
    link, journey = opened.found.link, opened.journey
    if _deleted_unsent(link, journey):
        return _answers_deleted(link)
    definition = journeys.definition_for(link, journey)
    page = definition.page(page_key)
    if page is None:
        abort(404)
    answers = dict(journey.answers) if journey else {}
    if not page.is_shown(answers):
        return redirect(_next_url(definition, link.token, page_key, answers))

    language = current_language()
    form_class = with_bot_check(page_form_class(page, answers, language))
    # What the page last held: its answers not yet sent, kept when the language was changed.
    unsent = journeys.unsent_answers(answers, page.key)
    shown = answers if unsent is None else unsent
    form = form_class(data={q["key"]: shown.get(q["key"]) for q in page.questions})
    to = _addresses(link.token)
    if _changing_language():
        if _keep_unsent(journey, link, page.key, answers, form):
            bot_check.keep_stamp_for_this_page(form.bot_started.data)
            return redirect(_this_page_url(link.token, page.key), 303)
        form.form_errors.append(str(REFUSED))
    elif form.validate_on_submit():
        journey_id = journeys.save_page(journey, link, page.key, form.answers())
        remembered.remember_journey(link.token, journey_id)
        if journey is None:  # its first page: the journey is timed from when it was shown
            bot_check_journey.journey_started(link.token, form.bot_started.data)
        if check_answers.changing():
            after = journeys.with_page_answers(definition, answers, page.key, form.answers())
            before = definition.kept_answers(answers)
            return redirect(check_answers.after_change_url(definition, page.key, before, after, to))
        answers.update(form.answers())
        return redirect(_next_url(definition, link.token, page_key, answers))

    back = check_answers.back_url(definition, page_key, answers, to)
    status = 400 if form.errors else 200
    return (
        render_template(
            "public/question_page.html",
            link=link,
            definition=definition,
            page=page,
            form=form,
            back=back,
            language_keeps_answers=True,
        ),
        status,
    )


def _deleted_unsent(link: RespondentLink, journey: journeys.JourneyInProgress | None) -> bool:
    """Whether this browser's answers on the link were deleted unsent (JOURNEY_TTL_HOURS after
    their last page was saved). Known only of a single-use link: sending with it uses it (_open_link
    shows what follows), so its answers gone while it is open were never sent. A listening
    session's link stays open, and its answers gone may have been sent by a press of "Send
    answers" whose page never arrived: it is not said of them."""
    return link.single_use and remembered.answers_gone(link.token, journey)


def _answers_deleted(link: RespondentLink):
    """The page for someone whose unsent answers were deleted (JOURNEY_TTL_HOURS after their
    last page was saved) while the survey was open: said once, and they start again afresh,
    instead of going on with an empty set of answers that they would find "Not answered" at the
    end."""
    remembered.forget_journey(link.token)
    return render_template("public/answers_deleted.html", link=link)


def _keep_unsent(
    journey: journeys.JourneyInProgress | None,
    link: RespondentLink,
    page_key: str,
    answers: dict,
    form: PageForm,
) -> bool:
    """Keep what the page's form holds on the journey in progress as the page's answers not yet
    sent; False, keeping nothing, when the bot checks refuse the form. Nothing is written when
    the form holds only the page's answers already saved (or nothing, before any were)."""
    given = form.unsent_answers()
    saved = {key: answers[key] for key in form.answers() if answers.get(key) not in (None, "", [])}
    kept = journeys.with_unsent(answers, page_key, None if given == saved else given)
    if kept == answers:
        return True
    if looks_automated("".join(form.bot_honeypot.raw_data or []), form.bot_started.data):
        return False
    journey_id = journeys.keep_unsent(journey, link, kept)
    remembered.remember_journey(link.token, journey_id)
    if journey is None:  # made by the first page's language button: timed from its showing
        bot_check_journey.journey_started(link.token, form.bot_started.data)
    return True


def _this_page_url(token: str, page_key: str) -> str:
    """The question page's own address, with what it was opened with (such as ``change=1``)
    but not ``lang``: the language is remembered in the session."""
    query = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    page = url_for("public.question_page", token=token, page_key=page_key)
    # The query is added as it was sent, never given to url_for: a key such as _external or
    # _anchor would change what it builds, and one named token or page_key would fail it.
    return page + ("?" + urlencode(query) if query else "")


def _next_url(definition: Definition, token: str, page_key: str, answers: dict) -> str:
    following = definition.next_page(page_key, answers)
    if following is None:
        return url_for("public.check", token=token)
    return url_for("public.question_page", token=token, page_key=following.key)


def _addresses(token: str) -> check_answers.Addresses:
    return check_answers.Addresses(
        page=lambda page_key, **values: url_for(
            "public.question_page", token=token, page_key=page_key, **values
        ),
        check=url_for("public.check", token=token),
        start=url_for("public.start", token=token),
    )


@bp.route("/r/<token>/check", methods=["GET", "POST"])
@submission_limit()
def check(token: str):
    opened, problem = _open_link(token, sending=request.method == "POST")
    if problem:
        return problem
    link, journey = opened.found.link, opened.journey
    if journey is None:
        if remembered.confirmation(link.token) is not None:
            return redirect(url_for("public.done", token=link.token))
        if _deleted_unsent(link, journey):
            return _answers_deleted(link)
        if confirmation.sent_twice(link.token):  # a listening session's link, still open
            return confirmation.sent_twice_page(link.token)
        return redirect(url_for("public.start", token=link.token))
    form = SendAnswersForm()
    refused = None  # sent with required answers missing: the first page that needs one
    valid = form.validate_on_submit()
    if valid and not bot_check_journey.refused_as_too_quick(form, link, journey):
        # From here on the URL's token is used: it is the link's own (see _open_link), and the
        # link's row is not read again after the submission's commit.
        try:
            submitted = responses.submit(
                journey, link, current_language(), scorer_key=opened.scorer_key
            )
        except responses.AlreadySubmitted:
            if confirmation.sent_twice(token):  # the first press's sending has just ended
                return confirmation.sent_twice_page(token)
            return redirect(url_for("public.done", token=token))
        except responses.AnswersMissing as missing_page:
            refused = missing_page.page_key  # nothing was stored
        except responses.LinkNoLongerOpen as closed:
            template, status = STATUS_PAGES[closed.status]
            return render_template(template), status
        else:
            remembered.remember_sent(
                token,
                {
                    "code": display_code(submitted.withdrawal_code),
                    "follow_ups": submitted.follow_ups,
                },
            )
            return redirect(url_for("public.done", token=token))
    definition = journeys.definition_for(link, journey)
    # An answer its question no longer offers (an ethnic background from before the ethnic
    # group was changed) is shown as not answered: it would not be stored.
    answers = only_offered(definition, definition.kept_answers(journey.answers or {}))
    missing = missing_answers(
        definition,
        answers,
        lambda page_key: url_for(
            "public.question_page", token=link.token, page_key=page_key, change=1
        ),
    )
    if refused and not missing:
        # The answers changed (in another tab) since this request read them: answer that page.
        return redirect(url_for("public.question_page", token=token, page_key=refused))
    shown = definition.shown_pages(answers)
    back = (
        url_for("public.question_page", token=link.token, page_key=shown[-1].key)
        if shown
        else url_for("public.start", token=link.token)
    )
    return render_template(
        "public/check.html",
        link=link,
        definition=definition,
        answers=answers,
        form=form,
        back=back,
        missing=missing,
        missing_refused=refused is not None,
    ), 400 if form.errors or refused else 200


@bp.route("/withdraw", methods=["GET", "POST"])
@submission_limit(language_button=True)
def withdraw():
    form = WithdrawalCodeForm()
    if _changing_language():
        return _code_page_again("public/withdraw.html", form)
    if form.validate_on_submit():
        withdrawn = responses.withdraw(form.code.data)
        if withdrawn:
            return render_template("public/withdrawn.html")
        if normalise_token(form.code.data):  # the code from a card, which withdraws nothing
            message = _(
                "That looks like the code from your card, not a withdrawal code. Your "
                "withdrawal code has %(length)d letters and numbers: it was shown after you "
                "sent your answers.",
                length=responses.WITHDRAWAL_CODE_LENGTH,
            )
        elif links.clean_code(form.code.data, responses.WITHDRAWAL_CODE_LENGTH) is None:
            # Not a withdrawal code's shape: say what one looks like (this tells nothing about
            # which codes exist, as any code of the shape gets the same answer).
            message = _(
                "Enter the withdrawal code exactly as it was shown after you sent your "
                "answers: %(length)d letters and numbers, for example %(example)s",
                length=responses.WITHDRAWAL_CODE_LENGTH,
                example="ABCD-EFGH-JKMN-PQRS",
            )
        else:
            message = _(
                "We could not find answers with that code. Check the code and try again. "
                "If your answers were already withdrawn, there is nothing more to do."
            )
        form.code.errors.append(message)
    return render_template("public/withdraw.html", form=form), 400 if form.errors else 200


def _code_page_again(template: str, form: CodeForm | WithdrawalCodeForm):
    """A code page sent by its language button, shown again in the other language with the code
    as typed: not checked, not looked up, and kept nowhere but the page's form (never in the
    session, a URL or a log), so that a withdrawal code stays as private as it was."""
    form.bot_honeypot.data = ""
    return render_template(template, form=form)
