"""The staff and API routes of the role matrix, with the status each role should get: who
is allowed in, who is refused (403), and who is sent to sign in first. The survey builder's
routes are in role_matrix_builder_routes.py, the results' in role_matrix_results_routes.py;
test_role_matrix.py puts them together and checks the app serves exactly these."""

from __future__ import annotations

from dataclasses import dataclass

from models import Role
from tests.staff import PASSWORD

ANON = "anonymous"
ROLES = [ANON, Role.OFFICER.value, Role.ANALYST.value, Role.ADMIN.value]
SIGN_IN = 302  # signed out: sent to the sign-in page


@dataclass(frozen=True)
class Route:
    method: str
    rule: str  # as in the URL map
    url: str  # with {token}, {user}, {area}, {api_token} filled in per test
    expected: dict[str, int]
    data: dict | None = None

    def __str__(self) -> str:
        return f"{self.method} {self.url}"


def staff(officer=403, analyst=403, admin=403, anonymous=SIGN_IN) -> dict[str, int]:
    return {ANON: anonymous, "officer": officer, "analyst": analyst, "admin": admin}


OFFICER_ONLY = staff(officer=200)
ADMIN_ONLY = staff(admin=200)
EVERYONE_SIGNED_IN = staff(officer=200, analyst=200, admin=200)
API_WITHOUT_BEARER = {role: 401 for role in ROLES}
ANALYSTS = staff(analyst=200, admin=200)
ANALYSTS_REFUSED_BLANK = staff(analyst=400, admin=400)  # allowed in, but a blank form is refused
ANALYSTS_GO_ON = staff(analyst=302, admin=302)

ACCOUNT_ROUTES = [
    # Sign in and out
    Route("GET", "/sign-in", "/sign-in", {ANON: 200, "officer": 302, "analyst": 302, "admin": 302}),
    Route(
        "POST",
        "/sign-in",
        "/sign-in",
        {ANON: 400, "officer": 302, "analyst": 302, "admin": 302},
        {"email": "someone@example.org", "password": "not their password"},
    ),
    # Signed in, a GET only asks (the page with the button); signed out, off to sign in.
    Route("GET", "/sign-out", "/sign-out", EVERYONE_SIGNED_IN),
    Route("POST", "/sign-out", "/sign-out", {role: 302 for role in ROLES}),
    Route("GET", "/account", "/account", EVERYONE_SIGNED_IN),
    Route("GET", "/account/password", "/account/password", EVERYONE_SIGNED_IN),
    Route(
        "POST",
        "/account/password",
        "/account/password",
        staff(officer=400, analyst=400, admin=400),
        {"current_password": "wrong"},
    ),
    # Two-factor sign-in: the helpers sign analysts and admins in with their code already, so
    # these pages send them on; an officer may choose to set it up.
    Route("GET", "/sign-in/two-factor", "/sign-in/two-factor", staff(302, 302, 302)),
    Route(
        "POST", "/sign-in/two-factor", "/sign-in/two-factor", staff(302, 302, 302), {"code": "1"}
    ),
    Route("GET", "/account/two-factor/set-up", "/account/two-factor/set-up", staff(200, 302, 302)),
    Route(
        "POST",
        "/account/two-factor/set-up",
        "/account/two-factor/set-up",
        staff(400, 302, 302),
        {"code": "000000"},
    ),
    # New recovery codes: only for someone with two-factor sign-in (the officer here has none),
    # and only with their password (a wrong one is refused, 400).
    Route(
        "GET",
        "/account/two-factor/recovery-codes",
        "/account/two-factor/recovery-codes",
        staff(302, 200, 200),
    ),
    Route(
        "POST",
        "/account/two-factor/recovery-codes",
        "/account/two-factor/recovery-codes",
        staff(302, 400, 400),
        {"password": "wrong"},
    ),
]

OFFICER_ROUTES = [
    # Officer
    Route("GET", "/officer/", "/officer/", staff(officer=302)),
    Route("GET", "/officer/codes/new", "/officer/codes/new", OFFICER_ONLY),
    Route(
        "POST",
        "/officer/codes/new",
        "/officer/codes/new",
        staff(officer=302),
        {"survey": "stop-search", "area": "north", "count": "1"},
    ),
    Route("GET", "/officer/codes", "/officer/codes", OFFICER_ONLY),
    Route("GET", "/officer/codes/<token>", "/officer/codes/{token}", OFFICER_ONLY),
    Route("GET", "/officer/codes/<token>/qr.png", "/officer/codes/{token}/qr.png", OFFICER_ONLY),
    Route("GET", "/officer/codes/<token>/qr.svg", "/officer/codes/{token}/qr.svg", OFFICER_ONLY),
    Route("GET", "/officer/codes/<token>/card", "/officer/codes/{token}/card", OFFICER_ONLY),
    Route("GET", "/officer/codes/sheet", "/officer/codes/sheet?code={token}", OFFICER_ONLY),
    Route("GET", "/officer/codes/sheets/<batch>", "/officer/codes/sheets/{batch}", OFFICER_ONLY),
    Route(
        "POST",
        "/officer/codes/new/survey",
        "/officer/codes/new/survey",
        staff(officer=302),
        {"survey": "stop-search"},
    ),
]

