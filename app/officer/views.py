"""Make a code, show it as a QR code, print cards and sheets, and see my codes."""

from __future__ import annotations

import datetime as dt
import math
import time

from flask import abort, current_app, g, make_response, redirect, render_template, request, url_for
from flask_limiter import RequestLimit
from flask_login import current_user

from app.extensions import limiter
from app.officer import bp
from app.officer.forms import EVENT_SURVEY, SHUFFLE_ADVICE, NewCodeForm, area_hint, survey_hint
from app.services import areas, audit, link_stats, qr
from app.services import links as link_service
from app.services import staff_survey_confidential as confidential
from app.services import surveys as survey_service
from app.services.definitions import localised
from models import Link, utcnow


def _public_url(link: Link) -> str:
    return link_service.public_url(current_app.config["PUBLIC_BASE_URL"], link)


def _own_link(token: str) -> Link:
    """The signed-in officer's link, or 404: another officer's link looks like no link. Asking
    for one is recorded in the audit log as a page refused (by its route, never the token)."""
    link = link_stats.link_made_by(current_user, token)
    if link is None:
        if link_service.find(token) is not None:
            audit.record_once(
                "access.refused",
                request.url_rule.rule,
                {"role": current_user.role.value, "reason": "another officer's code"},
            )
        abort(404)
    return link


def _survey_choices() -> tuple[list[tuple[str, str, dict]], set[str]]:
    """Each survey with a published version: its slug, English title and definition; and the
    slugs of those that are surveys of police officers and staff."""
    staff_surveys = confidential.staff_survey_ids()
    published = [s for s in survey_service.list_surveys() if s.current_version is not None]
    choices = [
        (
            survey.slug,
            localised(survey.current_version.definition["title"], "en"),
            survey.current_version.definition,
        )
        for survey in published
    ]
    return choices, {survey.slug for survey in published if survey.id in staff_surveys}


@bp.get("/")
def index():
    return redirect(url_for("officer.new_code"))


def _officer_key() -> str:
    return f"officer-codes:{current_user.id if current_user.is_authenticated else ''}"


#: Set in ``g`` when a request made codes: only those count against the officer's limit.
CODES_MADE = "officer_codes_made"


def _made_codes(_response) -> bool:
    return g.pop(CODES_MADE, False)


def _too_many_codes(limit: RequestLimit):
    """The officer has made as many codes as the limit allows: how long until the next, and
    what to do meanwhile. Worded for the roadside, not in the limit's own notation."""
    seconds = max(1, limit.reset_at - int(time.time()))
    response = make_response(
        render_template(
            "officer/too_many_codes.html",
            made=limit.limit.amount,
            period=_period(limit.limit.get_expiry()),
            minutes=max(1, math.ceil(seconds / 60)),
        ),
        429,
    )
    response.headers["Retry-After"] = str(seconds)
    return response


def _period(seconds: int) -> str:
    """ "hour", "10 minutes", "day": a limit's window as the sentence "in the last …" has it."""
    for unit, length in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds % length == 0:
            count = seconds // length
            return unit if count == 1 else f"{count} {unit}s"
    return f"{seconds} seconds"


class _CodeForm:
    """The "Make a code" form with what its two steps need to know about the surveys."""

    def __init__(self) -> None:
        self.surveys, self.staff = _survey_choices()
        self.titles = {slug: title for slug, title, _ in self.surveys}
        self.definitions = {slug: definition for slug, _, definition in self.surveys}
        self.single_use = {
            slug
            for slug, _, definition in self.surveys
            if definition.get("link_defaults", {}).get("single_use")
        }
        area_choices = [(area.code, area.name) for area in areas.all_areas(active_only=True)]
        self.form = NewCodeForm(
            [(slug, title) for slug, title, _ in self.surveys], area_choices, self.single_use
        )

    def page(self, chosen: str | None):
        """The first step (``chosen`` None: which survey) or the second, for that survey."""
        form = self.form
        if chosen is None:
            # Only the survey is asked on the first step: other fields' errors wait for the second.
            for field in form:
                if field is not form.survey:
                    field.errors = []
        else:
            form.area.description = area_hint(chosen, self.definitions[chosen])
            if chosen in self.staff and chosen in self.single_use:
                form.for_staff_survey()
        return (
            render_template(
                "officer/new_code.html",
                form=form,
                chosen=chosen,
                chosen_title=self.titles.get(chosen or ""),
                # Every survey says what its codes are for, a survey made in the builder too.
                survey_items=[
                    {"hint": {"text": survey_hint(slug, definition)}}
                    for slug, _, definition in self.surveys
                ],
                event_survey=EVENT_SURVEY,
                asks_count=chosen in self.single_use,
            ),
            400 if form.errors else 200,
        )


