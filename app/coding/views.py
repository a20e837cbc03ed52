"""Code answers, train and check the models, edit the themes, look for themes they miss."""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.access import back_to
from app.coding import bp
from app.coding.forms import CodeAnswerForm, DiscoverForm, ThemeForm
from app.forms import ConfirmForm
from app.services import audit, coding, surveys, taxonomy
from app.services.definitions import Definition
from models import Survey


def _survey(slug: str) -> Survey:
    survey = surveys.get_survey(slug)
    if survey is None or survey.current_version is None:
        abort(404)
    return survey


def _title(survey: Survey) -> str:
    return Definition(survey.current_version.definition).title("en")


def _status(form) -> int:
    return 400 if form.errors else 200


def _answers_read(survey: Survey, page: str, read_on: str = "coding") -> str:
    """A page made that shows respondents' written answers, once its reading is in the audit
    log (once an hour for each person and survey)."""
    audit.record_answers_read(survey.slug, read_on)
    return page


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _all_coded(survey: Survey) -> str:
    if coding.month_over_only(survey):
        return "Every answer to this survey from the months that are over has been coded."
    return "Every answer to this survey has been coded."


def _rescore_message(survey: Survey, verb: str) -> str:
    """Score the survey's answers again now if few, else say when it will happen. For a survey
    of staff, without saying how many: the count would rise as each colleague answers."""
    rescore = coding.rescore_if_small(survey)
    if coding.month_over_only(survey):
        if rescore.rescored:
            return f"The survey's answers were {verb} again."
        if rescore.pending:
            return (
                f"The survey's answers will be {verb} again the next time the analysis runs "
                "(flask analysis run). Until then the results show the earlier scores."
            )
        return ""
    if rescore.rescored:
        one = rescore.rescored == 1
        done = f"{'was' if one else 'were'} {verb.replace('their', 'its') if one else verb}"
        return f"{_count(rescore.rescored, 'answer')} {done} again."
    if rescore.pending:
        return (
            f"The survey's {_count(rescore.pending, 'answer')} will be {verb} again the next "
            "time the analysis runs (flask analysis run). Until then the results show the "
            "earlier scores."
        )
    return ""


# --- Overview -------------------------------------------------------------------------------


@bp.get("/coding", endpoint="coding")
def coding_index():
    rows = []
    for survey in surveys.list_surveys():
        if survey.current_version is None:
            continue
        rows.append(
            {
                "survey": survey,
                "title": _title(survey),
                "summary": coding.summary(survey, agreement=False),
            }
        )
    return render_template("coding/index.html", rows=rows)


@bp.get("/<slug>/coding")
def coding_survey(slug: str):
    survey = _survey(slug)
    recent = coding.recent_codes(survey, current_user)
    page = render_template(
        "coding/survey.html",
        survey=survey,
        title=_title(survey),
        summary=coding.summary(survey),
        recent=recent,
        scale=coding.SENTIMENT_SCALE,
        interpret=coding.interpret_kappa,
        form=ConfirmForm(),
    )
    # Their own latest codings are listed with the answers' text.
    return _answers_read(survey, page) if recent else page


# --- Coding answers -------------------------------------------------------------------------


def _answer_page(survey: Survey, view: coding.AnswerView, form: CodeAnswerForm):
    themes = taxonomy.themes_of(survey)
    page = render_template(
        "coding/answer.html",
        survey=survey,
        title=_title(survey),
        answer=view,
        form=form,
        themes=themes,
        theme_hints=[{"hint": {"text": theme.description}} for theme in themes],
    )
    return _answers_read(survey, page)


@bp.get("/<slug>/coding/answer")
def coding_next(slug: str):
    survey = _survey(slug)
    skipped = coding.answer_from_token(survey, request.args.get("skip", ""))
    answer = coding.random_uncoded(survey, avoid=skipped.id if skipped else None)
    if answer is None:
        flash(_all_coded(survey))
        return redirect(url_for("coding.coding_survey", slug=survey.slug))
    form = CodeAnswerForm(formdata=None).set_themes(taxonomy.theme_names(survey))
    return _answer_page(survey, coding.view_answer(survey, answer), form)


@bp.route("/<slug>/coding/answers/<token>", methods=["GET", "POST"])
def coding_answer(slug: str, token: str):
    survey = _survey(slug)
    answer = coding.answer_from_token(survey, token)
    if answer is None:
        abort(404)
    view = coding.view_answer(survey, answer)
    data = None
    if view.coded is not None:
        data = {"sentiment": str(view.coded.sentiment), "themes": list(view.coded.themes or [])}
    form = CodeAnswerForm(data=data).set_themes(taxonomy.theme_names(survey))
    if form.validate_on_submit():
        try:
            coding.save_code(
                survey, answer, int(form.sentiment.data), form.themes.data or [], current_user
            )
        except coding.CodingError as error:
            form.themes.errors.append(str(error))
        else:
            if view.coded is not None:
                # A change to an earlier coding, from the list of them: back to that list.
                flash("Your change to the coding has been saved.", "success")
                return redirect(url_for("coding.coding_survey", slug=survey.slug))
            if coding.random_uncoded(survey) is None:
                # Said once, as done: not "here is another" above "every answer is coded".
                flash(f"Your coding has been saved. {_all_coded(survey)}", "success")
                return redirect(url_for("coding.coding_survey", slug=survey.slug))
            flash("Your coding has been saved. Here is another answer.", "success")
            return redirect(url_for("coding.coding_next", slug=survey.slug))
    return _answer_page(survey, view, form), _status(form)


