"""Every staff and API route, for every role and for someone signed out, gives the status it
should, and never fails on a NUL character anywhere; no staff URL carries a database id. The routes
and the status each role should get are in role_matrix_routes.py and the modules beside it."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.services import actions, api_tokens, builder, coding, draft_tests, surveys, taxonomy
from app.services.links import create_links
from models import Action, Response, Role, TextAnswer, db
from tests.app.role_matrix_builder_routes import BUILDER_ROUTES, TEST_LINK_ROUTES
from tests.app.role_matrix_results_routes import ACTION_ROUTES, CODING_ROUTES, RESULTS_ROUTES
from tests.app.role_matrix_routes import (
    ACCOUNT_ROUTES,
    ADMIN_ROUTES,
    ANON,
    API_ROUTES,
    OFFICER_ROUTES,
    PUBLIC_BLUEPRINTS,
    ROLES,
    SIGN_IN,
    Route,
)
from tests.factories import create_area, create_link
from tests.markup import markup_problems
from tests.pages import Page
from tests.staff import create_user, forget_request_state, sign_in

ROUTES = [
    *ACCOUNT_ROUTES,
    *OFFICER_ROUTES,
    *ADMIN_ROUTES,
    *BUILDER_ROUTES,
    *TEST_LINK_ROUTES,
    *RESULTS_ROUTES,
    *CODING_ROUTES,
    *ACTION_ROUTES,
    *API_ROUTES,
]


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
        batch=_sheet_batch(owner.id) if "{batch}" in route.url else "",
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
    if response.mimetype == "text/html":
        assert markup_problems(response.get_data(as_text=True)) == []
    if response.status_code == SIGN_IN and role == ANON and url.startswith("/test/"):
        # A test link needs no account: its redirects stay within the test.
        assert response.headers["Location"].startswith("/test/")
    elif response.status_code == SIGN_IN and role == ANON and not url.startswith("/sign"):
        assert response.headers["Location"].startswith("/sign-in?next=")


def _sheet_batch(officer_id: int) -> str:
    """The batch of a sheet of cards the officer made (codes made together share one)."""
    return create_links("stop-search", count=2, created_by_id=officer_id)[0].batch


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
def test_a_nul_character_anywhere_is_never_a_500(app: Flask, route: Route, role: str):
    """PostgreSQL refuses NUL in a query. One in the address (a path no page has) or in a
    request to the API is refused (400) before it gets that far; one typed into a staff form or
    a query is taken out before the page reads it, so the page answers as it would without it,
    never with a bare refusal that loses what was typed."""
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
        batch="ab\x00c",
    )
    forget_request_state()
    query = "&" if "?" in url else "?"
    if route.method == "GET":
        response = client.get(url + query + "x=\x00")
    elif url.startswith("/api/"):
        response = client.post(url, json={"survey": "stop-\x00search", "area": "\x00"})
    else:
        data = {key: "\x00" for key in (route.data or {"field": ""})}
        data["csrf_token"] = _csrf_token(client, role != ANON)
        forget_request_state()
        response = client.post(url, data=data)
    body = response.get_data(as_text=True)
    if nul in url.partition("?")[0] or (url.startswith("/api/") and route.method == "GET"):
        assert response.status_code == 400
    elif url.startswith("/api/"):
        assert response.status_code == 401  # the body is JSON, checked with a token elsewhere
    elif route.method == "GET":
        forget_request_state()
        without = client.get(url.replace(nul, "") + query + "x=")
        assert response.status_code == without.status_code, body[:500]
    else:
        assert response.status_code < 500, body[:500]
        assert "NUL character" not in body
