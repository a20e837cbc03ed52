"""Users, areas, the audit log, and the offered-and-answered counts (API tokens are in
:mod:`app.admin.tokens`)."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.admin import bp
from app.admin.forms import (
    AREA_CHANGED_MEANWHILE,
    ROLE_CHANGED_MEANWHILE,
    ROLE_NAMES,
    ChangeRoleForm,
    ConfirmWithPasswordForm,
    EditAreaForm,
    NewAreaForm,
    NewUserForm,
)
from app.admin.own_password import limit_wrong_passwords, sent_with_own_password
from app.admin.retention_page import retention_status
from app.forms import confirm_then
from app.services import areas, audit, audit_display, link_stats, two_factor, users
from app.services import offered_answered as offered_answered_report
from models import Area, Role, User

# "an officer", "an analyst", "an administrator": how a role reads in a sentence.
ROLE_IN_A_SENTENCE = {
    Role.OFFICER: "an officer",
    Role.ANALYST: "an analyst",
    Role.ADMIN: "an administrator",
}


# A deactivated account cannot sign in, so a temporary password or a fresh two-factor set-up
# would only wait, unseen, for the day it is reactivated.
DEACTIVATED_NOTHING_TO_RESET = (
    "{email} is deactivated, so they cannot sign in. Reactivate the account first, then reset "
    "their {what} if they still need it."
)


def _user(public_id: str) -> User:
    user = users.by_public_id(public_id)
    if user is None:
        abort(404)
    return user


def _area(code: str) -> Area:
    area = areas.by_code(code)
    if area is None:
        abort(404)
    return area


def _status(form) -> int:
    return 400 if form.errors else 200


@bp.get("/")
def index():
    return redirect(url_for("admin.users"))


# Users


@bp.get("/users", endpoint="users")
def users_list():
    """Everyone who can sign in; above them, when the nightly purge has not run, how many
    responses are past the retention period (the Retention page has the rest)."""
    return render_template(
        "admin/users.html",
        users=users.all_users(),
        role_names=ROLE_NAMES,
        retention=retention_status(),
    )


@bp.route("/users/new", methods=["GET", "POST"])
@limit_wrong_passwords
def users_new():
    form = NewUserForm()
    if sent_with_own_password(form):
        try:
            made = users.create_with_temporary_password(form.email.data, form.role.data)
        except users.UserError as error:
            form.email.errors.append(str(error))
        else:
            return render_template(
                "admin/password_once.html", user=made.user, password=made.password, new_user=True
            )
    return render_template("admin/user_new.html", form=form), _status(form)


@bp.get("/users/<public_id>")
def users_detail(public_id: str):
    user = _user(public_id)
    return render_template(
        "admin/user.html",
        user=user,
        role_names=ROLE_NAMES,
        temporary_password_expired=users.temporary_password_expired(user),
        working_tokens=users.working_api_tokens_made_by(user),
    )


@bp.route("/users/<public_id>/role", methods=["GET", "POST"])
@limit_wrong_passwords
def users_role(public_id: str):
    """Change what a user does. The page says what follows (signed out everywhere; two-factor
    sign-in for analysts and administrators); the button, with the administrator's password,
    makes the change. Every change asks for it, not only one to administrator: an analyst
    reads special-category data, and taking a role away can lock an administrator out."""
    user = _user(public_id)
    back = url_for("admin.users_detail", public_id=user.public_id)
    if user.id == current_user.id:
        flash("You cannot change your own role. Ask another administrator to change it.")
        return redirect(back)
    form = ChangeRoleForm(data={"role": user.role.value, "role_when_shown": user.role.value})
    valid = sent_with_own_password(form)
    shown = form.role_when_shown.data
    if form.is_submitted() and shown and shown != user.role.value:
        form.role.errors = [ROLE_CHANGED_MEANWHILE.format(role=ROLE_IN_A_SENTENCE[user.role])]
        valid = False
    form.role_when_shown.data = user.role.value  # a change sent from here has seen it
    if valid:
        role = Role(form.role.data)
        try:
            changed = users.change_role(user, role, current_user)
        except users.UserError as error:
            form.role.errors.append(str(error))
        else:
            if not changed:
                flash(f"{user.email} is still {ROLE_IN_A_SENTENCE[role]}. Nothing has changed.")
                return redirect(back)
            message = f"{user.email} is now {ROLE_IN_A_SENTENCE[role]} and has been signed out."
            if role in (Role.ANALYST, Role.ADMIN) and not user.has_two_factor:
                message += " They must set up two-factor sign-in when they next sign in."
            flash(message, "success")
            return redirect(back)
    return render_template(
        "admin/user_role.html",
        form=form,
        user=user,
        current_role=ROLE_NAMES[user.role],
    ), _status(form)


@bp.route("/users/<public_id>/deactivate", methods=["GET", "POST"])
def users_deactivate(public_id: str):
    """Asks first; only the confirming POST (with its CSRF token) deactivates."""
    user = _user(public_id)
    back = url_for("admin.users_detail", public_id=user.public_id)
    if user.id == current_user.id:
        flash("You cannot deactivate your own account")
        return redirect(back)
    if not user.active:
        return redirect(back)
    try:
        users.check_can_deactivate(user, current_user)
    except users.UserError as error:
        flash(str(error))
        return redirect(back)

    def deactivate() -> str:
        users.deactivate(user, current_user)
        return f"{user.email} has been deactivated and signed out on every device"

    try:
        return confirm_then(
            deactivate,
            back,
            "admin/user_deactivate.html",
            user=user,
            working_tokens=users.working_api_tokens_made_by(user),
        )
    except users.UserError as error:  # the last administrator, deactivated meanwhile
        flash(str(error))
        return redirect(back)


@bp.route("/users/<public_id>/reactivate", methods=["GET", "POST"])
@limit_wrong_passwords
def users_reactivate(public_id: str):
    """Asks first; only the confirming POST, with the administrator's password, reactivates:
    the account can sign in again with the password it had, so whoever is at a browser left
    signed in should not be able to give it back on a button alone."""
    user = _user(public_id)
    back = url_for("admin.users_detail", public_id=user.public_id)
    if user.active:  # reactivated meanwhile, or never deactivated
        return redirect(back)

    def reactivate():
        users.reactivate(user)
        flash(f"{user.email} can sign in again", "success")
        return redirect(back)

    return _ask_about(
        user, "admin/user_reactivate.html", reactivate, role=ROLE_IN_A_SENTENCE[user.role]
    )


def _ask_about(user: User, template: str, act, **context):
    """As deactivating does: a GET shows ``template``, the question with what will happen to
    ``user``; only its button's POST, with the page's CSRF token and the administrator's own
    password, calls ``act``. A wrong or empty password changes nothing: the question again,
    with the error (400). A POST without a good token gets the timed-out page (400)."""
    form = ConfirmWithPasswordForm()
    if sent_with_own_password(form):
        return act()
    if "csrf_token" in form.errors:
        abort(400)
    return render_template(template, form=form, user=user, **context), _status(form)


def _role_needs_two_factor(user: User) -> bool:
    """Whether the user's role must use two-factor sign-in (officers may choose to)."""
    return user.role.value in current_app.config["TWO_FACTOR_ROLES"]


