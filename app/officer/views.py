"""Make a code, show it as a QR code, print cards and sheets, and see my codes."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from app.extensions import limiter
from app.officer import bp
from app.officer.forms import SURVEY_HINTS, NewCodeForm
from app.services import areas, link_stats, qr
from app.services import links as link_service
from app.services import surveys as survey_service
from app.services.definitions import localised
from models import Link


def _public_url(link: Link) -> str:
    return link_service.public_url(current_app.config["PUBLIC_BASE_URL"], link)


def _own_link(token: str) -> Link:
    """The signed-in officer's link, or 404: another officer's link looks like no link."""
    link = link_stats.link_made_by(current_user, token)
    if link is None:
        abort(404)
    return link


def _survey_choices() -> list[tuple[str, str]]:
    return [
        (survey.slug, localised(survey.current_version.definition["title"], "en"))
        for survey in survey_service.list_surveys()
        if survey.current_version is not None
    ]


@bp.get("/")
def index():
    return redirect(url_for("officer.new_code"))


def _officer_key() -> str:
    return f"officer-codes:{current_user.id if current_user.is_authenticated else ''}"


@bp.route("/codes/new", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["CODE_CREATION_RATE_LIMIT"], key_func=_officer_key, methods=["POST"]
)
def new_code():
    surveys = _survey_choices()
    area_choices = [(area.code, area.name) for area in areas.all_areas(active_only=True)]
    form = NewCodeForm(surveys, area_choices)
    if form.validate_on_submit():
        try:
            made = link_service.create_links(
                form.survey.data,
                count=int(form.count.data),
                area_code=form.area_code,
                event_name=form.event_name.data or None,
                event_date=form.event_date.data,
                created_by_id=current_user.id,
                check_event_date=True,
            )
        except link_service.SessionDateError as error:
            form.event_date.errors.append(f"{form.event_date.label.text} {error}")
        except link_service.LinkError as error:
            form.survey.errors.append(str(error))
        else:
            if len(made) == 1:
                return redirect(url_for("officer.code", token=made[0].token))
            return redirect(url_for("officer.code_sheet", code=[link.token for link in made]))
    hints = [{"hint": {"text": SURVEY_HINTS.get(slug, "")}} for slug, _ in surveys]
    return (
        render_template("officer/new_code.html", form=form, survey_hints=hints),
        400 if form.errors else 200,
    )


@bp.get("/codes")
def my_codes():
    return render_template(
        "officer/my_codes.html",
        weeks=link_stats.weekly_for_officer(current_user),
        links=link_stats.links_made_by(current_user, limit=50),
        status=link_stats.status_text,
    )


@bp.get("/codes/<token>")
def code(token: str):
    link = _own_link(token)
    url = _public_url(link)
    return render_template(
        "officer/code.html",
        link=link,
        url=url,
        qr_svg=qr.svg_markup(url, "QR code for the survey link"),
        typing_code=link_service.display_code(link.token),
        status=link_stats.status_text(link),
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
    return render_template("officer/card.html", card=_card(link), **_card_context())


@bp.get("/codes/sheet")
def code_sheet():
    links = link_stats.links_for_sheet(current_user, request.args.getlist("code"))
    if not links:
        abort(404)
    return render_template(
        "officer/sheet.html", cards=[_card(link) for link in links], **_card_context()
    )


def _card_context() -> dict:
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return {
        "typing_url": base.split("://", 1)[-1] + "/r",
        "complaints_url": current_app.config["COMPLAINTS_URL"],
        "force_name": current_app.config["FORCE_NAME"],
    }
