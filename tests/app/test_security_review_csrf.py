"""Every form post the app takes, staff and respondent alike, is refused without its CSRF
token, for someone who may otherwise send it: the "page timed out" page (400), and nothing
changes. The routes come from the role matrix, so a new form post is covered as soon as it is
added there (test_role_matrix.py fails until it is); the API takes bearer tokens, never
cookies, and is tested apart (test_api.py)."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.services import api_tokens, coding, surveys, taxonomy
from models import AuditEvent, Role, db
from tests.app.role_matrix_routes import ANON, Route
from tests.app.test_role_matrix import (
    ROUTES,
    _action,
    _free_text_answer,
    _sheet_batch,
    _test_link_token,
)
from tests.factories import create_area, create_link
from tests.staff import create_user, forget_request_state, sign_in

FORM_POSTS = [r for r in ROUTES if r.method == "POST" and not r.url.startswith("/api/")]
TIMED_OUT = "Sorry, this page timed out"


def _allowed_role(route: Route) -> str:
    """Someone the route lets in: an admin if it may, else an analyst or an officer, else
    anyone (a test link's pages)."""
    for role in (Role.ADMIN.value, Role.ANALYST.value, Role.OFFICER.value):
        if route.expected[role] != 403:
            return role
    return ANON


def _changes() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent))


@pytest.mark.parametrize("route", FORM_POSTS, ids=str)
def test_a_form_post_without_its_csrf_token_is_refused_and_changes_nothing(
    app: Flask, route: Route
):
    owner = create_user(Role.OFFICER, "owner@example.org")
    create_area("north", "North District")
    link = create_link(area_code="north", created_by_id=owner.id)
    target = create_user(Role.OFFICER, "target@example.org")
    url = route.url.format(
        token=link.token,
        user=target.public_id,
        area="north",
        api_token=api_tokens.create_token("App").token.public_id,
        answer=coding.answer_token(_free_text_answer()),
        theme=taxonomy.themes_of(surveys.get_survey("stop-search"))[0].key,
        action=_action().public_id,
        test_token=_test_link_token() if "test" in route.url else "",
        batch=_sheet_batch(owner.id) if "{batch}" in route.url else "",
    )
    client = app.test_client()
    role = _allowed_role(route)
    if role == Role.OFFICER.value:
        assert sign_in(client, owner.email).status_code == 302
    elif role != ANON:
        assert sign_in(client, create_user(role, f"{role}@example.org").email).status_code == 302

    db.session.commit()
    before = _changes()
    for token in (None, "", "not-a-token"):
        forget_request_state()
        data = dict(route.data or {})
        if token is not None:
            data["csrf_token"] = token
        response = client.post(url, data=data)
        assert response.status_code == 400, (role, token)
        assert TIMED_OUT in response.get_data(as_text=True), (role, token)
    db.session.expire_all()
    assert _changes() == before