@bp.route("/codes/new", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["CODE_CREATION_RATE_LIMIT"],
    key_func=_officer_key,
    methods=["POST"],
    # Codes made count, not a form sent back for a mistake: an officer who presses "Make the
    # code" before choosing an area has not used up a code.
    deduct_when=_made_codes,
    on_breach=_too_many_codes,
)
def new_code():
    """Make a code in two steps, each a page that works without JavaScript: which survey
    (``choose_survey``), then only what that survey's code needs: the session's name and date
    for a listening session, how many codes for single-use ones. The second step posts here,
    survey included, and ``?survey=`` names the survey it is for."""
    made_form = _CodeForm()
    form = made_form.form
    if request.method == "GET":
        chosen = request.args.get("survey")
        if chosen in made_form.titles:
            form.survey.data = chosen
            return made_form.page(chosen)
        form.survey.data = request.args.get("change")  # back from the second step
        return made_form.page(None)
    if form.validate_on_submit():
        try:
            made = link_service.create_links(
                form.survey.data,
                count=int(form.count.data),
                area_code=form.area_code,
                event_name=form.event_name.data or None,
                event_name_cy=form.event_name_cy.data or None,
                event_date=form.event_date.data,
                created_by_id=current_user.id,
                check_event_date=True,
            )
        except link_service.SessionDateError as error:
            form.event_date.errors.append(f"{form.event_date.label.text} {error}")
        except link_service.LinkError as error:
            form.survey.errors.append(str(error))
        else:
            g.setdefault(CODES_MADE, True)
            if len(made) == 1:
                return redirect(url_for("officer.code", token=made[0].token))
            return redirect(url_for("officer.sheet", batch=made[0].batch))
    chosen = form.survey.data if form.survey.data in made_form.titles else None
    return made_form.page(chosen)


@bp.post("/codes/new/survey")
def choose_survey():
    """The first step of "Make a code": the survey chosen, on to what its code needs."""
    made_form = _CodeForm()
    form = made_form.form
    form.validate_on_submit()  # the CSRF token and the survey; the rest is the next step's
    if form.csrf_token.errors or form.survey.errors:
        return made_form.page(None)
    return redirect(url_for("officer.new_code", survey=form.survey.data))


#: My codes lists the weeks an officer made codes in, newest first: the last few, on a phone,
#: and every week one link away.
RECENT_WEEKS = 13


@bp.get("/codes")
def my_codes():
    staff_surveys = confidential.staff_survey_ids()
    made = link_stats.recent_codes(current_user, limit=50)
    weeks = link_stats.weekly_for_officer(current_user)  # newest first
    every_week = request.args.get("weeks") == "all"
    return render_template(
        "officer/my_codes.html",
        weeks=weeks if every_week else weeks[:RECENT_WEEKS],
        weeks_not_listed=0 if every_week else max(len(weeks) - RECENT_WEEKS, 0),
        recent_weeks=RECENT_WEEKS,
        made=made,
        status=lambda link: link_stats.status_text(link, staff_surveys),
        opens_on=_opens_on,
        # Whether a staff survey's code was used is not shown: said once, above the codes.
        lists_staff_codes=any(entry.confidential for entry in made),
        made_staff_codes=link_stats.made_staff_codes(current_user),
    )


