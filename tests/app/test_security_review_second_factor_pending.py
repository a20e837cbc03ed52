"""Someone who has given an administrator's password but not yet their code (or who has yet to
set up two-factor sign-in) gets no staff page and changes nothing, at any staff address: every
page and every form post, sent with a valid CSRF token, sends them back to the code (or set-up)
page. The addresses come from the role matrix, so a new one is covered as soon as it is
added there; the few that someone half-way through signing in may use are left out."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.services import api_tokens, coding, surveys, taxonomy
from models import AuditEvent, Role, db
from tests.app.test_role_matrix import (
    ROUTES,
    _action,
    _free_text_answer,
    _sheet_batch,
    _test_link_token,
)
from tests.factories import create_area, create_link
from tests.pages import Browser
from tests.staff import PASSWORD, create_user, forget_request_state

# The pages of signing in and out, which are for someone half-way through.
HALF_WAY = {
    "/sign-in",
    "/sign-out",
    "/sign-in/two-factor",
    "/account/two-factor/set-up",
}
STAFF = [
    route
    for route in ROUTES
    if route.rule not in HALF_WAY and not route.url.startswith(("/api/", "/test/"))
]


def _changes() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent))


@pytest.mark.parametrize("set_up", [True, False], ids=["code owed", "set-up owed"])
def test_the_password_alone_opens_no_staff_page(app: Flask, set_up: bool):
    owner = create_user(Role.OFFICER, "owner@example.org")
    create_area("north", "North District")
    link = create_link(area_code="north", created_by_id=owner.id)
    places = {
        "token": link.token,
        "user": create_user(Role.OFFICER, "target@example.org").public_id,
        "area": "north",
        "api_token": api_tokens.create_token("App").token.public_id,
        "answer": coding.answer_token(_free_text_answer()),
        "theme": taxonomy.themes_of(surveys.get_survey("stop-search"))[0].key,
        "action": _action().public_id,
        "test_token": _test_link_token(),
        "batch": _sheet_batch(owner.id),
    }
    admin = create_user(Role.ADMIN, "admin@example.org", two_factor_set_up=set_up)
    browser = Browser(app.test_client())
    browser.get("/sign-in")
    owed = browser.post(data={"email": admin.email, "password": PASSWORD})
    step = "/sign-in/two-factor" if set_up else "/account/two-factor/set-up"
    assert owed.url == step
    token = owed.csrf_token()
    db.session.commit()
    before = _changes()

    opened = {}
    for route in STAFF:
        url = route.url.format(**places)
        forget_request_state()
        if route.method == "GET":
            response = browser.client.get(url)
        else:
            response = browser.client.post(url, data={**(route.data or {}), "csrf_token": token})
        where = response.headers.get("Location", "")
        if response.status_code != 302 or not where.startswith(step):
            opened[str(route)] = (response.status_code, where)
    assert opened == {}
    db.session.expire_all()
    assert _changes() == before