@bp.route("/users/<public_id>/reset-password", methods=["GET", "POST"])
@limit_wrong_passwords
def users_reset_password(public_id: str):
    """Asks first; only the confirming POST, with the administrator's password, gives a
    temporary password, shown once."""
    user = _user(public_id)
    back = url_for("admin.users_detail", public_id=user.public_id)
    if user.id == current_user.id:
        flash("You cannot reset your own password. Change it from Your account.")
        return redirect(back)
    if not user.active:
        flash(DEACTIVATED_NOTHING_TO_RESET.format(email=user.email, what="password"))
        return redirect(back)

    def reset():
        try:
            made = users.reset_password(user, current_user)
        except users.UserError as error:
            flash(str(error))
            return redirect(back)
        return render_template("admin/password_once.html", user=made.user, password=made.password)

    return _ask_about(user, "admin/user_reset_password.html", reset)


@bp.route("/users/<public_id>/reset-two-factor", methods=["GET", "POST"])
@limit_wrong_passwords
def users_reset_two_factor(public_id: str):
    """Asks first (for someone who has lost their phone and recovery codes); only the
    confirming POST, with the administrator's password, turns their two-factor sign-in off
    and gives them a temporary password, shown once: their old password stops working, so
    nobody who knew it can set up their own app on the account before its owner does."""
    user = _user(public_id)
    back = url_for("admin.users_detail", public_id=user.public_id)
    if user.id == current_user.id:
        flash("You cannot reset your own two-factor sign-in. Ask another administrator.")
        return redirect(back)
    if not user.active:
        flash(DEACTIVATED_NOTHING_TO_RESET.format(email=user.email, what="two-factor sign-in"))
        return redirect(back)
    if not user.has_two_factor:
        flash(f"{user.email} has not set up two-factor sign-in, so there is nothing to reset.")
        return redirect(back)

    def reset():
        try:
            made = two_factor.reset(user, current_user)
        except two_factor.TwoFactorError as error:
            flash(str(error))
            return redirect(back)
        return render_template(
            "admin/password_once.html",
            user=made.user,
            password=made.password,
            two_factor_reset=True,
        )

    return _ask_about(
        user,
        "admin/user_reset_two_factor.html",
        reset,
        must_set_up=_role_needs_two_factor(user),
    )


