"""Every route the app serves, fetched as the person it is for, carries the security headers:
a Content-Security-Policy that runs no inline script (object-src, base-uri and frame-ancestors
'none'), HSTS, nosniff, no referrer, and no-store on everything but the static files; and no
page has inline script, inline style or event handlers for the policy to block.

The routes are read from the app's URL map, so a new route fails this test until it is added
to WALK below with the role that uses it."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app.security import CACHEABLE_ENDPOINTS
from app.services import (
    actions,
    api_tokens,
    builder,
    coding,
    draft_tests,
    draft_versions,
    surveys,
    taxonomy,
    users,
)
from app.services.links import create_links
from models import Role, Scope, db
from tests.app.bad_input_helpers import submit_stop_search
from tests.app.coding_helpers import add_answers
from tests.factories import create_area, create_link
from tests.pages import Browser
from tests.staff import create_user, forget_request_state, sign_in

ANON, RESPONDENT, TESTER, API = "anonymous", "respondent", "tester", "api"
OFFICER, ANALYST, ADMIN = Role.OFFICER.value, Role.ANALYST.value, Role.ADMIN.value
DRAFT = "walk-draft"


@dataclass(frozen=True)
class Visit:
    role: str  # who fetches it
    url: str  # with {token}, {batch}, {user}, … filled in by the test
    status: int = 200  # what they get; a redirect only where the page is only a way on


# Every GET route, by its rule in the URL map: who fetches it, where, and what they get.
WALK: dict[str, Visit] = {
    # The respondent's pages, in the order a respondent meets them.
    "/": Visit(ANON, "/", 302),  # on to the code box
    "/r": Visit(ANON, "/r"),
    "/r/<token>": Visit(RESPONDENT, "/r/{token}"),
    "/r/<token>/<page_key>": Visit(RESPONDENT, "/r/{token}/how-you-were-treated"),
    "/r/<token>/check": Visit(RESPONDENT, "/r/{token}/check"),
    "/r/<token>/done": Visit(RESPONDENT, "/r/{done_token}/done"),
    "/withdraw": Visit(ANON, "/withdraw"),
    "/privacy": Visit(ANON, "/privacy"),
    "/accessibility": Visit(ANON, "/accessibility"),
    "/about/scrutiny-panel": Visit(ANON, "/about/scrutiny-panel"),
    "/you-said-we-did": Visit(ANON, "/you-said-we-did"),
    "/you-said-we-did/<area_code>": Visit(ANON, "/you-said-we-did/north"),
    "/healthz": Visit(ANON, "/healthz"),
    "/favicon.ico": Visit(ANON, "/favicon.ico"),
    "/static/<path:filename>": Visit(ANON, "/static/app.css"),
    # A draft's test link, for whoever it was sent to.
    "/test/<token>": Visit(TESTER, "/test/{test_token}"),
    "/test/<token>/<page_key>": Visit(TESTER, "/test/{test_token}/how-you-were-treated"),
    "/test/<token>/check": Visit(TESTER, "/test/{test_token}/check"),
    "/test/<token>/done": Visit(TESTER, "/test/{test_token}/done"),
    # Signing in, and every role's own account.
    "/sign-in": Visit(ANON, "/sign-in"),
    "/sign-in/two-factor": Visit(ANON, "/sign-in/two-factor", 302),  # no password given yet
    "/sign-out": Visit(OFFICER, "/sign-out"),
    "/account": Visit(OFFICER, "/account"),
    "/account/password": Visit(OFFICER, "/account/password"),
    "/account/two-factor/set-up": Visit(OFFICER, "/account/two-factor/set-up"),
    "/account/two-factor/recovery-codes": Visit(ANALYST, "/account/two-factor/recovery-codes"),
    # Officers: codes, QR codes and cards.
    "/officer/": Visit(OFFICER, "/officer/", 302),  # on to Make a code
    "/officer/codes": Visit(OFFICER, "/officer/codes"),
    "/officer/codes/new": Visit(OFFICER, "/officer/codes/new"),
    "/officer/codes/<token>": Visit(OFFICER, "/officer/codes/{token}"),
    "/officer/codes/<token>/card": Visit(OFFICER, "/officer/codes/{token}/card"),
    "/officer/codes/<token>/qr.png": Visit(OFFICER, "/officer/codes/{token}/qr.png"),
    "/officer/codes/<token>/qr.svg": Visit(OFFICER, "/officer/codes/{token}/qr.svg"),
    "/officer/codes/sheet": Visit(OFFICER, "/officer/codes/sheet?code={token}"),
    "/officer/codes/sheets/<batch>": Visit(OFFICER, "/officer/codes/sheets/{batch}"),
    # Analysts: results, exports, coding and "You said, we did".
    "/results/": Visit(ANALYST, "/results/"),
    "/results/<slug>": Visit(ANALYST, "/results/stop-search"),
    "/results/<slug>/report": Visit(ANALYST, "/results/stop-search/report"),
    "/results/<slug>/export.<kind>": Visit(ANALYST, "/results/stop-search/export.csv"),
    "/results/coding": Visit(ANALYST, "/results/coding"),
    "/results/<slug>/coding": Visit(ANALYST, "/results/stop-search/coding"),
    "/results/<slug>/coding/answer": Visit(ANALYST, "/results/stop-search/coding/answer"),
    "/results/<slug>/coding/answers/<token>": Visit(
        ANALYST, "/results/stop-search/coding/answers/{answer}"
    ),
    "/results/<slug>/coding/discover": Visit(ANALYST, "/results/stop-search/coding/discover"),
    "/results/<slug>/coding/themes": Visit(ANALYST, "/results/stop-search/coding/themes"),
    "/results/<slug>/coding/themes/new": Visit(ANALYST, "/results/stop-search/coding/themes/new"),
    "/results/<slug>/coding/themes/<key>": Visit(
        ANALYST, "/results/stop-search/coding/themes/{theme}"
    ),
    "/results/<slug>/coding/themes/<key>/remove": Visit(
        ANALYST, "/results/stop-search/coding/themes/{theme}/remove"
    ),
    "/results/actions": Visit(ANALYST, "/results/actions"),
    "/results/<slug>/actions": Visit(ANALYST, "/results/stop-search/actions"),
    "/results/<slug>/actions/new": Visit(ANALYST, "/results/stop-search/actions/new"),
    "/results/<slug>/actions/<public_id>": Visit(ANALYST, "/results/stop-search/actions/{action}"),
    "/results/<slug>/actions/<public_id>/delete": Visit(
        ANALYST, "/results/stop-search/actions/{action}/delete"
    ),
    "/admin/offered-and-answered": Visit(ANALYST, "/admin/offered-and-answered"),
    # Admins.
    "/admin/": Visit(ADMIN, "/admin/", 302),  # on to Users
    "/admin/users": Visit(ADMIN, "/admin/users"),
    "/admin/users/new": Visit(ADMIN, "/admin/users/new"),
    "/admin/users/<public_id>": Visit(ADMIN, "/admin/users/{user}"),
    "/admin/users/<public_id>/role": Visit(ADMIN, "/admin/users/{user}/role"),
    "/admin/users/<public_id>/deactivate": Visit(ADMIN, "/admin/users/{user}/deactivate"),
    "/admin/users/<public_id>/reset-password": Visit(ADMIN, "/admin/users/{user}/reset-password"),
    "/admin/users/<public_id>/reset-two-factor": Visit(
        ADMIN, "/admin/users/{user}/reset-two-factor"
    ),
    "/admin/users/<public_id>/reactivate": Visit(ADMIN, "/admin/users/{inactive}/reactivate"),
    "/admin/areas": Visit(ADMIN, "/admin/areas"),
    "/admin/areas/new": Visit(ADMIN, "/admin/areas/new"),
    "/admin/areas/<code>": Visit(ADMIN, "/admin/areas/north"),
    "/admin/tokens": Visit(ADMIN, "/admin/tokens"),
    "/admin/tokens/new": Visit(ADMIN, "/admin/tokens/new"),
    "/admin/tokens/<public_id>/revoke": Visit(ADMIN, "/admin/tokens/{api_token}/revoke"),
    "/admin/audit": Visit(ADMIN, "/admin/audit"),
    "/admin/disclosure-thresholds": Visit(ADMIN, "/admin/disclosure-thresholds"),
    "/admin/retention": Visit(ADMIN, "/admin/retention"),
    # The survey builder, on a draft of its own.
    "/admin/surveys/": Visit(ADMIN, "/admin/surveys/"),
    "/admin/surveys/new": Visit(ADMIN, "/admin/surveys/new"),
    "/admin/surveys/import": Visit(ADMIN, "/admin/surveys/import"),
    "/admin/surveys/<slug>": Visit(ADMIN, f"/admin/surveys/{DRAFT}"),
    "/admin/surveys/<slug>/export.json": Visit(ADMIN, f"/admin/surveys/{DRAFT}/export.json"),
    "/admin/surveys/<slug>/details": Visit(ADMIN, f"/admin/surveys/{DRAFT}/details"),
    "/admin/surveys/<slug>/discard": Visit(ADMIN, f"/admin/surveys/{DRAFT}/discard"),
    "/admin/surveys/<slug>/publish": Visit(ADMIN, f"/admin/surveys/{DRAFT}/publish?seen={{seen}}"),
    "/admin/surveys/<slug>/pages/new": Visit(ADMIN, f"/admin/surveys/{DRAFT}/pages/new"),
    "/admin/surveys/<slug>/pages/<page_key>": Visit(
        ADMIN, f"/admin/surveys/{DRAFT}/pages/how-you-were-treated"
    ),
    "/admin/surveys/<slug>/pages/<page_key>/remove": Visit(
        ADMIN, f"/admin/surveys/{DRAFT}/pages/how-you-were-treated/remove"
    ),
    "/admin/surveys/<slug>/pages/<page_key>/questions/new": Visit(
        ADMIN, f"/admin/surveys/{DRAFT}/pages/how-you-were-treated/questions/new"
    ),
    "/admin/surveys/<slug>/pages/<page_key>/questions/<question_key>": Visit(
        ADMIN, f"/admin/surveys/{DRAFT}/pages/how-you-were-treated/questions/respect"
    ),
    "/admin/surveys/<slug>/pages/<page_key>/questions/<question_key>/remove": Visit(
        ADMIN, f"/admin/surveys/{DRAFT}/pages/how-you-were-treated/questions/respect/remove"
    ),
    "/admin/surveys/<slug>/try": Visit(ADMIN, f"/admin/surveys/{DRAFT}/try"),
    "/admin/surveys/<slug>/try/<page_key>": Visit(
        ADMIN, f"/admin/surveys/{DRAFT}/try/how-you-were-treated"
    ),
    "/admin/surveys/<slug>/try/check": Visit(ADMIN, f"/admin/surveys/{DRAFT}/try/check"),
    # The API, with a bearer token that may do everything.
    "/api/v1/openapi.json": Visit(ANON, "/api/v1/openapi.json"),
    "/api/v1/links/<token>": Visit(API, "/api/v1/links/{token}"),
    "/api/v1/surveys/<slug>/results": Visit(API, "/api/v1/surveys/stop-search/results"),
    "/api/v1/surveys/<slug>/sessions": Visit(API, "/api/v1/surveys/listening-session/sessions"),
}


def test_the_walk_covers_every_route_the_app_serves(app: Flask):
    served = {rule.rule for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    assert set(WALK) == served, "add each new route to WALK with the role that uses it"


@pytest.fixture
def clients(app: Flask) -> dict[str, FlaskClient]:
    """A client for each kind of visitor, signed in or holding what they need."""
    made = {role: app.test_client() for role in (ANON, RESPONDENT, TESTER, API)}
    for role in (OFFICER, ANALYST, ADMIN):
        made[role] = app.test_client()
        user = create_user(role, f"walk-{role}@example.org")
        forget_request_state()
        assert sign_in(made[role], user.email).status_code == 302, role
    secret = api_tokens.create_token("Walk", list(Scope)).secret
    made[API].environ_base["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return made


def _places(clients: dict[str, FlaskClient]) -> dict[str, str]:
    """What the addresses need: a link of the officer's with answers part given, one answered
    in full, a sheet of cards, someone to manage and someone who has left, an answer to code,
    a theme, an action, an API token to revoke, and a draft, with its stamp to ask to publish
    it, that a tester (through its test link) and the admin (trying it out) have begun to
    answer."""
    create_area("north", "North District")
    officer = users.by_email(f"walk-{OFFICER}@example.org")
    link = create_link(area_code="north", created_by_id=officer.id, single_use=False)
    answered = create_link(area_code="north", single_use=False)
    forget_request_state()
    submit_stop_search(Browser(clients[RESPONDENT]), answered.token, improve="Say why.")
    forget_request_state()
    respondent = Browser(clients[RESPONDENT])
    respondent.get(f"/r/{link.token}/how-you-were-treated")
    respondent.post(data={"satisfaction": "satisfied"})

    survey = surveys.get_survey("stop-search")
    (answer,) = add_answers(["They never said why they stopped me."])
    made = actions.create(
        survey,
        actions.ActionInput(you_said="Say why", we_did="Briefed every team", status="done"),
        None,
    )
    source = builder.export_source("stop-search")
    builder.import_source(json.dumps({**source, "slug": DRAFT}))
    test_link = draft_tests.create_test_link(DRAFT)
    db.session.commit()
    tester = Browser(clients[TESTER])
    forget_request_state()
    tester.get(f"/test/{test_link.token}/how-you-were-treated")
    tester.post(data={"satisfaction": "satisfied"})
    trying = Browser(clients[ADMIN])
    forget_request_state()
    trying.get(f"/admin/surveys/{DRAFT}/try/how-you-were-treated")
    trying.post(data={"satisfaction": "satisfied"})
    inactive = create_user(Role.ANALYST, "walk-left@example.org")
    users.deactivate(inactive, users.by_email(f"walk-{ADMIN}@example.org"))
    db.session.commit()
    return {
        "token": link.token,
        "done_token": answered.token,
        "batch": create_links("stop-search", count=2, created_by_id=officer.id)[0].batch,
        "user": create_user(Role.ANALYST, "walk-target@example.org").public_id,
        "inactive": inactive.public_id,
        "seen": draft_versions.stamp(builder.get_draft(DRAFT).source),
        "answer": coding.answer_token(answer),
        "theme": taxonomy.themes_of(survey)[0].key,
        "action": made.public_id,
        "test_token": test_link.token,
        "api_token": api_tokens.create_token("Force website", [Scope.LINKS_READ]).token.public_id,
    }


def _csp(response: TestResponse) -> dict[str, list[str]]:
    directives = {}
    for part in response.headers.get("Content-Security-Policy", "").split(";"):
        if part.strip():
            name, *values = part.split()
            directives[name] = values
    return directives


def header_problems(response: TestResponse, endpoint: str) -> list[str]:
    problems = []
    csp = _csp(response)
    for directive, wanted in (
        ("default-src", ["'self'"]),
        ("script-src", ["'self'"]),  # no 'unsafe-inline', no nonce, no hash, no eval
        ("object-src", ["'none'"]),
        ("base-uri", ["'none'"]),
        ("frame-ancestors", ["'none'"]),
    ):
        if csp.get(directive) != wanted:
            problems.append(f"CSP {directive} is {csp.get(directive)}, not {wanted}")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if response.headers.get("Referrer-Policy") != "no-referrer":
        problems.append("no Referrer-Policy: no-referrer")
    hsts = response.headers.get("Strict-Transport-Security", "")
    if "max-age=" not in hsts or int(hsts.split("max-age=")[1].split(";")[0]) < 31536000:
        problems.append(f"HSTS is {hsts!r}, not a year or more")
    cache = response.headers.get("Cache-Control", "")
    if endpoint not in CACHEABLE_ENDPOINTS and cache != "no-store":
        problems.append(f"Cache-Control is {cache!r}, not no-store")
    return problems


def _inline_code(html: str) -> list[str]:
    """What the policy would block on the page: inline script or style, event handlers,
    javascript: addresses."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for script in soup.find_all("script"):
        if not script.get("src", "").startswith("/static/") or script.get_text().strip():
            found.append(str(script)[:80])
    found += [str(style)[:80] for style in soup.find_all("style")]
    for tag in soup.find_all(True):
        found += [f"<{tag.name} {name}>" for name in tag.attrs if name.lower().startswith("on")]
        if tag.has_attr("style"):
            found.append(f"<{tag.name} style={tag['style']!r}>")
        for name in ("href", "src", "action", "formaction"):
            if str(tag.get(name, "")).strip().lower().startswith("javascript:"):
                found.append(f"<{tag.name} {name}={tag[name]!r}>")
    return found


def test_every_route_carries_the_security_headers_for_whoever_uses_it(
    app: Flask, clients: dict[str, FlaskClient]
):
    places = _places(clients)
    endpoints = {rule.rule: rule.endpoint for rule in app.url_map.iter_rules()}
    problems = {}
    for rule, visit in WALK.items():
        url = visit.url.format(**places)
        forget_request_state()
        response = clients[visit.role].get(url)
        found = header_problems(response, endpoints[rule])
        if response.status_code != visit.status:
            found.append(f"status {response.status_code}, not {visit.status}")
        if response.mimetype == "text/html":
            found += _inline_code(response.get_data(as_text=True))
        if found:
            problems[f"{visit.role} GET {url}"] = found
    assert problems == {}
