"""Who may see staff pages, and the navigation each role gets."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from app.auth.session import second_factor_pending, second_factor_redirect
from app.auth.timeout import session_time
from app.extensions import login_manager
from app.services import audit
from models import Role

# Each role's navigation: (endpoint, text). Other blueprints add theirs to ROLE_NAVIGATION.
ROLE_NAVIGATION: dict[Role, list[tuple[str, str]]] = {
    Role.OFFICER: [("officer.new_code", "Make a code"), ("officer.my_codes", "My codes")],
    Role.ANALYST: [
        ("results.surveys", "Results"),
        ("admin.offered_answered", "Offered and answered"),
        ("coding.coding", "Coding"),
        ("actions.actions", "You said, we did"),
    ],
    Role.ADMIN: [
        ("admin.users", "Users"),
        ("admin.areas", "Areas"),
        ("admin.tokens", "API tokens"),
        ("results.surveys", "Results"),
        ("admin.offered_answered", "Offered and answered"),
        ("coding.coding", "Coding"),
        ("actions.actions", "You said, we did"),
        ("admin.disclosure_thresholds", "Disclosure thresholds"),
        ("admin.retention", "Retention"),
        ("admin.audit_log", "Audit log"),
    ],
}
# Pages not named after the section they belong to, and that section's navigation item: the
# first step of making a code, sent with a mistake, is Make a code; a code and its card or sheet
# are among My codes; a draft and its pages, among the builder's surveys.
SECTION_OF = {
    "officer.choose_survey": "officer.new_code",
    "officer.code": "officer.my_codes",
    "officer.code_card": "officer.my_codes",
    "officer.code_sheet": "officer.my_codes",
    "officer.sheet": "officer.my_codes",
}
SECTION_OF_BLUEPRINT = {"builder": "builder.surveys"}
# Pages reached from more than one section, whose back link goes to the page that linked to
# them (its ``next``, see back_to): they belong to that page's section. Revoking a token from a
# user's page is among Users, as its back link is; from the list of tokens, among API tokens.
SECTION_OF_NEXT = frozenset({"admin.tokens_revoke"})
# Every role's own account pages, under one item just before "Sign out".
ACCOUNT_ENDPOINTS = frozenset(
    {"auth.account", "auth.change_password", "auth.two_factor_set_up", "auth.new_recovery_codes"}
)

HOME = {
    Role.OFFICER: "officer.new_code",
    Role.ANALYST: "results.surveys",
    Role.ADMIN: "admin.users",
}


def home_url(role: Role) -> str:
    return url_for(HOME[role])


def signed_in_fully() -> bool:
    """Whether sign-in is complete: password, any second factor, and no password to change.
    Until then every staff page sends the person back to finish it."""
    return (
        current_user.is_authenticated
        and not second_factor_pending()
        and not current_user.must_change_password
    )


def navigation_items() -> list[dict[str, Any]]:
    """GOV.UK service navigation items for the signed-in user (none when signed out).

    Until sign-in is complete only "Sign out" is there: every staff link would lead back to
    the step still to do."""
    if not current_user.is_authenticated:
        return []
    # To the page that asks; its "Cancel" comes back to this page. The path only: a query
    # can hold link tokens (a sheet of cards), which are not to be repeated in the page.
    on_sign_out = request.endpoint == "auth.sign_out"
    here = request.path if request.method == "GET" and not on_sign_out else None
    sign_out = {
        "href": url_for("auth.sign_out", next=here),
        "text": "Sign out",
        "current": on_sign_out,
        "active": on_sign_out,
    }
    if not signed_in_fully():
        return [sign_out]
    items = []
    here_endpoint = request.endpoint or ""
    # The page whose section this one is in: itself, or the page it was reached from.
    came_from = here_endpoint in SECTION_OF_NEXT and _endpoint_of_next()
    in_section_of = came_from or here_endpoint
    blueprint = came_from.rpartition(".")[0] if came_from else request.blueprint
    section = SECTION_OF.get(in_section_of) or SECTION_OF_BLUEPRINT.get(blueprint or "")
    for endpoint, text in ROLE_NAVIGATION[current_user.role]:
        # Pages of a section are named after it (admin.users, admin.users_new, …) or listed above.
        active = in_section_of.startswith(endpoint) or section == endpoint
        current = here_endpoint == endpoint
        items.append(
            {"href": url_for(endpoint), "text": text, "current": current, "active": active}
        )
    on_account = request.endpoint in ACCOUNT_ENDPOINTS
    items.append(
        {
            "href": url_for("auth.account"),
            "text": "Your account",
            "current": request.endpoint == "auth.account",
            "active": on_account,
        }
    )
    items.append(sign_out)
    return items


def _endpoint_of_next() -> str | None:
    """The endpoint of the page on this site the request names as ``next``, if any."""
    from app.auth.views import safe_next  # app.auth.views imports this module

    path = safe_next(request.args.get("next"))
    if path is None:
        return None
    try:
        endpoint, _ = current_app.url_map.bind_to_environ(request.environ).match(
            urlsplit(path).path, method="GET"
        )
    except HTTPException:  # no such page, or a redirect to one
        return None
    return endpoint


def back_to(parent: str) -> str:
    """Where a page's back link goes: ``parent``, unless the page that linked here named itself
    as ``next`` (a page reached from two places goes back to the one it came from, with its
    filters). Only a path on this site is followed: anything else gives ``parent``."""
    from app.auth.views import safe_next  # app.auth.views imports this module

    return safe_next(request.args.get("next")) or parent


def staff_context() -> dict[str, Any]:
    """Template context for every staff page: the navigation, where the service name goes and
    where a back link goes."""
    home = home_url(current_user.role) if current_user.is_authenticated else url_for("auth.sign_in")
    return {
        "navigation_items": navigation_items,
        "service_url": home,
        "session_time": session_time,
        "back_to": back_to,
    }


def require_roles(*roles: Role, also: Iterable[tuple[str, Role]] = ()) -> Callable[[], Any]:
    """A before_request hook: signed-in users with one of ``roles`` only.

    ``also`` lets another role into single endpoints, as (endpoint, role) pairs. Signed-out
    people go to the sign-in page; a user who must change their password goes there first.
    Anyone else is refused (403), and the refusal is recorded in the audit log.
    """
    extra = set(also)

    def guard() -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        pending = second_factor_redirect()
        if pending is not None:
            return pending
        if current_user.must_change_password:
            return redirect(url_for("auth.change_password"))
        if current_user.role in roles or (request.endpoint, current_user.role) in extra:
            return None
        # The page by its route: the address asked for can hold a link's token.
        page = request.url_rule.rule if request.url_rule is not None else request.endpoint
        audit.record_once("access.refused", page, {"role": current_user.role.value})
        return render_template("auth/forbidden.html"), 403

    return guard


def protect(bp: Blueprint, *roles: Role, also: Iterable[tuple[str, Role]] = ()) -> None:
    """Guard every route of a staff blueprint and give its pages the staff navigation."""
    bp.before_request(require_roles(*roles, also=also))
    bp.context_processor(staff_context)