ADMIN_ROUTES = [
    # Admin
    Route("GET", "/admin/", "/admin/", staff(admin=302)),
    Route("GET", "/admin/users", "/admin/users", ADMIN_ONLY),
    Route("GET", "/admin/users/new", "/admin/users/new", ADMIN_ONLY),
    Route(
        "POST",
        "/admin/users/new",
        "/admin/users/new",
        ADMIN_ONLY,
        {"email": "new@example.org", "role": "officer", "your_password": PASSWORD},
    ),
    Route("GET", "/admin/users/<public_id>", "/admin/users/{user}", ADMIN_ONLY),
    Route("GET", "/admin/users/<public_id>/role", "/admin/users/{user}/role", ADMIN_ONLY),
    Route(
        "POST",
        "/admin/users/<public_id>/role",
        "/admin/users/{user}/role",
        staff(admin=302),
        {"role": "analyst", "your_password": PASSWORD},
    ),
    # Deactivating asks first (GET); the button's POST does it.
    Route(
        "GET", "/admin/users/<public_id>/deactivate", "/admin/users/{user}/deactivate", ADMIN_ONLY
    ),
    Route(
        "POST",
        "/admin/users/<public_id>/deactivate",
        "/admin/users/{user}/deactivate",
        staff(admin=302),
    ),
    # Reactivating asks first too, and its button wants the admin's own password. The target
    # officer is active, so there is nothing to reactivate: back to their page.
    Route(
        "GET",
        "/admin/users/<public_id>/reactivate",
        "/admin/users/{user}/reactivate",
        staff(admin=302),
    ),
    Route(
        "POST",
        "/admin/users/<public_id>/reactivate",
        "/admin/users/{user}/reactivate",
        staff(admin=302),
        {"your_password": PASSWORD},
    ),
    # Resetting a password or two-factor sign-in asks first too (GET); the button's POST, with
    # the admin's own password, does it. The target officer has no two-factor sign-in to reset:
    # back to their page. Adding a user, changing a role and making a token ask for it too.
    Route(
        "GET",
        "/admin/users/<public_id>/reset-password",
        "/admin/users/{user}/reset-password",
        ADMIN_ONLY,
    ),
    Route(
        "POST",
        "/admin/users/<public_id>/reset-password",
        "/admin/users/{user}/reset-password",
        ADMIN_ONLY,
        {"your_password": PASSWORD},
    ),
    Route(
        "GET",
        "/admin/users/<public_id>/reset-two-factor",
        "/admin/users/{user}/reset-two-factor",
        staff(admin=302),
    ),
    Route(
        "POST",
        "/admin/users/<public_id>/reset-two-factor",
        "/admin/users/{user}/reset-two-factor",
        staff(admin=302),
    ),
    Route("GET", "/admin/audit", "/admin/audit", ADMIN_ONLY),
    Route("GET", "/admin/areas", "/admin/areas", ADMIN_ONLY),
    Route("GET", "/admin/areas/new", "/admin/areas/new", ADMIN_ONLY),
    Route(
        "POST",
        "/admin/areas/new",
        "/admin/areas/new",
        staff(admin=302),
        {"name": "South", "code": "south"},
    ),
    Route("GET", "/admin/areas/<code>", "/admin/areas/{area}", ADMIN_ONLY),
    Route(
        "POST",
        "/admin/areas/<code>",
        "/admin/areas/{area}",
        staff(admin=302),
        {"name": "North", "active": "yes"},
    ),
    Route("GET", "/admin/tokens", "/admin/tokens", ADMIN_ONLY),
    Route("GET", "/admin/tokens/new", "/admin/tokens/new", ADMIN_ONLY),
    Route(
        "POST",
        "/admin/tokens/new",
        "/admin/tokens/new",
        ADMIN_ONLY,
        {"name": "Force website", "scopes": ["links:read"], "your_password": PASSWORD},
    ),
    Route(
        "GET",
        "/admin/tokens/<public_id>/revoke",
        "/admin/tokens/{api_token}/revoke",
        ADMIN_ONLY,
    ),
    Route(
        "POST",
        "/admin/tokens/<public_id>/revoke",
        "/admin/tokens/{api_token}/revoke",
        staff(admin=302),
    ),
    Route(
        "GET",
        "/admin/offered-and-answered",
        "/admin/offered-and-answered",
        staff(analyst=200, admin=200),
    ),
    Route("GET", "/admin/disclosure-thresholds", "/admin/disclosure-thresholds", ADMIN_ONLY),
    Route("GET", "/admin/retention", "/admin/retention", ADMIN_ONLY),
    Route(
        "POST",
        "/admin/disclosure-thresholds",
        "/admin/disclosure-thresholds",
        staff(admin=302),
        {"k": "15", "k_text": "25"},
    ),
]

API_ROUTES = [
    # API: a staff session cookie is not an API credential.
    Route("POST", "/api/v1/links", "/api/v1/links", API_WITHOUT_BEARER, {"survey": "stop-search"}),
    Route("GET", "/api/v1/links/<token>", "/api/v1/links/{token}", API_WITHOUT_BEARER),
    Route(
        "GET",
        "/api/v1/surveys/<slug>/results",
        "/api/v1/surveys/stop-search/results",
        API_WITHOUT_BEARER,
    ),
    Route(
        "GET",
        "/api/v1/surveys/<slug>/sessions",
        "/api/v1/surveys/listening-session/sessions",
        API_WITHOUT_BEARER,
    ),
    Route("GET", "/api/v1/openapi.json", "/api/v1/openapi.json", {role: 200 for role in ROLES}),
]

# Everything else is for the public, or static files (and the browsers' /favicon.ico, an endpoint
# of the app's own); a new blueprint is staff until listed here.
PUBLIC_BLUEPRINTS = ("public", "you_said_we_did", "health", "static", "favicon")
