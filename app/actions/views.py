"""Analysts record actions against a survey, change them, and publish them."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.actions import bp
from app.actions.forms import STATUS_LABELS, ActionForm
from app.forms import ConfirmForm, confirm_then
from app.services import actions, areas, surveys, taxonomy
from app.services.definitions import Definition
from models import Action, Survey


def _survey(slug: str) -> Survey:
    survey = surveys.get_survey(slug)
    if survey is None or survey.current_version is None:
        abort(404)
    return survey


def survey_title(survey: Survey) -> str:
    return Definition(survey.current_version.definition).title("en")


def _action(survey: Survey, public_id: str) -> Action:
    action = actions.by_public_id(survey, public_id)
    if action is None:
        abort(404)
    return action


def _form(survey: Survey, action: Action | None = None) -> ActionForm:
    themes = taxonomy.theme_names(survey)
    if action is not None and action.theme and action.theme not in themes:
        themes.append(action.theme)
    data = None
    if action is not None:
        data = {
            "you_said": action.you_said,
            "we_did": action.we_did,
            "you_said_cy": action.you_said_cy or "",
            "we_did_cy": action.we_did_cy or "",
            "theme": action.theme or "",
            "area": action.area.code if action.area else "",
            "status": action.status.value,
        }
    form = ActionForm(data=data)
    return form.set_choices(themes, [(area.code, area.name) for area in areas.all_areas()])


def _input(form: ActionForm) -> actions.ActionInput:
    return actions.ActionInput(
        you_said=form.you_said.data,
        we_did=form.we_did.data,
        status=form.status.data,
        theme=form.theme.data or None,
        area_code=form.area.data or None,
        you_said_cy=form.you_said_cy.data or None,
        we_did_cy=form.we_did_cy.data or None,
    )


def _field_error(form: ActionForm, error: actions.ActionError) -> None:
    getattr(form, error.field or "you_said").errors.append(str(error))


@bp.get("/actions", endpoint="actions")
def actions_index():
    counts = actions.counts_by_survey()
    rows = [
        {"survey": survey, "title": survey_title(survey), "counts": counts.get(survey.id, (0, 0))}
        for survey in surveys.list_surveys()
        if survey.current_version is not None
    ]
    return render_template("actions/index.html", rows=rows)


@bp.get("/<slug>/actions")
def actions_survey(slug: str):
    survey = _survey(slug)
    return render_template(
        "actions/survey.html",
        survey=survey,
        title=survey_title(survey),
        actions=actions.for_survey(survey),
        status_labels=STATUS_LABELS,
        form=ConfirmForm(),
    )


@bp.route("/<slug>/actions/new", methods=["GET", "POST"])
def actions_new(slug: str):
    survey = _survey(slug)
    form = _form(survey)
    if form.validate_on_submit():
        try:
            actions.create(survey, _input(form), current_user)
        except actions.ActionError as error:
            _field_error(form, error)
        else:
            flash("The action has been saved. It is not public until you publish it.", "success")
            return redirect(url_for("actions.actions_survey", slug=survey.slug))
    return render_template(
        "actions/edit.html", survey=survey, title=survey_title(survey), form=form, action=None
    ), (400 if form.errors else 200)


@bp.route("/<slug>/actions/<public_id>", methods=["GET", "POST"])
def actions_edit(slug: str, public_id: str):
    survey = _survey(slug)
    action = _action(survey, public_id)
    form = _form(survey, action)
    if form.validate_on_submit():
        try:
            actions.update(action, _input(form))
        except actions.ActionError as error:
            _field_error(form, error)
        else:
            shown = " The public page shows the change." if action.published else ""
            flash("The action has been saved." + shown, "success")
            return redirect(url_for("actions.actions_survey", slug=survey.slug))
    return render_template(
        "actions/edit.html",
        survey=survey,
        title=survey_title(survey),
        form=form,
        action=action,
        confirm=ConfirmForm(),
        status_labels=STATUS_LABELS,
    ), (400 if form.errors else 200)


def _publish(slug: str, public_id: str, published: bool):
    survey = _survey(slug)
    action = _action(survey, public_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    actions.set_published(action, published)
    if published:
        where = f"for {action.area.name}" if action.area else "for the whole force"
        flash(f"The action is now on the public You said, we did page, {where}.", "success")
    else:
        flash("The action has been taken off the public page.", "success")
    return redirect(url_for("actions.actions_survey", slug=survey.slug))


@bp.post("/<slug>/actions/<public_id>/publish")
def actions_publish(slug: str, public_id: str):
    return _publish(slug, public_id, True)


@bp.post("/<slug>/actions/<public_id>/unpublish")
def actions_unpublish(slug: str, public_id: str):
    return _publish(slug, public_id, False)


@bp.route("/<slug>/actions/<public_id>/delete", methods=["GET", "POST"])
def actions_delete(slug: str, public_id: str):
    """Asks first; only the confirming POST (with its CSRF token) deletes."""
    survey = _survey(slug)
    action = _action(survey, public_id)

    def delete() -> str:
        was_published = action.published
        actions.delete(action)
        shown = " and taken off the public page" if was_published else ""
        return f"The action has been deleted{shown}."

    return confirm_then(
        delete,
        url_for("actions.actions_survey", slug=survey.slug),
        "actions/delete.html",
        survey=survey,
        title=survey_title(survey),
        action=action,
        status_labels=STATUS_LABELS,
    )