# The audit log


@bp.get("/audit")
def audit_log():
    asked = request.args.get("action") or None
    page = request.args.get("page", "1")
    # isdecimal, not isdigit: "²" is a digit that int() cannot read.
    page_number = int(page) if page.isdecimal() and len(page) < 7 else 1
    # Every action the service records, whether or not it has happened yet: a link to the log
    # of one kind (the Retention page's to purges) filters it on a fresh deployment too.
    known = audit_display.known_actions(audit.actions())
    action = asked if asked in known else None
    items = [{"value": "", "text": "Every action", "selected": action is None}] + [
        {"value": code, "text": name, "selected": code == action}
        for code, name in audit_display.action_choices(known)
    ]
    # Stored as accounts' addresses are: "PC.Jones@Example.org " finds pc.jones@example.org.
    person = users.normalise_email(request.args.get("person", ""))[:254] or None
    log = audit.events(page_number, action, person=person)
    return render_template(
        "admin/audit.html",
        log=log,
        rows=audit_display.rows(log.events),
        action_items=items,
        # An action no event has ever had (a mistyped address): every event, and why.
        unknown_action=asked[:100] if asked is not None and action is None else None,
        filters={key: value for key, value in (("action", action), ("person", person)) if value},
    )


# Areas


@bp.get("/areas", endpoint="areas")
def areas_list():
    return render_template(
        "admin/areas.html",
        areas=areas.all_areas(),
        weeks=link_stats.public_surveys_weekly_by_area(),
    )


@bp.route("/areas/new", methods=["GET", "POST"])
def areas_new():
    form = NewAreaForm()
    if form.validate_on_submit():
        try:
            area = areas.create_area(form.code.data, form.name.data, form.name_cy.data)
        except areas.AreaError as error:
            form[error.field].errors.append(str(error))
        else:
            flash(f"{area.name} has been added", "success")
            return redirect(url_for("admin.areas"))
    return render_template("admin/area_new.html", form=form), _status(form)


@bp.route("/areas/<code>", methods=["GET", "POST"])
def areas_edit(code: str):
    area = _area(code)
    offered = "yes" if area.active else "no"
    form = EditAreaForm(
        data={
            "name": area.name,
            "name_cy": area.name_cy or "",
            "active": offered,
            "offered_when_shown": offered,
        }
    )
    valid = form.validate_on_submit()
    shown = form.offered_when_shown.data
    if form.is_submitted() and shown and shown != offered:
        form.active.errors = [AREA_CHANGED_MEANWHILE[offered]]
        valid = False
    form.offered_when_shown.data = offered  # a save from here has seen it
    if valid:
        try:
            areas.update_area(
                area,
                name=form.name.data,
                name_cy=form.name_cy.data,
                active=form.active.data == "yes",
            )
        except areas.AreaError as error:
            form[error.field].errors.append(str(error))
        else:
            flash(f"{area.name} has been saved", "success")
            return redirect(url_for("admin.areas"))
    return render_template("admin/area_edit.html", form=form, area=area), _status(form)


# Counts


@bp.get("/offered-and-answered")
def offered_answered():
    """One survey's codes offered and answered over a period (the address says which; stop
    and search and the last 13 weeks unless it does): totals first, then week by week."""
    chosen = offered_answered_report.report(request.args.get("survey"), request.args.get("period"))
    return render_template(
        "admin/offered_answered.html",
        report=chosen,
        whole_force=link_stats.WHOLE_FORCE,
        survey_items=[
            {"value": slug, "text": title, "selected": slug == chosen.slug}
            for slug, title in offered_answered_report.survey_choices()
        ],
        period_items=[
            {"value": period.key, "text": period.label, "selected": period == chosen.period}
            for period in offered_answered_report.PERIODS
        ],
    )