# --- Training -------------------------------------------------------------------------------


@bp.post("/<slug>/coding/train")
def coding_train(slug: str):
    survey = _survey(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        outcome = coding.train(survey)
    except coding.CodingError as error:
        flash(str(error))
        return redirect(url_for("coding.coding_survey", slug=survey.slug))
    trained = [
        kind
        for kind, model in (("sentiment", outcome.sentiment), ("theme", outcome.themes))
        if model is not None
    ]
    learned = (
        f"A new {trained[0]} model learned"
        if len(trained) == 1
        else f"New {' and '.join(trained)} models learned"
    )
    in_use = "is" if len(trained) == 1 else "are"
    flash(
        f"{learned} from {_count(outcome.coded, 'coded answer')} and {in_use} in use. "
        + _rescore_message(survey, "scored"),
        "success",
    )
    return redirect(url_for("coding.coding_survey", slug=survey.slug) + "#agreement")


# --- Themes ---------------------------------------------------------------------------------


def _theme(survey: Survey, key: str) -> taxonomy.Theme:
    theme = taxonomy.find_theme(survey, key)
    if theme is None:
        abort(404)
    return theme


def _after_theme_change(survey: Survey, change: taxonomy.TaxonomyChange, done: str) -> None:
    if not change.changed:
        flash("Nothing changed.")
        return
    if not change.reassigns:
        flash(done, "success")  # only a Welsh name: the answers keep their themes
        return
    message = done + " " + _rescore_message(survey, "given their themes")
    if change.theme_model_set_aside:
        message += (
            " The trained theme model learned the earlier themes, so the seed terms are used "
            "until you train the models again."
        )
    flash(message.strip(), "success")


def _theme_error(form: ThemeForm, error: taxonomy.TaxonomyError) -> None:
    getattr(form, error.field or "name").errors.append(str(error))


def _theme_page(survey: Survey, form: ThemeForm, theme, save: Callable, done: str):
    """The page that adds a theme (``theme`` None) or edits one: ``save(name, description,
    seeds, name_cy)`` stores a valid form, which says it was ``done`` ("added", "saved"), and
    goes back where the back link goes: the themes, or the page that sent the person here
    (``next``, a path on this site), such as the themes found that this one was added from."""
    if form.validate_on_submit():
        try:
            change = save(
                form.name.data,
                form.description.data,
                taxonomy.parse_seeds(form.seeds.data),
                form.name_cy.data,
            )
        except taxonomy.TaxonomyError as error:
            _theme_error(form, error)
        else:
            _after_theme_change(survey, change, f"{form.name.data} has been {done}.")
            return redirect(back_to(url_for("coding.coding_themes", slug=survey.slug)))
    return render_template(
        "coding/theme_edit.html", survey=survey, title=_title(survey), form=form, theme=theme
    ), _status(form)


@bp.get("/<slug>/coding/themes")
def coding_themes(slug: str):
    survey = _survey(slug)
    return render_template(
        "coding/themes.html", survey=survey, title=_title(survey), themes=taxonomy.themes_of(survey)
    )


@bp.route("/<slug>/coding/themes/new", methods=["GET", "POST"])
def coding_themes_new(slug: str):
    survey = _survey(slug)
    if request.method == "GET":
        # Prefilled from a discovered theme: its terms as seeds.
        form = ThemeForm(
            formdata=None,
            data={"name": request.args.get("name", ""), "seeds": request.args.get("seeds", "")},
        )
    else:
        form = ThemeForm()
    return _theme_page(survey, form, None, functools.partial(taxonomy.add_theme, survey), "added")


@bp.route("/<slug>/coding/themes/<key>", methods=["GET", "POST"])
def coding_themes_edit(slug: str, key: str):
    survey = _survey(slug)
    theme = _theme(survey, key)
    form = ThemeForm(
        data={
            "name": theme.name,
            "name_cy": theme.name_cy or "",
            "description": theme.description,
            "seeds": "\n".join(theme.seeds),
        }
    )
    save = functools.partial(taxonomy.update_theme, survey, key)
    return _theme_page(survey, form, theme, save, "saved")


@bp.route("/<slug>/coding/themes/<key>/remove", methods=["GET", "POST"])
def coding_themes_remove(slug: str, key: str):
    survey = _survey(slug)
    theme = _theme(survey, key)
    form = ConfirmForm()
    problem = None
    if form.validate_on_submit():
        try:
            change = taxonomy.remove_theme(survey, key)
        except taxonomy.TaxonomyError as error:
            problem = str(error)
        else:
            _after_theme_change(survey, change, f"{theme.name} has been removed.")
            return redirect(url_for("coding.coding_themes", slug=survey.slug))
    elif request.method == "POST":
        abort(400)
    return render_template(
        "coding/theme_remove.html",
        survey=survey,
        title=_title(survey),
        theme=theme,
        form=form,
        problem=problem,
    ), (400 if problem else 200)


@bp.get("/<slug>/coding/discover")
def coding_discover(slug: str):
    survey = _survey(slug)
    form = DiscoverForm(request.args)
    found = coding.discover(survey, form.size)
    page = render_template(
        "coding/discover.html",
        survey=survey,
        title=_title(survey),
        form=form,
        discovery=found,
    )
    # Each theme found is shown with answers that raise it, as examples.
    if any(theme.examples for theme in found.themes):
        return _answers_read(survey, page, "theme_discovery")
    return page