def _opens_on(link: Link) -> dt.date | None:
    """The day a listening session's code opens, while it is not open yet; else None."""
    if link.event is not None and utcnow() < link_service.session_opens_at(link.event.held_on):
        return link.event.held_on
    return None


@bp.get("/codes/<token>")
def code(token: str):
    link = _own_link(token)
    url = _public_url(link)
    is_confidential = confidential.is_confidential(link)
    return render_template(
        "officer/code.html",
        link=link,
        url=url,
        qr_svg=qr.svg_markup(url, "QR code for the survey link"),
        typing_code=link_service.display_code(link.token),
        status=link_stats.status_text(link),
        confidential=is_confidential,
        # A staff survey's single-use code goes to one colleague, whom its maker knows: the
        # page says to hand out a shuffled sheet instead, and does not spell out the address
        # or the code to type, which the maker could open later to see whether it was used.
        shuffle_advice=SHUFFLE_ADVICE if is_confidential and link.single_use else None,
        not_yet_open=_opens_on(link) is not None,
    )


def _download(body: bytes | str, mimetype: str, filename: str):
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/codes/<token>/qr.png")
def code_png(token: str):
    link = _own_link(token)
    return _download(qr.png(_public_url(link)), "image/png", f"survey-code-{link.token[:8]}.png")


@bp.get("/codes/<token>/qr.svg")
def code_svg(token: str):
    link = _own_link(token)
    return _download(
        qr.svg(_public_url(link)), "image/svg+xml", f"survey-code-{link.token[:8]}.svg"
    )


#: What a survey takes to answer when its definition does not say (as the definition checks).
DEFAULT_MINUTES = 3


def _card(link: Link) -> dict:
    url = _public_url(link)
    return {
        "link": link,
        # The survey's own "minutes", as its start page says "It takes about N minutes".
        "minutes": link.survey.current_version.definition.get("minutes", DEFAULT_MINUTES),
        "url": url,
        "short_url": url.split("://", 1)[-1],
        "qr_svg": qr.svg_markup(url, "QR code"),
        "typing_code": link_service.display_code(link.token),
    }


@bp.get("/codes/<token>/card")
def code_card(token: str):
    link = _own_link(token)
    return render_template(
        "officer/card.html",
        card=_card(link),
        language_urls=_in_each_language("officer.code_card", token=link.token),
        **_card_context(),
    )


def _in_each_language(endpoint: str, **values) -> dict[str, str]:
    """The address of a card or sheet in each language it can be printed in."""
    return {code: url_for(endpoint, **values, lang=code) for code in ("en", "cy")}


@bp.get("/codes/sheet")
def code_sheet():
    """A sheet of the officer's codes named in the address (as sheets were first addressed)."""
    links = link_stats.links_for_sheet(current_user, request.args.getlist("code"))
    if not links:
        abort(404)
    return _sheet(links)


@bp.get("/codes/sheets/<batch>")
def sheet(batch: str):
    """The sheet of cards made together, to print again: another officer's looks like none."""
    links = link_stats.sheet_made_by(current_user, batch)
    if not links:
        abort(404)
    return _sheet(links)


def _sheet(links: list[Link]):
    if request.endpoint == "officer.sheet":
        addresses = _in_each_language("officer.sheet", batch=request.view_args["batch"])
    else:  # only the codes shown: the address may name others' codes, which are not
        addresses = _in_each_language("officer.code_sheet", code=[link.token for link in links])
    staff_surveys = confidential.staff_survey_ids()
    return render_template(
        "officer/sheet.html",
        cards=[_card(link) for link in links],
        shuffle_advice=(
            SHUFFLE_ADVICE
            if any(confidential.is_confidential(link, staff_surveys) for link in links)
            else None
        ),
        language_urls=addresses,
        made_on=links[0].created_at.date(),
        **_card_context(),
    )


def _card_context() -> dict:
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return {
        "typing_url": base.split("://", 1)[-1] + "/r",
        "complaints_url": current_app.config["COMPLAINTS_URL"],
        "force_name": current_app.config["FORCE_NAME"],
    }
