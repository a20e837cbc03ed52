"""Every staff and API route, for every role and for someone signed out, gives the status it
should; and no URL shows one officer's links to another."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.services import actions, api_tokens, builder, coding, draft_tests, surveys, taxonomy
from models import Action, Response, Role, TextAnswer, User, db
from tests.factories import create_area, create_link
from tests.pages import Page
from tests.staff import create_user, forget_request_state, sign_in

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

ROUTES = [
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
    # Admin
    Route("GET", "/admin/", "/admin/", staff(admin=302)),
    Route("GET", "/admin/users", "/admin/users", ADMIN_ONLY),
    Route("GET", "/admin/users/new", "/admin/users/new", ADMIN_ONLY),
    Route(
        "POST",
        "/admin/users/new",
        "/admin/users/new",
        ADMIN_ONLY,
        {"email": "new@example.org", "role": "officer"},
    ),
    Route("GET", "/admin/users/<public_id>", "/admin/users/{user}", ADMIN_ONLY),
    Route(
        "POST",
        "/admin/users/<public_id>/deactivate",
        "/admin/users/{user}/deactivate",
        staff(admin=302),
    ),
    Route(
        "POST",
        "/admin/users/<public_id>/reactivate",
        "/admin/users/{user}/reactivate",
        staff(admin=302),
    ),
    Route(
        "POST",
        "/admin/users/<public_id>/reset-password",
        "/admin/users/{user}/reset-password",
        ADMIN_ONLY,
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
        {"name": "App", "scopes": ["links:read"]},
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
    # The survey builder: admins only. A built-in survey has no draft, so a draft's pages are
    # not found for it.
    Route("GET", "/admin/surveys/", "/admin/surveys/", staff(admin=200)),
    Route("GET", "/admin/surveys/new", "/admin/surveys/new", staff(admin=200)),
    Route("POST", "/admin/surveys/new", "/admin/surveys/new", staff(admin=400)),
    Route("GET", "/admin/surveys/import", "/admin/surveys/import", staff(admin=200)),
    Route("POST", "/admin/surveys/import", "/admin/surveys/import", staff(admin=400)),
    Route("GET", "/admin/surveys/<slug>", "/admin/surveys/stop-search", staff(admin=200)),
    Route(
        "POST", "/admin/surveys/<slug>/edit", "/admin/surveys/stop-search/edit", staff(admin=302)
    ),
    Route(
        "GET",
        "/admin/surveys/<slug>/export.json",
        "/admin/surveys/stop-search/export.json",
        staff(admin=200),
    ),
    Route(
        "GET",
        "/admin/surveys/<slug>/details",
        "/admin/surveys/stop-search/details",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/details",
        "/admin/surveys/stop-search/details",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/publish",
        "/admin/surveys/stop-search/publish",
        staff(admin=404),
    ),
    Route(
        "GET",
        "/admin/surveys/<slug>/discard",
        "/admin/surveys/stop-search/discard",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/discard",
        "/admin/surveys/stop-search/discard",
        staff(admin=404),
    ),
    Route(
        "GET",
        "/admin/surveys/<slug>/pages/new",
        "/admin/surveys/stop-search/pages/new",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/pages/new",
        "/admin/surveys/stop-search/pages/new",
        staff(admin=404),
    ),
    Route(
        "GET",
        "/admin/surveys/<slug>/pages/<page_key>",
        "/admin/surveys/stop-search/pages/during-the-search",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/pages/<page_key>",
        "/admin/surveys/stop-search/pages/during-the-search",
        staff(admin=404),
    ),
    Route(
        "GET",
        "/admin/surveys/<slug>/pages/<page_key>/remove",
        "/admin/surveys/stop-search/pages/during-the-search/remove",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/pages/<page_key>/remove",
        "/admin/surveys/stop-search/pages/during-the-search/remove",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/pages/<page_key>/<action>",
        "/admin/surveys/stop-search/pages/during-the-search/up",
        staff(admin=404),
    ),
    Route(
        "GET",
        "/admin/surveys/<slug>/pages/<page_key>/questions/new",
        "/admin/surveys/stop-search/pages/during-the-search/questions/new",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/pages/<page_key>/questions/new",
        "/admin/surveys/stop-search/pages/during-the-search/questions/new",
        staff(admin=404),
    ),
    Route(
        "GET",
        "/admin/surveys/<slug>/pages/<page_key>/questions/<question_key>",
        "/admin/surveys/stop-search/pages/during-the-search/questions/handcuffed",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/pages/<page_key>/questions/<question_key>",
        "/admin/surveys/stop-search/pages/during-the-search/questions/handcuffed",
        staff(admin=404),
    ),
    Route(
        "GET",
        "/admin/surveys/<slug>/pages/<page_key>/questions/<question_key>/remove",
        "/admin/surveys/stop-search/pages/during-the-search/questions/handcuffed/remove",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/pages/<page_key>/questions/<question_key>/remove",
        "/admin/surveys/stop-search/pages/during-the-search/questions/handcuffed/remove",
        staff(admin=404),
    ),
    Route("GET", "/admin/surveys/<slug>/try", "/admin/surveys/stop-search/try", staff(admin=404)),
    Route(
        "GET",
        "/admin/surveys/<slug>/try/check",
        "/admin/surveys/stop-search/try/check",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/try/check",
        "/admin/surveys/stop-search/try/check",
        staff(admin=404),
    ),
    Route(
        "GET",
        "/admin/surveys/<slug>/try/<page_key>",
        "/admin/surveys/stop-search/try/during-the-search",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/try/<page_key>",
        "/admin/surveys/stop-search/try/during-the-search",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/draft/test-link",
        "/admin/surveys/stop-search/draft/test-link",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/draft/test-link",
        "/admin/surveys/matrix-draft/draft/test-link",
        staff(admin=302),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/draft/test-link/cancel",
        "/admin/surveys/stop-search/draft/test-link/cancel",
        staff(admin=404),
    ),
    Route(
        "POST",
        "/admin/surveys/<slug>/draft/test-link/cancel",
        "/admin/surveys/matrix-draft/draft/test-link/cancel",
        staff(admin=302),
        {"link": "1"},
    ),
    # A draft's test link: anyone who has it, signed in or not, answers the same pages.
    Route("GET", "/test/<token>", "/test/{test_token}", {role: 200 for role in ROLES}),
    Route("GET", "/test/<token>/check", "/test/{test_token}/check", {role: 302 for role in ROLES}),
    Route("POST", "/test/<token>/check", "/test/{test_token}/check", {role: 302 for role in ROLES}),
    Route(
        "GET",
        "/test/<token>/<page_key>",
        "/test/{test_token}/during-the-search",
        {role: 200 for role in ROLES},
    ),
    Route(
        "POST",
        "/test/<token>/<page_key>",
        "/test/{test_token}/during-the-search",
        {role: 302 for role in ROLES},
        {"handcuffed": "yes"},
    ),
    Route("GET", "/test/<token>/done", "/test/{test_token}/done", {role: 200 for role in ROLES}),
    Route("GET", "/test/<token>", "/test/{token}", {role: 404 for role in ROLES}),
    # Results
    Route("GET", "/results/", "/results/", staff(analyst=200, admin=200)),
    Route("GET", "/results/<slug>", "/results/stop-search", staff(analyst=200, admin=200)),
    Route(
        "GET",
        "/results/<slug>/report",
        "/results/stop-search/report",
        staff(analyst=200, admin=200),
    ),
    Route(
        "GET",
        "/results/<slug>/export.<kind>",
        "/results/stop-search/export.csv",
        staff(analyst=200, admin=200),
    ),
    # Coding: analysts code answers and tend the theme lists
    Route("GET", "/results/coding", "/results/coding", ANALYSTS),
    Route("GET", "/results/<slug>/coding", "/results/stop-search/coding", ANALYSTS),
    Route("GET", "/results/<slug>/coding/answer", "/results/stop-search/coding/answer", ANALYSTS),
    Route(
        "GET",
        "/results/<slug>/coding/answers/<token>",
        "/results/stop-search/coding/answers/{answer}",
        ANALYSTS,
    ),
    Route(
        "POST",
        "/results/<slug>/coding/answers/<token>",
        "/results/stop-search/coding/answers/{answer}",
        ANALYSTS_REFUSED_BLANK,
    ),
    Route(
        "GET", "/results/<slug>/coding/discover", "/results/stop-search/coding/discover", ANALYSTS
    ),
    Route("GET", "/results/<slug>/coding/themes", "/results/stop-search/coding/themes", ANALYSTS),
    Route(
        "GET",
        "/results/<slug>/coding/themes/new",
        "/results/stop-search/coding/themes/new",
        ANALYSTS,
    ),
    Route(
        "POST",
        "/results/<slug>/coding/themes/new",
        "/results/stop-search/coding/themes/new",
        ANALYSTS_REFUSED_BLANK,
    ),
    Route(
        "GET",
        "/results/<slug>/coding/themes/<key>",
        "/results/stop-search/coding/themes/{theme}",
        ANALYSTS,
    ),
    Route(
        "POST",
        "/results/<slug>/coding/themes/<key>",
        "/results/stop-search/coding/themes/{theme}",
        ANALYSTS_REFUSED_BLANK,
        {"name": "", "description": "", "seeds": ""},
    ),
    Route(
        "GET",
        "/results/<slug>/coding/themes/<key>/remove",
        "/results/stop-search/coding/themes/{theme}/remove",
        ANALYSTS,
    ),
    Route(
        "POST",
        "/results/<slug>/coding/themes/<key>/remove",
        "/results/stop-search/coding/themes/{theme}/remove",
        ANALYSTS_GO_ON,
    ),
    Route(
        "POST", "/results/<slug>/coding/train", "/results/stop-search/coding/train", ANALYSTS_GO_ON
    ),
    # You said, we did: analysts record what the force did
    Route("GET", "/results/actions", "/results/actions", ANALYSTS),
    Route("GET", "/results/<slug>/actions", "/results/stop-search/actions", ANALYSTS),
    Route("GET", "/results/<slug>/actions/new", "/results/stop-search/actions/new", ANALYSTS),
    Route(
        "POST",
        "/results/<slug>/actions/new",
        "/results/stop-search/actions/new",
        ANALYSTS_REFUSED_BLANK,
    ),
    Route(
        "GET",
        "/results/<slug>/actions/<public_id>",
        "/results/stop-search/actions/{action}",
        ANALYSTS,
    ),
    Route(
        "POST",
        "/results/<slug>/actions/<public_id>",
        "/results/stop-search/actions/{action}",
        ANALYSTS_REFUSED_BLANK,
    ),
    Route(
        "POST",
        "/results/<slug>/actions/<public_id>/publish",
        "/results/stop-search/actions/{action}/publish",
        ANALYSTS_GO_ON,
    ),
    Route(
        "POST",
        "/results/<slug>/actions/<public_id>/unpublish",
        "/results/stop-search/actions/{action}/unpublish",
        ANALYSTS_GO_ON,
    ),
    Route(
        "GET",
        "/results/<slug>/actions/<public_id>/delete",
        "/results/stop-search/actions/{action}/delete",
        ANALYSTS,
    ),
    Route(
        "POST",
        "/results/<slug>/actions/<public_id>/delete",
        "/results/stop-search/actions/{action}/delete",
        ANALYSTS_GO_ON,
    ),
    # API: a staff session cookie is not an API credential.
    Route("POST", "/api/v1/links", "/api/v1/links", API_WITHOUT_BEARER, {"survey": "stop-search"}),
    Route("GET", "/api/v1/links/<token>", "/api/v1/links/{token}", API_WITHOUT_BEARER),
    Route(
        "GET",
        "/api/v1/surveys/<slug>/results",
        "/api/v1/surveys/stop-search/results",
        API_WITHOUT_BEARER,
    ),
    Route("GET", "/api/v1/openapi.json", "/api/v1/openapi.json", {role: 200 for role in ROLES}),
]
# Everything else is for the public, or static files; a new blueprint is staff until listed here.
PUBLIC_BLUEPRINTS = ("public", "you_said_we_did", "health", "assets", "static")


def test_every_staff_and_api_route_is_in_the_matrix(app: Flask):
    served = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.split(".")[0] not in PUBLIC_BLUEPRINTS
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert served == {(route.method, route.rule) for route in ROUTES}


def _csrf_token(client: FlaskClient, signed_in: bool) -> str:
    forget_request_state()
    url = "/account/password" if signed_in else "/sign-in"
    response = client.get(url)
    return Page(response.status_code, url, response.get_data(as_text=True)).csrf_token()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_route_gives_each_role_the_expected_status(app: Flask, route: Route, role: str):
    owner = create_user(Role.OFFICER, "owner@example.org")
    create_area("north", "North District")
    link = create_link(area_code="north", created_by_id=owner.id)
    target = create_user(Role.OFFICER, "target@example.org")
    token = api_tokens.create_token("App").token
    url = route.url.format(
        token=link.token,
        user=target.public_id,
        area="north",
        api_token=token.public_id,
        answer=coding.answer_token(_free_text_answer()),
        theme=taxonomy.themes_of(surveys.get_survey("stop-search"))[0].key,
        action=_action().public_id,
        test_token=_test_link_token() if "test" in route.url else "",
    )

    client = app.test_client()
    if role == "officer":
        assert sign_in(client, owner.email).status_code == 302
    elif role != ANON:
        user = create_user(role, f"{role}@example.org")
        assert sign_in(client, user.email).status_code == 302

    forget_request_state()
    if route.method == "GET":
        response = client.get(url)
    elif url.startswith("/api/"):
        response = client.post(url, json=route.data)
    else:
        data = {**(route.data or {}), "csrf_token": _csrf_token(client, role != ANON)}
        forget_request_state()
        response = client.post(url, data=data)

    assert response.status_code == route.expected[role], response.get_data(as_text=True)[:500]
    if response.status_code == SIGN_IN and role == ANON and url.startswith("/test/"):
        # A test link needs no account: its redirects stay within the test.
        assert response.headers["Location"].startswith("/test/")
    elif response.status_code == SIGN_IN and role == ANON and not url.startswith("/sign"):
        assert response.headers["Location"].startswith("/sign-in?next=")


def _test_link_token() -> str:
    """A test link to a draft (a copy of stop-search called matrix-draft)."""
    source = builder.export_source("stop-search")
    builder.import_source(json.dumps({**source, "slug": "matrix-draft"}))
    return draft_tests.create_test_link("matrix-draft").token


def _free_text_answer() -> TextAnswer:
    found = surveys.get_survey("stop-search")
    response = Response(
        survey_id=found.id,
        survey_version_id=found.current_version.id,
        submitted_on=dt.date.today(),
        submitted_month=dt.date.today().strftime("%Y-%m"),
        withdrawal_hash="0" * 64,
    )
    answer = TextAnswer(survey_id=found.id, question_key="improve", text="He was polite.")
    response.text_answers.append(answer)
    db.session.add(response)
    db.session.commit()
    return answer


def _action() -> Action:
    found = surveys.get_survey("stop-search")
    made = actions.create(
        found,
        actions.ActionInput(
            you_said="Officers did not explain why", we_did="Briefed every team", status="done"
        ),
        None,
    )
    db.session.commit()
    return made


def _two_officers(app: Flask) -> tuple[FlaskClient, User, User]:
    mine = create_user(Role.OFFICER, "mine@example.org")
    theirs = create_user(Role.OFFICER, "theirs@example.org")
    client = app.test_client()
    sign_in(client, mine.email)
    return client, mine, theirs


@pytest.mark.parametrize(
    "template",
    [
        "/officer/codes/{token}",
        "/officer/codes/{token}/qr.png",
        "/officer/codes/{token}/qr.svg",
        "/officer/codes/{token}/card",
        "/officer/codes/sheet?code={token}",
    ],
)
def test_another_officers_link_looks_like_no_link_at_all(app: Flask, template: str):
    client, _mine, theirs = _two_officers(app)
    their_link = create_link(created_by_id=theirs.id)
    response = client.get(template.format(token=their_link.token))
    made_up = client.get(template.format(token="0" * 26))
    assert response.status_code == made_up.status_code == 404
    # Exactly the page a made-up token gets (the 404 page repeats the address asked for).
    assert _normalised(response, their_link.token) == _normalised(made_up, "0" * 26)


def _normalised(response, token: str) -> str:
    text = response.get_data(as_text=True).replace(token, "TOKEN")
    return re.sub(r'nonce="[^"]*"', 'nonce=""', text)


def test_a_sheet_never_includes_another_officers_cards(app: Flask):
    client, mine, theirs = _two_officers(app)
    own = [create_link(created_by_id=mine.id) for _ in range(2)]
    other = create_link(created_by_id=theirs.id)
    query = "&".join(f"code={token}" for token in (own[0].token, other.token, own[1].token))
    html = client.get(f"/officer/codes/sheet?{query}").get_data(as_text=True)
    assert other.token not in html
    assert all(link.token in html for link in own)


def test_my_codes_lists_only_my_links(app: Flask):
    client, mine, theirs = _two_officers(app)
    own = create_link(created_by_id=mine.id)
    other = create_link(created_by_id=theirs.id)
    html = client.get("/officer/codes").get_data(as_text=True)
    assert own.token in html and other.token not in html


def test_no_staff_url_carries_a_database_id(app: Flask):
    numeric = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in PUBLIC_BLUEPRINTS:
            continue
        for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", rule.rule):
            if converter == "int" or name == "id" or (name.endswith("_id") and name != "public_id"):
                numeric.append(rule.rule)
    assert numeric == []


@pytest.mark.parametrize("role", [ANON, "officer", "admin"])
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_a_nul_character_anywhere_is_a_400_never_a_500(app: Flask, route: Route, role: str):
    """PostgreSQL refuses NUL in a query; the request is refused before it gets that far."""
    client = app.test_client()
    if role != ANON:
        user = create_user(role, f"{role}@example.org")
        sign_in(client, user.email)
    nul = "\x00"
    url = route.url.format(
        token="ab\x00c",
        user=nul,
        area="no\x00rth",
        api_token=nul,
        answer=nul,
        theme=nul,
        action=nul,
        test_token="ab\x00c",
    )
    forget_request_state()
    if route.method == "GET":
        response = client.get(url + ("&" if "?" in url else "?") + "x=\x00")
    elif url.startswith("/api/"):
        response = client.post(url, json={"survey": "stop-\x00search", "area": "\x00"})
    else:
        data = {key: "\x00" for key in (route.data or {"field": ""})}
        data["csrf_token"] = _csrf_token(client, role != ANON)
        forget_request_state()
        response = client.post(url, data=data)
    api_body_only = route.method == "POST" and url.startswith("/api/")
    assert response.status_code == (401 if api_body_only else 400)
