"""No URL shows one officer's links to another: another officer's link looks like no link at
all, and a sheet or list of codes holds only the officer's own."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from models import Role, User
from tests.factories import create_link
from tests.staff import create_user, sign_in


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
    # The session's countdown is left out: the two pages may be a second apart.
    page = SESSION_LEFT.sub("", response.get_data(as_text=True))
    return page.replace(token, "TOKEN")


SESSION_LEFT = re.compile(r'data-(seconds|longest)-left="[0-9]+"')


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
